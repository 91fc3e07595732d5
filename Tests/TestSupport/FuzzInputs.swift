import Foundation

/// The inputs a libFuzzer target under `Tests/Fuzz` keeps in the repository: its seed corpus and every input that
/// ever made it fail (`Tests/Fuzz/Regressions/TARGET/`). The normal suite replays them all, so a crash found once
/// by fuzzing stays fixed without anyone running the fuzzer again.
public enum FuzzInputs {
    /// One kept input: the file's path relative to `Tests/Fuzz` (for test names) and its bytes.
    public struct Input: Sendable, CustomStringConvertible {
        public let name: String
        public let bytes: [UInt8]
        public var description: String { name }
    }

    /// The seeds and the regressions of `target`, sorted by name; regressions first.
    public static func of(_ target: String) -> [Input] {
        let fuzz = LiveShopPaths.root.appendingPathComponent("Tests/Fuzz")
        return ["Regressions", "Corpus"].flatMap { kind -> [Input] in
            let folder = fuzz.appendingPathComponent("\(kind)/\(target)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.sorted().compactMap { name in
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
                return Input(name: "\(kind)/\(target)/\(name)", bytes: [UInt8](data))
            }
        }
    }
}
