/// Backtracking matcher for patterns with lookaround or backreferences, which finite
/// automata cannot express.
///
/// Safety properties:
/// - It uses an explicit heap-allocated stack, so input length never affects native stack
///   depth. Native recursion happens only when entering a lookaround body, so its depth is
///   bounded by the pattern's (capped) nesting depth.
/// - Every instruction executed counts against a per-call step budget; running out throws
///   `budgetExceeded` so callers can fail closed.
/// - Without backreferences the outcome of an attempt depends only on (instruction, position),
///   so a visited bitmap makes the main search O(text × pattern) (memory permitting).
enum RegexBacktracker {
    /// Largest visited bitmap (in bits, = instructions × (text length + 1)) we allocate: 4 MiB.
    static let maxMemoBits = 1 << 25

    static func matches(_ program: RegexProgram, _ bytes: UnsafeBufferPointer<UInt8>, budget: Int) throws(PolicyRegexError) -> Bool {
        let n = bytes.count
        let (bits, overflow) = program.insts.count.multipliedReportingOverflow(by: n + 1)
        let useMemo = !program.hasBackreferences && !overflow && bits <= maxMemoBits
        let words = useMemo ? (bits + 63) / 64 : 0
        // Small bitmaps live on the native stack: typical policy inputs then need no heap
        // allocation for the bitmap at all.
        return try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { memo throws(PolicyRegexError) -> Bool in
            memo.initialize(repeating: 0)
            var search = Search(program: program, bytes: bytes, budget: budget, memo: memo)
            for start in 0...n {
                if start > 0 && program.anchoredStart { break }
                // Attempts start only at scalar boundaries (never on a continuation byte).
                if start > 0 && start < n && bytes[start] & 0xC0 == 0x80 { continue }
                if try search.run(pc: program.start, pos: start, mustEndAt: nil, useMemo: useMemo) { return true }
            }
            return false
        }
    }

    fileprivate enum Frame {
        case attempt(pc: Int, pos: Int)
        case restoreSlot(Int, Int)
        case restoreAll([Int])
    }

    private struct Search {
        let program: RegexProgram
        let bytes: UnsafeBufferPointer<UInt8>
        let budget: Int
        var steps = 0
        var slots: [Int]
        let memo: UnsafeMutableBufferPointer<UInt64>
        /// One explicit stack shared by nested lookaround runs; each run only pops its own frames.
        var stack: [Frame] = []

        init(program: RegexProgram, bytes: UnsafeBufferPointer<UInt8>, budget: Int, memo: UnsafeMutableBufferPointer<UInt64>) {
            self.program = program
            self.bytes = bytes
            self.budget = budget
            self.memo = memo
            slots = [Int](repeating: -1, count: program.slotCount)
        }

        private func check(_ kind: RegexAssertion, _ pos: Int) -> Bool {
            let n = bytes.count
            switch kind {
            case .startText: return pos == 0
            case .startLine: return pos == 0 || bytes[pos - 1] == 0x0A
            case .endText: return pos == n
            case .endLine: return pos == n || bytes[pos] == 0x0A
            case .endTextOrFinalNewline: return pos == n || (pos == n - 1 && bytes[pos] == 0x0A)
            case .wordBoundary, .notWordBoundary:
                let before = pos > 0 && regexIsWordByte(bytes[pos - 1])
                let after = pos < n && regexIsWordByte(bytes[pos])
                return (before != after) == (kind == .wordBoundary)
            }
        }

        /// Decodes one scalar at `i`; malformed bytes decode as themselves with length 1
        /// (offset by 0x110000 so they never equal a real scalar).
        private func decode(_ i: Int, limit: Int) -> (UInt32, Int) {
            let b0 = UInt32(bytes[i])
            let len = b0 < 0x80 ? 1 : b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0
            guard len > 0, i + len <= limit else { return (0x110000 + b0, 1) }
            if len == 1 { return (b0, 1) }
            var v = b0 & (0x7F >> UInt32(len))
            for k in 1..<len {
                let c = UInt32(bytes[i + k])
                guard c & 0xC0 == 0x80 else { return (0x110000 + b0, 1) }
                v = v << 6 | (c & 0x3F)
            }
            return (v, len)
        }

