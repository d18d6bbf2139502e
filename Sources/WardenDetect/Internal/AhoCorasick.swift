/// A set of literal byte strings found in one left-to-right pass (Aho–Corasick), ASCII
/// case-insensitively.
///
/// The automaton is a dense table over byte classes (the bytes that occur in some pattern,
/// ASCII letters folded, plus one class for every other byte), so each input byte costs one
/// table load; states with matches carry a flag bit so the common no-match step does no more.
/// Patterns are normalised with `NormalizedText.normalize` and should be matched against
/// `NormalizedText.bytes`. Immutable once built; safe to share between threads.
///
/// When some patterns hold non-ASCII bytes (the other languages' phrases), a second automaton
/// of only the ASCII patterns runs on ASCII texts: no non-ASCII pattern can occur in them,
/// and without those patterns' states and byte classes the table is several times smaller,
/// so the states prose walks through stay in the CPU's caches (the injection lexicon: 9.4 MB
/// for every pattern; see `init`).
final class AhoCorasick: Sendable {
    /// One occurrence: which pattern (its index in the array given to `init`) and where, in
    /// normalised bytes.
    struct Match: Equatable {
        let pattern: Int
        let start: Int
        let end: Int
    }

    /// Every pattern.
    private let all: Table
    /// Only the ASCII patterns, when some are not (nil when all are, or none is).
    private let ascii: Table?

    /// Builds the automaton. Empty patterns are ignored.
    /// - Parameter normalizing: run each pattern through `NormalizedText.normalize` first
    ///   (true for natural-language phrases; false for byte-exact ASCII literals).
    init(_ patterns: [String], normalizing: Bool = true) {
        let bytes = patterns.map { normalizing ? NormalizedText.normalize($0) : Array($0.utf8) }
        all = Table(bytes, indices: nil)
        let asciiIndices = bytes.indices.filter { bytes[$0].allSatisfy { $0 < 0x80 } }
        ascii = asciiIndices.count == bytes.count || asciiIndices.isEmpty
            ? nil : Table(asciiIndices.map { bytes[$0] }, indices: asciiIndices.map(Int32.init))
    }

    /// Calls `body` for every occurrence of every pattern, in order of end position (and of
    /// pattern index for occurrences ending at the same byte).
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        if let ascii, NormalizedText.isASCII(UnsafeRawBufferPointer(text)) {
            ascii.forEachMatch(in: text, body)
        } else {
            all.forEachMatch(in: text, body)
        }
    }

    /// Every occurrence in `bytes` (see `forEachMatch`).
    func matches(in bytes: [UInt8]) -> [Match] {
        var found: [Match] = []
        bytes.withUnsafeBufferPointer { buffer in forEachMatch(in: buffer) { found.append($0) } }
        return found
    }
}

/// One automaton over a list of (already normalised) patterns.
private struct Table: Sendable {
    typealias Match = AhoCorasick.Match

    private let classOf: [UInt8]
    private let classCount: Int
    /// `next[row + class]`, where `row = state * classCount`, holds the next state's row
    /// (already multiplied, so the per-byte step is one load and one add on the dependency
    /// chain) shifted left once, with the low bit set when that state has outputs.
    private let next: [UInt32]
    private let outputStart: [Int32]
    /// The patterns each state reports, as indices into the `init` caller's pattern list.
    private let outputs: [Int32]
    /// Byte length of each pattern, by the caller's index.
    private let lengths: [Int]
    /// The longest pattern, in bytes.
    private let maxLength: Int

