/// ASCII word-character test used by `\b`/`\B` (bytes ≥ 0x80 are never word characters).
@inline(__always)
func regexIsWordByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || (b >= 0x61 && b <= 0x7A)
}

/// Sparse set over small integers (Briggs–Torczon): O(1) insert, membership and clear.
struct RegexSparseSet {
    private var dense: [Int32]
    private var sparse: [Int32]
    private(set) var count = 0

    init(capacity: Int) {
        dense = [Int32](repeating: 0, count: capacity)
        sparse = [Int32](repeating: 0, count: capacity)
    }

    @inline(__always)
    func contains(_ v: Int) -> Bool {
        let i = Int(sparse[v])
        return i < count && Int(dense[i]) == v
    }

    /// Inserts `v`; returns false if it was already present.
    @inline(__always)
    mutating func insert(_ v: Int) -> Bool {
        if contains(v) { return false }
        dense[count] = Int32(v)
        sparse[v] = Int32(count)
        count += 1
        return true
    }

    mutating func clear() { count = 0 }
}

/// Computes one NFA-set transition: the epsilon closure at a position boundary followed by
/// consumption of one byte (or the end of text). Shared by the DFA builder, which caches the
/// results in a table, and by the NFA simulation used when the DFA would be too large, so
/// both engines have identical semantics.
///
/// Threads are encoded as `pc << 1 | tag`. The tag implements Python's non-multiline `$`
/// ("end of text, or before a final `\n`"), which needs one byte of lookahead beyond what the
/// RE2 scheme provides: when `$` is crossed just before a `\n`, the thread continues tagged,
/// meaning "valid only if the text ends right after this `\n`". In a stored thread set a tag
/// therefore means "the text must end at this boundary"; tagged threads die at the next
/// boundary unless it is the end of text. (Only match existence is needed, so this lookahead
/// never has to be reported as a match position.)
struct RegexStepper {
    static let endOfText = 256

    let program: RegexProgram
    private var seen: RegexSparseSet
    private var emitted: RegexSparseSet
    private var stack: [UInt32] = []
    /// Number of closure steps taken so far; the DFA builder uses it as a work budget.
    private(set) var work = 0

    init(_ program: RegexProgram) {
        self.program = program
        seen = RegexSparseSet(capacity: 2 * program.insts.count)
        emitted = RegexSparseSet(capacity: 2 * program.insts.count)
        stack.reserveCapacity(2 * program.insts.count)
    }

