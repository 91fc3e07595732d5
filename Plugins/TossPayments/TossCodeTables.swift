// Toss Payments' institution codes (docs.tosspayments.com/codes/org-codes), as data. Each row carries every
// spelling Toss has used for the institution: the numeric code that API version 2022-11-16 sends (`bankCode`,
// `issuerCode`, `acquirerCode`), and the Korean and English codes that older versions sent in `bank` and
// `company` (the release note of 2022-11-16: "한글·영문 기관 코드를 숫자 기관 코드로 대체"), so a payment decoded
// under any version names the same institution.
//
// Source: the Toss page could not be opened from here; the rows were taken from four independent transcriptions
// of it that agree row for row (seokju-na/tosspayments-rs `bank_code.rs` and `card_code.rs`, and Java and Dart
// integrations that copy its four columns). A nil cell is one Toss's table leaves empty; cells only one
// transcription gave are marked "unverified" where they stand.

/// One row of Toss's code reference: a bank, a securities firm or a card company, under every spelling Toss has
/// used for it.
public struct TossInstitution: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case bank, securities
        /// A card company: a Korean issuer, or an international brand on a foreign card. `card.issuerCode` and
        /// `card.acquirerCode` both use these codes.
        case domesticCard, foreignCard
    }
    /// What 2022-11-16 sends in `bankCode`, `issuerCode` or `acquirerCode` (two characters: digits, `S…` for a
    /// securities firm, letters and digits for some card companies).
    public let code: String
    /// What older versions sent in `bank` or `card.company`; nil where Toss's table has none.
    public let korean: String?
    /// The English code older versions accepted in requests.
    public let english: String?
    /// The name a receipt shows.
    public let name: String
    public let kind: Kind

    init(_ code: String, _ korean: String?, _ english: String?, _ name: String, _ kind: Kind) {
        self.code = code
        self.korean = korean
        self.english = english
        self.name = name
        self.kind = kind
    }
}

extension TossCodes {
    /// Banks, then securities firms (an account at a securities firm can fund a transfer or take a refund).
    public static let bankTable: [TossInstitution] = [
        .init("39", "경남", "KYONGNAMBANK", "경남은행", .bank),
        .init("34", "광주", "GWANGJUBANK", "광주은행", .bank),
        .init("12", "단위농협", "LOCALNONGHYEOP", "단위농협(지역농축협)", .bank),
        .init("32", "부산", "BUSANBANK", "부산은행", .bank),
        .init("45", "새마을", "SAEMAUL", "새마을금고", .bank),
        .init("64", "산림", "SANLIM", "산림조합", .bank),
        .init("88", "신한", "SHINHAN", "신한은행", .bank),
        .init("48", "신협", "SHINHYEOP", "신협", .bank),
        .init("27", "씨티", "CITI", "씨티은행", .bank),
        .init("20", "우리", "WOORI", "우리은행", .bank),
        .init("71", "우체국", "POST", "우체국예금보험", .bank),
        .init("50", "저축", "SAVINGBANK", "저축은행중앙회", .bank),
        .init("37", "전북", "JEONBUKBANK", "전북은행", .bank),
        .init("35", "제주", "JEJUBANK", "제주은행", .bank),
        .init("90", "카카오", "KAKAOBANK", "카카오뱅크", .bank),
        .init("89", "케이", "KBANK", "케이뱅크", .bank),
        .init("92", "토스", "TOSSBANK", "토스뱅크", .bank),
        .init("81", "하나", "HANA", "하나은행", .bank),
        // Toss's table gives HSBC no Korean code.
        .init("54", nil, "HSBC", "홍콩상하이은행", .bank),
        .init("31", "대구", "DAEGUBANK", "DGB대구은행", .bank),
        .init("03", "기업", "IBK", "IBK기업은행", .bank),
        .init("06", "국민", "KOOKMIN", "KB국민은행", .bank),
        .init("02", "산업", "KDBBANK", "KDB산업은행", .bank),
        .init("11", "농협", "NONGHYEOP", "NH농협은행", .bank),
        .init("23", "SC제일", "SC", "SC제일은행", .bank),
        .init("07", "수협", "SUHYEOP", "Sh수협은행", .bank),
        .init("S8", "교보증권", "KYOBO_SECURITIES", "교보증권", .securities),
        .init("SE", "대신증권", "DAISHIN_SECURITIES", "대신증권", .securities),
        .init("SK", "메리츠증권", "MERITZ_SECURITIES", "메리츠증권", .securities),
        .init("S5", "미래에셋증권", "MIRAE_ASSET_SECURITIES", "미래에셋증권", .securities),
        .init("SM", "부국", "BOOKOOK_SECURITIES", "부국증권", .securities),
        .init("S3", "삼성증권", "SAMSUNG_SECURITIES", "삼성증권", .securities),
        .init("SN", "신영증권", "SHINYOUNG_SECURITIES", "신영증권", .securities),
        .init("S2", "신한금융투자", "SHINHAN_INVESTMENT", "신한금융투자", .securities),
        // Toss spells this English code without the second I.
        .init("S0", "유안타증권", "YUANTA_SECURITES", "유안타증권", .securities),
        .init("SJ", "유진투자증권", "EUGENE_INVESTMENT_AND_SECURITIES", "유진투자증권", .securities),
        .init("SQ", "카카오페이증권", "KAKAOPAY_SECURITIES", "카카오페이증권", .securities),
        .init("SB", "키움증권", "KIWOOM", "키움증권", .securities),
        .init("ST", "토스증권", "TOSS_SECURITIES", "토스증권", .securities),
        .init("SR", "펀드온라인코리아", "KOREA_FOSS_SECURITIES", "펀드온라인코리아", .securities),
        .init("SH", "하나금융투자", "HANA_INVESTMENT_AND_SECURITIES", "하나금융투자", .securities),
        .init("S9", "하이투자증권", "HI_INVESTMENT_AND_SECURITIES", "하이투자증권", .securities),
        .init("S6", "한국투자증권", "KOREA_INVESTMENT_AND_SECURITIES", "한국투자증권", .securities),
        .init("SG", "한화투자증권", "HANHWA_INVESTMENT_AND_SECURITIES", "한화투자증권", .securities),
        .init("SA", "현대차증권", "HYUNDAI_MOTOR_SECURITIES", "현대차증권", .securities),
        .init("SI", "DB금융투자", "DB_INVESTMENT_AND_SECURITIES", "DB금융투자", .securities),
        .init("S4", "KB증권", "KB_SECURITIES", "KB증권", .securities),
        .init("SP", "KTB투자증권", "DAOL_INVESTMENT_AND_SECURITIES", "KTB투자증권", .securities),
        .init("SO", "LIG투자", "LIG_INVESTMENT_AND_SECURITIES", "LIG투자증권", .securities),
        .init("SL", "NH투자증권", "NH_INVESTMENT_AND_SECURITIES", "NH투자증권", .securities),
        .init("SD", "SK증권", "SK_SECURITIES", "SK증권", .securities),
    ]

