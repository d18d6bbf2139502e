import CSodium

/// SHA-256 and HMAC-SHA256, from libsodium.
///
/// ```swift
/// let digest = Digest.sha256("abc")                         // 32 bytes
/// let mac = Digest.hmacSHA256(key: key, message: "event")   // 32 bytes
/// ```
public enum Digest {
    /// The length of a SHA-256 digest and of an HMAC-SHA256 tag, in bytes (32).
    public static let sha256Length = Int(crypto_hash_sha256_BYTES)

    /// Computes the SHA-256 digest of some bytes.
    ///
    /// - Parameter bytes: The message.
    /// - Returns: The 32-byte digest.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        sha256(concatenating: bytes)
    }

    /// Computes the SHA-256 digest of several byte strings one after another, as if they were
    /// concatenated (without building the concatenation).
    ///
    /// - Parameter parts: The message, in pieces.
    /// - Returns: The 32-byte digest.
    public static func sha256(concatenating parts: [UInt8]...) -> [UInt8] {
        Sodium.ensureInitialized()
        var state = crypto_hash_sha256_state()
        _ = crypto_hash_sha256_init(&state)
        for part in parts {
            part.withNonNullPointer { message, count in
                _ = crypto_hash_sha256_update(&state, message, UInt64(count))
            }
        }
        var digest = [UInt8](repeating: 0, count: sha256Length)
        _ = crypto_hash_sha256_final(&state, &digest)
        return digest
    }

    /// Computes the SHA-256 digest of a string's UTF-8 encoding.
    ///
    /// - Parameter text: The message.
    /// - Returns: The 32-byte digest.
    public static func sha256(_ text: String) -> [UInt8] {
        sha256(Array(text.utf8))
    }

    /// Computes HMAC-SHA256 (RFC 2104) of a message.
    ///
    /// Keys of any length are accepted: keys longer than the 64-byte block are hashed first,
    /// shorter ones are zero-padded, as the RFC specifies.
    ///
    /// - Parameters:
    ///   - key: The secret key.
    ///   - message: The message to authenticate.
    /// - Returns: The 32-byte tag. Compare tags with ``ConstantTime/equals(_:_:)``.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        HMACKey(key).authenticate(message)
    }

    /// Computes HMAC-SHA256 of a string's UTF-8 encoding.
    ///
    /// - Parameters:
    ///   - key: The secret key.
    ///   - message: The message to authenticate.
    /// - Returns: The 32-byte tag.
    public static func hmacSHA256(key: [UInt8], message: String) -> [UInt8] {
        hmacSHA256(key: key, message: Array(message.utf8))
    }
}

/// An HMAC-SHA256 key prepared once: the key's inner and outer pads are hashed when it is made,
/// so each tag costs two SHA-256 blocks fewer than preparing the key per message
/// (``Digest/hmacSHA256(key:message:)``, which is this with a key made for one call).
///
/// ```swift
/// let key = HMACKey(secretBytes)
/// let tag = key.authenticate(header, body)   // HMAC-SHA256(secretBytes, header ‖ body)
/// ```
///
/// The prepared state is as secret as the key; it is wiped when the last reference goes.
public final class HMACKey: @unchecked Sendable {
    // Never mutated after init; `authenticate` works on a copy, so concurrent calls are safe.
    private var prepared = crypto_auth_hmacsha256_state()

    /// Prepares `key` (any length, as in RFC 2104).
    public init(_ key: [UInt8]) {
        Sodium.ensureInitialized()
        key.withNonNullPointer { keyPointer, keyCount in
            _ = crypto_auth_hmacsha256_init(&prepared, keyPointer, keyCount)
        }
    }

    deinit {
        withUnsafeMutableBytes(of: &prepared) { sodium_memzero($0.baseAddress, $0.count) }
    }

    /// The HMAC-SHA256 tag of the concatenation of `parts` (not built).
    ///
    /// - Returns: The 32-byte tag. Compare tags with ``ConstantTime/equals(_:_:)``.
    public func authenticate(_ parts: [UInt8]...) -> [UInt8] {
        var state = prepared
        for part in parts {
            part.withNonNullPointer { message, count in
                _ = crypto_auth_hmacsha256_update(&state, message, UInt64(count))
            }
        }
        var tag = [UInt8](repeating: 0, count: Digest.sha256Length)
        _ = crypto_auth_hmacsha256_final(&state, &tag)
        // The copy holds the key-derived pads too; do not leave them on the stack.
        withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) }
        return tag
    }
}
