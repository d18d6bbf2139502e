#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lowercased action type with its hash, computed once per evaluation and reused by every
/// policy's lookup (a `Dictionary<String, _>` would re-hash it with SipHash in each policy).
struct TypeKey {
    let text: String
    let hash: UInt64

    /// The hash's seed and multiplier (`hash` and `lowercasedHash` hash alike).
    private static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(_ text: String) {
        self.text = text
        self.hash = TypeKey.hash(text)
    }

    /// The key of `type` ASCII-lowercased (action types match case-insensitively): one pass
    /// over the bytes both hashes them as lowercased and finds whether any needs lowering, so
    /// the usual all-lowercase type is neither copied nor read twice.
    init(lowercasing type: String) {
        let scanned = type.utf8.withContiguousStorageIfAvailable(TypeKey.lowercasedHash)
        guard let scanned else {
            self.init(Glob.asciiLowercased(type))
            return
        }
        self.init(text: scanned.hasUpper ? Glob.asciiLowercased(type) : type, hash: scanned.hash)
    }

    /// `hash` of `bytes` ASCII-lowercased (what `init(lowercasing:)` hashes), and whether any
    /// byte needed lowering: eight bytes at a time, lowered together.
    static func lowercasedHash(_ bytes: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, hasUpper: Bool) {
        var upper: UInt64 = 0
        let h = words(bytes) { word in
            let lowered = asciiLowercased(word)
            upper |= lowered ^ word
            return lowered
        }
        return (h, upper != 0)
    }

    /// A multiplicative hash of `bytes` taken eight at a time (little-endian words, the last one
    /// zero-padded, the length mixed in): fast for short keys, with a multiply per word where
    /// FNV-1a had one per byte. Not collision-resistant, which is fine here: the tables only hold
    /// action names from the operator's own policies (or a bounded cache), and keys are compared
    /// in full after the hash matches.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        words(bytes) { $0 }
    }

    /// The hash over `bytes`' words, each passed through `transform` first. (Masking shifts and
    /// wrapping arithmetic: every shift count and index here is in range by construction.)
    @inline(__always)
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>, _ transform: (UInt64) -> UInt64) -> UInt64 {
        let n = bytes.count
        var h = seed ^ UInt64(truncatingIfNeeded: n)
        guard n > 0, let base = bytes.baseAddress else { return mix(h) }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i &+ 8 <= n {
            h = (h ^ transform(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))) &* multiplier
            h ^= h &>> 29
            i &+= 8
        }
        let rest = n &- i
        if rest > 0 {
            // The last 1...7 bytes as one zero-padded word, read without a loop where the key
            // is long enough for a load that ends at its last byte.
            let drop = UInt64(truncatingIfNeeded: (8 &- rest) &* 8)
            let last: UInt64
            if n >= 8 {
                last = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)) &>> drop
            } else if rest >= 4 {
                let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
                let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: rest &- 4, as: UInt32.self)))
                last = low | ((high &>> drop) &<< 32)
            } else {
                var word: UInt64 = 0
                var k = 0
                while k < rest {
                    word |= UInt64(base[k]) &<< UInt64(truncatingIfNeeded: k &* 8)
                    k &+= 1
                }
                last = word
            }
            h = (h ^ transform(last)) &* multiplier
        }
        return mix(h)
    }

    @inline(__always)
    private static func mix(_ h: UInt64) -> UInt64 {
        let m = (h ^ (h &>> 32)) &* multiplier
        return m ^ (m &>> 29)
    }

    /// `word`'s bytes A–Z lowered, every other byte (non-ASCII ones too) as it is.
    @inline(__always)
    static func asciiLowercased(_ word: UInt64) -> UInt64 {
        let low7 = word & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastA = low7 &+ 0x3F3F_3F3F_3F3F_3F3F  // high bit set where the low 7 bits are >= 0x41
        let aboveZ = low7 &+ 0x2525_2525_2525_2525  // high bit set where they are >= 0x5B
        let upper = atLeastA & ~aboveZ & ~word & 0x8080_8080_8080_8080  // and the byte itself < 0x80
        return word | (upper &>> 2)
    }

    /// Whether `key` (lowercase) is `bytes` ASCII-lowercased.
    static func equalsLowercased(_ key: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = key.utf8.withContiguousStorageIfAvailable { k -> Bool in
            guard k.count == bytes.count else { return false }
            for i in 0..<k.count where k[i] != (bytes[i] &- 0x41 < 26 ? bytes[i] | 0x20 : bytes[i]) { return false }
            return true
        }
        if let r { return r }
        return key.utf8.elementsEqual(bytes.lazy.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 })
    }

    private init(text: String, hash: UInt64) {
        self.text = text
        self.hash = hash
    }

    /// `hash(_:)` of `s`'s UTF-8.
    static func hash(_ s: String) -> UInt64 {
        if let h = s.utf8.withContiguousStorageIfAvailable({ hash($0) }) { return h }
        var copy = s
        return copy.withUTF8 { hash($0) }
    }
}

/// An immutable open-addressing map from exact (lowercased) action types to values, built at
/// compile time.
struct TypeTable<Value: Sendable>: Sendable {
    private let slots: [Int32]
    private let hashes: [UInt64]
    private let keys: [String]
    let values: [Value]
    private let mask: Int

    init(_ entries: [(String, Value)]) {
        var capacity = 8
        while capacity < entries.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        var hashes: [UInt64] = []
        var keys: [String] = []
        var values: [Value] = []
        for (i, (key, value)) in entries.enumerated() {
            let h = TypeKey.hash(key)
            var slot = Int(truncatingIfNeeded: h) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(i)
            hashes.append(h)
            keys.append(key)
            values.append(value)
        }
        self.slots = slots
        self.hashes = hashes
        self.keys = keys
        self.values = values
        self.mask = capacity - 1
    }

    /// The index in `values` of `key`, if present.
    func index(of key: TypeKey) -> Int? {
        var slot = Int(truncatingIfNeeded: key.hash) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            if hashes[i] == key.hash && keys[i].utf8Equals(key.text) { return i }
            slot = (slot + 1) & mask
        }
    }

    /// The index in `values` of the type whose bytes are `type` ASCII-lowercased, given that
    /// lowercased form's `hash` (`TypeKey.lowercasedHash`): no String is made.
    func index(lowercasing type: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            if hashes[i] == hash && TypeKey.equalsLowercased(keys[i], type) { return i }
            slot = (slot + 1) & mask
        }
    }

    /// `body` of the value at `index`, borrowed where it lies (no copy of it is made).
    @inline(__always)
    func withValue<R>(at index: Int, _ body: (borrowing Value) -> R) -> R {
        values.withUnsafeBufferPointer { body($0[index]) }
    }

    var isEmpty: Bool { values.isEmpty }
}

extension String {
    /// Byte equality (not `==`, which equates canonically equivalent Unicode spellings that
    /// globs and every other comparison in the engine keep apart), compared where the bytes lie:
    /// the generic `utf8.elementsEqual` cost several hundred instructions a call.
    func utf8Equals(_ other: String) -> Bool {
        other.utf8.withContiguousStorageIfAvailable { utf8Equals($0) } ?? utf8.elementsEqual(other.utf8)
    }

    /// Byte equality with `bytes`.
    func utf8Equals(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let r = utf8.withContiguousStorageIfAvailable { x in
            x.count == bytes.count && (x.count == 0 || memcmp(x.baseAddress!, bytes.baseAddress!, x.count) == 0)
        }
        if let r { return r }
        return utf8.elementsEqual(bytes)
    }
}
