import Foundation
import WardenCrypto

/// The gateway's token signing keys: one 32-byte Ed25519 seed per file in a directory, each mode
/// 0600. The newest key signs; every key verifies, so tokens signed before a rotation keep
/// working until they expire.
public struct KeyRing: Sendable {
    /// Oldest first; the last one signs.
    public let keys: [SigningKey]

    /// The key that signs new tokens.
    public var current: SigningKey { keys[keys.count - 1] }

    /// The public half of every key.
    public var jwks: JWKS { JWKS(keys: keys.map(\.publicKey)) }

    /// Loads every `*.key` in `directory`, creating the directory and a first key when empty.
    public static func loadOrCreate(directory: String, now: Int64) throws(StoreError) -> KeyRing {
        try createDirectory(directory)
        var ring = try load(directory: directory)
        if ring.keys.isEmpty { ring = try rotate(directory: directory, now: now) }
        return ring
    }

    /// Reads every key in `directory`, oldest (by name) first.
    public static func load(directory: String) throws(StoreError) -> KeyRing {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".key") }.sorted()
        } catch {
            throw StoreError(code: .io, message: "cannot list key directory '\(directory)': \(error.localizedDescription)")
        }
        var keys: [SigningKey] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let seed = try SecretFile.read(path) else { continue }
            do {
                keys.append(try SigningKey(seed: seed, kid: String(name.dropLast(4))))
            } catch {
                throw StoreError(code: .keyFile, message: "signing key file '\(path)' is not a 32-byte Ed25519 seed")
            }
        }
        return KeyRing(keys: keys)
    }

    /// Adds a new signing key (named so that it sorts after every existing one) and returns the ring.
    @discardableResult
    public static func rotate(directory: String, now: Int64) throws(StoreError) -> KeyRing {
        try createDirectory(directory)
        let stamp = String(now).leftPadded(to: 12)
        let kid = "wk\(stamp)-\(Base64URL.encode(RandomBytes.generate(3)))"
        let key = SigningKey.generate(kid: kid)
        try SecretFile.create((directory as NSString).appendingPathComponent(kid + ".key"), key.seed)
        return try load(directory: directory)
    }
}

extension KeyRing {
    /// Creates `directory` (mode 0700) if it does not exist.
    static func createDirectory(_ directory: String) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(code: .io, message: "cannot create key directory '\(directory)': \(error.localizedDescription)")
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
