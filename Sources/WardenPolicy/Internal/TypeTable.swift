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

    /// FNV-1a's 64-bit offset basis and prime (`fnv1a` and `init(lowercasing:)` hash alike).
    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x100_0000_01b3

    init(_ text: String) {
        self.text = text
        self.hash = TypeKey.fnv1a(text)
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

    /// FNV-1a over `bytes` ASCII-lowercased (the hash `init(lowercasing:)` gives the same
    /// text), and whether any byte needed lowering.
    static func lowercasedHash(_ bytes: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, hasUpper: Bool) {
        var h = TypeKey.fnvOffset
        var upper: UInt8 = 0
        for b in bytes {
            let isUpper: UInt8 = b &- 0x41 < 26 ? 0x20 : 0
            upper |= isUpper
            h ^= UInt64(b | isUpper)
            h = h &* TypeKey.fnvPrime
        }
        return (h, upper != 0)
    }

    /// FNV-1a over `bytes` as they are (the hash `fnv1a` gives the same text).
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = TypeKey.fnvOffset
        for b in bytes {
            h ^= UInt64(b)
            h = h &* TypeKey.fnvPrime
        }
        return h
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

    /// FNV-1a over UTF-8: fast for short keys. Not collision-resistant, which is fine here: the
    /// table only holds action names from the operator's own policies, and keys are compared in
    /// full after the hash matches.
    static func fnv1a(_ s: String) -> UInt64 {
        if let h = s.utf8.withContiguousStorageIfAvailable({ fnv1a($0) }) { return h }
        var copy = s
        return copy.withUTF8 { fnv1a($0) }
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
            let h = TypeKey.fnv1a(key)
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
    /// lowercased form's FNV-1a `hash` (`TypeKey.lowercasedHash`): no String is made.
    func index(lowercasing type: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let i = Int(slots[slot])
            if i < 0 { return nil }
            if hashes[i] == hash && TypeKey.equalsLowercased(keys[i], type) { return i }
            slot = (slot + 1) & mask
        }
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
