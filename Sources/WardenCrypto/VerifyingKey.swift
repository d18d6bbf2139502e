import CSodium

/// An Ed25519 public key with its key id, used to verify agent tokens.
///
/// ```swift
/// let key = try VerifyingKey(kid: "2025-01", bytes: publicKeyBytes)
/// key.isValidSignature(signature, for: message)
/// ```
public struct VerifyingKey: Sendable, Hashable {
    /// The length of an Ed25519 public key, in bytes (32).
    public static let length = Int(crypto_sign_PUBLICKEYBYTES)
    /// The length of an Ed25519 signature, in bytes (64).
    public static let signatureLength = Int(crypto_sign_BYTES)

    /// The key id that tokens name in their `kid` header.
    public let kid: String
    /// The 32-byte public key (the JWK `x` parameter).
    public let bytes: [UInt8]

    /// Creates a verifying key from a kid and the raw 32-byte public key.
    ///
    /// - Parameters:
    ///   - kid: The key id.
    ///   - bytes: The public key, exactly 32 bytes.
    /// - Throws: ``CryptoError/Code/invalidKey`` if `bytes` is not 32 bytes long or is not a
    ///   valid Ed25519 point (non-canonical, of small order, or outside the main subgroup:
    ///   such keys can accept signatures their holder never made).
    public init(kid: String, bytes: [UInt8]) throws(CryptoError) {
        guard bytes.count == Self.length else {
            throw CryptoError(code: .invalidKey, message: "Ed25519 public key \(quoted(kid)) is \(bytes.count) bytes; it must be \(Self.length)")
        }
        Sodium.ensureInitialized()
        let isValid = bytes.withNonNullPointer { pointer, _ in crypto_core_ed25519_is_valid_point(pointer) == 1 }
        guard isValid else {
            throw CryptoError(code: .invalidKey, message: "Ed25519 public key \(quoted(kid)) is not a valid curve point")
        }
        self.kid = kid
        self.bytes = bytes
    }

    /// Creates a key without validation, for public keys derived from a private key.
    init(uncheckedKid kid: String, bytes: [UInt8]) {
        self.kid = kid
        self.bytes = bytes
    }

    /// Tells whether `signature` is this key's Ed25519 signature of `message`.
    ///
    /// - Parameters:
    ///   - signature: A detached signature; anything but 64 bytes is invalid.
    ///   - message: The signed bytes.
    /// - Returns: `true` only if the signature verifies.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == Self.signatureLength, bytes.count == Self.length else { return false }
        Sodium.ensureInitialized()
        return signature.withNonNullPointer { sig, _ in
            message.withNonNullPointer { msg, msgCount in
                bytes.withNonNullPointer { pk, _ in
                    crypto_sign_verify_detached(sig, msg, UInt64(msgCount), pk) == 0
                }
            }
        }
    }
}
