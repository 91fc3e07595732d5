/// The couriers an operator ships with, as data: the code stored on the order and written in CSV uploads, the
/// Korean name the pages print, and the carrier's public tracking page for a 송장번호.
///
/// Guarantee: `trackingURL(for:)` is only ever built from a number `TrackingNumber.parse` accepted (digits), so
/// the link cannot be turned into another URL.
public struct Carrier: Sendable, Equatable, Hashable {
    public let code: String
    public let name: String
    /// The tracking page with `{number}` where the 송장번호 goes.
    let trackingPattern: String

    public func trackingURL(for number: String) -> String {
        trackingPattern.replacingOccurrences(of: "{number}", with: number)
    }

    public static let all: [Carrier] = [
        Carrier(code: "cj", name: "CJ대한통운", trackingPattern: "https://trace.cjlogistics.com/next/tracking.html?wblNo={number}"),
        Carrier(code: "epost", name: "우체국택배",
                trackingPattern: "https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1={number}"),
        Carrier(code: "hanjin", name: "한진택배",
                trackingPattern: "https://www.hanjin.com/kor/CMS/DeliveryMgr/WaybillResult.do?mCode=MN038&schLang=KR&wblnumText2={number}"),
        Carrier(code: "lotte", name: "롯데택배", trackingPattern: "https://www.lotteglogis.com/home/reservation/tracking/linkView?InvNo={number}"),
        Carrier(code: "logen", name: "로젠택배", trackingPattern: "https://www.ilogen.com/web/personal/trace/{number}"),
    ]

    /// The carrier with this code, or with this Korean name (CSV files from a courier's own system often carry
    /// the name); nil for anything else.
    public static func named(_ text: String) -> Carrier? {
        let key = text.trimmingCharacters(in: .whitespaces)
        return all.first { $0.code == key.lowercased() || $0.name == key }
    }
}

/// 송장번호: what couriers print are 10–14 digits (CJ대한통운 and 한진 10–12, 로젠 11, 롯데 12–13, 우체국 13); people
/// type them with hyphens or spaces. Stored as digits.
public enum TrackingNumber {
    public static let digitRange = 9...15
    static let message = "송장번호는 숫자 9~15자리로 입력해 주세요. (하이픈은 빼도 됩니다)"

    /// The digits of `text`, or nil when they are not a plausible 송장번호.
    public static func parse(_ text: String) -> String? {
        let digits = String(text.filter { $0 != "-" && !$0.isWhitespace })
        guard digitRange.contains(digits.utf8.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return digits
    }
}
