import CSodium

/// An Ed25519 private key with its key id, used to sign agent tokens.
///
/// The secret key lives in memory that is wiped when the last copy of the `SigningKey` goes
/// away. Its `description` shows only the kid, so logging a key never leaks it.
///
/// ```swift
/// let key = SigningKey.generate(kid: "2025-01")
/// try writeOwnerOnly(key.seed, to: path)          // the caller stores the seed, mode 0600
/// let again = try SigningKey(seed: seed, kid: "2025-01")
/// let jwks = JWKS(keys: [key.publicKey])
/// ```
public struct SigningKey: Sendable, CustomStringConvertible {
    /// The length of an Ed25519 seed, in bytes (32).
    public static let seedLength = Int(crypto_sign_SEEDBYTES)

    /// The key id written into the `kid` header of every token this key signs.
    public let kid: String
    /// The matching public key, with the same kid.
    public let publicKey: VerifyingKey
    /// libsodium's 64-byte secret key: the seed followed by the public key.
    private let secretKey: SecretBytes

    /// Creates a key from a 32-byte seed (the RFC 8032 private key, the JWK `d` parameter).
    ///
    /// - Parameters:
    ///   - seed: Exactly 32 bytes.
    ///   - kid: The key id.
    /// - Throws: ``CryptoError/Code/invalidKey`` if the seed is not 32 bytes.
    public init(seed: [UInt8], kid: String) throws(CryptoError) {
        guard seed.count == Self.seedLength else {
            throw CryptoError(code: .invalidKey, message: "Ed25519 seed for key \(quoted(kid)) is \(seed.count) bytes; it must be \(Self.seedLength)")
        }
        Sodium.ensureInitialized()
        var publicKey = [UInt8](repeating: 0, count: VerifyingKey.length)
        let secretKey = SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { buffer in
            seed.withNonNullPointer { seedPointer, _ in
                _ = crypto_sign_seed_keypair(&publicKey, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), seedPointer)
            }
        }
        self.kid = kid
        self.secretKey = secretKey
        self.publicKey = VerifyingKey(uncheckedKid: kid, bytes: publicKey)
    }

    /// Generates a new random key.
    ///
    /// - Parameter kid: The key id.
    /// - Returns: A key whose seed comes from the operating system's CSPRNG.
    public static func generate(kid: String) -> SigningKey {
        Sodium.ensureInitialized()
        var seed = [UInt8](repeating: 0, count: seedLength)
        randombytes_buf(&seed, seed.count)
        defer { sodium_memzero(&seed, seed.count) }
        do {
            return try SigningKey(seed: seed, kid: kid)
        } catch {
            // Unreachable: the seed has the right length by construction.
            fatalError("SigningKey.generate: \(error)")
        }
    }

    /// A copy of the 32-byte seed, for the caller to store (owner-only, mode 0600).
    ///
    /// Every read makes a new array the key cannot wipe; read it only to persist it.
    public var seed: [UInt8] {
        secretKey.withUnsafeBytes { Array($0.prefix(Self.seedLength)) }
    }

    /// Signs a message.
    ///
    /// - Parameter message: The bytes to sign.
    /// - Returns: The 64-byte detached Ed25519 signature.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialized()
        var signature = [UInt8](repeating: 0, count: VerifyingKey.signatureLength)
        secretKey.withUnsafeBytes { sk in
            message.withNonNullPointer { msg, msgCount in
                _ = crypto_sign_detached(&signature, nil, msg, UInt64(msgCount), sk.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return signature
    }

    /// `SigningKey(kid: "…")`: never the key material.
    public var description: String {
        "SigningKey(kid: \(quoted(kid, limit: nil)))"
    }
}
