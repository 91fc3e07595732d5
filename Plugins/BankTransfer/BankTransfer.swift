import PluginKit

/// The 무통장입금 provider (`banktransfer`): one method, `banktransfer.account`, paying into the shop's own account
/// from its options. It has no server, so no return or webhook traffic: deposits reach it from the shop's operators
/// (`DepositRecordingMethod`), and its records live in the shop's database through the `PaymentLedger`.
public struct BankTransfer: PaymentProvider {
    public let name = "banktransfer"
    public let displayName = "무통장입금"
    public let methods: [any PaymentMethod]

    public static let methodNames: [(id: String, displayName: String)] = [("banktransfer.account", "무통장입금")]

    public init(account: BankTransferOptions, ledger: any PaymentLedger) {
        methods = [BankTransferMethod(account: account, ledger: ledger)]
    }

    public init(_ context: PaymentProviderContext) throws(PluginError) {
        self.init(account: try BankTransferOptions(context.options), ledger: context.ledger)
    }
}
