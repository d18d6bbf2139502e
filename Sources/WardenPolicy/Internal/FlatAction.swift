#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value in a flat action, read where its bytes lie.
enum FlatValue {
    /// A string written without escapes or control characters: its bytes are its text.
    case string(start: Int32, end: Int32)
    /// A number the JSON parser reads as an integer.
    case int(Int64)
    /// A number the JSON parser reads as a double (a fraction, an exponent, or an integer
    /// beyond 64 bits).
    case double(Double)
    case bool(Bool)
    case null
}

/// One member of `params` or `context`: an ASCII key written without escapes, and its value.
/// Offsets are 32-bit (libwarden reads at most 1 MiB of action) so that the scratch space of
/// `2 * FlatAction.capacity` members stays under the 1 KiB that `withUnsafeTemporaryAllocation`
/// always takes from the stack (a heap allocation cost ~340 instructions a check).
struct FlatMember {
    var keyStart: Int32
    var keyEnd: Int32
    var value: FlatValue
}

/// An action's JSON text read without building an `Action`, for `FastPlan`: the usual flat
/// action, `{"type": "...", "target": "..." | null, "params": {...} | null, "context": {...} | null}`
/// with `params` and `context` holding only strings, numbers, booleans and nulls.
///
/// It reads exactly what the full path (`JSONParser.parseAction`, then `Action(members:)`)
/// would accept and what it would make of it, or it gives up (the initializer returns nil) and
/// the caller takes the full path, which then also gives any error message. It gives up on an
/// escape or a control character in any string, a non-ASCII key (`==` on String equates
/// canonically equivalent spellings, so bytes could not tell duplicates or matches apart), a
/// number out of a double's range, a nested object or array, an `agent`, an
/// unknown member, a duplicate, more than `capacity` members, a missing or empty `type`, or a
/// member of the wrong type. The text must be valid UTF-8 (the caller has checked).
struct FlatAction {
    /// The most members `params` (and `context`) may have.
    static let capacity = 16

    let bytes: UnsafeBufferPointer<UInt8>
    let typeStart: Int
    let typeEnd: Int
    /// `params`, in the caller's scratch space (valid while it is).
    let params: UnsafeMutableBufferPointer<FlatMember>

    /// Reads `bytes`; `scratch` holds at least `2 * capacity` members.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<FlatMember>) {
        guard bytes.count > 0, bytes.count < Int(Int32.max), scratch.count >= 2 * Self.capacity else { return nil }
        var s = FlatScanner(bytes)
        s.skipWhitespace()
        guard s.take(UInt8(ascii: "{")) else { return nil }
        var type: (start: Int, end: Int)?
        var sawTarget = false, sawParams = false, sawContext = false
        var paramCount = 0
        s.skipWhitespace()
        repeat {
            guard let member = s.memberName() else { return nil }
            s.skipWhitespace()
            guard s.take(UInt8(ascii: ":")) else { return nil }
            s.skipWhitespace()
            switch member {
            case .type:
                guard type == nil, let t = s.plainString(), t.end > t.start else { return nil }
                type = t
            case .target:
                guard !sawTarget, s.plainString() != nil || s.word("null") else { return nil }
                sawTarget = true
            case .params:
                guard !sawParams else { return nil }
                sawParams = true
                if !s.word("null") {
                    guard let n = s.flatObject(into: UnsafeMutableBufferPointer(rebasing: scratch[0..<Self.capacity])) else { return nil }
                    paramCount = n
                }
            case .context:
                guard !sawContext else { return nil }
                sawContext = true
                if !s.word("null") {
                    guard s.flatObject(into: UnsafeMutableBufferPointer(rebasing: scratch[Self.capacity..<2 * Self.capacity])) != nil else { return nil }
                }
            }
            s.skipWhitespace()
            if s.take(UInt8(ascii: "}")) { break }
            guard s.take(UInt8(ascii: ",")) else { return nil }
            s.skipWhitespace()
        } while true
        s.skipWhitespace()
        guard s.atEnd, let type else { return nil }
        self.bytes = bytes
        self.typeStart = type.start
        self.typeEnd = type.end
        self.params = UnsafeMutableBufferPointer(rebasing: scratch[0..<paramCount])
    }

    /// The type's bytes.
    var typeBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[typeStart..<typeEnd]) }

    /// The type's text (valid UTF-8: the whole text is, and it is cut at ASCII quotes).
    var type: String {
        let run = typeBytes
        // Up to 15 bytes make a small string, without the validating pass of String(decoding:).
        return run.count <= 15
            ? String(unsafeUninitializedCapacity: run.count) { out in _ = out.initialize(fromContentsOf: run); return run.count }
            : String(decoding: run, as: UTF8.self)
    }

    /// `params.<key>` as `FieldPath.resolve` finds it: nil when absent or null.
    func param(_ key: UnsafeBufferPointer<UInt8>) -> FlatValue? {
        for member in params where Int(member.keyEnd - member.keyStart) == key.count
            && memcmp(bytes.baseAddress! + Int(member.keyStart), key.baseAddress!, key.count) == 0 {
            if case .null = member.value { return nil }
            return member.value
        }
        return nil
    }

    /// The bytes of a string value.
    func text(_ start: Int32, _ end: Int32) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[Int(start)..<Int(end)])
    }
}

