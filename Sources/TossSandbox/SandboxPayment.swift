import Foundation

/// The four payment-window flavours the sandbox opens, from the v2 SDK's `requestPayment` fields
/// (TOSS_API.md §2.1): TossPay is `CARD` with `flowMode: DIRECT` and `easyPay: TOSSPAY`.
public enum SandboxMethod: String, Sendable, CaseIterable, Codable {
    case card, transfer, virtualAccount, tossPay

    /// Reads the method from a `requestPayment` argument; nil for methods the sandbox does not offer.
    init?(request: [String: Any]) {
        switch request["method"] as? String {
        case "CARD":
            let card = request["card"] as? [String: Any]
            let easyPay = card?["easyPay"] as? String
            if card?["flowMode"] as? String == "DIRECT" && easyPay == "TOSSPAY" { self = .tossPay } else { self = .card }
        case "TRANSFER": self = .transfer
        case "VIRTUAL_ACCOUNT": self = .virtualAccount
        default: return nil
        }
    }

    /// Toss's Korean `method` value on the Payment object.
    var tossName: String {
        switch self {
        case .card: "카드"
        case .transfer: "계좌이체"
        case .virtualAccount: "가상계좌"
        case .tossPay: "간편결제"
        }
    }

    /// What the window page calls it.
    var displayName: String {
        switch self {
        case .card: "카드"
        case .transfer: "계좌이체"
        case .virtualAccount: "가상계좌"
        case .tossPay: "토스페이"
        }
    }
}

/// One payment as the sandbox keeps it: created when the window opens (READY), authenticated when the
/// person approves (IN_PROGRESS), then confirmed, canceled, deposited or expired like Toss's own.
/// Codable so the ledger can keep it on disk (`SandboxStore`).
struct SandboxPayment: Sendable, Codable {
    struct Cancel: Sendable, Codable {
        var amount: Int
        var reason: String
        var canceledAt: Date
        var transactionKey: String
        /// The part of `amount` returned as Toss points (`easyPayDiscountAmount`); optional so ledgers written
        /// before it still load (nil is 0).
        var points: Int?
    }

    /// What pays the part of a 토스페이 payment that points do not (TOSS_API.md §4.5, Toss's easy-pay response
    /// guide): the account linked to 토스페이 (`easyPay.amount`) or a card registered in it (`card.amount`).
    enum TossPayFunding: String, Sendable, Codable {
        case account, card
    }

    struct VirtualAccount: Sendable, Codable {
        var accountNumber: String
        var bankCode: String
        var customerName: String
        var dueDate: Date
        var expired = false
        /// The account the last refund after the deposit went to (`refundReceiveAccount`); nil before any.
        var refundAccount: RefundAccount?
    }

    /// A cancel's `refundReceiveAccount` (§4.3), checked as Toss checks its shape: a bank of Toss's code table,
    /// a number of digits only (at most 20), a holder of 1–60 characters.
    struct RefundAccount: Sendable, Codable, Equatable {
        var bank: String
        var accountNumber: String
        var holderName: String

