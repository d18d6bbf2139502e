import Testing
import WardenCrypto

@Suite("JWKS")
struct JWKSTests {
    @Test("writes keys with a fixed field order")
    func jsonText() {
        #expect(
            Fixtures.jwks.jsonText
                == #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","alg":"EdDSA","use":"sig"}]}"#
        )
        #expect(JWKS(keys: []).jsonText == #"{"keys":[]}"#)
    }

    @Test("reads back what it writes")
    func roundTrip() throws {
        let jwks = JWKS(keys: [Fixtures.signer.publicKey, Fixtures.otherSigner.publicKey, SigningKey.generate(kid: "k\"3\\").publicKey])
        let parsed = try JWKS(json: jwks.jsonText)
        #expect(parsed == jwks)
        #expect(parsed.key(kid: "k2") == Fixtures.otherSigner.publicKey)
        #expect(parsed.key(kid: "k\"3\\") != nil)
        #expect(parsed.key(kid: "nope") == nil)
    }

    @Test("accepts a minimal RFC 8037 key with a kid, ignoring unknown members")
    func minimalKey() throws {
        let json = """
            { "keys": [ { "kty": "OKP", "crv": "Ed25519", "kid": "rfc", "x": "\(Fixtures.rfcPublicKey)", "key_ops": ["verify"] } ],
              "note": "extra members are fine" }
            """
        let jwks = try JWKS(json: json)
        #expect(jwks.keys.count == 1)
        #expect(jwks.key(kid: "rfc")?.bytes == Fixtures.signer.publicKey.bytes)
    }

    @Test("keeps only the first key when built with duplicate kids")
    func initDeduplicates() {
        let jwks = JWKS(keys: [Fixtures.signer.publicKey, SigningKey.generate(kid: "k1").publicKey])
        #expect(jwks.keys == [Fixtures.signer.publicKey])
    }

    struct Rejection: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var mentions: [String]
        var testDescription: String { name }
    }

    static let x = Fixtures.rfcPublicKey

    static let rejections: [Rejection] = [
        Rejection(name: "not JSON", json: "{keys:[]}", mentions: ["not valid JSON"]),
        Rejection(name: "not an object", json: "[]", mentions: ["must be a JSON object"]),
        Rejection(name: "no keys member", json: #"{"kys":[]}"#, mentions: [#"no "keys""#]),
        Rejection(name: "keys not an array", json: #"{"keys":{}}"#, mentions: [#""keys" must be an array"#]),
        Rejection(name: "a key that is not an object", json: #"{"keys":["k1"]}"#, mentions: ["keys[0] must be an object"]),
        Rejection(
            name: "an RSA key",
            json: #"{"keys":[{"kty":"RSA","kid":"r1","n":"0vx7agoebGcQSuu","e":"AQAB"}]}"#,
            mentions: [#""RSA""#, #"kid "r1""#, "keys[0]", "only OKP Ed25519"]
        ),
        Rejection(
            name: "an EC key",
            json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(x)"},{"kty":"EC","crv":"P-256","kid":"e1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#,
            mentions: [#""EC""#, "keys[1]", #""e1""#]
        ),
        Rejection(
            name: "an X25519 key",
            json: #"{"keys":[{"kty":"OKP","crv":"X25519","kid":"x1","x":"\#(x)"}]}"#,
            mentions: [#""X25519""#, "curve"]
        ),
        Rejection(name: "a key without kty", json: #"{"keys":[{"crv":"Ed25519","kid":"a","x":"\#(x)"}]}"#, mentions: [#"missing "kty""#]),
        Rejection(name: "a key without kid", json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"\#(x)"}]}"#, mentions: [#"missing "kid""#]),
        Rejection(name: "a numeric kid", json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":7,"x":"\#(x)"}]}"#, mentions: [#""kid" must be a string"#]),
        Rejection(name: "a key without x", json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a"}]}"#, mentions: [#"missing "x""#]),
        Rejection(
            name: "a 31-byte x",
            json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(Base64URL.encode([UInt8](repeating: 5, count: 31)))"}]}"#,
            mentions: [#""x" is 31 bytes"#, "32"]
        ),
        Rejection(
            name: "a 33-byte x",
            json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(Base64URL.encode([UInt8](repeating: 5, count: 33)))"}]}"#,
            mentions: [#""x" is 33 bytes"#]
        ),
        Rejection(name: "a padded x", json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(x)="}]}"#, mentions: ["base64url"]),
        Rejection(
            name: "a small-order x",
            json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(Base64URL.encode([UInt8](repeating: 0, count: 32)))"}]}"#,
            mentions: ["not a valid curve point"]
        ),
        Rejection(
            name: "a private key",
            json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(x)","d":"\#(Fixtures.rfcSeed)"}]}"#,
            mentions: ["private key", #""d""#]
        ),
        Rejection(name: "an RSA alg", json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(x)","alg":"RS256"}]}"#, mentions: [#""RS256""#]),
        Rejection(name: "an encryption use", json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(x)","use":"enc"}]}"#, mentions: [#""enc""#]),
        Rejection(
            name: "duplicate kids",
            json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(x)"},{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(x)"}]}"#,
            mentions: [#"duplicate kid "a""#, "keys[1]"]
        ),
        Rejection(
            name: "duplicate members in a key",
            json: #"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a","x":"\#(x)","kid":"b"}]}"#,
            mentions: [#"duplicate key "kid""#]
        ),
    ]

    @Test("rejects a bad key set, naming the problem", arguments: rejections)
    func rejects(rejection: Rejection) {
        let error = #expect(throws: CryptoError.self) { try JWKS(json: rejection.json) }
        #expect(error?.code == .invalidJWKS)
        for fragment in rejection.mentions {
            #expect(error?.message.contains(fragment) == true, "message \(error?.message ?? "-") should mention \(fragment)")
        }
        #expect(error?.message.contains(Fixtures.rfcSeed) == false)
    }
}
