import Database

extension StorefrontSchema {
    /// What the back office's product pages need on `product` (the same text on both engines):
    /// - `hidden`: 1 takes a product off sale (숨김) without deleting it, so the orders that name it keep pointing at
    ///   it; the storefront's listing, search, product page, cart and checkout read only `hidden = 0`.
    /// - `revision`: bumped by every edit; an edit names the revision it was made from and is refused when another
    ///   one landed in between (two operators on one product never overwrite each other silently).
    /// - `updated_at`: when the product was last edited (unix seconds), nil for products never edited.
    static let productAdministration = """
        ALTER TABLE product ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CONSTRAINT product_hidden_flag CHECK (hidden IN (0, 1));
        ALTER TABLE product ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CONSTRAINT product_revision_positive CHECK (revision >= 1);
        ALTER TABLE product ADD COLUMN updated_at BIGINT;
        """
}
