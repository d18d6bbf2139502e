import CSodium

/// Random bearer secrets (enrollment codes, admin tokens) and their stored hashes.
///
/// A secret is shown to its owner once; the server keeps only its hash and compares in
/// constant time:
///
/// ```swift
/// let secret = Secret.generate(prefix: "wd_enroll_")   // "wd_enroll_3q2-7w…" (43 chars after the prefix)
/// let stored = Secret.hash(secret)                     // "sha256:9f86d0…"
/// Secret.matches(presented, hash: stored)              // true only for the original secret
/// ```
///
/// The secrets carry 256 bits from the operating system's CSPRNG, so guessing is hopeless and a
/// single fast SHA-256 is the right hash; a slow password hash would add nothing but latency.
public enum Secret {
    /// The number of random bytes in a generated secret (32, i.e. 256 bits).
    public static let randomByteCount = 32

    private static let hashPrefix = "sha256:"

    /// Generates a new secret: `prefix` followed by 32 random bytes in base64url.
    ///
    /// - Parameter prefix: A readable tag such as `wd_enroll_`, so leaked secrets are easy to
    ///   recognize and scan for.
    /// - Returns: The secret. Show it once; store only ``hash(_:)``.
    public static func generate(prefix: String) -> String {
        Sodium.ensureInitialized()
        var bytes = RandomBytes.generate(randomByteCount)
        defer { sodium_memzero(&bytes, bytes.count) }
        return prefix + Base64URL.encode(bytes)
    }

    /// Hashes a secret for storage.
    ///
    /// - Parameter secret: The secret, prefix included.
    /// - Returns: `sha256:` followed by the lowercase hex SHA-256 of the secret's UTF-8.
    public static func hash(_ secret: String) -> String {
        hashPrefix + hex(Digest.sha256(secret))
    }

    /// Tells whether a presented secret matches a stored hash, in constant time.
    ///
    /// - Parameters:
    ///   - secret: The secret someone presented.
    ///   - hash: A value from ``hash(_:)``.
    /// - Returns: `true` only if `hash` is well-formed and is the hash of `secret`; a malformed
    ///   stored hash never matches.
    public static func matches(_ secret: String, hash: String) -> Bool {
        guard hash.hasPrefix(hashPrefix), let stored = unhex(hash.utf8.dropFirst(hashPrefix.utf8.count)),
            stored.count == Digest.sha256Length
        else { return false }
        return ConstantTime.equals(Digest.sha256(secret), stored)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes lowercase hex (the only form ``hash(_:)`` writes).
    private static func unhex(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        var high: UInt8?
        for c in text {
            guard let v = value(c) else { return nil }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return out
    }
}
