import Database

/// The shop's schema as ordered migrations; `StorefrontSchema.migrator` brings any database
/// (empty or older) to the current version and is safe to run on every start.
///
/// Table and column names follow the original Spring Boot seed (`users`, `product`, `cart`,
/// `web_payment`, `toss_payment`) so its data maps over one to one; `toss_payment` holds every provider's
/// payments despite its name (`StoredPayment`). Timestamps we write are Unix seconds (INTEGER); timestamps a
/// payment provider gives us stay as the ISO 8601 text it sent.
/// CHECK constraints encode what must never happen: negative stock, non-positive quantities,
/// malformed order ids, unknown statuses; the bounds added later (prices, line quantities, order totals) are
/// triggers that refuse a write the same way (migration 6). Every page query has an index (see the comments).
public enum StorefrontSchema {
    public static let migrator = Migrator([
        // PostgreSQL's text for each step is in StorefrontSchemaPostgres.swift.
        Migration(version: 1, name: "initial schema", sqlite: initialSchema, postgres: postgresInitialSchema),
        Migration(version: 2, name: "payment display fields", sql: paymentDisplayFields),
        Migration(version: 3, name: "product popularity", sqlite: productPopularity, postgres: postgresProductPopularity),
        Migration(version: 4, name: "two-letter name search", sqlite: productBigrams, postgres: postgresProductBigrams),
        Migration(version: 5, name: "cart add tokens", sql: cartAddTokens),
        Migration(version: 6, name: "price, quantity and order bounds", sqlite: orderBounds, postgres: postgresOrderBounds),
        Migration(version: 7, name: "refunds by means", sqlite: refundsByMeans, postgres: postgresRefundsByMeans),
        Migration(version: 8, name: "outbox claims", sql: outboxClaims),
        Migration(version: 9, name: "staff, staff sessions and the audit log", sqlite: staffSchema, postgres: postgresStaffSchema),
        Migration(version: 10, name: "product reviews", sqlite: productReviews, postgres: postgresProductReviews),
        Migration(version: 11, name: "sign-up consents", sqlite: signupConsents, postgres: postgresSignupConsents),
        Migration(version: 12, name: "buy-now orders", sqlite: buyNowOrders, postgres: postgresBuyNowOrders),
        Migration(version: 13, name: "payment ledger", sqlite: paymentLedger, postgres: postgresPaymentLedger),
        Migration(version: 14, name: "payment receipt lines", sql: paymentReceiptLines),
        Migration(version: 15, name: "delivery", sqlite: delivery, postgres: postgresDelivery),
        Migration(version: 16, name: "product visibility and revision", sqlite: productAdministration,
                  postgres: postgresProductAdministration),
        Migration(version: 17, name: "stock ledger", sqlite: stockLedger, postgres: postgresStockLedger),
        Migration(version: 18, name: "order refunds", sqlite: orderRefunds, postgres: postgresOrderRefunds),
        Migration(version: 19, name: "product images and imports", sqlite: productImages, postgres: postgresProductImages),
        Migration(version: 20, name: "one receipt path for every provider", sqlite: paymentReceipts,
                  postgres: postgresPaymentReceipts),
        Migration(version: 21, name: "bank deposit claims", sqlite: depositClaims, postgres: postgresDepositClaims),
    ])

    /// What a provider says the receipt shows about how it was paid (`PaymentRecord.receiptLines`), as a JSON
    /// array of `[label, value]` pairs; NULL when it says nothing (migration 20 filled it for rows from before).
    static let paymentReceiptLines = """
        ALTER TABLE toss_payment ADD COLUMN receipt_lines TEXT;
        """

