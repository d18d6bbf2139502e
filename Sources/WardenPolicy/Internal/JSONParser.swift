/// A strict RFC 8259 JSON parser that records line and column for every node.
///
/// Strict on purpose: duplicate keys are rejected (a second `"amount"` must not be able to hide
/// the first from a policy), nesting is capped, and integers that do not fit `Int64` become
/// doubles rather than wrapping.
struct JSONParser {
    struct Failure: Error, Sendable {
        var message: String
        var mark: SourceMark
    }

    static let maxDepth = 256

    /// The text being parsed: valid UTF-8 (from a Swift String, or validated by the caller),
    /// alive for as long as the parser is (each entry point parses inside the buffer's scope).
    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var line = 1
    private var lineStart = 0
    /// Column bookkeeping, advanced incrementally: counting from the line start at every node
    /// would make a long single-line document quadratic to parse.
    private var columnPos = 0
    private var column = 1

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Runs `body` over the UTF-8 of `text` where it lies (no copy for a native string). The
    /// result may be non-copyable (`ActionMembers`), so it is handed out through an optional
    /// rather than returned from `withUTF8`, whose result must be copyable.
    private static func withBytes<R: ~Copyable>(
        of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> R
    ) throws(Failure) -> R {
        var text = text
        var result: R?
        var failure: Failure?
        text.withUTF8 { buffer in
            do throws(Failure) { result = try body(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
        return result.take()!
    }

    /// Parses exactly one JSON value (surrounding whitespace allowed).
    static func parse(_ text: String) throws(Failure) -> SourceNode {
        try withBytes(of: text) { (bytes) throws(Failure) in try parse(bytes: bytes) }
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> SourceNode {
        var p = JSONParser(bytes)
        p.skipWhitespace()
        let node = try p.parseValue(depth: 0)
        p.skipWhitespace()
        if p.pos < p.bytes.count {
            throw p.failure("unexpected \(p.describeCurrent()) after the JSON value")
        }
        return node
    }

    /// Parses a JSON value straight into a `PolicyValue`: the same grammar, checks and error
    /// messages as `parse`, without building the source tree (positions are worked out only
    /// when there is an error). The hot path for actions.
    static func parseValue(_ text: String) throws(Failure) -> PolicyValue {
        try withBytes(of: text) { (bytes) throws(Failure) in
            var p = JSONParser(bytes)
            p.skipWhitespace()
            let value = try p.parseDirect(depth: 0)
            try p.expectEnd()
            return value
        }
    }

    /// The members of an action object, read without building the object itself.
    ///
    /// Not copyable, so that it is moved from the parser into `Action`: as a copyable struct it
    /// was copied once on return (a retain and a release of each member, ~300 instructions per
    /// libwarden check).
    struct ActionMembers: ~Copyable {
        var type, target, agent: PolicyValue?
        var params, context: MapMember?
        /// Member names other than the five above, in order.
        var unknown: [String] = []
        /// Set when the JSON is not an object: the whole value, for the error message.
        var notAnObject: PolicyValue?
    }

    /// `params` or `context` as read: an object's members, or some other value (an error).
    enum MapMember {
        case object(ActionMap)
        case other(PolicyValue)

        init(_ value: PolicyValue) {
            if case .object(let o) = value { self = .object(ActionMap(o)) } else { self = .other(value) }
        }
    }

    /// Parses one JSON value that should be an action object, straight into its members: the
    /// same grammar, checks and error messages as `parseValue` (a duplicate member is refused at
    /// its key), one dictionary fewer. `bytes` must be valid UTF-8.
    static func parseAction(validUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> ActionMembers {
        var p = JSONParser(bytes)
        var members = ActionMembers()
        p.skipWhitespace()
        guard p.pos < bytes.count, bytes[p.pos] == UInt8(ascii: "{") else {
            members.notAnObject = try p.parseDirect(depth: 0)
            try p.expectEnd()
            return members
        }
        var seenUnknown = Set<String>()
        if try p.enterObject() {
            repeat {
                let keyStart = p.pos
                // The five member names are recognised by their bytes; only other names become Strings.
                var member = p.memberName()
                let key: String
                if let known = member {
                    key = known.rawValue
                } else {
                    key = try p.parseString()
                    member = ActionMember(rawValue: key)  // a member name written with escapes
                }
                let duplicate: Bool
                switch member {
                case .type?: duplicate = members.type != nil
                case .target?: duplicate = members.target != nil
                case .params?: duplicate = members.params != nil
                case .context?: duplicate = members.context != nil
                case .agent?: duplicate = members.agent != nil
                case nil: duplicate = !seenUnknown.insert(key).inserted
                }
                if duplicate {
                    p.pos = keyStart
                    throw p.failure("duplicate key \"\(key)\"")
                }
                try p.expectColon(after: key)
                switch member {
                case .type?: members.type = try p.parseDirect(depth: 1)
                case .target?: members.target = try p.parseDirect(depth: 1)
                case .params?: members.params = try p.parseMapMember(depth: 1)
                case .context?: members.context = try p.parseMapMember(depth: 1)
                case .agent?: members.agent = try p.parseDirect(depth: 1)
                case nil:
                    _ = try p.parseDirect(depth: 1)
                    members.unknown.append(key)
                }
            } while try p.nextMember()
        }
        try p.expectEnd()
        return members
    }

    enum ActionMember: String {
        case type, target, params, context, agent

        /// `rawValue` as static bytes (no String to make or to look into).
        var name: StaticString {
            switch self {
            case .type: "type"
            case .target: "target"
            case .params: "params"
            case .context: "context"
            case .agent: "agent"
            }
        }
    }

    /// At a string key: when it is one of the five member names written without escapes, moves
    /// past it and says which; otherwise stays put (the key is read as a string).
    private mutating func memberName() -> ActionMember? {
        let candidate: ActionMember
        switch pos + 1 < bytes.count ? bytes[pos + 1] : 0 {
        case UInt8(ascii: "t"): candidate = pos + 2 < bytes.count && bytes[pos + 2] == UInt8(ascii: "y") ? .type : .target
        case UInt8(ascii: "p"): candidate = .params
        case UInt8(ascii: "c"): candidate = .context
        case UInt8(ascii: "a"): candidate = .agent
        default: return nil
        }
        // `"name"`: the name's bytes between the quotes, no escapes.
        let name = candidate.name
        let start = pos + 1, end = start + name.utf8CodeUnitCount
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        for i in 0..<name.utf8CodeUnitCount where bytes[start + i] != name.utf8Start[i] { return nil }
        pos = end + 1
        return candidate
    }

    /// `parseAction` over a string's UTF-8.
    static func parseAction(_ text: String) throws(Failure) -> ActionMembers {
        try withBytes(of: text) { (bytes) throws(Failure) in try parseAction(validUTF8: bytes) }
    }

    /// Only whitespace may follow the value.
    private mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        if pos < bytes.count {
            throw failure("unexpected \(describeCurrent()) after the JSON value")
        }
    }

    /// The current position; the column counts Unicode scalars (non-continuation bytes).
    private mutating func mark() -> SourceMark {
        if columnPos < lineStart || columnPos > pos {  // new line, or an error reported one byte back
            columnPos = lineStart
            column = 1
        }
        while columnPos < pos {
            if bytes[columnPos] & 0xC0 != 0x80 { column += 1 }
            columnPos += 1
        }
        return SourceMark(line: line, column: column)
    }

    private mutating func failure(_ message: String) -> Failure {
        Failure(message: message, mark: mark())
    }

    private func describeCurrent() -> String {
        guard pos < bytes.count else { return "end of input" }
        let b = bytes[pos]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16))"
    }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0D: pos += 1
            case 0x0A:
                pos += 1
                line += 1
                lineStart = pos
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Failure) -> SourceNode {
        guard depth < JSONParser.maxDepth else { throw failure("nesting deeper than \(JSONParser.maxDepth) levels") }
        guard pos < bytes.count else { throw failure("unexpected end of input, expected a value") }
        let start = mark()
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth, start: start)
        case UInt8(ascii: "["): return try parseArray(depth: depth, start: start)
        case UInt8(ascii: "\""): return SourceNode(kind: .scalar(.string(try parseString()), raw: nil), mark: start)
        case UInt8(ascii: "t"): try expectWord("true"); return SourceNode(kind: .scalar(.bool(true), raw: nil), mark: start)
        case UInt8(ascii: "f"): try expectWord("false"); return SourceNode(kind: .scalar(.bool(false), raw: nil), mark: start)
        case UInt8(ascii: "n"): try expectWord("null"); return SourceNode(kind: .scalar(.null, raw: nil), mark: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let numberStart = pos
            let number = try parseNumber()
            return SourceNode(kind: .scalar(number, raw: String(decoding: bytes[numberStart..<pos], as: UTF8.self)), mark: start)
        default:
            throw failure("unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func parseDirect(depth: Int) throws(Failure) -> PolicyValue {
        guard depth < JSONParser.maxDepth else { throw failure("nesting deeper than \(JSONParser.maxDepth) levels") }
        guard pos < bytes.count else { throw failure("unexpected end of input, expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            guard try enterObject() else { return .object([:]) }
            // Room for the usual handful of members up front: growing 1 → 3 → 6 rehashes twice.
            var map = [String: PolicyValue](minimumCapacity: 6)
            repeat {
                let keyStart = pos
                let key = try parseString()
                if map[key] != nil {
                    pos = keyStart
                    throw failure("duplicate key \"\(key)\"")
                }
                try expectColon(after: key)
                map[key] = try parseDirect(depth: depth + 1)
            } while try nextMember()
            return .object(map)
        case UInt8(ascii: "["):
            pos += 1
            var items: [PolicyValue] = []
            skipWhitespace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                return .array(items)
            }
            while true {
                skipWhitespace()
                items.append(try parseDirect(depth: depth + 1))
                skipWhitespace()
                guard pos < bytes.count else { throw failure("unterminated array, expected ',' or ']'") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
                throw failure("expected ',' or ']' in array, found \(describeCurrent())")
            }
            return .array(items)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default:
            throw failure("unexpected \(describeCurrent()), expected a value")
        }
    }

    /// `params` or `context`: an object straight into an `ActionMap` (no dictionary for a few
    /// members), anything else as a value. Same grammar, checks and messages as `parseDirect`.
    private mutating func parseMapMember(depth: Int) throws(Failure) -> MapMember {
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "{") else { return .other(try parseDirect(depth: depth)) }
        var map = ActionMap()
        if try enterObject() {
            repeat {
                let keyStart = pos
                let key = try parseString()
                if map.contains(key) {
                    pos = keyStart
                    throw failure("duplicate key \"\(key)\"")
                }
                try expectColon(after: key)
                map.appendNew(key, try parseDirect(depth: depth + 1))
            } while try nextMember()
        }
        return .object(map)
    }

    private mutating func expectWord(_ word: StaticString) throws(Failure) {
        let matches = word.withUTF8Buffer { w in
            pos + w.count <= bytes.count && bytes[pos..<pos + w.count].elementsEqual(w)
        }
        guard matches else { throw failure("invalid literal, expected '\(word)'") }
        pos += word.utf8CodeUnitCount
    }

    private mutating func parseObject(depth: Int, start: SourceMark) throws(Failure) -> SourceNode {
        var entries: [SourceNode.Entry] = []
        var seen = Set<String>()
        if try enterObject() {
            repeat {
                let keyMark = mark()
                let key = try parseString()
                if !seen.insert(key).inserted {
                    throw Failure(message: "duplicate key \"\(key)\"", mark: keyMark)
                }
                try expectColon(after: key)
                entries.append(.init(key: key, keyMark: keyMark, value: try parseValue(depth: depth + 1)))
            } while try nextMember()
        }
        return SourceNode(kind: .mapping(entries), mark: start)
    }

    // The object grammar every kind of object here shares, with its messages:
    // `if try enterObject() { repeat { key, expectColon(after:), value } while try nextMember() }`.

    /// At `{`: moves past it; true when a member follows (at its key's opening quote), false for
    /// `{}` (moved past the `}`).
    @inline(__always)
    private mutating func enterObject() throws(Failure) -> Bool {
        pos += 1
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            return false
        }
        try expectKey()
        return true
    }

    /// After a member's value: true when another member follows (at its key's opening quote),
    /// false at the closing `}` (moved past it).
    @inline(__always)
    private mutating func nextMember() throws(Failure) -> Bool {
        skipWhitespace()
        guard pos < bytes.count else { throw failure("unterminated object, expected ',' or '}'") }
        if bytes[pos] == UInt8(ascii: ",") {
            pos += 1
            skipWhitespace()
            try expectKey()
            return true
        }
        if bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            return false
        }
        throw failure("expected ',' or '}' in object, found \(describeCurrent())")
    }

