/// One instruction of the byte-level Thompson NFA. Targets are indexes into `RegexProgram.insts`.
enum RegexInst: Sendable {
    /// Consume one byte in `lo...hi`.
    case byteRange(lo: UInt8, hi: UInt8, next: Int)
    /// Epsilon fork; the first branch is preferred by the backtracker.
    case split(Int, Int)
    case assertion(RegexAssertion, next: Int)
    /// Record the position in capture slot `slot` (backtracker only; epsilon elsewhere).
    case save(slot: Int, next: Int)
    /// Record the loop-entry position of a loop whose body can match empty (backtracker only).
    case loopMark(slot: Int, next: Int)
    /// Fail if the loop body just matched empty, i.e. position == loop-entry position; stops
    /// `(a?)*`-style loops from spinning forever in the backtracker. Epsilon elsewhere.
    case loopProgress(slot: Int, next: Int)
    /// Lookaround; `index` into `RegexProgram.looks`.
    case look(index: Int, next: Int)
    case backreference(group: Int, caseInsensitive: Bool, next: Int)
    case fail
    case match
}

/// A lookaround sub-program. Its body starts at `start` and ends in a `.match`.
struct RegexLook: Sendable {
    var start: Int
    var ahead: Bool
    var negative: Bool
    /// Possible UTF-8 byte lengths of a lookbehind body.
    var minLen: Int
    var maxLen: Int
}

/// A compiled pattern: the NFA plus facts the matchers use to pick strategies.
struct RegexProgram: Sendable {
    var insts: [RegexInst]
    var start: Int
    var looks: [RegexLook]
    /// Capture slots (2 per group, group 0 unused; none without backreferences) followed by
    /// loop-progress slots.
    var slotCount: Int
    /// True when every match must begin at offset 0 (pattern starts with `\A` or non-multiline `^`).
    var anchoredStart: Bool
    var hasBackreferences: Bool
    var needsBacktracking: Bool { hasBackreferences || !looks.isEmpty }

    func uses(_ assertion: RegexAssertion) -> Bool {
        insts.contains { if case .assertion(let a, _) = $0 { return a == assertion } else { return false } }
    }
}

/// Compiles a `RegexNode` tree to a `RegexProgram` (instructions are emitted back to front,
/// each node being compiled with its continuation already known).
struct RegexCompiler {
    /// Cap on program size so patterns like `(a{1000}){1000}` are rejected instead of
    /// exhausting memory.
    static let maxInstructions = 100_000

    private var insts: [RegexInst] = []
    private var looks: [RegexLook] = []
    private var slotCount: Int
    private var hasBackreferences = false
    private let emitSaves: Bool

    private init(captureCount: Int, emitSaves: Bool) {
        // Capture slots exist only when something (a backreference) reads them.
        slotCount = emitSaves ? 2 * (captureCount + 1) : 0
        self.emitSaves = emitSaves
    }

    static func compile(_ tree: RegexNode, captureCount: Int) throws(PolicyRegexError) -> RegexProgram {
        // Capture positions are only ever read by backreferences; omit them otherwise.
        var compiler = RegexCompiler(captureCount: captureCount, emitSaves: containsBackreference(tree))
        let final = try compiler.add(.match)
        let start = try compiler.emit(tree, next: final)
        return RegexProgram(
            insts: compiler.insts, start: start, looks: compiler.looks, slotCount: compiler.slotCount,
            anchoredStart: isAnchored(tree), hasBackreferences: compiler.hasBackreferences)
    }

    private static func containsBackreference(_ node: RegexNode) -> Bool {
        switch node {
        case .backreference: return true
        case .concat(let items), .alternation(let items): return items.contains(where: containsBackreference)
        case .repetition(let body, _, _), .group(let body, _), .look(let body, _, _, _, _):
            return containsBackreference(body)
        case .empty, .set, .assertion: return false
        }
    }

    private static func isAnchored(_ node: RegexNode) -> Bool {
        switch node {
        case .assertion(let a): return a == .startText
        case .concat(let items): return items.first.map(isAnchored) ?? false
        case .alternation(let items): return items.allSatisfy(isAnchored)
        case .group(let body, _): return isAnchored(body)
        case .repetition(let body, let minCount, _): return minCount > 0 && isAnchored(body)
        default: return false
        }
    }

    private mutating func add(_ inst: RegexInst) throws(PolicyRegexError) -> Int {
        if insts.count >= Self.maxInstructions {
            throw PolicyRegexError(
                code: .tooComplex,
                message: "pattern too large (compiled program exceeds \(Self.maxInstructions) instructions)")
        }
        insts.append(inst)
        return insts.count - 1
    }

    /// Joins alternative entry points with a chain of splits.
    private mutating func fork(_ entries: [Int]) throws(PolicyRegexError) -> Int {
        guard var cur = entries.last else { return try add(.fail) }
        for e in entries.dropLast().reversed() { cur = try add(.split(e, cur)) }
        return cur
    }

    private mutating func emit(_ node: RegexNode, next: Int) throws(PolicyRegexError) -> Int {
        switch node {
        case .empty:
            return next
        case .set(let set):
            var entries: [Int] = []
            for range in set.ranges {
                for seq in RegexUTF8.sequences(range) {
                    var cur = next
                    for r in seq.reversed() { cur = try add(.byteRange(lo: r.lowerBound, hi: r.upperBound, next: cur)) }
                    entries.append(cur)
                }
            }
            return try fork(entries)
        case .concat(let items):
            var cur = next
            for item in items.reversed() { cur = try emit(item, next: cur) }
            return cur
        case .alternation(let items):
            var entries: [Int] = []
            for item in items { entries.append(try emit(item, next: next)) }
            return try fork(entries)
        case .repetition(let body, let minCount, let maxCount):
            var cur = next
            if let maxCount {
                // X{n,m} = X…X (X(X…)?)? : each optional copy exits straight to `next`.
                for _ in 0..<(maxCount - minCount) {
                    let entry = try emit(body, next: cur)
                    cur = try add(.split(entry, next))
                }
            } else {
                let loop = try add(.fail)  // placeholder, patched below
                var bodyNext = loop
                var slot = -1
                if body.byteLengthBounds.min == 0 {
                    slot = slotCount
                    slotCount += 1
                    bodyNext = try add(.loopProgress(slot: slot, next: loop))
                }
                var entry = try emit(body, next: bodyNext)
                if slot >= 0 { entry = try add(.loopMark(slot: slot, next: entry)) }
                insts[loop] = .split(entry, next)
                cur = loop
            }
            for _ in 0..<minCount { cur = try emit(body, next: cur) }
            return cur
        case .group(let body, let capture):
            guard let capture, emitSaves else { return try emit(body, next: next) }
            let close = try add(.save(slot: 2 * capture + 1, next: next))
            let inner = try emit(body, next: close)
            return try add(.save(slot: 2 * capture, next: inner))
        case .assertion(let a):
            return try add(.assertion(a, next: next))
        case .look(let body, let ahead, let negative, let minLen, let maxLen):
            let end = try add(.match)
            let bodyStart = try emit(body, next: end)
            looks.append(RegexLook(start: bodyStart, ahead: ahead, negative: negative, minLen: minLen, maxLen: maxLen))
            return try add(.look(index: looks.count - 1, next: next))
        case .backreference(let group, let caseInsensitive):
            hasBackreferences = true
            return try add(.backreference(group: group, caseInsensitive: caseInsensitive, next: next))
        }
    }
}
