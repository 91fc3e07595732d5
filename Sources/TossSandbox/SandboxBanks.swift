/// The bank codes a refund account may name: the numeric codes of Toss's bank and securities-firm table
/// (docs.tosspayments.com/codes/org-codes). The shop's full table, with names and older spellings, is the Toss
/// plugin's `TossCodes.bankTable`, which the sandbox does not import; a test keeps the two equal.
enum SandboxBanks {
    static let codes: Set<String> = [
        "39", "34", "12", "32", "45", "64", "88", "48", "27", "20", "71", "50", "37", "35", "90", "89", "92", "81", "54",
        "31", "03", "06", "02", "11", "23", "07",
        "S8", "SE", "SK", "S5", "SM", "S3", "SN", "S2", "S0", "SJ", "SQ", "SB", "ST", "SR", "SH", "S9", "S6", "SG", "SA",
        "SI", "S4", "SP", "SO", "SL", "SD",
    ]
}
