import WardenCrypto

/// The audit chain's hashing, on top of WardenCrypto: multi-part inputs are hashed piece by
/// piece (never concatenated), the MAC key is prepared once per store, comparisons are
/// constant-time.
enum ChainHash {
    static func sha256(_ first: [UInt8], _ second: [UInt8]) -> [UInt8] {
        Digest.sha256(concatenating: first, second)
    }

    /// Constant-time comparison: a MAC check must not leak how many bytes matched.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        ConstantTime.equals(a, b)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        RandomBytes.generate(count)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(bytes)
    }
}
