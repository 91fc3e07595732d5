/// The delivery part of a checkout form every page test can post: a valid address in Seoul (no surcharge) and
/// no 배송 요청사항, so the order pays the base 3,000원 fee below the free-shipping line.
enum CheckoutFields {
    static let delivery: [(String, String)] = [
        ("recipient", "홍길동"), ("recipient_phone", "010-1234-5678"), ("postal_code", "06236"),
        ("address_line1", "서울 강남구 테헤란로 152"), ("address_line2", "12층"),
    ]
}