    /// - Parameter indices: the caller's index of each pattern (nil: their positions here).
    init(_ bytes: [[UInt8]], indices: [Int32]?) {
        var lengths = [Int](repeating: 0, count: Int(indices?.max() ?? Int32(bytes.count - 1)) + 1)
        for (k, p) in bytes.enumerated() { lengths[Int(indices?[k] ?? Int32(k))] = p.count }
        self.lengths = lengths
        maxLength = lengths.max() ?? 0
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

        // Trie, built straight into the transition table: row `s` holds state `s`'s children
        // (0 = none; the root is nobody's child). No dictionaries: building it is one pass.
        let capacity = bytes.reduce(1) { $0 + $1.count }
        precondition(capacity * count < Int(UInt32.max >> 1), "AhoCorasick: automaton too large")
        var table = [UInt32](repeating: 0, count: capacity * count)
        var out: [[Int32]] = [[]]
        var states = 1
        for (index, p) in bytes.enumerated() where !p.isEmpty {
            var s = 0
            for b in p {
                let slot = s * count + Int(classOf[Int(Self.fold(b))])
                if table[slot] == 0 {
                    table[slot] = UInt32(states)
                    out.append([])
                    states += 1
                }
                s = Int(table[slot])
            }
            out[s].append(indices?[index] ?? Int32(index))
        }
        table.removeLast((capacity - states) * count)
        // Failure links in breadth-first order, folded into a complete transition table: when a
        // state is dequeued its row holds only its children, which are enqueued; the gaps take
        // the failure state's transitions.
        var fail = [Int](repeating: 0, count: states)
        var queue: [Int] = []
        queue.reserveCapacity(states)
        for c in 0..<count where table[c] != 0 { queue.append(Int(table[c])) }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            out[s].append(contentsOf: out[fail[s]])
            let row = s * count, failRow = fail[s] * count
            for c in 0..<count {
                let t = Int(table[row + c])
                if t != 0 {
                    fail[t] = Int(table[failRow + c])
                    queue.append(t)
                } else {
                    table[row + c] = table[failRow + c]
                }
            }
        }
        // In place: each entry becomes its target's row offset, shifted, with bit 0 set when the
        // target reports a pattern.
        let reports = out.map { !$0.isEmpty }
        let classes = UInt32(count)
        table.withUnsafeMutableBufferPointer { t in
            for i in t.indices { t[i] = t[i] * classes << 1 | (reports[Int(t[i])] ? 1 : 0) }
        }
        next = table
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

    /// See `AhoCorasick.forEachMatch`.
    ///
    /// Each step of one automaton waits for the table load of the step before it, so a single
    /// pass is bound by load latency (~3 ns per byte here). Texts are cut into four
    /// lanes run in the same loop, independent chains the CPU overlaps: lane `j` starts
    /// `maxLength - 1` bytes before its boundary (so every occurrence ending after the boundary
    /// is seen whole) and reports only occurrences ending after it; the later lanes' few
    /// occurrences are buffered and reported in order.
    func forEachMatch(in text: UnsafeBufferPointer<UInt8>, _ body: (Match) -> Void) {
        let n = text.count
        let warmUp = max(0, maxLength - 1)
        // Each lane re-reads `warmUp` bytes, so very short texts keep one automaton; from a
        // few times that, four lanes win (a 200-byte prompt: 77 steps instead of 200).
        guard n >= max(128, 2 * warmUp + 64) else {
            _ = run(text, from: 0, to: n, reportingAfter: 0, row: 0, body)
            return
        }
        // Four lanes of equal length L: [0, L), [b1 - w, b2), [b2 - w, b3), [b3 - w, b3 - w + L),
        // with b1 = L, b2 = 2L - w, b3 = 3L - 2w; the tail after the last lane continues its state.
        let length = (n + 3 * warmUp) / 4
        let b1 = length, b2 = 2 * length - warmUp, b3 = 3 * length - 2 * warmUp
        let s1 = b1 - warmUp, s2 = b2 - warmUp, s3 = b3 - warmUp
        var later: [[Match]] = [[], [], []]
        var v: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
        classOf.withUnsafeBufferPointer { classOf in
            next.withUnsafeBufferPointer { next in
                let t = text.baseAddress!
                var i = 0
                while i < length {
                    Self.stepLanes(next.baseAddress!, classOf.baseAddress!, t, t + s1, t + s2, t + s3, &i, length, &v)
                    // `i` is just past the step whose states `v` holds.
                    if v.0 & 1 != 0 { report(row: Int(v.0 >> 1), end: i, body) }
                    if v.1 & 1 != 0, s1 + i > b1 { report(row: Int(v.1 >> 1), end: s1 + i) { later[0].append($0) } }
                    if v.2 & 1 != 0, s2 + i > b2 { report(row: Int(v.2 >> 1), end: s2 + i) { later[1].append($0) } }
                    if v.3 & 1 != 0, s3 + i > b3 { report(row: Int(v.3 >> 1), end: s3 + i) { later[2].append($0) } }
                }
            }
        }
        for lane in later { for m in lane { body(m) } }
        _ = run(text, from: s3 + length, to: n, reportingAfter: 0, row: Int(v.3 >> 1), body)
    }

