import Foundation
import PluginKit

/// The shop's Content-Security-Policy, built from the payment configuration alone.
///
/// Guarantees: every directive starts from our own origin; no `'unsafe-inline'` or `'unsafe-eval'` anywhere;
/// `frame-ancestors 'none'`, `base-uri 'self'` and `object-src 'none'` always. Payment hosts appear only in
/// the directives the Toss v2 SDK needs, and only those of the mode in use:
/// - live: the SDK's script (and the styles it may load) from js.tosspayments.com only; its payment window
///   as an iframe (the SDK's PC default, `windowTarget: "iframe"`), its calls to the API, event and log
///   hosts, and the window's form posts on Toss's own subdomains, `https://*.tosspayments.com`. An
///   `sdkURL` on another host is added to `script-src` as well.
/// - sandbox: the bundled sandbox's origin (from `sdkURL`) for the script, the window's frame and form
///   posts, and nothing else: the shim makes no connections of its own and loads no styles.
/// Without an absolute `sdkURL` in sandbox mode the policy is our own origin alone. Other providers add the
/// origins they declare (`PaymentProvider.browserOrigins`) to the directive each is declared for, and only values
/// shaped like an origin (`http(s)://host[:port]`, a leading `*.` allowed in the host): nothing a provider says
/// can add a keyword, a path or another directive.
public struct ContentSecurityPolicy: Sendable, Equatable {
    /// One directive: its name and its sources, in order.
    public struct Directive: Sendable, Equatable {
        public var name: String
        public var sources: [String]
    }

    public var directives: [Directive]

    /// The host of Toss's browser SDK: the one Toss host trusted to run script on our pages.
    public static let tossSDKOrigin = "https://js.tosspayments.com"
    /// Toss's own subdomains: the payment window (frames and its form posts) and the SDK's API, event and
    /// log requests live there, and which one serves what is Toss's to change.
    public static let tossHosts = "https://*.tosspayments.com"

    public init(toss: TossSection, providers: [BrowserOrigins] = []) {
        let sdk = toss.sdkURL.flatMap { Self.origin(of: $0) }
        let scripts, styles, frames, connections, forms: [String]
        if toss.mode == "live" {
            scripts = Self.unique([Self.tossSDKOrigin, sdk].compactMap { $0 })
            styles = [Self.tossSDKOrigin]
            frames = [Self.tossHosts]
            connections = [Self.tossHosts]
            forms = [Self.tossHosts]
        } else {
            scripts = [sdk].compactMap { $0 }
            styles = []
            frames = scripts
            connections = []
            forms = scripts
        }
        func declared(_ keyPath: KeyPath<BrowserOrigins, [String]>) -> [String] {
            providers.flatMap { $0[keyPath: keyPath] }.filter(Self.isOrigin)
        }
        directives = [
            Directive(name: "default-src", sources: ["'self'"]),
            Directive(name: "script-src", sources: Self.unique(["'self'"] + scripts + declared(\.scripts))),
            Directive(name: "style-src", sources: Self.unique(["'self'"] + styles + declared(\.styles))),
            Directive(name: "img-src", sources: ["'self'", "data:"]),
            Directive(name: "connect-src", sources: Self.unique(["'self'"] + connections + declared(\.connections))),
            Directive(name: "frame-src", sources: Self.unique(["'self'"] + frames + declared(\.frames))),
            Directive(name: "form-action", sources: Self.unique(["'self'"] + forms + declared(\.forms))),
            Directive(name: "frame-ancestors", sources: ["'none'"]),
            Directive(name: "base-uri", sources: ["'self'"]),
            Directive(name: "object-src", sources: ["'none'"]),
        ]
    }

    private static func unique(_ sources: [String]) -> [String] {
        var seen = Set<String>()
        return sources.filter { seen.insert($0).inserted }
    }

    /// The sources of the named directive, or nil when the policy leaves it to `default-src`.
    public func sources(_ name: String) -> [String]? { directives.first { $0.name == name }?.sources }

    /// The header's value: `name source source; name …`.
    public var headerValue: String {
        directives.map { ([$0.name] + $0.sources).joined(separator: " ") }.joined(separator: "; ")
    }

    /// Whether `source` is `http(s)://host[:port]` with a host of letters, digits, dots and hyphens (a first
    /// label of `*` allowed) and nothing else.
    static func isOrigin(_ source: String) -> Bool {
        let rest: Substring
        if source.hasPrefix("https://") { rest = source.dropFirst(8) } else if source.hasPrefix("http://") { rest = source.dropFirst(7) } else { return false }
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let host = parts.first, !host.isEmpty, host.count <= 253 else { return false }
        if parts.count == 2 {
            guard parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(parts[1]), (1...65535).contains(port) else { return false }
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.enumerated().allSatisfy { index, label in
            if index == 0 && label == "*" && labels.count > 2 { return true }
            return !label.isEmpty && label.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
            }
        }
    }

    /// `scheme://host[:port]` of an absolute URL; nil for anything else, so a bad sdkURL adds nothing.
    static func origin(of string: String) -> String? {
        guard let url = URL(string: string), let scheme = url.scheme, let host = url.host, !host.isEmpty else { return nil }
        return url.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
    }
}
