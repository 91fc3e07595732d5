import PluginKit

/// `payments.providers.banktransfer.options`: the shop's own account (`bank`, `accountNumber`, `holder`) and how
/// long a shopper has to pay (`validHours`, 1…336, 72 by default). Every error names its key.
public struct BankTransferOptions: Sendable, Equatable {
    public static let keys = ["bank", "accountNumber", "holder", "validHours"]

    public var bank: String
    public var accountNumber: String
    public var holder: String
    public var validHours: Int

    public init(bank: String, accountNumber: String, holder: String, validHours: Int = 72) {
        self.bank = bank
        self.accountNumber = accountNumber
        self.holder = holder
        self.validHours = validHours
    }

    public init(_ options: PluginOptions) throws(PluginError) {
        try options.only(Self.keys)
        bank = try options.requiredString("bank")
        accountNumber = try options.requiredString("accountNumber")
        holder = try options.requiredString("holder")
        validHours = try options.int("validHours", default: 72, range: 1...336)
        guard accountNumber.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), accountNumber.contains(where: \.isNumber) else {
            throw PluginError(keyPath: "\(options.keyPath).accountNumber", "expected digits and hyphens, got \"\(accountNumber)\"")
        }
        guard bank.count <= 20, holder.count <= 30 else {
            throw PluginError(keyPath: "\(options.keyPath).\(bank.count > 20 ? "bank" : "holder")", "too long")
        }
    }
}