/// The grammar `FlatAction` reads, byte by byte, with `JSONParser`'s rules (whitespace is
/// space, tab, CR and LF; numbers as RFC 8259 writes them).
private struct FlatScanner {
    enum Member { case type, target, params, context }

    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { pos == bytes.count }

    mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard pos < bytes.count, bytes[pos] == byte else { return false }
        pos += 1
        return true
    }

    /// A literal (`true`, `false`, `null`) at the current position.
    @inline(__always)
    mutating func word(_ w: StaticString) -> Bool {
        let n = w.utf8CodeUnitCount
        guard pos + n <= bytes.count, memcmp(bytes.baseAddress! + pos, w.utf8Start, n) == 0 else { return false }
        pos += n
        return true
    }

    /// At a quote: the string's byte range when it has no escape and no control character.
    @inline(__always)
    mutating func plainString() -> (start: Int, end: Int)? {
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\""),
              let end = JSONParser.plainStringEnd(bytes, from: pos + 1) else { return nil }
        defer { pos = end + 1 }
        return (pos + 1, end)
    }

    /// At a quote: one of the four member names written plainly, moved past with its closing
    /// quote; nil for any other name (or one written with escapes), which the full path reads.
    @inline(__always)
    mutating func memberName() -> Member? {
        let candidate: Member, spelling: StaticString
        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { return nil }
        switch bytes[pos + 1] {
        case UInt8(ascii: "t"):
            (candidate, spelling) = pos + 2 < bytes.count && bytes[pos + 2] == UInt8(ascii: "y") ? (.type, "type\"") : (.target, "target\"")
        case UInt8(ascii: "p"): (candidate, spelling) = (.params, "params\"")
        case UInt8(ascii: "c"): (candidate, spelling) = (.context, "context\"")
        default: return nil
        }
        let n = spelling.utf8CodeUnitCount
        guard pos + 1 + n <= bytes.count else { return nil }
        for i in 1..<n where bytes[pos + 1 + i] != spelling.utf8Start[i] { return nil }
        pos += 1 + n
        return candidate
    }

    /// At `{`: an object of flat members into `out`; how many, or nil to give up.
    mutating func flatObject(into out: UnsafeMutableBufferPointer<FlatMember>) -> Int? {
        guard take(UInt8(ascii: "{")) else { return nil }
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return 0 }
        var count = 0
        repeat {
            guard count < out.count, let key = plainString() else { return nil }
            for i in key.start..<key.end where bytes[i] >= 0x80 { return nil }
            for j in 0..<count where Int(out[j].keyEnd - out[j].keyStart) == key.end - key.start
                && memcmp(bytes.baseAddress! + Int(out[j].keyStart), bytes.baseAddress! + key.start, key.end - key.start) == 0 {
                return nil  // a duplicate: the full path refuses it
            }
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            guard let value = value() else { return nil }
            out[count] = FlatMember(keyStart: Int32(key.start), keyEnd: Int32(key.end), value: value)
            count += 1
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return count }
            guard take(UInt8(ascii: ",")) else { return nil }
            skipWhitespace()
        } while true
    }

    @inline(__always)
    mutating func value() -> FlatValue? {
        guard pos < bytes.count else { return nil }
        switch bytes[pos] {
        case UInt8(ascii: "\""):
            guard let s = plainString() else { return nil }
            return .string(start: Int32(s.start), end: Int32(s.end))
        case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return word("null") ? .null : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default: return nil
        }
    }

    /// A number, read as `JSONParser.parseNumber` reads it; nil where that throws (a malformed
    /// number, or one out of a double's range).
    @inline(__always)
    mutating func number() -> FlatValue? {
        guard case .wellFormed(let end, let isFloat) = JSONParser.scanNumber(bytes, from: pos) else { return nil }
        defer { pos = end }
        switch JSONParser.numberValue(bytes, pos, end, isFloat: isFloat) {
        case .int(let i)?: return .int(i)
        case .double(let d)?: return .double(d)
        default: return nil
        }
    }
}
