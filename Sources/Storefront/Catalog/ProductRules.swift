import Foundation

/// The product form as it arrived (every field text, possibly missing).
public struct ProductForm: Sendable, Equatable {
    public var name = ""
    public var price = ""
    public var category = ""
    public var country = ""
    public var manufacturer = ""
    public var description = ""
    /// `on_sale` (판매중) or `hidden` (숨김).
    public var visibility = ProductRules.onSale
    /// Stock at creation only; stock changes afterwards go through adjustments.
    public var quantity = "0"

    public init() {}

    /// Reads the fields named as `ProductRules`' field constants.
    public init(fields: (String) -> String?) {
        name = fields(ProductRules.nameField) ?? ""
        price = fields(ProductRules.priceField) ?? ""
        category = fields(ProductRules.categoryField) ?? ""
        country = fields(ProductRules.countryField) ?? ""
        manufacturer = fields(ProductRules.manufacturerField) ?? ""
        description = fields(ProductRules.descriptionField) ?? ""
        visibility = fields(ProductRules.visibilityField) ?? ProductRules.onSale
        quantity = fields(ProductRules.quantityField) ?? "0"
    }

    /// The form showing `product` as it is.
    public init(_ product: AdminProduct) {
        name = product.product.name
        price = String(product.product.price)
        category = product.product.category
        country = product.product.country
        manufacturer = product.product.manufacturer
        description = product.product.description
        visibility = product.hidden ? ProductRules.hidden : ProductRules.onSale
        quantity = String(product.product.quantity)
    }
}

/// What a product may be, checked before anything is written, with the database's own bounds (a price up to
/// `OrderLimits.maxUnitPrice`, stock never negative) so a refused form never reaches a constraint.
public enum ProductRules {
    public static let nameField = "name"
    public static let priceField = "price"
    public static let categoryField = "category"
    public static let countryField = "country"
    public static let manufacturerField = "manufacturer"
    public static let descriptionField = "description"
    public static let visibilityField = "visibility"
    public static let quantityField = "quantity"

    public static let onSale = "on_sale"
    public static let hidden = "hidden"

    public static let maxNameLength = 100
    public static let maxLabelLength = 50
    public static let maxDescriptionLength = 2_000
    public static let maxInitialQuantity = 1_000_000

    static let nameMessage = "상품명은 1~\(maxNameLength)자로 입력해 주세요."
    static let priceMessage = "가격은 0원부터 \(Won.format(OrderLimits.maxUnitPrice))까지 숫자로만 입력해 주세요."
    static let labelMessage = "1~\(maxLabelLength)자로 입력해 주세요."
    static let descriptionMessage = "설명은 \(maxDescriptionLength)자까지 입력할 수 있습니다."
    static let visibilityMessage = "판매 상태를 판매중 또는 숨김 중에서 골라 주세요."
    static let quantityMessage = "재고는 0부터 \(maxInitialQuantity)까지 숫자로만 입력해 주세요."

    /// The validated draft, or `.validation` with a Korean message per refused field. `withQuantity` also checks
    /// the initial stock (creation) and returns it.
    public static func draft(_ form: ProductForm, withQuantity: Bool) throws(ShopError) -> (ProductDraft, quantity: Int) {
        var errors = ValidationErrors()
        let name = text(form.name, max: maxNameLength, field: nameField, message: nameMessage, into: &errors)
        let category = text(form.category, max: maxLabelLength, field: categoryField, message: labelMessage, into: &errors)
        let country = text(form.country, max: maxLabelLength, field: countryField, message: labelMessage, into: &errors)
        let manufacturer = text(form.manufacturer, max: maxLabelLength, field: manufacturerField, message: labelMessage, into: &errors)
        let description = form.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if TextLength.of(description) > maxDescriptionLength { errors[descriptionField] = descriptionMessage }
        let price = FormNumber.integer(form.price.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ""))
        if price == nil || !(0...OrderLimits.maxUnitPrice).contains(price ?? -1) { errors[priceField] = priceMessage }
        if form.visibility != onSale && form.visibility != hidden { errors[visibilityField] = visibilityMessage }
        var quantity = 0
        if withQuantity {
            let parsed = FormNumber.integer(form.quantity.trimmingCharacters(in: .whitespaces))
            if let parsed, (0...maxInitialQuantity).contains(parsed) { quantity = parsed } else { errors[quantityField] = quantityMessage }
        }
        guard errors.isEmpty, let price else { throw .validation(errors) }
        return (ProductDraft(name: name, price: price, category: category, country: country, manufacturer: manufacturer,
                             description: description, hidden: form.visibility == hidden), quantity)
    }

    /// Trimmed `raw`, refused when empty, longer than `max` code points or holding control characters.
    static func text(_ raw: String, max: Int, field: String, message: String, into errors: inout ValidationErrors) -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || TextLength.of(text) > max
            || text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors[field] = message
        }
        return text
    }
}