    /// - Parameters:
    ///   - threads: the thread set at this boundary (before closure).
    ///   - atStart/prevNewline/prevWord: facts about the byte before the boundary.
    ///   - input: the next byte, or `endOfText`.
    ///   - out: receives the thread set after consuming `input` (unordered).
    /// - Returns: true if an unconditional match is reached at this boundary.
    mutating func step(
        _ threads: [UInt32], atStart: Bool, prevNewline: Bool, prevWord: Bool, input: Int,
        into out: inout [UInt32]
    ) -> Bool {
        seen.clear()
        emitted.clear()
        stack.removeAll(keepingCapacity: true)
        out.removeAll(keepingCapacity: true)
        let atEnd = input == Self.endOfText
        let byte = UInt8(truncatingIfNeeded: input)
        let nextIsWord = !atEnd && regexIsWordByte(byte)

        for t in threads {
            if t & 1 == 0 {
                if seen.insert(Int(t)) { stack.append(t) }
            } else if atEnd {
                let u = t & ~1
                if seen.insert(Int(u)) { stack.append(u) }
            }
        }
        // Unanchored search: a new attempt may start at every scalar boundary. Continuation
        // bytes (0x80–0xBF) are never scalar starts, so `\b`, `\B` and lookaround-free
        // empty patterns are only tried where Python could try them.
        if atStart || (!program.anchoredStart && (atEnd || byte < 0x80 || byte >= 0xC0)) {
            let s = UInt32(program.start) << 1
            if seen.insert(Int(s)) { stack.append(s) }
        }

        while let e = stack.popLast() {
            work += 1
            let tag = e & 1
            switch program.insts[Int(e >> 1)] {
            case .byteRange(let lo, let hi, let next):
                if !atEnd && byte >= lo && byte <= hi {
                    let n = UInt32(next) << 1 | tag
                    if emitted.insert(Int(n)) { out.append(n) }
                }
            case .split(let a, let b):
                let na = UInt32(a) << 1 | tag
                let nb = UInt32(b) << 1 | tag
                if seen.insert(Int(nb)) { stack.append(nb) }
                if seen.insert(Int(na)) { stack.append(na) }
            case .assertion(let kind, let next):
                var newTag = tag
                let ok: Bool
                switch kind {
                case .startText: ok = atStart
                case .startLine: ok = atStart || prevNewline
                case .endText: ok = atEnd
                case .endLine: ok = atEnd || byte == 0x0A
                case .endTextOrFinalNewline:
                    ok = atEnd || byte == 0x0A
                    if !atEnd { newTag = 1 }
                case .wordBoundary: ok = prevWord != nextIsWord
                case .notWordBoundary: ok = prevWord == nextIsWord
                }
                if ok {
                    let n = UInt32(next) << 1 | newTag
                    if seen.insert(Int(n)) { stack.append(n) }
                }
            case .save(_, let next), .loopMark(_, let next), .loopProgress(_, let next):
                let n = UInt32(next) << 1 | tag
                if seen.insert(Int(n)) { stack.append(n) }
            case .match:
                if tag == 0 { return true }
                // Conditional match: holds only if the `\n` about to be consumed is the last byte.
                if emitted.insert(Int(e)) { out.append(e) }
            case .fail, .look, .backreference:
                // Lookaround and backreferences never reach this engine.
                break
            }
        }
        return false
    }
}

/// A complete DFA over byte equivalence classes, built eagerly at compile time.
///
/// Transitions are stored premultiplied (a target is `stateIndex * stride`) so the inner
/// loop is one class lookup and one table load per byte. Row 0 is the dead state and row 1
/// the match state; neither has stored transitions, the loop exits as soon as it reaches one.
///
/// A final class rather than a struct: `PolicyRegex` hands it out of an enum on every match,
/// and a class reference costs one retain where a struct would retain each of its arrays.
final class RegexDFA: Sendable {
    let table: [UInt32]
    let classMap: [UInt8]
    let stride: Int
    let startOffset: Int
    let acceptsAtEnd: [Bool]

    init(table: [UInt32], classMap: [UInt8], stride: Int, startOffset: Int, acceptsAtEnd: [Bool]) {
        self.table = table
        self.classMap = classMap
        self.stride = stride
        self.startOffset = startOffset
        self.acceptsAtEnd = acceptsAtEnd
    }

    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        table.withUnsafeBufferPointer { table in
            classMap.withUnsafeBufferPointer { classes in
                var s = startOffset
                let special = 2 &* stride
                for b in bytes {
                    s = Int(truncatingIfNeeded: table[s &+ Int(classes[Int(b)])])
                    if s < special { return s >= stride }
                }
                return acceptsAtEnd[s / stride]
            }
        }
    }
}

enum RegexDFABuilder {
    /// Cap on DFA states; beyond it the linear-time NFA simulation is used instead.
    static let maxStates = 10_000
    /// Cap on closure work during construction, to keep compile time bounded (~0.1 s worst case).
    static let maxWork = 5_000_000
    /// Cap on table size (4 bytes per entry).
    static let maxTableEntries = 4_000_000

    private struct Key: Hashable {
        var threads: [UInt32]
        var flags: UInt8  // bit 0: previous byte was a word byte, bit 1: previous byte was `\n`
    }

