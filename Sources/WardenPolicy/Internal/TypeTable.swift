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

    init(_ text: String) {
        self.text = text
        self.hash = TypeKey.fnv1a(text)
    }

    /// FNV-1a over UTF-8: fast for short keys. Not collision-resistant, which is fine here: the
    /// table only holds action names from the operator's own policies, and keys are compared in
    /// full after the hash matches.
    static func fnv1a(_ s: String) -> UInt64 {
        func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            return h
        }
        if let h = s.utf8.withContiguousStorageIfAvailable(hash) { return h }
        var copy = s
        return copy.withUTF8(hash)
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
            if hashes[i] == key.hash && TypeTable.sameBytes(keys[i], key.text) { return i }
            slot = (slot + 1) & mask
        }
    }

    var isEmpty: Bool { values.isEmpty }

    /// Byte equality (not `==`, which would equate canonically equivalent Unicode spellings
    /// that globs and every other comparison in the engine keep apart).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let r = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
        if let r, let r { return r }
        return a.utf8.elementsEqual(b.utf8)
    }
}
