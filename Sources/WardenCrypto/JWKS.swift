/// A JSON Web Key Set (RFC 7517 §5) of Ed25519 public keys (RFC 8037).
///
/// This is what SDKs and the C ABI load to verify agent tokens offline:
///
/// ```json
/// {"keys":[{"kty":"OKP","crv":"Ed25519","kid":"2025-01","x":"11qYAYKx…","alg":"EdDSA","use":"sig"}]}
/// ```
///
/// Reading is strict: a key set that holds anything other than Ed25519 signing keys, or a private
/// key, or two keys with the same kid, is rejected as a whole rather than partly used.
public struct JWKS: Sendable, Hashable {
    /// The keys, in order. Kids are unique.
    public let keys: [VerifyingKey]

    /// Creates a key set.
    ///
    /// - Parameter keys: The keys. If two share a kid, only the first is kept, so that
    ///   ``key(kid:)`` and ``jsonText`` always agree.
    public init(keys: [VerifyingKey]) {
        var seen: Set<String> = []
        self.keys = keys.filter { seen.insert($0.kid).inserted }
    }

    /// The key with the given kid, if any.
    public func key(kid: String) -> VerifyingKey? {
        keys.first { $0.kid == kid }
    }

    /// The key set as compact JSON, with fields in a fixed order
    /// (`kty`, `crv`, `kid`, `x`, `alg`, `use`).
    public var jsonText: String {
        let entries = keys.map { key in
            var object = JSONObjectWriter()
            object.field("kty", string: "OKP")
            object.field("crv", string: "Ed25519")
            object.field("kid", string: key.kid)
            object.field("x", string: Base64URL.encode(key.bytes))
            object.field("alg", string: "EdDSA")
            object.field("use", string: "sig")
            return object.finish()
        }
        var set = JSONObjectWriter()
        set.field("keys", json: "[" + entries.joined(separator: ",") + "]")
        return set.finish()
    }

    /// Reads a key set from JSON.
    ///
    /// Every key must have `kty` `OKP`, `crv` `Ed25519`, a string `kid` and an `x` that is the
    /// base64url of 32 bytes; `alg`, if present, must be `EdDSA` and `use`, if present, `sig`.
    /// Other members are ignored.
    ///
    /// - Parameter json: The JWKS document.
    /// - Throws: ``CryptoError/Code/invalidJWKS`` naming the key (by position and kid) and the
    ///   member that is wrong: invalid JSON, no `keys` array, an unsupported key type or curve
    ///   (RSA, EC, X25519…), a private key (`d`), a bad `x`, or a duplicate kid.
    public init(json: String) throws(CryptoError) {
        let root: JSONValue
        do {
            root = try JSONReader.parse(json)
        } catch {
            throw Self.invalid("JWKS is not valid JSON: \(error.message)")
        }
        guard case .object(let object) = root else {
            throw Self.invalid("JWKS must be a JSON object, not \(root.typeName)")
        }
        guard let keysValue = object["keys"] else {
            throw Self.invalid("JWKS has no \"keys\" member")
        }
        guard case .array(let entries) = keysValue else {
            throw Self.invalid("JWKS \"keys\" must be an array, not \(keysValue.typeName)")
        }
        var keys: [VerifyingKey] = []
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let key = try Self.parseKey(entry, index: index)
            guard seen.insert(key.kid).inserted else {
                throw Self.invalid("keys[\(index)]: duplicate kid \(quoted(key.kid)); kids must be unique")
            }
            keys.append(key)
        }
        self.keys = keys
    }

    private static func parseKey(_ entry: JSONValue, index: Int) throws(CryptoError) -> VerifyingKey {
        guard case .object(let jwk) = entry else {
            throw invalid("keys[\(index)] must be an object, not \(entry.typeName)")
        }
        // Name the key by kid too when it has one, so the operator can find it.
        var place = "keys[\(index)]"
        if case .string(let kid)? = jwk["kid"] { place += " (kid \(quoted(kid)))" }

        func string(_ name: String) throws(CryptoError) -> String? {
            guard let value = jwk[name] else { return nil }
            guard case .string(let text) = value else {
                throw invalid("\(place): \"\(name)\" must be a string, not \(value.typeName)")
            }
            return text
        }

        guard let kty = try string("kty") else {
            throw invalid("\(place): missing \"kty\"")
        }
        guard kty == "OKP" else {
            throw invalid("\(place): unsupported key type (kty) \(quoted(kty)); only OKP Ed25519 keys are supported")
        }
        guard let crv = try string("crv") else {
            throw invalid("\(place): missing \"crv\"")
        }
        guard crv == "Ed25519" else {
            throw invalid("\(place): unsupported curve (crv) \(quoted(crv)); only Ed25519 is supported")
        }
        if let alg = try string("alg"), alg != "EdDSA" {
            throw invalid("\(place): \"alg\" is \(quoted(alg)); an Ed25519 key must have alg \"EdDSA\"")
        }
        if let use = try string("use"), use != "sig" {
            throw invalid("\(place): \"use\" is \(quoted(use)); keys for verifying tokens must have use \"sig\"")
        }
        // A published key set must never carry the private key; refuse rather than ignore it,
        // because whoever produced this file has leaked the key.
        if jwk["d"] != nil {
            throw invalid("\(place): contains private key material (\"d\"); a JWKS must hold public keys only")
        }
        guard let kid = try string("kid") else {
            throw invalid("\(place): missing \"kid\"")
        }
        guard let x = try string("x") else {
            throw invalid("\(place): missing \"x\"")
        }
        guard let bytes = Base64URL.decode(x) else {
            throw invalid("\(place): \"x\" is not valid unpadded base64url")
        }
        guard bytes.count == VerifyingKey.length else {
            throw invalid("\(place): \"x\" is \(bytes.count) bytes; an Ed25519 public key is \(VerifyingKey.length)")
        }
        do {
            return try VerifyingKey(kid: kid, bytes: bytes)
        } catch {
            throw invalid("\(place): \(error.message)")
        }
    }

    private static func invalid(_ message: String) -> CryptoError {
        CryptoError(code: .invalidJWKS, message: message)
    }
}
