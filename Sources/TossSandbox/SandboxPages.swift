import Foundation

/// The sandbox's own HTML: the payment window and the dashboard. Plain server-rendered pages in Korean,
/// clearly marked as a sandbox so nobody mistakes them for Toss.
enum SandboxPages {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func won(_ amount: Int) -> String {
        let digits = String(abs(amount))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (amount < 0 ? "-" : "") + grouped + "원"
    }

    static func layout(title: String, _ body: String) -> String {
        """
        <!doctype html>
        <html lang="ko">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · Toss 샌드박스</title>
        <style>
        body { font-family: "NanumGothic", "Noto Sans KR", sans-serif; background: #f2f4f6; color: #191f28; margin: 0; }
        main { max-width: 28rem; margin: 2rem auto; background: #fff; border-radius: 1rem; padding: 1.5rem; box-shadow: 0 2px 8px rgba(0,0,0,.08); }
        main.wide { max-width: 60rem; }
        .badge { display: inline-block; background: #fff3bf; color: #5c3c00; border-radius: .5rem; padding: .1rem .5rem; font-size: .85rem; }
        dl { display: grid; grid-template-columns: auto 1fr; gap: .4rem 1rem; }
        dt { color: #4e5968; } dd { margin: 0; font-weight: bold; }
        form { display: inline; }
        button { font: inherit; border: 0; border-radius: .6rem; padding: .7rem 1.1rem; margin: .25rem .25rem .25rem 0; cursor: pointer; }
        button.primary { background: #3182f6; color: #fff; } button.secondary { background: #e8f3ff; color: #1b64da; }
        button.danger { background: #fde2e1; color: #c22c21; }
        button:focus-visible { outline: 3px solid #191f28; outline-offset: 2px; }
        table { width: 100%; border-collapse: collapse; } th, td { text-align: left; padding: .4rem; border-bottom: 1px solid #e5e8eb; }
        </style>
        </head>
        <body>
        <main\(title == "대시보드" ? " class=\"wide\"" : "")>
        <p class="badge">오프라인 Toss 샌드박스 · 실제 결제가 아닙니다</p>
        \(body)
        </main>
        </body>
        </html>
        """
    }

    /// The payment window. `inFrame`: it sits in the SDK's iframe over the shop's page, so each choice is
    /// posted by the top page (`target="_top"`) and its redirect to successUrl or failUrl replaces the shop's
    /// page, as Toss's window does; the shop's pages refuse to be framed, so they must never load in here.
    static func window(_ payment: SandboxPayment, inFrame: Bool = false) -> String {
        let key = escape(payment.paymentKey)
        let target = inFrame ? " target=\"_top\"" : ""
        func button(_ action: String, _ label: String, _ style: String, withoutPoints: Bool = false) -> String {
            let points = withoutPoints ? "<input type=\"hidden\" name=\"points\" value=\"none\">" : ""
            return """
            <form method="post" action="/sandbox/window/\(key)"\(target)><input type="hidden" name="action" value="\(action)">\(points)\
            <button type="submit" class="\(style)" name="choice" value="\(action)">\(label)</button></form>
            """
        }
        var rows = """
        <dt>주문</dt><dd id="order-name">\(escape(payment.orderName))</dd>
        <dt>주문번호</dt><dd id="order-id">\(escape(payment.orderId))</dd>
        <dt>결제수단</dt><dd id="method">\(payment.method.displayName)</dd>
        <dt>주문 금액</dt><dd id="amount">\(won(payment.totalAmount))</dd>
        """
        if payment.method == .tossPay {
            rows += """
            <dt>토스포인트 사용</dt><dd id="discount">\(won(payment.discount))</dd>
            <dt>계좌 또는 카드로 결제할 금액</dt><dd id="pay-amount">\(won(payment.totalAmount - payment.discount))</dd>
            """
        }
        if payment.method == .virtualAccount {
            rows += "<dt>입금 기한</dt><dd>발급 후 \(payment.validHours)시간</dd>"
        }
        let approve = payment.method == .virtualAccount ? "가상계좌 발급" : "결제 승인"
        var buttons = button("approve", approve, "primary")
        if payment.method == .tossPay {
            buttons += button("approve-card", "등록 카드로 결제 승인", "primary")
            // 토스페이 without Toss points, from either means: the points rows above then do not apply.
            if payment.discount > 0 {
                buttons += button("approve", "포인트 없이 결제 승인", "secondary", withoutPoints: true)
                    + button("approve-card", "포인트 없이 등록 카드로 결제 승인", "secondary", withoutPoints: true)
            }
        }
        buttons += button("cancel", "결제 취소", "secondary")
        switch payment.method {
        case .card, .tossPay:
            buttons += button("reject", "카드 거절", "danger") + button("insufficient", "잔액 부족", "danger")
        case .transfer:
            buttons += button("insufficient", "잔액 부족", "danger")
        case .virtualAccount:
            break
        }
        return layout(title: "결제하기", """
        <h1>결제하기</h1>
        <dl>\(rows)</dl>
        <p>승인하면 상점의 결제 완료 주소로, 취소하거나 실패를 고르면 실패 주소로 돌아갑니다.</p>
        <div class="actions">\(buttons)</div>
        """)
    }