        /// Reads the request's object; nil when the request has none. Throws Toss's error for a malformed one.
        init?(request value: Any?) throws(TossAPIError) {
            guard let value, !(value is NSNull) else { return nil }
            guard let object = value as? [String: Any], let bank = object["bank"] as? String,
                  let number = object["accountNumber"] as? String, let holder = object["holderName"] as? String else {
                throw .invalidRequest("refundReceiveAccount 에는 bank, accountNumber, holderName 이 모두 있어야 합니다.")
            }
            guard SandboxBanks.codes.contains(bank) else { throw .invalidBank }
            guard (1...20).contains(number.utf8.count), number.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw .invalidRefundAccountNumber
            }
            guard (1...60).contains(holder.count) else { throw .invalidRequest("holderName 은 1~60자여야 합니다.") }
            self.bank = bank
            accountNumber = number
            holderName = holder
        }
    }

    struct Failure: Sendable, Codable {
        var code: String
        var message: String
    }

    var paymentKey: String
    var orderId: String
    var orderName: String
    var method: SandboxMethod
    var totalAmount: Int
    var balanceAmount: Int
    var status = "READY"
    var customerName: String?
    var successURL: String
    var failURL: String
    var validHours: Int
    var requestedAt: Date
    var authenticatedAt: Date?
    /// When money moved: a confirm, or a virtual account's deposit (null while it waits, as Toss sends it).
    var approvedAt: Date?
    /// When a virtual account was issued by its confirm; nil for other methods and in older ledgers, where
    /// `approvedAt` was set at the confirm instead.
    var issuedAt: Date?
    /// The part of a 토스페이 payment paid with Toss points (easyPay.discountAmount).
    var discount = 0
    /// What paid the rest of a 토스페이 payment, chosen in the window; nil (older ledgers) is the account.
    var funding: TossPayFunding?
    var secret: String?
    var virtualAccount: VirtualAccount?
    var cancels: [Cancel] = []
    var failure: Failure?
    var lastTransactionKey: String?
    /// The ledger's revision when the window opened: orders the windows of one orderId.
    var opened = 0

    /// The confirm went through (money moved, or a virtual account was issued): the payment the order's lookup
    /// answers, and the one no other window of the order can be confirmed beside.
    var isConfirmed: Bool { approvedAt != nil || issuedAt != nil }

    /// What could still be refunded after each cancel (`refundableAmount`), in order: the total less every
    /// cancel up to it. Computed, so ledgers written before it was reported answer it too.
    var refundableAfterCancels: [Int] {
        var left = totalAmount
        return cancels.map { cancel in
            left -= cancel.amount
            return left
        }
    }

    static let currentVersion = "2022-11-16"

    /// The Payment object of TOSS_API.md §4.5, every field present (null when empty) as Toss sends it, in the
    /// shape of API `version` (`olderShape` rewrites it for a version before 2022-11-16).
    func json(version: String = currentVersion) -> [String: Any] {
        let null = NSNull()
        var object: [String: Any] = [
            "version": version, "paymentKey": paymentKey, "type": "NORMAL", "orderId": orderId,
            "orderName": orderName, "mId": "tosspayments", "currency": "KRW", "method": method.tossName,
            "totalAmount": totalAmount, "balanceAmount": balanceAmount, "status": status,
            "requestedAt": SandboxTime.text(requestedAt), "approvedAt": approvedAt.map(SandboxTime.text) ?? null,
            "useEscrow": false, "cultureExpense": false, "isPartialCancelable": true,
            "lastTransactionKey": lastTransactionKey ?? null,
            "suppliedAmount": balanceAmount - Int((Double(balanceAmount) / 11).rounded()),
            "vat": Int((Double(balanceAmount) / 11).rounded()),
            "taxFreeAmount": 0, "taxExemptionAmount": 0,
            "card": null, "virtualAccount": null, "transfer": null, "mobilePhone": null, "giftCertificate": null,
            "easyPay": null, "cashReceipt": null, "cashReceipts": null, "discount": null, "metadata": null,
            "secret": secret ?? null, "country": "KR",
            "failure": failure.map { ["code": $0.code, "message": $0.message] as [String: Any] } ?? null,
            "receipt": ["url": "https://dashboard.tosspayments.com/receipt/redirection?transactionId=\(paymentKey)"],
            "checkout": ["url": "https://api.tosspayments.com/v1/payments/\(paymentKey)/checkout"],
            "cancels": cancels.isEmpty ? null : zip(cancels, refundableAfterCancels).map { cancel, refundable -> [String: Any] in
                ["cancelAmount": cancel.amount, "cancelReason": cancel.reason, "taxFreeAmount": 0, "taxExemptionAmount": 0,
                 "refundableAmount": refundable, "cardDiscountAmount": 0, "transferDiscountAmount": 0,
                 "easyPayDiscountAmount": cancel.points ?? 0,
                 "canceledAt": SandboxTime.text(cancel.canceledAt), "transactionKey": cancel.transactionKey,
                 "receiptKey": null, "cancelStatus": "DONE", "cancelRequestId": null]
            },
        ]
        let approved = isConfirmed
        switch method {
        case .card where approved:
            object["card"] = Self.card(amount: totalAmount)
        case .transfer where approved:
            object["transfer"] = ["bankCode": "88", "settlementStatus": "COMPLETED"]
        case .tossPay where approved:
            // totalAmount = card.amount + easyPay.amount + easyPay.discountAmount (Toss's easy-pay response guide).
            let byCard = funding == .card
            object["easyPay"] = ["provider": "토스페이", "amount": byCard ? 0 : totalAmount - discount,
                                 "discountAmount": discount] as [String: Any]
            if byCard { object["card"] = Self.card(amount: totalAmount - discount) }
        case .virtualAccount:
            if let account = virtualAccount {
                object["virtualAccount"] = [
                    "accountType": "일반", "accountNumber": account.accountNumber, "bankCode": account.bankCode,
                    "customerName": account.customerName, "depositorName": account.customerName,
                    "dueDate": SandboxTime.text(account.dueDate), "expired": account.expired,
                    "settlementStatus": status == "DONE" ? "COMPLETED" : "INCOMPLETED",
                    "refundStatus": account.refundAccount == nil ? "NONE" : "COMPLETED",
                    "refundReceiveAccount": account.refundAccount.map {
                        ["bankCode": $0.bank, "accountNumber": $0.accountNumber, "holderName": $0.holderName] as [String: Any]
                    } ?? null,
                ] as [String: Any]
            }
        default:
            break
        }
        return version < Self.currentVersion ? Self.olderShape(object, version: version) : object
    }

    /// The sandbox's one card (신한, issuer and acquirer 41) paying `amount`.
    static func card(amount: Int) -> [String: Any] {
        ["amount": amount, "issuerCode": "41", "acquirerCode": "41", "number": "53275000****123*",
         "installmentPlanMonths": 0, "approveNo": "00000000", "useCardPoint": false, "cardType": "신용",
         "ownerType": "개인", "acquireStatus": "READY", "isInterestFree": false, "interestPayer": NSNull()]
    }

    /// What versions before 2022-11-16 sent instead (release note 2022-11-16): Korean institution codes in
    /// `card.company`, `virtualAccount.bank` and `transfer.bank` where 2022-11-16 has `issuerCode`/`acquirerCode`
    /// and `bankCode`, and a top-level `transactionKey`. Before 2022-06-08 (the 1.x versions) `easyPay` was the
    /// provider's name alone, as the 1.4 release note's example shows. Versions compare as text: "1.4" sorts
    /// before every dated one.
    static func olderShape(_ current: [String: Any], version: String) -> [String: Any] {
        var object = current
        object["transactionKey"] = object["lastTransactionKey"]
        if var card = object["card"] as? [String: Any] {
            card["company"] = (card.removeValue(forKey: "issuerCode") as? String).map(koreanCode) ?? NSNull()
            card["acquirerCode"] = nil
            object["card"] = card
        }
        for field in ["virtualAccount", "transfer"] {
            guard var account = object[field] as? [String: Any] else { continue }
            account["bank"] = (account.removeValue(forKey: "bankCode") as? String).map(koreanCode) ?? NSNull()
            object[field] = account
        }
        if version < "2022-06-08", let easyPay = object["easyPay"] as? [String: Any] {
            object["easyPay"] = easyPay["provider"] ?? NSNull()
        }
        return object
    }

    /// Korean codes of the institutions the sandbox itself uses (the shop's full table is in the Toss plugin,
    /// which the sandbox does not import): card issuer 41 and banks 88 and 20.
    static func koreanCode(_ code: String) -> String {
        ["41": "신한", "88": "신한", "20": "우리"][code] ?? code
    }
}

/// Toss's timestamps: `yyyy-MM-ddTHH:mm:ss+09:00`, Korea time (no tzdata needed).
enum SandboxTime {
    static func text(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down)) + 9 * 3600
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+09:00", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The webhook `createdAt` style: microseconds and no offset.
    static func webhookText(_ date: Date) -> String {
        let base = text(date).dropLast(6)
        let micros = Int((date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)) * 1_000_000)
        return base + String(format: ".%06d", micros)
    }
}

/// Random identifiers shaped like Toss's.
enum SandboxIdentifiers {
    static func alphanumeric(_ count: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in letters[Int(generator.next(upperBound: UInt64(letters.count)))] })
    }

    static func paymentKey() -> String { "tsbx_" + alphanumeric(43) }
    static func secret() -> String { "ps_" + alphanumeric(20) }
    static func transactionKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02X", Int(generator.next(upperBound: UInt64(256)))) }.joined()
    }
    static func accountNumber() -> String {
        var generator = SystemRandomNumberGenerator()
        return "X" + (0..<13).map { _ in String(generator.next(upperBound: UInt64(10))) }.joined()
    }
}
