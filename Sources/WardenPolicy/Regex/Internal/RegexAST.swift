// Abstract syntax tree of a parsed policy regex, plus the scalar-set type used by literals,
// `.` and character classes. Everything here is a plain value type; the tree is discarded
// once the pattern has been compiled to a byte program.

/// Zero-width assertions. Which of `^`/`$` a pattern gets depends on the `(?m)` flag at
/// the point where it is written, so the parser resolves them to these precise kinds.
enum RegexAssertion: UInt8, Sendable {
    /// `\A`, or `^` without `(?m)`.
    case startText
    /// `^` under `(?m)`: start of text or just after a `\n`.
    case startLine
    /// `\z` and `\Z`: strict end of text.
    case endText
    /// `$` under `(?m)`: end of text or just before a `\n`.
    case endLine
    /// `$` without `(?m)` (Python semantics): end of text, or just before a `\n` that is
    /// the final byte of the text.
    case endTextOrFinalNewline
    /// `\b` (ASCII word characters).
    case wordBoundary
    /// `\B`.
    case notWordBoundary
}

/// A set of Unicode scalar values stored as sorted, non-overlapping, non-adjacent closed
/// ranges that never include the surrogate block (UTF-8 text cannot contain surrogates).
struct RegexScalarSet: Sendable, Equatable {
    static let maxScalar: UInt32 = 0x10FFFF
    private(set) var ranges: [ClosedRange<UInt32>]

    init() { ranges = [] }

    init(_ ranges: [ClosedRange<UInt32>]) {
        self.ranges = ranges
        normalize()
    }

    init(scalar: UInt32) { self.init([scalar...scalar]) }

    static let any = RegexScalarSet([0...maxScalar])
    static let anyButNewline = RegexScalarSet([0...9, 11...maxScalar])
    static let digit = RegexScalarSet([0x30...0x39])
    static let word = RegexScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    static let space = RegexScalarSet([0x09...0x0D, 0x20...0x20])

    var isEmpty: Bool { ranges.isEmpty }

    mutating func formUnion(_ other: RegexScalarSet) {
        ranges.append(contentsOf: other.ranges)
        normalize()
    }

    /// Complement with respect to all scalar values (surrogates stay excluded).
    func inverted() -> RegexScalarSet {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in ranges {
            if r.lowerBound > next { result.append(next...(r.lowerBound - 1)) }
            next = r.upperBound + 1
        }
        if next <= Self.maxScalar { result.append(next...Self.maxScalar) }
        return RegexScalarSet(result)
    }

    /// Adds every simple case variant of every member (see `RegexCaseFolding`).
    func caseFolded() -> RegexScalarSet {
        var extra: [ClosedRange<UInt32>] = []
        for r in ranges { RegexCaseFolding.appendVariants(of: r, to: &extra) }
        if extra.isEmpty { return self }
        return RegexScalarSet(ranges + extra)
    }

    /// Minimum and maximum UTF-8 encoded length of a member (0...0 when empty).
    var utf8LengthBounds: (min: Int, max: Int) {
        guard let first = ranges.first, let last = ranges.last else { return (0, 0) }
        return (RegexUTF8.encodedLength(first.lowerBound), RegexUTF8.encodedLength(last.upperBound))
    }

    private mutating func normalize() {
        // Clip to the scalar range and cut out surrogates before merging.
        var pieces: [ClosedRange<UInt32>] = []
        pieces.reserveCapacity(ranges.count + 1)
        for r in ranges {
            guard r.lowerBound <= Self.maxScalar else { continue }
            let r = r.lowerBound...min(r.upperBound, Self.maxScalar)
            if r.lowerBound < 0xD800 && r.upperBound > 0xDFFF {
                pieces.append(r.lowerBound...0xD7FF)
                pieces.append(0xE000...r.upperBound)
            } else if r.lowerBound >= 0xD800 && r.upperBound <= 0xDFFF {
                continue
            } else if r.lowerBound >= 0xD800 && r.lowerBound <= 0xDFFF {
                pieces.append(0xE000...r.upperBound)
            } else if r.upperBound >= 0xD800 && r.upperBound <= 0xDFFF {
                pieces.append(r.lowerBound...0xD7FF)
            } else {
                pieces.append(r)
            }
        }
        pieces.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        merged.reserveCapacity(pieces.count)
        for r in pieces {
            if let last = merged.last, r.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        ranges = merged
    }
}

/// Parsed pattern tree.
indirect enum RegexNode: Sendable {
    case empty
    /// Exactly one scalar from the set (literals, `.`, classes; case folding already applied).
    case set(RegexScalarSet)
    case concat([RegexNode])
    case alternation([RegexNode])
    /// `max == nil` means unbounded. Laziness is dropped: it never changes whether a match exists.
    case repetition(RegexNode, min: Int, max: Int?)
    /// `capture` is the 1-based group number, nil for non-capturing groups.
    case group(RegexNode, capture: Int?)
    case assertion(RegexAssertion)
    /// Lookaround. For lookbehind `minLen...maxLen` are the possible UTF-8 byte lengths of the body.
    case look(RegexNode, ahead: Bool, negative: Bool, minLen: Int, maxLen: Int)
    case backreference(Int, caseInsensitive: Bool)

    /// Bounds on the number of UTF-8 bytes a match of this node consumes; `max == nil`
    /// means unbounded or unknown (backreferences).
    var byteLengthBounds: (min: Int, max: Int?) {
        switch self {
        case .empty, .assertion, .look:
            return (0, 0)
        case .set(let s):
            let b = s.utf8LengthBounds
            return (b.min, b.max)
        case .concat(let items):
            var lo = 0
            var hi: Int? = 0
            for item in items {
                let b = item.byteLengthBounds
                lo += b.min
                if let h = hi, let m = b.max { hi = h + m } else { hi = nil }
            }
            return (lo, hi)
        case .alternation(let items):
            var lo = Int.max
            var hi: Int? = 0
            for item in items {
                let b = item.byteLengthBounds
                lo = min(lo, b.min)
                if let h = hi, let m = b.max { hi = max(h, m) } else { hi = nil }
            }
            return (lo == Int.max ? 0 : lo, hi)
        case .repetition(let body, let minCount, let maxCount):
            let b = body.byteLengthBounds
            let hi: Int?
            if let m = b.max, let c = maxCount { hi = m * c } else if b.max == 0 { hi = 0 } else { hi = nil }
            return (b.min * minCount, hi)
        case .group(let body, _):
            return body.byteLengthBounds
        case .backreference:
            return (0, nil)
        }
    }
}