    static func build(_ program: RegexProgram) -> RegexDFA? {
        let trackWord = program.uses(.wordBoundary) || program.uses(.notWordBoundary)
        let trackNewline = program.uses(.startLine)

        // Byte equivalence classes: bytes between two consecutive boundaries behave the same
        // in every instruction and assertion.
        var boundary = [Bool](repeating: false, count: 257)
        boundary[0] = true
        for inst in program.insts {
            if case .byteRange(let lo, let hi, _) = inst {
                boundary[Int(lo)] = true
                boundary[Int(hi) + 1] = true
            }
        }
        if trackWord {
            for r in [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A] {
                boundary[r.lowerBound] = true
                boundary[r.upperBound + 1] = true
            }
        }
        // `\n` matters to `$` (both kinds), multiline `^`, and the tag logic.
        boundary[0x0A] = true
        boundary[0x0B] = true
        if !program.anchoredStart {
            boundary[0x80] = true
            boundary[0xC0] = true
        }
        var classMap = [UInt8](repeating: 0, count: 256)
        var representatives: [Int] = []
        for b in 0..<256 {
            if boundary[b] { representatives.append(b) }
            classMap[b] = UInt8(representatives.count - 1)
        }
        let stride = representatives.count

        var stepper = RegexStepper(program)
        var keys: [Key] = [Key(threads: [], flags: 0), Key(threads: [], flags: 0)]  // dead, match
        var index: [Key: Int] = [:]
        var table = [UInt32](repeating: 0, count: 2 * stride)
        var acceptsAtEnd = [false, true]
        var out: [UInt32] = []
        keys.append(Key(threads: [], flags: 0))  // initial state (at start of text), index 2

        var i = 2
        while i < keys.count {
            let key = keys[i]
            let atStart = i == 2
            let prevWord = key.flags & 1 != 0
            let prevNewline = key.flags & 2 != 0
            table.append(contentsOf: repeatElement(0, count: stride))
            for c in 0..<stride {
                let input = representatives[c]
                var target: Int
                if stepper.step(key.threads, atStart: atStart, prevNewline: prevNewline, prevWord: prevWord, input: input, into: &out) {
                    target = 1
                } else if out.isEmpty && program.anchoredStart {
                    target = 0
                } else {
                    out.sort()
                    let b = UInt8(input)
                    var flags: UInt8 = 0
                    if trackWord && regexIsWordByte(b) { flags |= 1 }
                    if trackNewline && b == 0x0A { flags |= 2 }
                    let next = Key(threads: out, flags: flags)
                    if let existing = index[next] {
                        target = existing
                    } else {
                        target = keys.count
                        keys.append(next)
                        index[next] = target
                        if keys.count > maxStates || keys.count * stride > maxTableEntries { return nil }
                    }
                }
                table[i * stride + c] = UInt32(target * stride)
            }
            acceptsAtEnd.append(stepper.step(
                key.threads, atStart: atStart, prevNewline: prevNewline, prevWord: prevWord,
                input: RegexStepper.endOfText, into: &out))
            if stepper.work > maxWork { return nil }
            i += 1
        }
        return RegexDFA(table: table, classMap: classMap, stride: stride, startOffset: 2 * stride, acceptsAtEnd: acceptsAtEnd)
    }
}

/// Linear-time NFA simulation (the DFA's transition function evaluated on the fly, without
/// caching). Used only when the DFA would exceed its size limits; O(text × pattern).
enum RegexNFASimulation {
    static func matches(_ program: RegexProgram, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var stepper = RegexStepper(program)
        var current: [UInt32] = []
        var next: [UInt32] = []
        var atStart = true
        var prevNewline = false
        var prevWord = false
        for b in bytes {
            if stepper.step(current, atStart: atStart, prevNewline: prevNewline, prevWord: prevWord, input: Int(b), into: &next) {
                return true
            }
            swap(&current, &next)
            if program.anchoredStart && current.isEmpty { return false }
            atStart = false
            prevNewline = b == 0x0A
            prevWord = regexIsWordByte(b)
        }
        return stepper.step(current, atStart: atStart, prevNewline: prevNewline, prevWord: prevWord, input: RegexStepper.endOfText, into: &next)
    }
}
