import Mustache

/// The demo catalog's pictures, drawn by the project: one SVG per product from its item, maker and category,
/// coloured by a palette seeded from the product's name.
///
/// Guarantees: the same product always gets the same bytes (the seed is FNV-1a of the name, not Swift's
/// per-process `Hasher`); two products never share a picture (each picture writes its own item and maker
/// names on the package, and the names are unique); the SVG uses presentation attributes only, no `style`
/// and no script, so the shop's CSP needs nothing for it. The files are shipped in
/// `Public/images/products/demo/` (licence: drawn by the project, same licence as the code) and a test checks
/// they are exactly what `svg(_:view:)` draws, so they cannot drift from this file.
public enum DemoCatalogPictures {
    /// Where the pictures are served from.
    public static let urlPrefix = "/public/images/products/demo/"
    /// The views of a product with a gallery (each item's first maker): front, label close-up, back.
    static let galleryViews: [View] = [.front, .closeUp, .back]

    /// What a picture shows of the package.
    public enum View: Int, Sendable, CaseIterable {
        case front = 1, closeUp, back
    }

    /// The package silhouettes pictures are drawn with.
    enum Shape: Sendable {
        case box, bottle, jar, pouch, tube, round

        var korean: String {
            switch self {
            case .box: "상자"
            case .bottle: "병"
            case .jar: "병조림 용기"
            case .pouch: "봉투"
            case .tube: "튜브"
            case .round: "둥근 통"
            }
        }
    }

    /// One demo product's picture inputs: the key names its files (`food-1-1` → `food-1-1.svg`, `food-1-1-2.svg`…).
    public struct Subject: Sendable, Equatable {
        public let key: String
        let itemName: String
        let makerName: String
        let country: String
        let shape: Shape
        /// Whether the product shows a gallery (front, close-up, back) rather than the front alone.
        let hasGallery: Bool

        var seed: UInt64 { DemoCatalogPictures.fnv1a(makerName + " " + itemName) }
    }

    /// One picture of a product: where it is served and what it shows, for `alt`.
    public struct Picture: Sendable, Equatable {
        public let url: String
        public let description: String
    }

    /// Silhouettes per category slug, one per item in `DemoCatalogData` order.
    static let shapes: [String: [Shape]] = [
        "food": [.pouch, .bottle, .box, .pouch, .jar],
        "beverages": [.pouch, .bottle, .box, .bottle, .box],
        "household": [.bottle, .box, .box, .box, .bottle],
        "kitchen": [.round, .round, .box, .box, .box],
        "beauty": [.jar, .tube, .tube, .box, .bottle],
        "fashion": [.box, .pouch, .box, .box, .round],
        "digital": [.round, .box, .box, .box, .box],
        "stationery": [.box, .box, .tube, .box, .box],
        "sports": [.tube, .round, .tube, .bottle, .box],
        "pets": [.pouch, .box, .round, .pouch, .round],
    ]

    static func key(categorySlug: String, itemIndex: Int, makerIndex: Int) -> String {
        "\(categorySlug)-\(itemIndex + 1)-\(makerIndex + 1)"
    }

    /// The front picture's URL, which is what a demo product's `image` holds.
    static func frontURL(categorySlug: String, itemIndex: Int, makerIndex: Int) -> String {
        urlPrefix + key(categorySlug: categorySlug, itemIndex: itemIndex, makerIndex: makerIndex) + ".svg"
    }

    static func subject(categorySlug: String, itemIndex: Int, makerIndex: Int, itemName: String, makerName: String,
                        country: String) -> Subject {
        let shapes = Self.shapes[categorySlug] ?? []
        return Subject(key: key(categorySlug: categorySlug, itemIndex: itemIndex, makerIndex: makerIndex), itemName: itemName, makerName: makerName,
                       country: country, shape: itemIndex < shapes.count ? shapes[itemIndex] : .box,
                       hasGallery: makerIndex == 0)
    }

    /// Every demo product's picture subject, in `DemoCatalog.products` order.
    public static let subjects: [Subject] = DemoCatalogData.categories.flatMap { category in
        category.items.enumerated().flatMap { itemIndex, item in
            category.makers.enumerated().map { makerIndex, maker in
                subject(categorySlug: category.slug, itemIndex: itemIndex, makerIndex: makerIndex, itemName: item.name,
                        makerName: maker.name, country: maker.country)
            }
        }
    }

    /// The views a subject is drawn in.
    static func views(of subject: Subject) -> [View] { subject.hasGallery ? galleryViews : [.front] }

    static func fileName(_ subject: Subject, view: View) -> String {
        view == .front ? "\(subject.key).svg" : "\(subject.key)-\(view.rawValue).svg"
    }

