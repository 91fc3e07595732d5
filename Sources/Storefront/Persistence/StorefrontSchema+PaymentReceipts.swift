extension StorefrontSchema {
    /// One receipt path for every provider: a payment's receipt is its provider's lines (`receipt_lines`), the
    /// amounts and the deposit slip, and a refund's destination is `paid_from` (`PaymentRecord.paidFrom`).
    /// `virtual_account_owner` is whose account a deposit goes to (예금주: the shop's own account's holder for
    /// 무통장입금; NULL for a provider's virtual account, shown under the merchant's name).
    ///
    /// Rows from before keep all their columns (nothing is dropped), and are rewritten to read the new way:
    /// - card, 간편결제 and 계좌이체 rows (Toss's typed columns filled, `receipt_lines` NULL) get the lines the Toss
    ///   plugin now writes (간편결제, 카드 with its masked number, 출금 은행), and a waiting virtual account the line
    ///   saying a deposit is matched by amount; `paid_from` names the card, else the wallet, else the bank.
    ///   `card_company`, `card_number`, `easy_pay_provider` and `transfer_bank` are no longer written (the shop
    ///   reads none of them): they stay as they were, for audits.
    /// - 무통장입금 rows, whose lines repeated the shop's account: the holder moves from `virtual_account_holder`
    ///   (the depositor's column) to `virtual_account_owner`, and the lines the slip now shows go (입금 은행, 계좌번호,
    ///   예금주, 입금액, 입금 기한, and 입금자명, whose advice the plugin now words as 입금 안내).
    static let paymentReceipts = """
        ALTER TABLE toss_payment ADD COLUMN paid_from TEXT;
        ALTER TABLE toss_payment ADD COLUMN virtual_account_owner TEXT;
        UPDATE toss_payment SET virtual_account_owner = virtual_account_holder, virtual_account_holder = NULL,
            receipt_lines = (SELECT CASE WHEN count(*) = 0 THEN NULL ELSE json_group_array(json(line.value)) END
                             FROM json_each(toss_payment.receipt_lines) AS line
                             WHERE json_extract(line.value, '$[0]') NOT IN (\(slipLabels)))
            WHERE payment_method = '무통장입금' AND json_valid(receipt_lines);
        \(backfill(array: "json_array"))
        """

    /// `paymentReceipts` in PostgreSQL.
    static let postgresPaymentReceipts = """
        ALTER TABLE toss_payment ADD COLUMN paid_from TEXT;
        ALTER TABLE toss_payment ADD COLUMN virtual_account_owner TEXT;
        UPDATE toss_payment SET virtual_account_owner = virtual_account_holder, virtual_account_holder = NULL,
            receipt_lines = (SELECT json_agg(line.value ORDER BY line.n)::text
                             FROM json_array_elements(toss_payment.receipt_lines::json) WITH ORDINALITY AS line(value, n)
                             WHERE line.value->>0 NOT IN (\(slipLabels)))
            WHERE payment_method = '무통장입금' AND receipt_lines LIKE '[%';
        \(backfill(array: "json_build_array"))
        """

    /// The labels of 무통장입금's old lines that the deposit slip shows now.
    static let slipLabels = "'입금 은행', '계좌번호', '예금주', '입금액', '입금 기한', '입금자명'"

    /// The card company and its masked number as one receipt value, `현대카드 12345678****000*`.
    static let cardText = "trim(card_company || ' ' || coalesce(card_number, ''))"

    /// Lines and refund destination for rows written from the typed columns, in the order the plugin writes them.
    /// Each present line is its JSON array and a comma; the last comma goes, and the whole is bracketed (the same
    /// text in both engines, where `json_array` / `json_build_array` build each pair).
    static func backfill(array: String) -> String {
        let waiting = "virtual_account_number IS NOT NULL AND status = 'WAITING_FOR_DEPOSIT'"
        let lines = [("간편결제", "easy_pay_provider", "easy_pay_provider IS NOT NULL"),
                     ("카드", cardText, "card_company IS NOT NULL"),
                     ("출금 은행", "transfer_bank", "transfer_bank IS NOT NULL"),
                     ("입금 안내", "'입금자명이 달라도 금액이 맞으면 입금이 확인됩니다.'", waiting)]
        let parts = lines.map { label, value, condition in
            "coalesce(CASE WHEN \(condition) THEN \(array)('\(label)', \(value))\(array == "json_array" ? "" : "::text") || ',' END, '')"
        }
        return """
            UPDATE toss_payment SET
                receipt_lines = '[' || rtrim(\(parts.joined(separator: "\n                    || ")), ',') || ']',
                paid_from = CASE WHEN card_company IS NOT NULL THEN \(cardText)
                                 WHEN easy_pay_provider IS NOT NULL THEN easy_pay_provider
                                 WHEN transfer_bank IS NOT NULL THEN transfer_bank || ' 출금 계좌' END
                WHERE receipt_lines IS NULL
                  AND (card_company IS NOT NULL OR easy_pay_provider IS NOT NULL OR transfer_bank IS NOT NULL OR (\(waiting)));
            """
    }
}
