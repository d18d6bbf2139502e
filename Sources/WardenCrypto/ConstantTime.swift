import CSodium

/// Comparisons whose running time does not depend on where the inputs differ.
public enum ConstantTime {
    /// Tells whether two byte strings are equal, without leaking the position of the first
    /// difference through timing.
    ///
    /// Lengths are not secret: strings of different lengths return `false` at once. Use this
    /// for MACs, hashes of secrets and anything else an attacker may try to guess byte by byte.
    ///
    /// - Parameters:
    ///   - a: One byte string.
    ///   - b: The other.
    /// - Returns: `true` if both have the same length and the same bytes.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        Sodium.ensureInitialized()
        return a.withNonNullPointer { pa, count in
            b.withNonNullPointer { pb, _ in sodium_memcmp(pa, pb, count) == 0 }
        }
    }
}
