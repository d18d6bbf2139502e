/// Simple (one scalar ↔ one scalar) case folding for `(?i)`.
///
/// What is folded: every scalar in the blocks listed in `foldedBlocks` (Latin, Latin-1,
/// Latin Extended, IPA, Greek, Cyrillic, Armenian, Georgian, Cherokee, Latin Extended
/// Additional, Greek Extended, letterlike symbols such as the Kelvin sign, Roman numerals,
/// circled letters, Glagolitic, Coptic, fullwidth Latin, Deseret, Osage, Old Hungarian,
/// Warang Citi, Adlam) is grouped with the scalars reachable through the standard library's
/// single-scalar `lowercaseMapping`/`uppercaseMapping`/`titlecaseMapping`. So `k`, `K` and
/// the Kelvin sign U+212A form one class, as do `s`, `S` and `ſ`, and `σ`, `ς`, `Σ`.
/// Multi-scalar mappings (`ß` → `SS`, `İ` → `i̇`) are not applied.
///
/// The table is built once per process as an immutable global (thread-safe lazy global
/// initialisation); compiled regexes never consult it at match time.
enum RegexCaseFolding {
    static let foldedBlocks: [ClosedRange<UInt32>] = [
        0x0000...0x058F, 0x10A0...0x10FF, 0x13A0...0x13FF, 0x1C80...0x1CBF,
        0x1E00...0x1FFF, 0x2100...0x218F, 0x24B6...0x24E9, 0x2C00...0x2D2F,
        0xA640...0xA7FF, 0xAB70...0xABBF, 0xFF21...0xFF5A, 0x10400...0x104FF,
        0x10C80...0x10CFF, 0x118A0...0x118DF, 0x1E900...0x1E943,
    ]

    /// Sorted cased scalars and, for each, the other members of its case orbit.
    static let table: (keys: [UInt32], orbits: [[UInt32]]) = buildTable()

    /// Appends the case variants of all scalars in `range` to `out`.
    static func appendVariants(of range: ClosedRange<UInt32>, to out: inout [ClosedRange<UInt32>]) {
        let keys = table.keys
        // Binary search for the first cased scalar >= range.lowerBound.
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < keys.count && keys[i] <= range.upperBound {
            for v in table.orbits[i] { out.append(v...v) }
            i += 1
        }
    }

    /// Canonical representative used to compare scalars case-insensitively (backreferences).
    static func canonical(_ scalar: UInt32) -> UInt32 {
        let keys = table.keys
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < scalar { lo = mid + 1 } else { hi = mid }
        }
        guard lo < keys.count, keys[lo] == scalar else { return scalar }
        return min(scalar, table.orbits[lo].min() ?? scalar)
    }

    private static func single(_ s: String) -> UInt32? {
        var it = s.unicodeScalars.makeIterator()
        guard let first = it.next(), it.next() == nil else { return nil }
        return first.value
    }

    private static func buildTable() -> (keys: [UInt32], orbits: [[UInt32]]) {
        // Union-find over scalars connected by single-scalar case mappings.
        var parent: [UInt32: UInt32] = [:]
        func find(_ x: UInt32) -> UInt32 {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        func union(_ a: UInt32, _ b: UInt32) {
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let ra = find(a)
            let rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for block in foldedBlocks {
            for v in block {
                guard let scalar = Unicode.Scalar(v) else { continue }
                let p = scalar.properties
                for mapped in [p.lowercaseMapping, p.uppercaseMapping, p.titlecaseMapping] {
                    if let m = single(mapped), m != v { union(v, m) }
                }
            }
        }
        var members: [UInt32: [UInt32]] = [:]
        for v in parent.keys { members[find(v), default: []].append(v) }
        let keys = parent.keys.sorted()
        let orbits = keys.map { v in members[find(v)]!.filter { $0 != v }.sorted() }
        return (keys, orbits)
    }
}
