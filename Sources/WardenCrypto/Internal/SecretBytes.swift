import CSodium

/// Secret key bytes in memory that is wiped with `sodium_memzero` when the last reference goes.
///
/// A Swift array may be copied or moved by the runtime at any time, leaving stale copies of a
/// key behind; this buffer is allocated once, never resized, and zeroed before it is freed.
final class SecretBytes: @unchecked Sendable {
    // @unchecked Sendable: the buffer is written only in `init` and read-only afterwards, so
    // concurrent readers never race; `deinit` runs only when no reference is left.
    private let buffer: UnsafeMutableRawBufferPointer

    /// Allocates `count` bytes and lets `initialize` fill them.
    init(count: Int, initialize: (UnsafeMutableRawBufferPointer) -> Void) {
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        initialize(buffer)
    }

    deinit {
        sodium_memzero(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }

    /// The number of bytes held.
    var count: Int { buffer.count }

    /// Calls `body` with the bytes; the pointer must not escape.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(buffer))
    }
}
