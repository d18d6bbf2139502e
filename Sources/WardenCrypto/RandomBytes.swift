import CSodium
import Synchronization

/// Cryptographically secure random bytes (libsodium's `randombytes_buf`).
public enum RandomBytes {
    /// Returns `count` random bytes, for keys and identifiers.
    public static func generate(_ count: Int) -> [UInt8] {
        Sodium.ensureInitialized()
        var out = [UInt8](repeating: 0, count: count)
        randombytes_buf(&out, count)
        return out
    }

    /// Returns `count` (at most 64) random bytes for an identifier, served from a 4 KiB block
    /// drawn from the same CSPRNG: one system call per few hundred ids instead of one per id,
    /// which matters on the per-decision path. Each byte is handed out once. Use `generate`
    /// for keys and secrets.
    public static func identifier(_ count: Int) -> [UInt8] {
        precondition(count > 0 && count <= 64, "identifier sizes are 1...64 bytes")
        return pool.withLock { pool in
            if pool.cursor + count > pool.bytes.count {
                Sodium.ensureInitialized()
                pool.bytes.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
                pool.cursor = 0
            }
            defer { pool.cursor += count }
            return Array(pool.bytes[pool.cursor..<(pool.cursor + count)])
        }
    }

    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        /// Starts exhausted, so the first call fills the block.
        var cursor = 4096
    }

    private static let pool = Mutex(Pool())
}
