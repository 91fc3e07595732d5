import HTTP
import Mustache

/// `GET /terms` (이용약관) and `GET /privacy` (개인정보 수집·이용 동의): the texts the sign-up form's required
/// consents point to, at the version `Consent.version` stores with each account.
struct PolicyPages: Sendable {
    let renderer: PageRenderer

    /// One policy text: a heading and its sections.
    struct Policy: Sendable {
        let heading: String
        let sections: [(title: String, paragraphs: [String])]
    }

    func register(_ router: inout Router) {
        router.get("/terms") { request in await self.show(Self.terms, request) }
        router.get("/privacy") { request in await self.show(Self.privacy, request) }
    }

    func show(_ policy: Policy, _ request: Request) async -> Response {
        await renderer.page("pages/policy", title: policy.heading, [
            "heading": .string(policy.heading),
            "effectiveText": .string("2026년 12월 1일 (버전 \(Consent.terms.version))"),
            "sections": .array(policy.sections.map { section in
                .object(["title": .string(section.title), "paragraphs": .array(section.paragraphs.map(MustacheValue.string))])
            }),
        ], for: request)
    }

    static let terms = Policy(heading: "이용약관", sections: [
        ("제1조 (목적)", ["이 약관은 스토어프론트(이하 \"회사\")가 운영하는 온라인 쇼핑몰에서 제공하는 서비스를 이용할 때 회사와 회원의 권리, 의무 및 책임을 정합니다."]),
        ("제2조 (회원가입)", ["이용자는 회사가 정한 가입 양식에 따라 회원정보를 기입하고 이 약관에 동의하여 회원가입을 신청합니다.",
                          "만 14세 미만은 회원으로 가입할 수 없습니다."]),
        ("제3조 (구매 신청과 결제)", ["회원은 상품을 선택하고 결제 수단을 골라 구매를 신청합니다. 결제는 토스페이먼츠를 통해 처리됩니다.",
                              "회원은 결제를 마친 주문을 발송 전까지 취소할 수 있으며, 결제 금액은 결제 수단으로 환불됩니다."]),
        ("제4조 (리뷰)", ["회원은 결제를 마친 주문의 상품마다 리뷰를 하나 쓸 수 있습니다. 욕설, 개인정보, 광고가 담긴 리뷰는 운영자가 이유를 밝혀 숨길 수 있습니다."]),
    ])

    static let privacy = Policy(heading: "개인정보 수집·이용 동의", sections: [
        ("수집하는 항목", ["아이디, 비밀번호(암호화하여 저장), 이름, 휴대폰 번호, 주문 시 받는 분의 이름과 연락처."]),
        ("수집·이용 목적", ["회원 식별과 로그인, 주문과 결제, 배송과 환불, 고객 문의에 대한 답변."]),
        ("보유·이용 기간", ["회원 탈퇴 시까지. 다만 전자상거래 등에서의 소비자보호에 관한 법률에 따라 계약·결제 기록은 5년, 소비자 불만·분쟁 처리 기록은 3년 보관합니다."]),
        ("동의를 거부할 권리", ["동의를 거부할 수 있으나, 거부하시면 회원가입과 주문을 할 수 없습니다."]),
    ])
}
