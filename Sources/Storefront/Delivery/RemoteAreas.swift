/// Which 5-digit postal codes (국가기초구역번호, in use since 2015-08-01) cost a delivery surcharge, and which kind.
///
/// Source: the 도서산간 list Korean couriers apply — CJ대한통운's 도서산간 지역 table as shops copy it into their
/// 추가배송비 settings (네이버 스마트스토어, 카페24 and 고도몰 ship the same ranges as their defaults), and the
/// 제주특별자치도 block 63000–63644 of the 국가기초구역 assignment (행정안전부 도로명주소 안내시스템, juso.go.kr).
/// Written from those published tables, not fetched: no courier service can be reached offline, so an operator
/// whose courier's list differs edits the table here. The ranges are inclusive.
///
/// Guarantee: an island of 제주 (추자도, 우도) is `.island`, not `.jeju` — it is reached by boat and priced as
/// 도서산간 — because `kind(of:)` looks at the island ranges first.
public enum RemoteAreas {
    /// 제주 본섬 and every other code of 제주특별자치도.
    static let jeju: [ClosedRange<Int>] = [63000...63644]

    /// 도서산간: islands reached by boat (and 울릉도), by province.
    static let islands: [ClosedRange<Int>] = [
        22386...22388, // 인천 중구 (무의도, 실미도 …)
        23004...23010, // 인천 강화군 (교동·삼산·서도면)
        23100...23116, 23124...23136, // 인천 옹진군 (백령·연평·덕적·자월 …)
        31708...31708, // 충남 당진시 (대난지도)
        32133...32133, // 충남 태안군 (가의도)
        33411...33411, // 충남 보령시 (원산·삽시·외연도 …)
        40200...40240, // 경북 울릉군
        46768...46771, // 부산 강서구 (가덕도)
        52570...52571, // 경남 사천시 (신수도)
        53031...53033, 53089...53104, // 경남 통영시 (욕지·한산·사량도 …)
        54000...54000, // 전북 군산시 (선유도·어청도 …)
        56347...56349, // 전북 부안군 (위도)
        57068...57069, // 전남 영광군 (낙월·송이도)
        58760...58762, // 전남 목포시 (외달도·달리도)
        58800...58810, 58816...58818, 58826...58866, // 전남 신안군
        58953...58958, // 전남 진도군 (조도 …)
        59102...59103, 59106...59106, 59127...59127, 59129...59129, 59137...59166, // 전남 완도군
        59421...59421, // 전남 보성군 (장도)
        59531...59531, 59551...59551, // 전남 고흥군 (시산·거금도 …)
        59563...59563, 59568...59568, 59650...59650, 59766...59766, 59781...59790, // 전남 여수시 (섬)
        63000...63001, // 제주 추자도
        63365...63365, // 제주 우도
    ]

    /// Where `postalCode` (5 ASCII digits) lies; `.mainland` for anything else, malformed codes included.
    public static func kind(of postalCode: String) -> AreaKind {
        guard postalCode.utf8.count == 5, postalCode.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let code = Int(postalCode) else { return .mainland }
        if islands.contains(where: { $0.contains(code) }) { return .island }
        if jeju.contains(where: { $0.contains(code) }) { return .jeju }
        return .mainland
    }

    /// The kinds of area the fee tells apart.
    public enum AreaKind: String, Sendable, Equatable {
        case mainland, jeju, island

        /// How the receipt names the surcharge.
        public var surchargeLabel: String {
            switch self {
            case .mainland: ""
            case .jeju: "제주 추가 배송비"
            case .island: "도서산간 추가 배송비"
            }
        }
    }
}
