extension StorefrontSchema {
    /// Whether an order's lines came from the cart (1) or from 바로구매 (0). Paying takes bought lines out of the
    /// cart only for the former: 바로구매, as on Coupang, leaves the cart as it was, also a line of the same product.
    /// Orders from before were all checkouts of the cart.
    static let buyNowOrders = """
        ALTER TABLE web_payment ADD COLUMN from_cart INTEGER NOT NULL DEFAULT 1 CHECK (from_cart IN (0, 1));
        """

    /// `buyNowOrders` in PostgreSQL (an integer, as the shop binds booleans).
    static let postgresBuyNowOrders = """
        ALTER TABLE web_payment ADD COLUMN from_cart BIGINT NOT NULL DEFAULT 1 CHECK (from_cart IN (0, 1));
        """
}