    static func problem(code: String, message: String) -> String {
        layout(title: "결제 요청 오류", """
        <h1>결제창을 열 수 없습니다</h1>
        <p id="error-code">\(escape(code))</p>
        <p id="error-message">\(escape(message))</p>
        <p><a href="javascript:history.back()">돌아가기</a></p>
        """)
    }

    static func dashboard(_ payments: [SandboxPayment], deliveries: [WebhookDelivery]) -> String {
        let rows = payments.map { payment -> String in
            var action = ""
            if payment.status == "WAITING_FOR_DEPOSIT" && payment.virtualAccount?.expired != true {
                action = """
                <form method="post" action="/sandbox/deposit/\(escape(payment.orderId))"><button type="submit" class="primary">입금하기</button></form>
                """
            } else if payment.method == .virtualAccount && payment.status == "DONE" && payment.cancels.isEmpty {
                action = """
                <form method="post" action="/sandbox/reverse-deposit/\(escape(payment.orderId))"><button type="submit" class="danger">입금 오류(입금 취소)</button></form>
                """
            }
            let account = payment.virtualAccount.map { " \($0.accountNumber)" } ?? ""
            return "<tr><td>\(escape(payment.orderId))</td><td>\(escape(payment.orderName))</td><td>\(payment.method.displayName)\(escape(account))</td>"
                + "<td>\(won(payment.totalAmount))</td><td>\(won(payment.balanceAmount))</td><td>\(payment.status)</td><td>\(action)</td></tr>"
        }.joined(separator: "\n")
        let sent = deliveries.suffix(20).reversed().map { delivery in
            "<tr><td>\(delivery.eventType)</td><td>\(escape(delivery.orderId))</td><td>\(delivery.status)</td>"
                + "<td>\(delivery.retriedCount)</td><td>\(delivery.answer.map(String.init) ?? "연결 실패")</td></tr>"
        }.joined(separator: "\n")
        return layout(title: "대시보드", """
        <h1>샌드박스 결제 내역</h1>
        <table><thead><tr><th>주문번호</th><th>주문</th><th>결제수단</th><th>금액</th><th>잔액</th><th>상태</th><th></th></tr></thead>
        <tbody>\(rows.isEmpty ? "<tr><td colspan=\"7\">아직 결제가 없습니다.</td></tr>" : rows)</tbody></table>
        <h2>웹훅 전송 기록</h2>
        <table><thead><tr><th>이벤트</th><th>주문번호</th><th>상태</th><th>재시도</th><th>응답</th></tr></thead>
        <tbody>\(sent.isEmpty ? "<tr><td colspan=\"5\">아직 보낸 웹훅이 없습니다.</td></tr>" : sent)</tbody></table>
        """)
    }
}
