/// A set of literal byte strings found in one left-to-right pass (Aho–Corasick), ASCII
/// case-insensitively.
///
/// The automaton is a dense table over byte classes (the bytes that occur in some pattern,
/// ASCII letters folded, plus one class for every other byte), so each input byte costs one
/// table load; states with matches carry a flag bit so the common no-match step does no more.
/// Patterns are normalised with `NormalizedText.normalize` and should be matched against
/// `NormalizedText.bytes`. Immutable once built; safe to share between threads.
final class AhoCorasick: Sendable {
    /// One occurrence: which pattern (its index in the array given to `init`) and where, in
    /// normalised bytes.
    struct Match: Equatable {
        let pattern: Int
        let start: Int
        let end: Int
    }

    private let classOf: [UInt8]
    private let classCount: Int
    /// `next[state * classCount + class]` = (next state << 1) | (1 if that state has outputs).
    private let next: [UInt32]
    private let outputStart: [Int32]
    private let outputs: [Int32]
    private let lengths: [Int]

    /// Builds the automaton. Empty patterns are ignored.
    /// - Parameter normalizing: run each pattern through `NormalizedText.normalize` first
    ///   (true for natural-language phrases; false for byte-exact ASCII literals).
    init(_ patterns: [String], normalizing: Bool = true) {
        let bytes = patterns.map { normalizing ? NormalizedText.normalize($0) : Array($0.utf8) }
        lengths = bytes.map(\.count)
        // Byte classes: ASCII letters fold to their lower-case byte.
        var classOf = [UInt8](repeating: 0, count: 256)
        var count = 1
        for p in bytes {
            for b in p {
                let f = Self.fold(b)
                if classOf[Int(f)] == 0 {
                    precondition(count < 256, "AhoCorasick: too many distinct bytes")
                    classOf[Int(f)] = UInt8(count)
                    count += 1
                }
            }
        }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { classOf[Int(b)] = classOf[Int(b | 0x20)] }
        self.classOf = classOf
        classCount = count

        // Trie.
        var children: [[Int: Int]] = [[:]]
        var out: [[Int32]] = [[]]
        for (index, p) in bytes.enumerated() where !p.isEmpty {
            var s = 0
            for b in p {
                let c = Int(classOf[Int(Self.fold(b))])
                if let t = children[s][c] { s = t } else {
                    children.append([:])
                    out.append([])
                    children[s][c] = children.count - 1
                    s = children.count - 1
                }
            }
            out[s].append(Int32(index))
        }
        // Failure links in breadth-first order, folded into a complete transition table.
        let states = children.count
        var table = [Int](repeating: 0, count: states * count)
        var fail = [Int](repeating: 0, count: states)
        var queue: [Int] = []
        for c in 0..<count {
            if let t = children[0][c] { table[c] = t; queue.append(t) }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            out[s].append(contentsOf: out[fail[s]])
            for c in 0..<count {
                if let t = children[s][c] {
                    fail[t] = table[fail[s] * count + c]
                    table[s * count + c] = t
                    queue.append(t)
                } else {
                    table[s * count + c] = table[fail[s] * count + c]
                }
            }
        }
        next = table.map { UInt32($0) << 1 | (out[$0].isEmpty ? 0 : 1) }
        var starts: [Int32] = []
        var flat: [Int32] = []
        for o in out {
            starts.append(Int32(flat.count))
            flat.append(contentsOf: o.sorted())
        }
        starts.append(Int32(flat.count))
        outputStart = starts
        outputs = flat
    }

    @inline(__always)
    private static func fold(_ b: UInt8) -> UInt8 {
        b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }

    /// Calls `body` for every occurrence of every pattern, in order of end position (and of
    /// pattern index for occurrences ending at the same byte).
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        classOf.withUnsafeBufferPointer { classOf in
            next.withUnsafeBufferPointer { next in
                var state = 0
                let k = classCount
                for i in 0..<text.count {
                    let v = next[state &* k &+ Int(classOf[Int(text[i])])]
                    state = Int(v >> 1)
                    if v & 1 != 0 {
                        for o in Int(outputStart[state])..<Int(outputStart[state + 1]) {
                            let p = Int(outputs[o])
                            body(Match(pattern: p, start: i + 1 - lengths[p], end: i + 1))
                        }
                    }
                }
            }
        }
    }

    /// Every occurrence in `bytes` (see `forEachMatch`).
    func matches(in bytes: [UInt8]) -> [Match] {
        var found: [Match] = []
        bytes.withUnsafeBufferPointer { buffer in forEachMatch(in: buffer) { found.append($0) } }
        return found
    }
}