    /// Records kept for payment providers with no server of their own (`PaymentLedger`): one text value per key.
    static let paymentLedger = """
        CREATE TABLE payment_ledger (
            ledger_key TEXT    PRIMARY KEY,
            value      TEXT    NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
    static let postgresPaymentLedger = """
        CREATE TABLE payment_ledger (
            ledger_key TEXT   PRIMARY KEY,
            value      TEXT   NOT NULL,
            updated_at BIGINT NOT NULL
        );
        """

    /// `OrderLimits` in the database: unit prices up to 1억, lines up to 99 units, order totals up to 100억 (the
    /// lower bounds were CHECKs from the start and keep their names), and the customer name checkout copies onto
    /// an order 1…50 code points, like `users.name` (SQLite's `length` counts code points, as `TextLength` does).
    ///
    /// Triggers, not a rebuilt table: SQLite cannot add a CHECK to an existing column, and rebuilding `product`
    /// means dropping it inside the migration's transaction, where `foreign_keys` cannot be switched off, so
    /// the drop would cascade-delete every cart line and search pair that points at it (and `web_payment_item`
    /// would refuse it). A BEFORE trigger refuses the write the way a CHECK would, with SQLite's CHECK wording
    /// and the constraint's name (`DatabaseError.constraintTarget`), and leaves every row, index and reference
    /// as it is. Existing rows: cart lines above 99 units come down to 99 (a cart is only an intention, and
    /// the add form never allowed more); prices and past orders are kept as they are, since changing a price or
    /// a paid total is not a migration's call, and the shop reads them with checked arithmetic
    /// (`OrderLimits.amount`): a cart holding such a product shows why it cannot be ordered.
    static let orderBounds = """
        UPDATE cart SET quantity = \(OrderLimits.maxLineQuantity) WHERE quantity > \(OrderLimits.maxLineQuantity);
        \(bound("product_price_max", on: "product", column: "price", "NEW.price <= \(OrderLimits.maxUnitPrice)"))
        \(bound("cart_quantity_max", on: "cart", column: "quantity", "NEW.quantity <= \(OrderLimits.maxLineQuantity)"))
        \(bound("web_payment_item_max", on: "web_payment_item", column: nil,
                 "NEW.unit_price <= \(OrderLimits.maxUnitPrice) AND NEW.quantity <= \(OrderLimits.maxLineQuantity)"))
        \(bound("web_payment_total_max", on: "web_payment", column: nil, "NEW.total_price <= \(OrderLimits.maxOrderTotal)"))
        \(bound("web_payment_customer_name_length", on: "web_payment", column: nil,
                 "length(NEW.customer_name) BETWEEN 1 AND \(AccountRules.maxNameLength)"))
        """

    /// A CHECK-like bound as triggers named `{name}_insert` (and `{name}_update` when `column` may change):
    /// a row for which `condition` is false is refused with "CHECK constraint failed: {name}".
    static func bound(_ name: String, on table: String, column: String?, _ condition: String) -> String {
        let refuse = "WHEN NOT (\(condition)) BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: \(name)'); END;"
        var sql = "CREATE TRIGGER \(name)_insert BEFORE INSERT ON \(table) \(refuse)"
        if let column { sql += "\nCREATE TRIGGER \(name)_update BEFORE UPDATE OF \(column) ON \(table) \(refuse)" }
        return sql
    }

    /// The token of the product-page form that last added to a line: the same form arriving again (a
    /// double-clicked 장바구니 담기) is recognised and adds nothing.
    /// Until when a relay holds an unsent event it is publishing (unix seconds), so relays on several
    /// machines take different events; see `OutboxRepository.claim`.
    static let outboxClaims = """
        ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
        """

    static let cartAddTokens = """
        ALTER TABLE cart ADD COLUMN last_add_token TEXT;
        """

    /// Two-character searches (우산, 백팩) are below what the trigram index can answer, so every name's
    /// two-character pieces are kept too, lowercased the way LIKE folds ASCII. Triggers keep them in step
    /// with the name; `search_position` (1…1000) stands in for a loop, so names are indexed up to their first
    /// thousand characters.
    static let productBigrams = """
        CREATE TABLE search_position (n INTEGER PRIMARY KEY);
        WITH RECURSIVE counter (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < 1000)
            INSERT INTO search_position (n) SELECT n FROM counter;
        CREATE TABLE product_bigram (
            bigram     TEXT    NOT NULL,
            product_id INTEGER NOT NULL REFERENCES product (product_id) ON DELETE CASCADE,
            PRIMARY KEY (bigram, product_id)
        ) WITHOUT ROWID;
        CREATE INDEX product_bigram_by_product ON product_bigram (product_id);
        INSERT OR IGNORE INTO product_bigram (bigram, product_id)
            SELECT lower(substr(p.name, s.n, 2)), p.product_id FROM product p JOIN search_position s ON s.n < length(p.name);
        CREATE TRIGGER product_bigram_insert AFTER INSERT ON product BEGIN
            INSERT OR IGNORE INTO product_bigram (bigram, product_id)
                SELECT lower(substr(new.name, n, 2)), new.product_id FROM search_position WHERE n < length(new.name);
        END;
        CREATE TRIGGER product_bigram_update AFTER UPDATE OF name ON product BEGIN
            DELETE FROM product_bigram WHERE product_id = old.product_id;
            INSERT OR IGNORE INTO product_bigram (bigram, product_id)
                SELECT lower(substr(new.name, n, 2)), new.product_id FROM search_position WHERE n < length(new.name);
        END;
        """

    /// Units sold per product, bumped by the order.paid consumer; the catalog's 인기순 sort reads it
    /// through indexes ordered the way that sort needs, like the price indexes.
    static let productPopularity = """
        ALTER TABLE product ADD COLUMN popularity INTEGER NOT NULL DEFAULT 0 CHECK (popularity >= 0);
        CREATE INDEX product_by_popularity              ON product (popularity, product_id);
        CREATE INDEX product_by_category_popularity     ON product (category, popularity, product_id);
        CREATE INDEX product_by_country_popularity      ON product (country, popularity, product_id);
        CREATE INDEX product_by_manufacturer_popularity ON product (manufacturer, popularity, product_id);
        """

    /// What a receipt shows of how a payment was made: card company and masked number, the easy-pay
    /// provider (토스페이), the transfer's bank. Copied out of Toss's answer so pages need not parse JSON.
    static let paymentDisplayFields = """
        ALTER TABLE toss_payment ADD COLUMN card_company TEXT;
        ALTER TABLE toss_payment ADD COLUMN card_number TEXT;
        ALTER TABLE toss_payment ADD COLUMN easy_pay_provider TEXT;
        ALTER TABLE toss_payment ADD COLUMN transfer_bank TEXT;
        """

    /// What has been refunded, and how much of it went back as points (Toss's cancels' `easyPayDiscountAmount`),
    /// so a page can say what went back to each means without reading the provider's JSON. Rows refunded
    /// before this migration get their total from the balance (points refunded unknown, so 0).
    static let refundsByMeans = """
        ALTER TABLE toss_payment ADD COLUMN refunded_amount INTEGER NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0);
        ALTER TABLE toss_payment ADD COLUMN points_refunded INTEGER NOT NULL DEFAULT 0
            CHECK (points_refunded BETWEEN 0 AND refunded_amount);
        UPDATE toss_payment SET refunded_amount = max(0, total_amount + discount - balance_amount)
            WHERE status IN ('CANCELED', 'PARTIAL_CANCELED');
        """

    /// Opens the pool for the shop's database file and brings its schema up to date —
    /// what `serve` and `migrate` do first.
    public static func open(path: String, configuration: DatabaseConfiguration = .init()) async throws -> DatabasePool {
        let pool = try await DatabasePool(path: path, configuration: configuration)
        try await migrator.migrate(pool)
        return pool
    }

    static let orderStatuses = OrderStatus.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    static let paymentStatuses = StoredPayment.Status.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    static let initialSchema = """
        CREATE TABLE users (
            user_id         INTEGER PRIMARY KEY,
            name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
            phone           TEXT    NOT NULL CHECK (length(phone) BETWEEN 8 AND 15),
            signup_id       TEXT    NOT NULL CHECK (length(signup_id) BETWEEN 1 AND 15),
            signup_password TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX users_signup_id ON users (signup_id);

        CREATE TABLE product (
            product_id   INTEGER PRIMARY KEY,
            name         TEXT    NOT NULL CHECK (length(name) > 0),
            price        INTEGER NOT NULL CONSTRAINT product_price_nonnegative CHECK (price >= 0),
            category     TEXT    NOT NULL,
            country      TEXT    NOT NULL,
            manufacturer TEXT    NOT NULL,
            quantity     INTEGER NOT NULL CONSTRAINT product_stock_nonnegative CHECK (quantity >= 0),
            description  TEXT    NOT NULL DEFAULT '',
            image        TEXT    NOT NULL DEFAULT '',
            created_at   INTEGER NOT NULL
        );
        -- Catalog pages: one index per filter for "new" (rowid order) and one per filter for price
        -- order. The rowid rides along in every index, so page slices are index-only scans.
        CREATE INDEX product_by_category           ON product (category);
        CREATE INDEX product_by_category_price     ON product (category, price);
        CREATE INDEX product_by_country            ON product (country);
        CREATE INDEX product_by_country_price      ON product (country, price);
        CREATE INDEX product_by_manufacturer       ON product (manufacturer);
        CREATE INDEX product_by_manufacturer_price ON product (manufacturer, price);
        CREATE INDEX product_by_price              ON product (price);

        -- Name search: trigram full-text index (substring match for 3+ characters), kept in step
        -- with product by triggers.
        CREATE VIRTUAL TABLE product_search USING fts5 (name, content = 'product', content_rowid = 'product_id', tokenize = 'trigram');
        CREATE TRIGGER product_search_insert AFTER INSERT ON product BEGIN
            INSERT INTO product_search (rowid, name) VALUES (new.product_id, new.name);
        END;
        CREATE TRIGGER product_search_delete AFTER DELETE ON product BEGIN
            INSERT INTO product_search (product_search, rowid, name) VALUES ('delete', old.product_id, old.name);
        END;
        CREATE TRIGGER product_search_update AFTER UPDATE OF name ON product BEGIN
            INSERT INTO product_search (product_search, rowid, name) VALUES ('delete', old.product_id, old.name);
            INSERT INTO product_search (rowid, name) VALUES (new.product_id, new.name);
        END;

        CREATE TABLE cart (
            cart_id    INTEGER PRIMARY KEY,
            product_id INTEGER NOT NULL REFERENCES product (product_id) ON DELETE CASCADE,
            user_id    INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
            signup_id  TEXT    NOT NULL,
            quantity   INTEGER NOT NULL CONSTRAINT cart_quantity_positive CHECK (quantity > 0),
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        -- Also the "cart by user" index.
        CREATE UNIQUE INDEX cart_user_product ON cart (user_id, product_id);
        CREATE INDEX cart_by_product ON cart (product_id);

        CREATE TABLE web_payment (
            web_payment_id INTEGER PRIMARY KEY,
            order_id       TEXT    NOT NULL CONSTRAINT web_payment_order_id_format
                               CHECK (length(order_id) BETWEEN 6 AND 64 AND order_id NOT GLOB '*[^A-Za-z0-9_-]*'),
            user_id        INTEGER NOT NULL REFERENCES users (user_id),
            signup_id      TEXT    NOT NULL,
            total_quantity INTEGER NOT NULL CHECK (total_quantity > 0),
            total_price    INTEGER NOT NULL CHECK (total_price >= 0),
            customer_name  TEXT    NOT NULL,
            customer_phone TEXT    NOT NULL,
            payment_status TEXT    NOT NULL CONSTRAINT web_payment_status_known CHECK (payment_status IN (\(orderStatuses))),
            payment_method TEXT,
            created_at     INTEGER NOT NULL,
            updated_at     INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX web_payment_order_id ON web_payment (order_id);
        CREATE INDEX web_payment_by_user ON web_payment (user_id, web_payment_id);
        -- The reconciler and the expiry sweep look for orders stuck in one status.
        CREATE INDEX web_payment_by_status ON web_payment (payment_status, updated_at);

        CREATE TABLE web_payment_item (
            web_payment_item_id INTEGER PRIMARY KEY,
            web_payment_id      INTEGER NOT NULL REFERENCES web_payment (web_payment_id) ON DELETE CASCADE,
            product_id          INTEGER NOT NULL REFERENCES product (product_id),
            product_name        TEXT    NOT NULL,
            unit_price          INTEGER NOT NULL CHECK (unit_price >= 0),
            quantity            INTEGER NOT NULL CONSTRAINT web_payment_item_quantity_positive CHECK (quantity > 0)
        );
        CREATE INDEX web_payment_item_by_order ON web_payment_item (web_payment_id);
        CREATE INDEX web_payment_item_by_product ON web_payment_item (product_id);

        CREATE TABLE toss_payment (
            toss_payment_id          INTEGER PRIMARY KEY,
            payment_key              TEXT    NOT NULL CHECK (length(payment_key) BETWEEN 1 AND 200),
            order_id                 TEXT    NOT NULL REFERENCES web_payment (order_id),
            payment_method           TEXT,
            currency                 TEXT    NOT NULL DEFAULT 'KRW',
            total_price              INTEGER NOT NULL CHECK (total_price >= 0),
            total_amount             INTEGER NOT NULL CHECK (total_amount >= 0),
            balance_amount           INTEGER NOT NULL CHECK (balance_amount >= 0),
            discount                 INTEGER NOT NULL DEFAULT 0,
            customer_name            TEXT,
            customer_phone           TEXT,
            payment_time             INTEGER NOT NULL,
            status                   TEXT    NOT NULL CONSTRAINT toss_payment_status_known CHECK (status IN (\(paymentStatuses))),
            approved_at              TEXT,
            virtual_account_bank     TEXT,
            virtual_account_number   TEXT,
            virtual_account_holder   TEXT,
            virtual_account_due_date TEXT,
            secret                   TEXT,
            raw_response             TEXT,
            updated_at               INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX toss_payment_payment_key ON toss_payment (payment_key);
        CREATE INDEX toss_payment_by_order ON toss_payment (order_id, toss_payment_id);

        CREATE TABLE sessions (
            session_id TEXT    PRIMARY KEY,
            user_id    INTEGER REFERENCES users (user_id) ON DELETE CASCADE,
            csrf_token TEXT    NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX sessions_by_expiry ON sessions (expires_at);
        CREATE INDEX sessions_by_user ON sessions (user_id);

        CREATE TABLE login_throttle (
            throttle_key TEXT    PRIMARY KEY,
            failures     INTEGER NOT NULL CHECK (failures >= 0),
            window_start INTEGER NOT NULL,
            locked_until INTEGER
        ) WITHOUT ROWID;

        CREATE TABLE outbox (
            outbox_id    INTEGER PRIMARY KEY,
            event_id     TEXT    NOT NULL UNIQUE,
            topic        TEXT    NOT NULL,
            aggregate_id TEXT    NOT NULL,
            payload      TEXT    NOT NULL,
            created_at   INTEGER NOT NULL,
            sent_at      INTEGER
        );
        CREATE INDEX outbox_unsent ON outbox (outbox_id) WHERE sent_at IS NULL;

        CREATE TABLE processed_event (
            consumer     TEXT    NOT NULL,
            event_id     TEXT    NOT NULL,
            processed_at INTEGER NOT NULL,
            PRIMARY KEY (consumer, event_id)
        ) WITHOUT ROWID;
        """
}
