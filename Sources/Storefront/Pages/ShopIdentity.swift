/// The shop's name as shoppers read it: the header's logo text, and the holder (예금주) a bank app shows for the
/// virtual accounts the payment provider opens in the shop's name.
enum ShopIdentity {
    static let merchantName = "Storefront"
}
