@testable import HTTP

/// Feeds `raw` to a parser `step` bytes at a time, the way a slow network would, and returns every event.
func parseInPieces(_ raw: [UInt8], step: Int, limits: ParserLimits) -> [ParseEvent] {
    var parser = RequestParser(limits: limits, remoteAddress: "127.0.0.1")
    var buffered: [UInt8] = []
    var events: [ParseEvent] = []
    var offset = 0
    while offset < raw.count {
        buffered += raw[offset..<min(raw.count, offset + step)]
        offset += step
        while true {
            var consumed = 0
            let event = buffered.withUnsafeBufferPointer { parser.parse($0, consumed: &consumed) }
            buffered.removeFirst(consumed)
            if case .needMore = event { break }
            events.append(event)
            if case .failure = event { return events }
        }
    }
    return events
}