    /// Every file the demo pictures are made of, by file name.
    public static func files() -> [(name: String, svg: String)] {
        subjects.flatMap { subject in views(of: subject).map { (fileName(subject, view: $0), svg(subject, view: $0)) } }
    }

    /// The pictures a product's page shows, main picture first, by its `image` URL: a demo picture's views
    /// with their descriptions; any other image alone, with an empty description (its `alt` would only repeat
    /// the product's name, which the page shows beside it).
    public static func gallery(forImage image: String) -> [Picture] {
        guard let subject = byFrontURL[image] else { return [Picture(url: image, description: "")] }
        return views(of: subject).map { view in
            Picture(url: urlPrefix + fileName(subject, view: view), description: description(subject, view: view))
        }
    }

    private static let byFrontURL: [String: Subject] = Dictionary(
        subjects.map { (urlPrefix + fileName($0, view: .front), $0) }, uniquingKeysWith: { first, _ in first })

    // MARK: Drawing

    /// The stylesheet's stack in short: Korean system fonts, then Noto Sans CJK KR for the hanja they lack.
    static let fontFamily = "'Apple SD Gothic Neo', 'Malgun Gothic', NanumGothic, 'Noto Sans CJK KR', sans-serif"

    /// The palette: a seeded hue for the package, its complement for the background, a third for the dots.
    struct Palette {
        let hue: Int
        let backgroundHue: Int
        let accentHue: Int

        init(seed: UInt64) {
            hue = Int(seed % 360)
            backgroundHue = (hue + 150 + Int((seed >> 12) % 60)) % 360
            accentHue = (hue + 40 + Int((seed >> 20) % 40)) % 360
        }

        var package: String { "hsl(\(hue), 58%, 42%)" }
        var packageDark: String { "hsl(\(hue), 60%, 30%)" }
        var background: String { "hsl(\(backgroundHue), 45%, 94%)" }
        var accent: String { "hsl(\(accentHue), 55%, 78%)" }

        /// The package's colour in Korean, for `alt`.
        var colourName: String {
            switch hue {
            case 0..<15, 345..<360: "빨간"
            case 15..<45: "주황"
            case 45..<70: "노란"
            case 70..<160: "초록"
            case 160..<200: "청록"
            case 200..<250: "파란"
            case 250..<290: "보라"
            default: "분홍"
            }
        }
    }

    /// What the picture shows, in Korean, e.g. `파란 병 앞면, 라벨에 ‘콜드브루 원액 1L’과 ‘청정수’`.
    static func description(_ subject: Subject, view: View) -> String {
        let palette = Palette(seed: subject.seed)
        let thing = "\(palette.colourName) \(subject.shape.korean)"
        switch view {
        case .front: return "\(thing) 앞면, 라벨에 ‘\(subject.itemName)’과 ‘\(subject.makerName)’"
        case .closeUp: return "\(thing)의 라벨을 가까이에서 본 모습"
        case .back: return "\(thing) 뒷면, 제조사 \(subject.makerName), 원산지 \(subject.country)와 바코드"
        }
    }

