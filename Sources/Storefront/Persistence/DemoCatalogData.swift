/// The tables the demo catalog is generated from: each category's base items and the makers
/// that produce them. `DemoCatalog` crosses them into products.
enum DemoCatalogData {
    struct Item {
        let name: String
        let price: Int
        let description: String
    }

    struct Maker {
        let name: String
        let country: String
    }

    struct Category {
        let slug: String
        let name: String
        let makers: [Maker]
        let items: [Item]
    }

    static let categories: [Category] = [
        Category(slug: "food", name: "식품",
                 makers: [Maker(name: "한빛식품", country: "대한민국"), Maker(name: "산들농장", country: "대한민국"),
                          Maker(name: "Tuscany Table", country: "이탈리아")],
                 items: [Item(name: "유기농 현미 4kg", price: 18_900, description: "도정한 지 일주일 이내의 유기농 현미입니다."),
                         Item(name: "올리브유 엑스트라버진 500ml", price: 15_800, description: "첫 압착 올리브로 만든 향긋한 오일입니다."),
                         Item(name: "파스타 면 스파게티 1kg", price: 4_900, description: "듀럼밀 세몰리나로 만들어 쫄깃한 식감이 좋습니다."),
                         Item(name: "볶음 김 20봉", price: 9_900, description: "바삭하게 구운 도시락 김, 한 끼에 한 봉씩."),
                         Item(name: "수제 딸기잼 300g", price: 7_500, description: "국산 딸기를 설탕을 줄여 천천히 졸였습니다.")]),
        Category(slug: "beverages", name: "음료",
                 makers: [Maker(name: "청정수", country: "대한민국"), Maker(name: "Highland Roasters", country: "미국"),
                          Maker(name: "Hanoi Coffee Co.", country: "베트남")],
                 items: [Item(name: "원두커피 블렌드 1kg", price: 32_000, description: "다크초콜릿과 견과류 향이 나는 하우스 블렌드."),
                         Item(name: "콜드브루 원액 1L", price: 19_800, description: "열두 시간 저온 추출한 진한 원액입니다."),
                         Item(name: "제주 녹차 티백 50개", price: 12_500, description: "제주 햇차로 만든 부드러운 녹차."),
                         Item(name: "탄산수 500ml 20병", price: 13_900, description: "강한 탄산으로 상쾌한 무가당 탄산수."),
                         Item(name: "보리차 티백 100개", price: 6_900, description: "볶은 국산 보리로 구수하게 우려냅니다.")]),
        Category(slug: "household", name: "생활용품",
                 makers: [Maker(name: "깨끗한집", country: "대한민국"), Maker(name: "Nordhem", country: "스웨덴"),
                          Maker(name: "미도리생활", country: "일본")],
                 items: [Item(name: "천연 세탁세제 3L", price: 16_900, description: "식물 유래 세정 성분으로 만든 저자극 세제."),
                         Item(name: "극세사 수건 5장 세트", price: 24_900, description: "물기를 빠르게 흡수하는 호텔식 수건."),
                         Item(name: "3겹 화장지 30롤", price: 21_500, description: "먼지가 적고 도톰한 3겹 화장지."),
                         Item(name: "욕실 청소 솔 세트", price: 11_900, description: "줄눈과 모서리까지 닦이는 솔 세 종."),
                         Item(name: "섬유유연제 2.5L", price: 9_800, description: "은은한 코튼 향이 오래 남습니다.")]),
        Category(slug: "kitchen", name: "주방용품",
                 makers: [Maker(name: "한솥공방", country: "대한민국"), Maker(name: "Kochwerk", country: "독일"),
                          Maker(name: "Maison Cuivre", country: "프랑스")],
                 items: [Item(name: "스테인리스 냄비 20cm", price: 45_000, description: "통삼중 바닥으로 열이 고르게 퍼집니다."),
                         Item(name: "논스틱 프라이팬 28cm", price: 38_000, description: "기름을 적게 써도 눌어붙지 않는 코팅."),
                         Item(name: "원목 도마 대형", price: 29_000, description: "칼자국이 덜 남는 단단한 아카시아 원목."),
                         Item(name: "셰프 나이프 20cm", price: 89_000, description: "한 장의 강철로 단조한 균형 잡힌 칼."),
                         Item(name: "유리 밀폐용기 10종", price: 34_900, description: "오븐과 전자레인지에 모두 쓰는 내열유리.")]),
        Category(slug: "beauty", name: "뷰티",
                 makers: [Maker(name: "온결", country: "대한민국"), Maker(name: "Belle Fleur", country: "프랑스"),
                          Maker(name: "사쿠라랩", country: "일본")],
                 items: [Item(name: "수분 크림 50ml", price: 28_000, description: "히알루론산이 속건조를 채워 줍니다."),
                         Item(name: "약산성 클렌징폼 150ml", price: 12_000, description: "세안 후에도 당기지 않는 약산성 포뮬러."),
                         Item(name: "선크림 SPF50+ 50ml", price: 19_500, description: "백탁 없이 가볍게 발리는 데일리 선크림."),
                         Item(name: "립밤 3개 세트", price: 9_900, description: "시어버터로 입술을 촉촉하게 지켜 줍니다."),
                         Item(name: "헤어 오일 100ml", price: 22_000, description: "끝이 갈라진 머리에 윤기를 더합니다.")]),
        Category(slug: "fashion", name: "패션잡화",
                 makers: [Maker(name: "무명공방", country: "대한민국"), Maker(name: "Via Pelle", country: "이탈리아"),
                          Maker(name: "Urban Thread", country: "미국")],
                 items: [Item(name: "가죽 카드지갑", price: 39_000, description: "소가죽을 손바느질로 마감한 카드지갑."),
                         Item(name: "캔버스 토트백", price: 29_000, description: "노트북도 들어가는 튼튼한 캔버스 가방."),
                         Item(name: "울 머플러", price: 49_000, description: "따끔거리지 않는 부드러운 메리노 울."),
                         Item(name: "면 양말 5켤레", price: 12_900, description: "발목이 조이지 않는 순면 양말."),
                         Item(name: "볼캡 모자", price: 25_000, description: "워싱 처리로 자연스러운 색감의 볼캡.")]),
        Category(slug: "digital", name: "디지털",
                 makers: [Maker(name: "한결전자", country: "대한민국"), Maker(name: "Voltline", country: "미국"),
                          Maker(name: "深圳 테크", country: "중국")],
                 items: [Item(name: "무선 이어폰", price: 89_000, description: "노이즈 캔슬링과 최대 24시간 재생."),
                         Item(name: "고속 충전기 65W", price: 39_000, description: "노트북과 휴대폰을 한 번에 충전합니다."),
                         Item(name: "USB-C 케이블 2m", price: 12_900, description: "100W 급속 충전을 지원하는 나일론 케이블."),
                         Item(name: "블루투스 키보드", price: 59_000, description: "기기 세 대를 오가며 쓰는 저소음 키보드."),
                         Item(name: "보조배터리 10000mAh", price: 32_000, description: "손바닥만 한 크기의 고속 충전 배터리.")]),
        Category(slug: "stationery", name: "문구",
                 makers: [Maker(name: "글담문구", country: "대한민국"), Maker(name: "Papier & Co.", country: "프랑스"),
                          Maker(name: "카미야", country: "일본")],
                 items: [Item(name: "하드커버 노트 A5", price: 14_000, description: "만년필에도 번지지 않는 두꺼운 내지."),
                         Item(name: "젤펜 0.5mm 10자루", price: 8_900, description: "부드럽게 써지고 빨리 마르는 젤잉크."),
                         Item(name: "만년필 EF촉", price: 45_000, description: "입문용으로 좋은 가는 촉 만년필."),
                         Item(name: "탁상 달력", price: 9_500, description: "메모 칸이 넉넉한 탁상형 달력."),
                         Item(name: "형광펜 6색 세트", price: 6_500, description: "뒷면에 비치지 않는 파스텔 형광펜.")]),
        Category(slug: "sports", name: "스포츠",
                 makers: [Maker(name: "힘찬스포츠", country: "대한민국"), Maker(name: "Peak Motion", country: "미국"),
                          Maker(name: "Alpenweg", country: "독일")],
                 items: [Item(name: "요가 매트 8mm", price: 35_000, description: "미끄럽지 않고 무릎이 편한 두께."),
                         Item(name: "덤벨 5kg 2개", price: 42_000, description: "손에 감기는 육각 고무 덤벨."),
                         Item(name: "등산 스틱 2개", price: 69_000, description: "접으면 가방에 들어가는 카본 스틱."),
                         Item(name: "스포츠 물병 750ml", price: 15_900, description: "한 손으로 여는 원터치 뚜껑."),
                         Item(name: "러닝 양말 3켤레", price: 18_900, description: "발바닥 쿠션이 충격을 줄여 줍니다.")]),
        Category(slug: "pets", name: "반려동물",
                 makers: [Maker(name: "멍냥마켓", country: "대한민국"), Maker(name: "Happy Paws", country: "미국"),
                          Maker(name: "Kiwi Pet", country: "뉴질랜드")],
                 items: [Item(name: "강아지 사료 6kg", price: 48_000, description: "국내산 닭고기를 주원료로 한 전연령 사료."),
                         Item(name: "고양이 모래 10L", price: 17_900, description: "먼지가 적고 잘 뭉치는 벤토나이트."),
                         Item(name: "반려동물 방석", price: 32_000, description: "세탁기에 통째로 빠는 폭신한 방석."),
                         Item(name: "동결건조 간식 100g", price: 14_500, description: "재료 하나로 만든 동결건조 간식."),
                         Item(name: "산책 리드줄", price: 19_000, description: "밤에도 잘 보이는 반사 띠 리드줄.")]),
    ]
}
