import WardenCrypto

/// Keys, claims and token builders shared by the WardenCrypto tests.
enum Fixtures {
    /// The Ed25519 private key of RFC 8037 appendix A.1 (`d`).
    static let rfcSeed = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
    /// Its public key (`x`).
    static let rfcPublicKey = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"

    /// The RFC 8037 key under kid `k1`.
    static let signer: SigningKey = {
        do {
            return try SigningKey(seed: Base64URL.decode(rfcSeed) ?? [], kid: "k1")
        } catch {
            fatalError("fixture key: \(error)")
        }
    }()

    /// A second, unrelated key under kid `k2`, not in ``jwks``.
    static let otherSigner = SigningKey.generate(kid: "k2")

    /// A key set holding only ``signer``'s public key.
    static let jwks = JWKS(keys: [signer.publicKey])

    /// The time tests verify at.
    static let now: Int64 = 1_700_000_000

    static let issuer = "https://warden.example"

    /// Claims valid at ``now``: issued 10 s ago, valid for 5 minutes.
    static let claims = AgentTokenClaims(
        iss: issuer,
        sub: "agent-7",
        team: "payments",
        org: "acme",
        iat: now - 10,
        nbf: now - 10,
        exp: now + 300,
        jti: "tok-0001"
    )

    /// The standard header for ``signer``.
    static let header = #"{"alg":"EdDSA","typ":"JWT","kid":"k1"}"#

    /// A payload equivalent to ``claims``, for editing by hand.
    static let payload =
        #"{"iss":"https://warden.example","sub":"agent-7","iat":1699999990,"nbf":1699999990,"exp":1700000300,"jti":"tok-0001"}"#

    /// Builds a compact token from raw header and payload JSON, signed by `key` (or with an empty
    /// signature when `key` is nil). This is how an attacker or a buggy issuer would build one.
    static func token(header: String = header, payload: String = payload, signedBy key: SigningKey? = signer) -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature = key.map { $0.sign(Array(input.utf8)) } ?? []
        return input + "." + Base64URL.encode(signature)
    }

    /// Bytes from a hex string (test vectors).
    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hex.utf8)[...]
        while chars.count >= 2 {
            out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16) ?? 0)
            chars = chars.dropFirst(2)
        }
        return out
    }

    /// Lowercase hex of bytes.
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