        /// Length consumed by matching the captured text `start..<end` at `pos`, or nil.
        private func matchBackreference(_ start: Int, _ end: Int, at pos: Int, caseInsensitive: Bool) -> Int? {
            let n = bytes.count
            let len = end - start
            if !caseInsensitive {
                guard pos + len <= n else { return nil }
                for k in 0..<len where bytes[start + k] != bytes[pos + k] { return nil }
                return len
            }
            var i = start
            var j = pos
            while i < end {
                guard j < n else { return nil }
                let (a, la) = decode(i, limit: end)
                let (b, lb) = decode(j, limit: n)
                if a != b && RegexCaseFolding.canonical(a) != RegexCaseFolding.canonical(b) { return nil }
                i += la
                j += lb
            }
            return j - pos
        }

        mutating func run(pc startPC: Int, pos startPos: Int, mustEndAt: Int?, useMemo: Bool) throws(PolicyRegexError) -> Bool {
            let n = bytes.count
            let base = stack.count
            stack.append(.attempt(pc: startPC, pos: startPos))
            while stack.count > base {
                let frame = stack.removeLast()
                var pc: Int
                var pos: Int
                switch frame {
                case .restoreSlot(let slot, let value):
                    slots[slot] = value
                    continue
                case .restoreAll(let saved):
                    slots = saved
                    continue
                case .attempt(let p, let q):
                    pc = p
                    pos = q
                }
                thread: while true {
                    steps += 1
                    if steps > budget {
                        throw PolicyRegexError(
                            code: .budgetExceeded,
                            message: "regex step budget of \(budget) exhausted (lookaround/backreference pattern)")
                    }
                    if useMemo {
                        let bit = pc &* (n &+ 1) &+ pos
                        let mask: UInt64 = 1 << UInt64(bit & 63)
                        if memo[bit >> 6] & mask != 0 { break thread }
                        memo[bit >> 6] |= mask
                    }
                    switch program.insts[pc] {
                    case .byteRange(let lo, let hi, let next):
                        guard pos < n, bytes[pos] >= lo, bytes[pos] <= hi else { break thread }
                        pc = next
                        pos += 1
                    case .split(let a, let b):
                        stack.append(.attempt(pc: b, pos: pos))
                        pc = a
                    case .assertion(let kind, let next):
                        guard check(kind, pos) else { break thread }
                        pc = next
                    case .save(let slot, let next), .loopMark(let slot, let next):
                        stack.append(.restoreSlot(slot, slots[slot]))
                        slots[slot] = pos
                        pc = next
                    case .loopProgress(let slot, let next):
                        // With the visited bitmap, empty iterations cannot loop anyway.
                        if !useMemo && slots[slot] == pos { break thread }
                        pc = next
                    case .look(let index, let next):
                        let look = program.looks[index]
                        // Captures matter only to backreferences; skip the copy otherwise.
                        let saved = program.hasBackreferences ? slots : []
                        var ok = false
                        if look.ahead {
                            ok = try run(pc: look.start, pos: pos, mustEndAt: nil, useMemo: false)
                        } else {
                            // Try every possible body length; the body must end exactly at `pos`.
                            for len in look.minLen...look.maxLen where len <= pos {
                                if try run(pc: look.start, pos: pos - len, mustEndAt: pos, useMemo: false) {
                                    ok = true
                                    break
                                }
                            }
                        }
                        if program.hasBackreferences {
                            if look.negative || !ok {
                                slots = saved
                            } else {
                                // Keep captures made inside the lookaround, but undo them on backtrack.
                                stack.append(.restoreAll(saved))
                            }
                        }
                        if look.negative { ok.toggle() }
                        guard ok else { break thread }
                        pc = next
                    case .backreference(let group, let caseInsensitive, let next):
                        let s = slots[2 * group]
                        let e = slots[2 * group + 1]
                        // A group that has not participated never matches (as in Python).
                        guard s >= 0, e >= s,
                              let len = matchBackreference(s, e, at: pos, caseInsensitive: caseInsensitive)
                        else { break thread }
                        pos += len
                        pc = next
                    case .fail:
                        break thread
                    case .match:
                        if let mustEndAt, pos != mustEndAt { break thread }
                        // Drop this run's pending alternatives (and their restore frames: the
                        // captures of the successful path are the ones that should stay).
                        stack.removeSubrange(base...)
                        return true
                    }
                }
            }
            return false
        }
    }
}
