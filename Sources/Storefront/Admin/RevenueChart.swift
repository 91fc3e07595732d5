import Mustache

/// The dashboard's 30-day revenue chart as numbers for `admin/dashboard`'s inline SVG: bar rectangles, grid lines
/// and labels, computed here so the template only places them (no script, no chart library). The bars are
/// hatched and every one carries its day and amount as a `<title>`, and the same figures are in a table beside
/// the chart, so nothing depends on telling colours apart.
struct RevenueChart {
    static let width = 640, height = 260
    static let left = 72, right = 8, top = 12, bottom = 28

    let days: [DashboardQueries.Day]

    /// The top of the scale: the highest day rounded up to a round figure (at least 10,000원).
    var scaleMax: Int {
        let highest = max(days.map(\.revenue).max() ?? 0, 10_000)
        var step = 10_000
        while step < highest / 4, step < Int.max / 10 { step *= 10 }
        let (steps, remainder) = highest.quotientAndRemainder(dividingBy: step)
        return (steps + (remainder > 0 ? 1 : 0)) * step
    }

    var value: MustacheValue {
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        let slot = days.isEmpty ? plotWidth : plotWidth / days.count
        let barWidth = max(2, slot - 4)
        let top = scaleMax
        func y(_ amount: Int) -> Int {
            // amount ≤ top; Double keeps the product of two large integers from overflowing.
            Self.top + plotHeight - Int((Double(max(0, amount)) / Double(top) * Double(plotHeight)).rounded())
        }
        let bars: [MustacheValue] = days.enumerated().map { index, day in
            let barTop = y(day.revenue)
            return .object([
                "x": .int(Self.left + index * slot + 2), "y": .int(barTop), "width": .int(barWidth),
                "height": .int(Self.top + plotHeight - barTop),
                "label": .string("\(KoreaDate.short(day.start)) \(Won.format(day.revenue)), \(day.orders)건"),
            ])
        }
        let ticks: [MustacheValue] = [0, top / 2, top].map { amount in
            .object(["y": .int(y(amount)), "textY": .int(y(amount) + 4), "text": .string(Won.format(amount))])
        }
        // A date under every fifth bar and the last, so labels never collide.
        let dates: [MustacheValue] = days.enumerated().compactMap { index, day in
            guard index % 5 == 0 || index == days.count - 1 else { return nil }
            return .object(["x": .int(Self.left + index * slot + slot / 2), "text": .string(KoreaDate.short(day.start))])
        }
        return .object([
            "width": .int(Self.width), "height": .int(Self.height), "plotLeft": .int(Self.left),
            "plotRight": .int(Self.width - Self.right), "baseY": .int(Self.top + plotHeight),
            "dateY": .int(Self.height - 8), "bars": .array(bars), "ticks": .array(ticks), "dates": .array(dates),
            "summary": .string("최근 \(days.count)일 매출: 최고 \(Won.format(days.map(\.revenue).max() ?? 0)), 합계 \(Won.format(days.reduce(0) { $0 &+ $1.revenue }))"),
        ])
    }
}
