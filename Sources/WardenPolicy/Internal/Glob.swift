/// A compiled glob (`payment.*`, `*.delete`, `/workspace/**`, `file.[rw]*`).
///
/// Two flavours:
/// - `.name` (action types, hosts, tool and capability names): `*` matches any run of
///   characters, like Python's `fnmatch` which agsec uses.
/// - `.path` (statement `targets`): `*` stops at `/`, `**` crosses it.
///
/// `?` matches one Unicode scalar; `[abc]`, `[a-z]` and `[!abc]` match one scalar from (or not
/// from) a set. Matching is linear in the input for each pattern position (a set-of-states
/// simulation), so a hostile target cannot make it slow, and it always sees the whole input.
struct Glob: Sendable, Hashable, CustomStringConvertible {
    enum Flavor: Sendable, Hashable { case name, path }

    private enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case any
        case set([ClosedRange<UInt32>], negated: Bool)
        case star(crossesSlash: Bool)
    }

    private enum Shape: Sendable, Hashable {
        case everything
        case exact([UInt8])
        case prefix([UInt8])
        case suffix([UInt8])
        case general
    }

    let pattern: String
    let caseInsensitive: Bool
    private let tokens: [Token]
    private let shape: Shape

    var description: String { pattern }

    /// The literal text when the glob has no wildcards.
    var literal: String? {
        if case .exact = shape { return caseInsensitive ? pattern.lowercased() : pattern }
        return nil
    }

    struct SyntaxError: Error { var message: String }

    init(_ pattern: String, flavor: Flavor, caseInsensitive: Bool = false) throws(SyntaxError) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        let source = caseInsensitive ? Glob.asciiLowercased(pattern) : pattern
        var tokens: [Token] = []
        let scalars = Array(source.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "*":
                var j = i
                while j < scalars.count, scalars[j] == "*" { j += 1 }
                let crosses = flavor == .name || j - i >= 2
                if case .star = tokens.last {
                    tokens[tokens.count - 1] = .star(crossesSlash: crosses || tokens.last == .star(crossesSlash: true))
                } else {
                    tokens.append(.star(crossesSlash: crosses))
                }
                i = j
            case "?":
                tokens.append(.any)
                i += 1
            case "[":
                var j = i + 1
                var negated = false
                if j < scalars.count, scalars[j] == "!" || scalars[j] == "^" { negated = true; j += 1 }
                var ranges: [ClosedRange<UInt32>] = []
                var first = true
                while j < scalars.count, scalars[j] != "]" || first {
                    first = false
                    let lo = scalars[j]
                    if j + 2 < scalars.count, scalars[j + 1] == "-", scalars[j + 2] != "]" {
                        let hi = scalars[j + 2]
                        guard lo.value <= hi.value else { throw SyntaxError(message: "invalid range '\(lo)-\(hi)' in glob \"\(pattern)\"") }
                        ranges.append(lo.value...hi.value)
                        j += 3
                    } else {
                        ranges.append(lo.value...lo.value)
                        j += 1
                    }
                }
                guard j < scalars.count else { throw SyntaxError(message: "unterminated '[' in glob \"\(pattern)\"") }
                tokens.append(.set(ranges, negated: negated))
                i = j + 1
            default:
                tokens.append(.literal(c))
                i += 1
            }
        }
        self.tokens = tokens
        self.shape = Glob.classify(tokens)
    }

    private static func classify(_ tokens: [Token]) -> Shape {
        func literalBytes(_ ts: ArraySlice<Token>) -> [UInt8]? {
            var s = String.UnicodeScalarView()
            for t in ts {
                guard case .literal(let c) = t else { return nil }
                s.append(c)
            }
            return Array(String(s).utf8)
        }
        if tokens == [.star(crossesSlash: true)] { return .everything }
        if let all = literalBytes(tokens[...]) { return .exact(all) }
        if case .star(true)? = tokens.last, let p = literalBytes(tokens.dropLast()) { return .prefix(p) }
        if case .star(true)? = tokens.first, let s = literalBytes(tokens.dropFirst()) { return .suffix(s) }
        return .general
    }

    static func asciiLowercased(_ s: String) -> String {
        // Fast path: most strings are already lowercase; scan contiguous UTF-8 directly.
        let hasUpper = s.utf8.withContiguousStorageIfAvailable { buffer in
            buffer.contains { $0 &- 0x41 < 26 }
        } ?? s.utf8.contains { $0 &- 0x41 < 26 }
        guard hasUpper else { return s }
        return String(decoding: s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// True when the whole of `text` matches. Callers that match case-insensitively pass text
    /// that is already ASCII-lowercased (done once per action, not per glob).
    func matches(_ text: String) -> Bool {
        switch shape {
        case .everything: return true
        case .exact(let b): return Self.bytes(of: text, at: .exact, equal: b)
        case .prefix(let b): return Self.bytes(of: text, at: .prefix, equal: b)
        case .suffix(let b): return Self.bytes(of: text, at: .suffix, equal: b)
        case .general: return matchGeneral(Array(text.unicodeScalars))
        }
    }

    private enum Placement { case exact, prefix, suffix }

    /// Whether `text`'s UTF-8 (all of it, its start or its end) is `b`, compared where the bytes
    /// lie (the generic sequence algorithms cost ~100 instructions a call here).
    private static func bytes(of text: String, at placement: Placement, equal b: [UInt8]) -> Bool {
        let fast = text.utf8.withContiguousStorageIfAvailable { t -> Bool in
            guard placement == .exact ? t.count == b.count : t.count >= b.count else { return false }
            let offset = placement == .suffix ? t.count - b.count : 0
            return b.withUnsafeBufferPointer { p in
                for i in 0..<p.count where t[offset + i] != p[i] { return false }
                return true
            }
        }
        if let fast { return fast }
        let u = Array(text.utf8)
        switch placement {
        case .exact: return u == b
        case .prefix: return u.starts(with: b)
        case .suffix: return u.count >= b.count && Array(u[(u.count - b.count)...]) == b
        }
    }

    /// Set-of-states simulation: `states[k]` means "tokens[0..<k] matched the input so far".
    private func matchGeneral(_ input: [Unicode.Scalar]) -> Bool {
        let n = tokens.count
        var states = [Bool](repeating: false, count: n + 1)
        var next = states
        states[0] = true
        closeStars(&states)
        for c in input {
            for k in 0...n { next[k] = false }
            var any = false
            for k in 0..<n where states[k] {
                switch tokens[k] {
                case .literal(let l):
                    if l == c { next[k + 1] = true; any = true }
                case .any:
                    next[k + 1] = true; any = true
                case .set(let ranges, let negated):
                    let inSet = ranges.contains { $0.contains(c.value) }
                    if inSet != negated { next[k + 1] = true; any = true }
                case .star(let crosses):
                    if crosses || c != "/" { next[k] = true; any = true }
                }
            }
            if !any { return false }
            swap(&states, &next)
            closeStars(&states)
        }
        return states[n]
    }

    /// A star may match nothing: being before it also means being after it.
    private func closeStars(_ states: inout [Bool]) {
        for k in 0..<tokens.count where states[k] {
            if case .star = tokens[k] { states[k + 1] = true }
        }
    }
}
