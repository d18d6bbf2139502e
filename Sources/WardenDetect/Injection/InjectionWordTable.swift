/// A fixed set of word hashes with a value each, for the word lookups of the rules: open
/// addressing over a power-of-two table, no hashing beyond the FNV-1a the caller already did
/// (the standard `Set` would SipHash the hash again on every lookup).
struct InjectionWordTable: Sendable {
    private let keys: [UInt64]
    private let values: [Double]
    private let mask: Int

    /// A table of `entries` (later duplicates win). Key 0 is reserved for empty slots.
    init(_ entries: [(UInt64, Double)]) {
        var size = 16
        while size < entries.count * 2 { size <<= 1 }
        var keys = [UInt64](repeating: 0, count: size)
        var values = [Double](repeating: 0, count: size)
        for (key, value) in entries where key != 0 {
            var i = Int(truncatingIfNeeded: key >> 3) & (size - 1)
            while keys[i] != 0 && keys[i] != key { i = (i + 1) & (size - 1) }
            keys[i] = key
            values[i] = value
        }
        self.keys = keys
        self.values = values
        mask = size - 1
    }

    /// A table of `keys`, each with value 1.
    init<S: Sequence<UInt64>>(keys: S) {
        self.init(keys.map { ($0, 1) })
    }

    /// The value of `key`, or nil.
    @inline(__always)
    func value(_ key: UInt64) -> Double? {
        var i = Int(truncatingIfNeeded: key >> 3) & mask
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool { value(key) != nil }
}
