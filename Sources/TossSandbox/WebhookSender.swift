import Foundation
import JSON
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// One webhook attempt, kept so tests and the dashboard can see what was sent and how it was answered.
public struct WebhookDelivery: Sendable, Equatable {
    public var eventType: String
    public var orderId: String
    public var status: String
    /// 0 on the first try, as Toss's `tosspayments-webhook-transmission-retried-count`.
    public var retriedCount: Int
    /// The merchant's HTTP status, or nil when the request failed outright.
    public var answer: Int?
}

/// Delivers webhooks like Toss (TOSS_API.md §6): POST JSON with the transmission headers, success only
/// on 200, otherwise up to 7 retries after 1, 4, 16, 64, 256, 1024 and 4096 units (a minute each at
/// Toss; tests shrink the unit). Deliveries run in the background and never block an API answer.
final class WebhookSender: Sendable {
    static let retryUnits: [Int64] = [1, 4, 16, 64, 256, 1024, 4096]

    private let target = Mutex<String?>(nil)
    private let history = Mutex<[WebhookDelivery]>([])
    private let stopped = Atomic<Bool>(false)
    private let retryUnit: Duration
    private let session: URLSession

    init(url: String?, retryUnit: Duration) {
        target.withLock { $0 = url }
        self.retryUnit = retryUnit
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        // A webhook sender keeps no cookies and caches nothing, as Toss's servers don't.
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    func setURL(_ url: String?) { target.withLock { $0 = url } }
    var deliveries: [WebhookDelivery] { history.withLock { $0 } }

    func send(_ events: [SandboxWebhook], now: Date) {
        guard let url = target.withLock({ $0 }).flatMap(URL.init(string:)) else { return }
        for event in events {
            let (eventType, orderId, status, body) = Self.encode(event, now: now)
            Task { [self] in await deliver(to: url, eventType: eventType, orderId: orderId, status: status, body: body, now: now) }
        }
    }

    /// Ends retries. Deliveries are never cancelled mid-request (swift-corelibs-foundation can deadlock
    /// when a task cancellation races a URLSession completion); they stop at their next wait instead.
    func stop() { stopped.store(true, ordering: .relaxed) }

    private func deliver(to url: URL, eventType: String, orderId: String, status: String, body: Data, now: Date) async {
        let transmissionId = "whtrans_" + SandboxIdentifiers.alphanumeric(27).lowercased()
        for retried in 0...Self.retryUnits.count {
            if retried > 0 {
                let until = ContinuousClock.now.advanced(by: retryUnit * Self.retryUnits[retried - 1])
                while ContinuousClock.now < until {
                    if stopped.load(ordering: .relaxed) { return }
                    try? await Task.sleep(for: min(.milliseconds(100), until - ContinuousClock.now))
                }
            }
            if stopped.load(ordering: .relaxed) { return }
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue(SandboxTime.text(now), forHTTPHeaderField: "tosspayments-webhook-transmission-time")
            request.setValue(String(retried), forHTTPHeaderField: "tosspayments-webhook-transmission-retried-count")
            request.setValue(transmissionId, forHTTPHeaderField: "tosspayments-webhook-transmission-id")
            let answer = try? await (session.data(for: request).1 as? HTTPURLResponse)?.statusCode
            history.withLock {
                $0.append(WebhookDelivery(eventType: eventType, orderId: orderId, status: status, retriedCount: retried, answer: answer))
            }
            if answer == 200 { return }
        }
    }

    static func encode(_ event: SandboxWebhook, now: Date) -> (String, String, String, Data) {
        switch event {
        case .statusChanged(let payment):
            let object = (try? JSONSerialization.jsonObject(with: payment)) as? [String: Any]
            var body = Data("{\"eventType\":\"PAYMENT_STATUS_CHANGED\",\"createdAt\":\"\(SandboxTime.webhookText(now))\",\"data\":".utf8)
            body.append(payment)
            body.append(Data("}".utf8))
            return ("PAYMENT_STATUS_CHANGED", object?["orderId"] as? String ?? "", object?["status"] as? String ?? "", body)
        case .depositCallback(let orderId, let secret, let status, let transactionKey):
            let object: [String: Any] = ["createdAt": SandboxTime.webhookText(now), "secret": secret, "status": status,
                                         "transactionKey": transactionKey, "orderId": orderId]
            return ("DEPOSIT_CALLBACK", orderId, status, (try? JSONWriter.data(object)) ?? Data())
        }
    }
}
