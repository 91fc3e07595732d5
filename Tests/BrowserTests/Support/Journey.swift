import Foundation
import Storefront
import Testing
import TestSupport

/// One shopper's visit: a live shop, one headless browser session, and the screenshots it leaves under
/// `.build/browser-screenshots/<name>/`. Every page it arrives at through `arrive(at:)` is checked for
/// console errors and accessibility, and at narrow widths for sideways scrolling.
final class Journey {
    let name: String
    let live: LiveShop
    let browser: WebDriverSession
    let folder: URL
    private(set) var shots = 0
    /// Set for phone-sized windows: every page is also checked for horizontal scroll.
    let checksOverflow: Bool
    /// Where the last checkout's payment window opened, as Toss's SDK chooses by the window's width.
    var paymentWindow: PaymentWindow?

    enum PaymentWindow: Equatable { case page, iframe }

    private init(name: String, live: LiveShop, browser: WebDriverSession, checksOverflow: Bool) throws {
        self.name = name
        self.live = live
        self.browser = browser
        self.checksOverflow = checksOverflow
        folder = BrowserEnvironment.artifacts.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Runs `body` against a fresh live shop in a new browser window of the given size, then closes both.
    static func run(_ name: String, width: Int = 1280, height: Int = 900, stock: Int = 10,
                    configure: (inout StorefrontConfig) -> Void = { _ in },
                    _ body: (Journey) async throws -> Void) async throws {
        let driver = try #require(BrowserEnvironment.driver, "the suite's chromedriver trait did not run")
        try await withLiveShop(stock: stock, extraProducts: Self.extraProducts, configure: configure) { live in
            let browser = try await WebDriverSession.start(driverPort: driver.port, width: width, height: height)
            do {
                let journey = try Journey(name: name, live: live, browser: browser, checksOverflow: width < 600)
                try await body(journey)
                try await journey.finalConsoleCheck()
            } catch {
                await browser.quit()
                throw error
            }
            await browser.quit()
        }
    }

    /// Products beside the fixture's 사과 so that search and the category filter have something to narrow.
    static let extraProducts = [
        NewProduct(name: "사과 주스", price: 3_500, category: "음료", country: "대한민국", manufacturer: "한빛음료", quantity: 20,
                   description: "사과를 그대로 짜낸 주스", image: "/public/images/products/beverages.svg"),
        NewProduct(name: "배", price: 8_000, category: "과일", country: "대한민국", manufacturer: "나주농원", quantity: 20,
                   image: "/public/images/products/fruit.svg"),
        // A maker written with hanja the Korean fonts lack (圳), wearing its demo picture.
        NewProduct(name: cjkProductName, price: 89_000, category: "디지털", country: "중국", manufacturer: "深圳 테크",
                   quantity: 20, description: "노이즈 캔슬링과 최대 24시간 재생.",
                   image: DemoCatalogPictures.urlPrefix + "digital-1-3.svg"),
    ]
    static let cjkProductName = "深圳 테크 무선 이어폰"

    // MARK: Moving around

    /// Opens a shop path (or an absolute URL) and checks the page.
    func open(_ path: String, as page: String) async throws {
        try await browser.navigate(path.hasPrefix("http") ? path : live.origin + path)
        try await arrive(at: page)
    }

    /// Checks the page the browser is on now and saves its screenshot as `NN-page.png`.
    /// `expectingErrorStatus` is for pages a form answers with 4xx (validation): Chromium logs the
    /// document's own status as a console error, which is then expected; any other error still counts.
    func arrive(at page: String, expectingErrorStatus: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let url = try await browser.currentURL()
        var errors = try await browser.consoleErrors()
        if expectingErrorStatus {
            // Chromium logs the document's status a moment after the load; wait for it so that it is
            // matched here rather than blamed on the next page.
            _ = try await browser.wait(timeout: .seconds(2)) {
                if errors.contains(where: Self.isErrorStatus) { return true }
                errors += try await browser.consoleErrors()
                return false
            }
        }
        for error in errors {
            if expectingErrorStatus, error.hasPrefix(live.origin), Self.isErrorStatus(error) { continue }
            if Self.isMissingFavicon(error) { continue }
            Issue.record("console error on \(page) (\(url)): \(error)", sourceLocation: sourceLocation)
        }
        let problems = try await browser.execute(PageAudit.accessibility) as? [String] ?? ["audit script returned nothing"]
        for problem in problems { Issue.record("accessibility on \(page) (\(url)): \(problem)", sourceLocation: sourceLocation) }
        if checksOverflow {
            let overflow = try await browser.execute(PageAudit.horizontalOverflow) as? [String] ?? []
            for problem in overflow { Issue.record("horizontal scroll on \(page) (\(url)): \(problem)", sourceLocation: sourceLocation) }
        }
        shots += 1
        let file = folder.appendingPathComponent(String(format: "%02d-%@.png", shots, page))
        try await browser.screenshot().write(to: file)
    }

    private static func isErrorStatus(_ message: String) -> Bool {
        message.contains(" - Failed to load resource: the server responded with a status of 4")
    }

    /// Chromium asks every origin for /favicon.ico on its own; the sandbox's pages (not the shop's, which
    /// link their icon) have none, and that 404 is no fault of the page.
    private static func isMissingFavicon(_ message: String) -> Bool {
        message.contains("/favicon.ico - Failed to load resource")
    }

    /// Console errors logged after the last page was checked (an error can arrive a moment late).
    func finalConsoleCheck() async throws {
        for error in try await browser.consoleErrors() where !Self.isMissingFavicon(error) {
            Issue.record("console error after the last page: \(error)")
        }
    }

    /// Clicks the button or link labelled `label` and checks the page it leads to.
    func press(_ label: String, arrivingAt page: String, expectingErrorStatus: Bool = false,
               sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await browser.button(label).click()
        try await arrive(at: page, expectingErrorStatus: expectingErrorStatus, sourceLocation: sourceLocation)
    }

    /// Types into the field with the given id, replacing what is there.
    func fill(_ id: String, _ text: String) async throws {
        try await browser.find("#\(id)").replace(with: text)
    }

    /// The trimmed text of the first element matching `css`.
    func text(_ css: String) async throws -> String? { try await browser.text(css) }

    /// The path and query of the current page.
    func currentPath() async throws -> String {
        let url = try await browser.currentURL()
        return url.hasPrefix(live.origin) ? String(url.dropFirst(live.origin.count)) : url
    }
}
