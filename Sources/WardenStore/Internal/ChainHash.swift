import CSodium

/// SHA-256 and HMAC-SHA256 for the audit chain (libsodium).
enum ChainHash {
    static let ready: Bool = sodium_init() >= 0

    static func sha256(_ parts: [UInt8]...) -> [UInt8] {
        precondition(ready, "libsodium failed to initialise")
        var state = crypto_hash_sha256_state()
        crypto_hash_sha256_init(&state)
        for p in parts { crypto_hash_sha256_update(&state, p, UInt64(p.count)) }
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        crypto_hash_sha256_final(&state, &out)
        return out
    }

    static func hmac(key: [UInt8], _ parts: [UInt8]...) -> [UInt8] {
        precondition(ready, "libsodium failed to initialise")
        var state = crypto_auth_hmacsha256_state()
        crypto_auth_hmacsha256_init(&state, key, key.count)
        for p in parts { crypto_auth_hmacsha256_update(&state, p, UInt64(p.count)) }
        var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        crypto_auth_hmacsha256_final(&state, &out)
        return out
    }

    /// Constant-time comparison: a MAC check must not leak how many bytes matched.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && sodium_memcmp(a, b, a.count) == 0
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(ready, "libsodium failed to initialise")
        var out = [UInt8](repeating: 0, count: count)
        randombytes_buf(&out, count)
        return out
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
