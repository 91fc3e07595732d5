import Foundation
import Testing

extension ShopperJourneyTests {
    @Test("the page audit names a missing lang, h1, image alt and field label, and a page wider than the window")
    func auditCatchesProblems() async throws {
        let driver = try #require(BrowserEnvironment.driver)
        let browser = try await WebDriverSession.start(driverPort: driver.port, width: 375, height: 740)
        do {
            let html = """
            <!doctype html><html><body><h2>no h1</h2><img src="data:,">
            <input name="q"><label>묶인 <input name="wrapped"></label><input type="hidden" name="token">
            <div style="width:2000px">wide</div></body></html>
            """
            let encoded = try #require(html.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            try await browser.navigate("data:text/html;charset=utf-8," + encoded)
            let problems = try await browser.execute(PageAudit.accessibility) as? [String] ?? []
            #expect(problems.count == 4, "\(problems)")
            #expect(problems.contains("html lang is null"))
            #expect(problems.contains("0 h1 elements"))
            #expect(problems.contains { $0.hasPrefix("img without alt") })
            #expect(problems.contains("unlabelled input name=q"))
            let overflow = try await browser.execute(PageAudit.horizontalOverflow) as? [String] ?? []
            #expect(overflow.count == 1)
        } catch {
            await browser.quit()
            throw error
        }
        await browser.quit()
    }
}