    /// The SVG of one view of `subject` (320×240).
    static func svg(_ subject: Subject, view: View) -> String {
        let palette = Palette(seed: subject.seed)
        var random = SplitMix(seed: subject.seed)
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 240" width="320" height="240">"## + "\n"
        out += ##"<rect width="320" height="240" fill="\##(palette.background)"/>"## + "\n"
        for _ in 0..<3 {
            let x = random.next(in: 0...320), y = random.next(in: 0...240), r = random.next(in: 18...64)
            out += ##"<circle cx="\##(x)" cy="\##(y)" r="\##(r)" fill="\##(palette.accent)" opacity="0.45"/>"## + "\n"
        }
        out += ##"<ellipse cx="160" cy="206" rx="92" ry="9" fill="#191f28" opacity="0.1"/>"## + "\n"
        let body = package(subject.shape, palette: palette)
        switch view {
        case .front:
            out += "<g>\n" + body + frontLabel(subject) + "</g>\n"
        case .closeUp:
            // The label fills the picture: the package scaled about the label's centre (160, 128).
            out += ##"<g transform="translate(160 128) scale(2.1) translate(-160 -128)">"## + "\n" + body + frontLabel(subject) + "</g>\n"
        case .back:
            out += "<g>\n" + body + backLabel(subject, random: &random) + "</g>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// The silhouette, centred on x = 160 between y ≈ 50 and 200, leaving the label area (104–216 × 104–152) plain.
    static func package(_ shape: Shape, palette: Palette) -> String {
        let fill = palette.package, dark = palette.packageDark
        switch shape {
        case .box:
            return ##"<rect x="92" y="62" width="136" height="140" rx="6" fill="\##(fill)"/>"## + "\n"
                + ##"<path d="M92 68 L112 48 L248 48 L228 68 Z" fill="\##(dark)"/><path d="M228 68 L248 48 L248 182 L228 202 Z" fill="\##(dark)"/>"## + "\n"
        case .bottle:
            return ##"<rect x="146" y="30" width="28" height="22" rx="3" fill="\##(dark)"/>"## + "\n"
                + ##"<path d="M150 52 L170 52 L176 70 Q214 84 214 116 L214 192 Q214 202 204 202 L116 202 Q106 202 106 192 L106 116 Q106 84 144 70 Z" fill="\##(fill)"/>"## + "\n"
        case .jar:
            return ##"<rect x="100" y="58" width="120" height="24" rx="5" fill="\##(dark)"/>"## + "\n"
                + ##"<rect x="96" y="80" width="128" height="122" rx="18" fill="\##(fill)"/>"## + "\n"
        case .pouch:
            return ##"<path d="M98 60 L222 60 L230 196 Q230 204 222 204 L98 204 Q90 204 90 196 Z" fill="\##(fill)"/>"## + "\n"
                + ##"<rect x="98" y="54" width="124" height="14" rx="3" fill="\##(dark)"/>"## + "\n"
        case .tube:
            return ##"<path d="M96 54 L224 54 L206 182 L114 182 Z" fill="\##(fill)"/>"## + "\n"
                + ##"<rect x="138" y="182" width="44" height="22" rx="4" fill="\##(dark)"/>"## + "\n"
        case .round:
            return ##"<circle cx="160" cy="128" r="80" fill="\##(fill)"/><circle cx="160" cy="128" r="70" fill="none" stroke="\##(dark)" stroke-width="4"/>"## + "\n"
        }
    }

    /// The front label: the item's name on up to three lines and the maker below.
    static func frontLabel(_ subject: Subject) -> String {
        let lines = wrap(subject.itemName, width: 8, maxLines: 3)
        var out = ##"<rect x="104" y="98" width="112" height="64" rx="6" fill="#ffffff"/>"## + "\n"
        let top = 126 - (lines.count - 1) * 7
        for (index, line) in lines.enumerated() {
            out += ##"<text x="160" y="\##(top + index * 14)" text-anchor="middle" font-family="\##(fontFamily)" font-size="12" font-weight="700" fill="#191f28">\##(xmlEscaped(line))</text>"## + "\n"
        }
        out += ##"<text x="160" y="155" text-anchor="middle" font-family="\##(fontFamily)" font-size="9" fill="#4e5968">\##(xmlEscaped(subject.makerName))</text>"## + "\n"
        return out
    }

    /// The back label: maker and country, and a barcode whose bars come from the seed.
    static func backLabel(_ subject: Subject, random: inout SplitMix) -> String {
        var out = ##"<rect x="104" y="92" width="112" height="76" rx="6" fill="#ffffff"/>"## + "\n"
        out += ##"<text x="112" y="108" font-family="\##(fontFamily)" font-size="8" fill="#191f28">제조사 \##(xmlEscaped(subject.makerName))</text>"## + "\n"
        out += ##"<text x="112" y="120" font-family="\##(fontFamily)" font-size="8" fill="#191f28">원산지 \##(xmlEscaped(subject.country))</text>"## + "\n"
        var x = 114
        while x < 206 {
            let width = random.next(in: 1...3)
            out += ##"<rect x="\##(x)" y="128" width="\##(width)" height="30" fill="#191f28"/>"##
            x += width + random.next(in: 1...3)
        }
        return out + "\n"
    }

    /// Splits `text` at spaces into lines of about `width` characters (Latin letters count half); the last
    /// line ends with `…` when the text does not fit.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        func length(_ word: Substring) -> Int { word.reduce(0) { $0 + ($1.isASCII ? 1 : 2) } }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, length(Substring(current)) + 1 + length(word) > width * 2 {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > maxLines else { return lines }
        return Array(lines.prefix(maxLines - 1)) + [lines[maxLines - 1] + "…"]
    }

    /// `text` escaped by the template engine, as every page's text is (the SVG's text nodes are XML).
    static func xmlEscaped(_ text: String) -> String {
        // The template is a constant, so parsing cannot fail; an empty label would show if it ever did.
        (try? textTemplate?.render(.object(["text": .string(text)]))) ?? ""
    }

    private static let textTemplate = try? MustacheTemplate(string: "{{text}}", name: "svg-text")

    /// 64-bit FNV-1a: stable across runs and platforms, unlike `Hasher`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// SplitMix64, for the seeded decoration and barcode.
    struct SplitMix {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func next(in range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
    }
}