    @inline(__always)
    private mutating func expectKey() throws(Failure) {
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
            throw failure("expected a string key, found \(describeCurrent())")
        }
    }

    /// After a key: the colon and the whitespace around it.
    @inline(__always)
    private mutating func expectColon(after key: String) throws(Failure) {
        skipWhitespace()
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
            throw failure("expected ':' after key \"\(key)\", found \(describeCurrent())")
        }
        pos += 1
        skipWhitespace()
    }

    private mutating func parseArray(depth: Int, start: SourceMark) throws(Failure) -> SourceNode {
        pos += 1
        var items: [SourceNode] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            return SourceNode(kind: .sequence(items), mark: start)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard pos < bytes.count else { throw failure("unterminated array, expected ',' or ']'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw failure("expected ',' or ']' in array, found \(describeCurrent())")
        }
        return SourceNode(kind: .sequence(items), mark: start)
    }

    /// Where the run of plain string bytes starting at `start` may end: the start of the first
    /// 8-byte word holding a quote, a backslash or a control character (or of the last partial
    /// word). Eight bytes per step instead of one; the caller goes on byte by byte from there.
    static func plainRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var at = start
        while at + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
            // `(x - ones) & ~x & highs` is nonzero exactly when some byte of `x` is zero, and
            // `(x - 0x20 * ones) & ~x & highs` when some byte is below 0x20.
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)  // a byte below 0x20
            if special & highs != 0 { break }
            at += 8
        }
        return at
    }

    /// Where the string whose text starts at `start` closes (the index of its closing quote)
    /// when nothing in it is escaped and no control character comes first; nil otherwise.
    @inline(__always)
    static func plainStringEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var scan = plainRun(bytes, from: start)
        while scan < bytes.count {
            let b = bytes[scan]
            if b == UInt8(ascii: "\"") { return scan }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            scan += 1
        }
        return nil
    }

    private mutating func parseString() throws(Failure) -> String {
        pos += 1  // opening quote
        // Most strings have no escapes: validate the bytes where they lie, copy once.
        if let scan = Self.plainStringEnd(bytes, from: pos) {
            // The bytes are valid UTF-8 (a Swift String's, or validated by the caller) and the
            // run is cut at ASCII quotes: decoding cannot repair anything.
            let run = UnsafeBufferPointer(rebasing: bytes[pos..<scan])
            // Up to 15 bytes fit in a small string, which this initializer makes without a
            // separate validation pass when they are ASCII (most keys and short values).
            let s = run.count <= 15
                ? String(unsafeUninitializedCapacity: run.count) { out in _ = out.initialize(fromContentsOf: run); return run.count }
                : String(decoding: run, as: UTF8.self)
            pos = scan + 1
            return s
        }
        var out: [UInt8] = []
        var runStart = pos
        while true {
            guard pos < bytes.count else { throw failure("unterminated string") }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<pos])
                pos += 1
                break
            }
            if b < 0x20 { throw failure("control character in string (escape it as \\u00\(b < 16 ? "0" : "")\(String(b, radix: 16)))") }
            if b != UInt8(ascii: "\\") {
                pos += 1
                continue
            }
            out.append(contentsOf: bytes[runStart..<pos])
            pos += 1
            guard pos < bytes.count else { throw failure("unterminated escape in string") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                        throw failure("unpaired surrogate \\u\(String(scalar, radix: 16)) in string")
                    }
                    pos += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw failure("invalid low surrogate \\u\(String(low, radix: 16)) in string")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw failure("unpaired surrogate \\u\(String(scalar, radix: 16)) in string")
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default:
                pos -= 1
                throw failure("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string")
            }
            runStart = pos
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw failure("string is not valid UTF-8")
        }
        return s
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw failure("invalid hex digit in \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    private mutating func parseNumber() throws(Failure) -> PolicyValue {
        let start = pos
        switch Self.scanNumber(bytes, from: start) {
        case .malformed(let at, let message):
            pos = at
            throw failure(message)
        case .wellFormed(let end, let isFloat):
            pos = end
            guard let value = Self.numberValue(bytes, start, end, isFloat: isFloat) else {
                throw failure("number out of range: \(String(decoding: bytes[start..<end], as: UTF8.self))")
            }
            return value
        }
    }

    /// A number's text at `start` (RFC 8259's grammar): where it ends and whether it has a
    /// fraction or an exponent, or where it goes wrong and why.
    enum NumberScan {
        case wellFormed(end: Int, isFloat: Bool)
        case malformed(at: Int, String)
    }

    @inline(__always)
    static func scanNumber(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> NumberScan {
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] &- 0x30 < 10 }
        var pos = start
        var isFloat = false
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard isDigit(pos) else { return .malformed(at: pos, "invalid number") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if isDigit(pos) { return .malformed(at: pos, "invalid number: leading zero") }
        } else {
            while isDigit(pos) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            isFloat = true
            pos += 1
            guard isDigit(pos) else { return .malformed(at: pos, "invalid number: expected digits after '.'") }
            while isDigit(pos) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            isFloat = true
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard isDigit(pos) else { return .malformed(at: pos, "invalid number: expected exponent digits") }
            while isDigit(pos) { pos += 1 }
        }
        return .wellFormed(end: pos, isFloat: isFloat)
    }

    /// The value of the well-formed number `bytes[start..<end]`: an integer when it has no
    /// fraction or exponent and fits Int64, otherwise a double; nil when that is not finite.
    @inline(__always)
    static func numberValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isFloat: Bool) -> PolicyValue? {
        if !isFloat, end - start <= 18 {
            // Up to 18 digits always fits Int64: no text round trip.
            var i: Int64 = 0
            var k = start
            let negative = bytes[k] == UInt8(ascii: "-")
            if negative { k += 1 }
            while k < end { i = i * 10 + Int64(bytes[k] - 0x30); k += 1 }
            return .int(negative ? -i : i)
        }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        if !isFloat, let i = Int64(text) { return .int(i) }
        guard let d = Double(text), d.isFinite else { return nil }
        return .double(d)
    }

}