    /// Steps four automata over `t0[i...]`, `t1[i...]`, `t2[i...]`, `t3[i...]` until `end`,
    /// or until a step leaves one of them in a state with outputs; `v` holds the four states
    /// as table entries (row << 1 | has-outputs), and `i` ends just past the last step.
    ///
    /// Kept apart from the reporting so the loop holds everything in registers: inlined
    /// with it, the compiler spilled the four states to the stack, and every step paid a
    /// store-to-load round trip on its dependency chain. Prose leaves the loop about once per
    /// 80 bytes (the injection lexicon).
    @inline(never)
    private static func stepLanes(
        _ next: UnsafePointer<UInt32>, _ classOf: UnsafePointer<UInt8>,
        _ t0: UnsafePointer<UInt8>, _ t1: UnsafePointer<UInt8>, _ t2: UnsafePointer<UInt8>, _ t3: UnsafePointer<UInt8>,
        _ i: inout Int, _ end: Int, _ v: inout (UInt32, UInt32, UInt32, UInt32)
    ) {
        var (v0, v1, v2, v3) = v
        var k = i
        while k < end {
            v0 = next[Int(v0 >> 1) &+ Int(classOf[Int(t0[k])])]
            v1 = next[Int(v1 >> 1) &+ Int(classOf[Int(t1[k])])]
            v2 = next[Int(v2 >> 1) &+ Int(classOf[Int(t2[k])])]
            v3 = next[Int(v3 >> 1) &+ Int(classOf[Int(t3[k])])]
            k &+= 1
            if (v0 | v1 | v2 | v3) & 1 != 0 { break }
        }
        i = k
        v = (v0, v1, v2, v3)
    }

    /// One automaton over `text[from..<to]` starting in `row`, reporting occurrences that end
    /// after `reportingAfter`; returns the final row.
    private func run(
        _ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int, reportingAfter: Int, row start: Int, _ body: (Match) -> Void
    ) -> Int {
        guard from < to, let t = text.baseAddress else { return start }
        return classOf.withUnsafeBufferPointer { classOf in
            next.withUnsafeBufferPointer { next in
                var v = UInt32(start) << 1
                var i = from
                while i < to {
                    Self.stepOne(next.baseAddress!, classOf.baseAddress!, t, &i, to, &v)
                    if v & 1 != 0, i > reportingAfter { report(row: Int(v >> 1), end: i, body) }
                }
                return Int(v >> 1)
            }
        }
    }

    /// `stepLanes` for one automaton over `t[i..<end]`.
    @inline(never)
    private static func stepOne(
        _ next: UnsafePointer<UInt32>, _ classOf: UnsafePointer<UInt8>, _ t: UnsafePointer<UInt8>,
        _ i: inout Int, _ end: Int, _ v: inout UInt32
    ) {
        var s = v
        var k = i
        while k < end {
            s = next[Int(s >> 1) &+ Int(classOf[Int(t[k])])]
            k &+= 1
            if s & 1 != 0 { break }
        }
        i = k
        v = s
    }

    @inline(__always)
    private func report(row: Int, end: Int, _ body: (Match) -> Void) {
        let state = row / classCount
        for o in Int(outputStart[state])..<Int(outputStart[state + 1]) {
            let p = Int(outputs[o])
            body(Match(pattern: p, start: end - lengths[p], end: end))
        }
    }
}
