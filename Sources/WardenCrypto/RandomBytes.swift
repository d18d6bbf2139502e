import CSodium

/// Cryptographically secure random bytes (libsodium's `randombytes_buf`).
public enum RandomBytes {
    /// Returns `count` random bytes, for keys and identifiers.
    public static func generate(_ count: Int) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: count)
        randombytes_buf(&out, count)
        return out
    }
}
