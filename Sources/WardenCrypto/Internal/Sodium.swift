import CSodium

/// One-time libsodium initialization.
///
/// `sodium_init()` picks the fastest implementations for this CPU and seeds the random number
/// generator; it must finish before any other libsodium call. A `static let` gives us
/// thread-safe, exactly-once initialization from the Swift runtime.
enum Sodium {
    private static let initialized: Bool = {
        // 0 = initialized now, 1 = already initialized (by another library in the process).
        // -1 means the library cannot work at all; continuing would mean signing with a broken
        // RNG or without the CPU-specific code paths, so this is the one place we stop.
        guard sodium_init() >= 0 else { fatalError("libsodium failed to initialize (sodium_init returned -1)") }
        return true
    }()

    /// Makes sure libsodium is initialized; cheap after the first call.
    @inline(__always)
    static func ensureInitialized() {
        _ = initialized
    }
}

extension Array where Element == UInt8 {
    /// Calls `body` with a pointer that is never nil, even for an empty array.
    ///
    /// libsodium declares its pointer parameters `nonnull` (a GCC attribute Swift does not see),
    /// so passing the nil base address of an empty buffer would be undefined behaviour in C.
    func withNonNullPointer<R>(_ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        if isEmpty {
            var zero: UInt8 = 0
            return withUnsafePointer(to: &zero) { body($0, 0) }
        }
        return withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }
}