    /// Card companies: Korean issuers, then the international brands Toss names for foreign cards.
    public static let cardTable: [TossInstitution] = [
        .init("3K", "기업비씨", "IBK_BC", "기업BC", .domesticCard),
        .init("46", "광주", "GWANGJUBANK", "광주은행", .domesticCard),
        .init("71", "롯데", "LOTTE", "롯데카드", .domesticCard),
        .init("30", "산업", "KDBBANK", "KDB산업은행", .domesticCard),
        .init("31", "비씨", "BC", "BC카드", .domesticCard),
        .init("51", "삼성", "SAMSUNG", "삼성카드", .domesticCard),
        .init("38", "새마을", "SAEMAUL", "새마을금고", .domesticCard),
        .init("41", "신한", "SHINHAN", "신한카드", .domesticCard),
        .init("62", "신협", "SHINHYEOP", "신협", .domesticCard),
        .init("36", "씨티", "CITI", "씨티카드", .domesticCard),
        // 우리카드 (W1) split from 우리BC (33); both were "우리"/"WOORI" before 2022-11-16. An old `company` of
        // "우리" is read as 우리카드 (W1 comes first), the card 우리 issues today.
        .init("W1", "우리", "WOORI", "우리카드", .domesticCard),
        .init("33", "우리", "WOORI", "우리BC카드", .domesticCard),
        .init("37", "우체국", "POST", "우체국예금보험", .domesticCard),
        .init("39", "저축", "SAVINGBANK", "저축은행중앙회", .domesticCard),
        .init("35", "전북", "JEONBUKBANK", "전북은행", .domesticCard),
        .init("42", "제주", "JEJUBANK", "제주은행", .domesticCard),
        .init("15", "카카오뱅크", "KAKAOBANK", "카카오뱅크", .domesticCard),
        .init("3A", "케이뱅크", "KBANK", "케이뱅크", .domesticCard),
        .init("24", "토스뱅크", "TOSSBANK", "토스뱅크", .domesticCard),
        .init("21", "하나", "HANA", "하나카드", .domesticCard),
        .init("61", "현대", "HYUNDAI", "현대카드", .domesticCard),
        .init("11", "국민", "KOOKMIN", "KB국민카드", .domesticCard),
        .init("91", "농협", "NONGHYEOP", "NH농협카드", .domesticCard),
        .init("34", "수협", "SUHYEOP", "Sh수협은행", .domesticCard),
        // Foreign brands. Korean and English codes: unverified (one transcription each; the numeric codes and
        // names are in all four).
        .init("6D", "다이너스", "DINERS", "다이너스클럽", .foreignCard),
        .init("4M", "마스터", "MASTER", "마스터카드", .foreignCard),
        .init("3C", "유니온페이", "UNIONPAY", "유니온페이", .foreignCard),
        .init("7A", "아멕스", "AMEX", "아메리칸익스프레스", .foreignCard),
        .init("4J", "JCB", "JCB", "JCB", .foreignCard),
        .init("4V", "비자", "VISA", "VISA", .foreignCard),
    ]
}
