import HTTP
import Logging
import TestSupport
import Testing

@Suite("X-Forwarded-For from trusted proxies")
struct ForwardedForTests {
    let proxies = ForwardedFor(trustedProxies: ["10.0.0.5", "10.0.0.6", "::1"])

    /// The client address a handler sees for a request from `peer` carrying `forwardedFor` headers.
    func seenAddress(peer: String, forwardedFor: [String], proxies: ForwardedFor? = nil) -> String {
        let headers = HTTPHeaders(forwardedFor.map { ("X-Forwarded-For", $0) })
        let request = Request(method: .GET, target: "/", path: "/", rawQuery: "", headers: headers, remoteAddress: peer)
        return (proxies ?? self.proxies).resolve(request).remoteAddress
    }

    @Test("through a trusted proxy the client is the address the proxy appended")
    func trustedPeer() {
        #expect(seenAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(seenAddress(peer: "::1", forwardedFor: ["2001:db8::1"]) == "2001:db8::1")
    }

    @Test("addresses the client wrote itself, left of the proxies' entries, are ignored")
    func rightMostUntrusted() {
        #expect(seenAddress(peer: "10.0.0.5", forwardedFor: ["1.1.1.1, 203.0.113.7, 10.0.0.6"]) == "203.0.113.7")
        #expect(seenAddress(peer: "10.0.0.5", forwardedFor: ["1.1.1.1", "203.0.113.7,10.0.0.6"]) == "203.0.113.7")
    }

    @Test("a peer that is not a trusted proxy keeps its own address, whatever it sends")
    func untrustedPeer() {
        #expect(seenAddress(peer: "198.51.100.9", forwardedFor: ["203.0.113.7"]) == "198.51.100.9")
    }

    @Test("with no trusted proxies configured the header is never read")
    func noneTrusted() {
        #expect(seenAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.7"], proxies: ForwardedFor.none) == "10.0.0.5")
    }

    @Test("a malformed entry, or only proxies in the header, leaves the proxy's own address",
          arguments: [["evil, 203.0.113.7x"], ["203.0.113.7:443"], ["10.0.0.6"], [""], []])
    func malformed(forwardedFor: [String]) {
        #expect(seenAddress(peer: "10.0.0.5", forwardedFor: forwardedFor) == "10.0.0.5")
    }

    @Test("a proxy is recognised however its address is spelled, or mapped into IPv6 by a dual-stack listener")
    func spellings() {
        #expect(seenAddress(peer: "::ffff:10.0.0.5", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(seenAddress(peer: "0:0:0:0:0:0:0:1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(seenAddress(peer: "10.0.0.5", forwardedFor: ["203.0.113.7, ::ffff:10.0.0.6"]) == "203.0.113.7")
    }

    @Test("canonical spellings", arguments: [("::ffff:127.0.0.1", "127.0.0.1"), ("0:0::1", "::1"),
                                             ("2001:DB8::1", "2001:db8::1"), ("127.0.0.1", "127.0.0.1")])
    func canonicalSpellings(text: String, canonical: String) {
        #expect(ForwardedFor.canonical(text) == canonical)
    }

    @Test("IP address recognition takes IPv4 and IPv6 and nothing else",
          arguments: [("127.0.0.1", true), ("::1", true), ("2001:db8::1", true), ("localhost", false),
                      ("127.0.0.1:80", false), ("[::1]", false), ("", false), ("256.0.0.1", false)])
    func ipAddresses(text: String, isAddress: Bool) {
        #expect(ForwardedFor.isIPAddress(text) == isAddress)
    }
}

@Suite("X-Forwarded-For through the server")
struct ForwardedForServerTests {
    @Test("the handler and the access log see the forwarded client of a trusted proxy")
    func handlerAndAccessLog() async throws {
        var configuration = ServerConfiguration(port: 0, eventLoops: 1)
        configuration.forwardedFor = ForwardedFor(trustedProxies: ["127.0.0.1"])
        let logged = InMemoryLogHandler()
        let fixture = try ServerFixture(configuration: configuration, accessLog: logged.logger) { .text($0.remoteAddress) }
        let response = try await TestHTTPClient.request(port: fixture.port, "GET", "/", headers: [("X-Forwarded-For", "203.0.113.7")])
        #expect(response.text == "203.0.113.7")
        // The log line is written just after the response is handed to the loop.
        let deadline = ContinuousClock.now + TestHTTPClient.patience
        while logged.entries.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(logged.entries("request").map { $0.metadata["remote"] } == ["203.0.113.7"])
        await fixture.stop()
    }
}
