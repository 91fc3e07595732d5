extension StorefrontSchema {
    /// What each shopper agreed to at sign-up (issue 18): one row per consent, with the version (the date its
    /// text took effect) and when. Accounts made before it have none (they signed up before the form asked).
    static let signupConsents = """
        CREATE TABLE user_consent (
            user_id   INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
            consent   TEXT    NOT NULL CONSTRAINT user_consent_known CHECK (consent IN ('terms', 'privacy', 'age', 'marketing')),
            version   TEXT    NOT NULL,
            agreed_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, consent)
        );
        """

    /// `signupConsents` in PostgreSQL.
    static let postgresSignupConsents = """
        CREATE TABLE user_consent (
            user_id   BIGINT NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
            consent   TEXT   NOT NULL CONSTRAINT user_consent_known CHECK (consent IN ('terms', 'privacy', 'age', 'marketing')),
            version   TEXT   NOT NULL,
            agreed_at BIGINT NOT NULL,
            PRIMARY KEY (user_id, consent)
        );
        """
}
