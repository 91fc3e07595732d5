import Foundation
import HTTP
import Mustache

/// Builders shared by the page handlers, so every page shows products, prices, dates, orders and
/// form errors the same way. The keys follow Templates/README.md, the templates' contract.
enum PageContext {
    static func card(_ product: Product) -> [String: MustacheValue] {
        let stock = product.stockState
        let isLow: Bool = { if case .low = stock { return true } else { return false } }()
        return [
            "id": .int(product.id),
            "name": .string(product.name),
            "priceText": .string(Won.format(product.price)),
            "imageURL": .string(imageURL(product)),
            // The card's title says the name right below; an alt repeating it would be read twice.
            "imageAlt": .string(""),
            "category": .string(product.category),
            "soldOut": .bool(product.isSoldOut),
            "lowStock": .bool(isLow),
            "stockText": .string(stock.text),
            "rating": ReviewContext.cardRating(product),
        ]
    }

    /// The main image uploaded in the back office, else the product's own (demo) picture, else the default one.
    static func imageURL(_ product: Product) -> String {
        if let main = product.mainImage { return main.url }
        return product.image.isEmpty ? "/public/images/products/default.svg" : product.image
    }

    /// A card plus what only the product page shows: every picture (a gallery when there are several), each
    /// with an `alt` that describes it, or empty when it would only repeat the product's name. Uploaded images,
    /// when there are any, replace the demo pictures and carry their own size.
    static func productDetail(_ product: Product) -> MustacheValue {
        var fields = card(product)
        let pictures: [(url: String, alt: String, width: Int, height: Int)] = product.pictures.isEmpty
            ? DemoCatalogPictures.gallery(forImage: imageURL(product)).map { ($0.url, $0.description, 640, 480) }
            // An 이미지 설명 that only repeats the name beside the picture would be read twice: it becomes empty.
            : product.pictures.map { ($0.url, $0.alt == product.name ? "" : $0.alt, $0.width, $0.height) }
        fields["pictures"] = .array(pictures.enumerated().map { index, picture in
            .object(["url": .string(picture.url), "alt": .string(picture.alt), "number": .int(index + 1),
                     "width": .int(picture.width), "height": .int(picture.height)])
        })
        fields["hasGallery"] = .bool(pictures.count > 1)
        fields["country"] = .string(product.country)
        fields["manufacturer"] = .string(product.manufacturer)
        fields["description"] = .string(product.description)
        fields["stock"] = .int(min(product.quantity, CartRules.maxQuantity))
        fields["categoryHref"] = .string("/?category=" + queryEncode(product.category))
        return .object(fields)
    }

    /// `form.errors` for a template: the service's field names (`signup_id`) become the template's
    /// (`signupId`) through `names`; fields without a mapping keep their own name.
    static func errors(_ errors: ValidationErrors, names: [String: String] = [:]) -> MustacheValue {
        var out: [String: MustacheValue] = [:]
        for (field, message) in errors { out[names[field] ?? field] = .string(message) }
        return .object(out)
    }

    /// One field of a form as its error summary names it: the form's field name, the input's id, its label.
    struct SummaryField: Sendable {
        let name: String
        let inputId: String
        let label: String
    }

    /// `form.errorSummary` for `partials/error-summary`: each refused field, in the form's order, with its label,
    /// its message and a link to its input; nil (no summary) when nothing was refused.
    static func errorSummary(_ errors: ValidationErrors, fields: [SummaryField]) -> MustacheValue {
        let items = fields.compactMap { field -> MustacheValue? in
            guard let message = errors[field.name] else { return nil }
            return .object(["inputId": .string(field.inputId), "label": .string(field.label), "message": .string(message)])
        }
        return items.isEmpty ? .null : .object(["items": .array(items)])
    }

    /// The login page's address that comes back to `path` afterwards.
    static func loginURL(returningTo path: String) -> String {
        "/login?next=" + queryEncode(path)
    }

    /// Percent-encodes a query component (space as %20; only unreserved characters stay as they are).
    static func queryEncode(_ text: String) -> String {
        var out = ""
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out.append("%"); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// Page links: the first, the last, and a window around the current page, with gaps between.
    static func pagination(page: Int, pageCount: Int, href: (Int) -> String) -> MustacheValue {
        guard pageCount > 1 else { return .null }
        var numbers = Set([1, pageCount])
        for number in max(1, page - 2)...min(pageCount, page + 2) { numbers.insert(number) }
        var items: [MustacheValue] = []
        var previous = 0
        for number in numbers.sorted() {
            if number > previous + 1 { items.append(.object(["gap": .bool(true)])) }
            items.append(.object(["number": .int(number), "href": .string(href(number)), "current": .bool(number == page)]))
            previous = number
        }
        return .object([
            "hasPrev": .bool(page > 1), "prevHref": page > 1 ? .string(href(page - 1)) : .null,
            "hasNext": .bool(page < pageCount), "nextHref": page < pageCount ? .string(href(page + 1)) : .null,
            "pages": .array(items),
        ])
    }

    /// Korean date and time in Seoul, e.g. `2024년 6월 11일 14:32`.
    static func dateText(_ date: Date) -> String {
        let c = seoul(date)
        let minute = c.minute ?? 0
        return "\(c.year ?? 0)년 \(c.month ?? 0)월 \(c.day ?? 0)일 \(c.hour ?? 0):\(minute < 10 ? "0" : "")\(minute)"
    }

    /// A date as a sentence says it, in Seoul: `12월 3일 14:00`, with the year only when it is not this year's
    /// (`2027년 1월 3일 14:00`), as Korean shops word a deadline (`… 14:00까지`).
    static func dayAndTimeText(_ date: Date, now: Date = Date()) -> String {
        let c = seoul(date)
        let minute = c.minute ?? 0, hour = c.hour ?? 0
        let time = "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
        let year = c.year == seoul(now).year ? "" : "\(c.year ?? 0)년 "
        return "\(year)\(c.month ?? 0)월 \(c.day ?? 0)일 \(time)"
    }

    /// The day alone, as Korean shops date reviews: `2024.06.11`.
    static func dayText(_ date: Date) -> String {
        let c = seoul(date)
        func two(_ value: Int?) -> String { (value ?? 0) < 10 ? "0\(value ?? 0)" : "\(value ?? 0)" }
        return "\(c.year ?? 0).\(two(c.month)).\(two(c.day))"
    }

    private static func seoul(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Seoul") ?? TimeZone(secondsFromGMT: 9 * 3600) ?? .gmt
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    /// Payment providers' ISO 8601 timestamps (`2024-06-11T14:32:05+09:00`) shown the same way; unparsable text as is.
    static func dateText(iso text: String) -> String {
        ProviderTimestamp.parse(text).map(dateText) ?? text
    }
}
