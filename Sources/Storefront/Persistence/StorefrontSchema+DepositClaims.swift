extension StorefrontSchema {
    /// Which order each deposit of a bank statement paid, by what identifies it on the statement: the sender's name
    /// (as `BankDeposits.normalized` reads it), the amount and the transaction time the bank printed. A statement
    /// row picked for one order, or matched by an earlier import, can then never pay another order (an ambiguous
    /// row picked twice, an overlapping export imported again). Deposits an operator types have no such identity
    /// and are not recorded here.
    static let depositClaims = """
        CREATE TABLE bank_deposit_claim (
            depositor     TEXT    NOT NULL,
            amount        INTEGER NOT NULL,
            transacted_at TEXT    NOT NULL,
            order_id      TEXT    NOT NULL REFERENCES web_payment (order_id),
            claimed_at    INTEGER NOT NULL,
            PRIMARY KEY (depositor, amount, transacted_at)
        ) WITHOUT ROWID;
        """

    /// `depositClaims` in PostgreSQL.
    static let postgresDepositClaims = """
        CREATE TABLE bank_deposit_claim (
            depositor     TEXT   NOT NULL,
            amount        BIGINT NOT NULL,
            transacted_at TEXT   NOT NULL,
            order_id      TEXT   NOT NULL REFERENCES web_payment (order_id),
            claimed_at    BIGINT NOT NULL,
            PRIMARY KEY (depositor, amount, transacted_at)
        );
        """
}
