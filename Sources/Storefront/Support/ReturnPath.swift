import HTTP

/// Where a page may send the shopper back to when the address comes from the request (`/login?next=`, the
/// hidden `next` field, a `Referer`): only a path of this shop.
///
/// Guarantee: a path `ReturnPath.local` accepts is one a WHATWG URL parser (what a browser runs on a
/// `Location` header) resolves to this origin. That parser drops every tab, CR and LF before it looks, trims
/// C0 controls and spaces from the ends, and reads `\` as `/`, so `/\t/evil.example` and `/\t\evil.example`
/// become `//evil.example`, another host. Hence the rule, checked on the text as given and again after each
/// round of percent-decoding (a proxy or a later step may decode once more): it starts with one `/` followed by
/// neither `/` nor `\`, and holds no control character (C0, DEL, C1) and no backslash anywhere.
/// Anything else is refused, and so is anything longer than `maxBytes` or still decoding after
/// `maxDecodingRounds`: the fallback is the home page.
enum ReturnPath {
    /// Longer is not a path of ours; also keeps the decoding rounds cheap whatever a body of 1 MiB holds.
    static let maxBytes = 2_048
    /// Percent-decodings checked beyond the text itself; text that still decodes after them is refused.
    static let maxDecodingRounds = 3

    /// `candidate` when it is a local path (see the type's rule), else `/`.
    static func local(_ candidate: String?) -> String {
        guard let candidate, isLocal(candidate) else { return "/" }
        return candidate
    }

    static func isLocal(_ candidate: String) -> Bool {
        guard candidate.utf8.count <= maxBytes else { return false }
        var bytes = Array(candidate.utf8)
        for _ in 0...maxDecodingRounds {
            guard isLocalAsIs(bytes) else { return false }
            let decoded = PercentDecoding.decodeValidEscapes(bytes)
            if decoded == bytes { return true }
            bytes = decoded
        }
        return false
    }

    /// The rule on one spelling: `/` first, not `//` or `/\`, no backslash and no control character (C0 and
    /// DEL, which a browser drops or trims, and C1, which arrive in UTF-8 as C2 80…C2 9F).
    private static func isLocalAsIs(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == UInt8(ascii: "/"), bytes.dropFirst().first != UInt8(ascii: "/") else { return false }
        return !String(decoding: bytes, as: UTF8.self).unicodeScalars.contains {
            $0 == "\\" || $0.properties.generalCategory == .control
        }
    }
}
