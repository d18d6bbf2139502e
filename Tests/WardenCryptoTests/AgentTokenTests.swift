import Testing
import WardenCrypto

@Suite("AgentToken")
struct AgentTokenTests {
    let now = Fixtures.now

    // MARK: - Issuing and round trips

    @Test("issues a header that is exactly alg, typ, kid")
    func headerShape() throws {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        let header = try #require(token.split(separator: ".").first.flatMap { Base64URL.decode(String($0)) })
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"EdDSA","typ":"JWT","kid":"k1"}"#)
    }

    @Test("issues the payload with its fields in a fixed order")
    func payloadShape() throws {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3)
        let payload = try #require(Base64URL.decode(String(parts[1])))
        #expect(
            String(decoding: payload, as: UTF8.self)
                == #"{"iss":"https://warden.example","sub":"agent-7","team":"payments","org":"acme","iat":1699999990,"nbf":1699999990,"exp":1700000300,"jti":"tok-0001"}"#
        )
        #expect(AgentToken.issue(Fixtures.claims, with: Fixtures.signer) == token, "Ed25519 signing is deterministic")
    }

    @Test("a token it issued verifies and returns the same claims")
    func roundTrip() throws {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        let claims = try AgentToken.verify(token, keys: Fixtures.jwks, now: now, issuer: Fixtures.issuer)
        #expect(claims == Fixtures.claims)
    }

    @Test("team and org are optional")
    func optionalClaims() throws {
        var claims = Fixtures.claims
        claims.team = nil
        claims.org = nil
        let token = AgentToken.issue(claims, with: Fixtures.signer)
        #expect(try AgentToken.verify(token, keys: Fixtures.jwks, now: now) == claims)
    }

    @Test("strings with quotes, backslashes, control characters and non-ASCII survive the round trip")
    func escaping() throws {
        var claims = Fixtures.claims
        claims.sub = "agent \"quoted\" \\ back\nslash\u{01}"
        claims.team = "équipe 🚀"
        let token = AgentToken.issue(claims, with: Fixtures.signer)
        #expect(try AgentToken.verify(token, keys: Fixtures.jwks, now: now) == claims)
    }

    @Test("reads \\u escapes, including surrogate pairs, in a signed payload")
    func unicodeEscapes() throws {
        let payload = #"{"iss":"i","sub":"agent-\u00e9\ud83d\ude00\/x","iat":1,"nbf":1,"exp":1700000300,"jti":"j","extra":{"nested":[1,2.5,true,null]}}"#
        let claims = try AgentToken.verify(Fixtures.token(payload: payload), keys: Fixtures.jwks, now: now)
        #expect(claims.sub == "agent-é😀/x")
    }

    @Test("picks the key named by kid from a set of several")
    func keySelection() throws {
        let keys = JWKS(keys: [Fixtures.otherSigner.publicKey, Fixtures.signer.publicKey])
        let first = AgentToken.issue(Fixtures.claims, with: Fixtures.otherSigner)
        let second = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        #expect(try AgentToken.verify(first, keys: keys, now: now) == Fixtures.claims)
        #expect(try AgentToken.verify(second, keys: keys, now: now) == Fixtures.claims)
    }

    @Test("the header may omit typ")
    func typOptional() throws {
        let token = Fixtures.token(header: #"{"alg":"EdDSA","kid":"k1"}"#)
        #expect(try AgentToken.verify(token, keys: Fixtures.jwks, now: now).sub == "agent-7")
    }

    // MARK: - Rejections

    /// Verifies `token`, expects a `TokenError` with `code`, and checks that the message names
    /// the problem and does not echo the token or its signature.
    @discardableResult
    func expectRejection(
        _ token: String,
        _ code: TokenError.Code,
        mentions: [String],
        keys: JWKS = Fixtures.jwks,
        now: Int64 = Fixtures.now,
        issuer: String? = nil,
        leeway: Int64 = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> TokenError? {
        let error = #expect(throws: TokenError.self, sourceLocation: sourceLocation) {
            try AgentToken.verify(token, keys: keys, now: now, issuer: issuer, leeway: leeway)
        }
        guard let error else { return nil }
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
        for fragment in mentions {
            #expect(error.message.contains(fragment), "message \(quote(error.message)) should mention \(quote(fragment))", sourceLocation: sourceLocation)
        }
        if !token.isEmpty {
            #expect(!error.message.contains(token), "message echoes the token", sourceLocation: sourceLocation)
        }
        if let signature = token.split(separator: ".", omittingEmptySubsequences: false).last, signature.count > 8 {
            #expect(!error.message.contains(signature), "message echoes the signature", sourceLocation: sourceLocation)
        }
        #expect(error.description.hasPrefix("\(code): "), sourceLocation: sourceLocation)
        return error
    }

    private func quote(_ text: String) -> String { "«\(text)»" }

    private func replacing(part index: Int, of token: String, with segment: String) -> String {
        var parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts[index] = segment
        return parts.joined(separator: ".")
    }

    @Test("a tampered header breaks the signature")
    func tamperedHeader() {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        let header = Base64URL.encode(Array(#"{"alg":"EdDSA","typ":"JWT","kid":"k1","x5u":"https://evil"}"#.utf8))
        expectRejection(replacing(part: 0, of: token, with: header), .badSignature, mentions: ["does not verify", #""k1""#])
    }

    @Test("a tampered payload breaks the signature")
    func tamperedPayload() {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        var claims = Fixtures.claims
        claims.sub = "admin"
        let forged = AgentToken.issue(claims, with: Fixtures.otherSigner).split(separator: ".")[1]
        expectRejection(replacing(part: 1, of: token, with: String(forged)), .badSignature, mentions: ["does not verify"])
    }

    @Test("a tampered signature does not verify")
    func tamperedSignature() throws {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        var signature = try #require(Base64URL.decode(String(token.split(separator: ".")[2])))
        signature[0] ^= 0x01
        expectRejection(replacing(part: 2, of: token, with: Base64URL.encode(signature)), .badSignature, mentions: ["does not verify"])
    }

    @Test("a signature by a different key under the same kid does not verify")
    func wrongKey() {
        let impostor = SigningKey.generate(kid: "k1")
        expectRejection(AgentToken.issue(Fixtures.claims, with: impostor), .badSignature, mentions: ["does not verify"])
    }

    @Test("a signature that is not 64 bytes is refused", arguments: [0, 32, 63, 65, 128])
    func signatureLength(length: Int) {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        let signature = Base64URL.encode([UInt8](repeating: 0x42, count: length))
        expectRejection(replacing(part: 2, of: token, with: signature), .badSignature, mentions: ["\(length) bytes", "64"])
    }

    @Test("a second spelling of the same signature (non-zero trailing bits) is malformed")
    func nonCanonicalSignature() throws {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        let signature = String(token.split(separator: ".")[2])
        // 64 bytes take 86 characters; the last one carries 4 unused bits.
        let last = try #require(signature.last)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = try #require(alphabet.firstIndex(of: last))
        let respelled = String(signature.dropLast()) + String(alphabet[index + 1])
        expectRejection(replacing(part: 2, of: token, with: respelled), .malformed, mentions: ["signature", "base64url"])
    }

    @Test("alg none with an empty signature is refused, naming none")
    func algNone() {
        let token = Fixtures.token(header: #"{"alg":"none","typ":"JWT","kid":"k1"}"#, signedBy: nil)
        #expect(token.hasSuffix("."))
        expectRejection(token, .unsupportedAlgorithm, mentions: [#""none""#, "EdDSA"])
    }

    @Test("HS256 signed with the public key as the HMAC secret is refused, naming HS256")
    func algHS256KeyConfusion() {
        let header = #"{"alg":"HS256","typ":"JWT","kid":"k1"}"#
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(Fixtures.payload.utf8))
        let mac = Digest.hmacSHA256(key: Array(Fixtures.jwks.jsonText.utf8), message: input)
        let macWithRawKey = Digest.hmacSHA256(key: Fixtures.signer.publicKey.bytes, message: input)
        expectRejection(input + "." + Base64URL.encode(mac), .unsupportedAlgorithm, mentions: [#""HS256""#])
        expectRejection(input + "." + Base64URL.encode(macWithRawKey), .unsupportedAlgorithm, mentions: [#""HS256""#])
    }

    @Test(
        "any alg other than exactly EdDSA is refused, naming it",
        arguments: ["eddsa", "EDDSA", "Ed25519", "ES256", "RS256", "HS512", "none", ""]
    )
    func otherAlgorithms(alg: String) {
        let token = Fixtures.token(header: #"{"alg":"\#(alg)","typ":"JWT","kid":"k1"}"#)
        expectRejection(token, .unsupportedAlgorithm, mentions: ["\"\(alg)\"", "EdDSA"])
    }

    @Test("a missing or non-string alg is refused")
    func algMissing() {
        expectRejection(Fixtures.token(header: #"{"typ":"JWT","kid":"k1"}"#), .unsupportedAlgorithm, mentions: [#"no "alg""#])
        expectRejection(Fixtures.token(header: #"{"alg":["EdDSA"],"kid":"k1"}"#), .unsupportedAlgorithm, mentions: [#""alg" must be a string"#, "array"])
    }

    @Test("a typ other than JWT is refused, naming it")
    func wrongTyp() {
        expectRejection(Fixtures.token(header: #"{"alg":"EdDSA","typ":"at+jwt","kid":"k1"}"#), .malformed, mentions: [#""at+jwt""#, "typ"])
        expectRejection(Fixtures.token(header: #"{"alg":"EdDSA","typ":1,"kid":"k1"}"#), .malformed, mentions: [#""typ" must be a string"#])
    }

    @Test("a crit header is refused as unsupported")
    func crit() {
        let token = Fixtures.token(header: #"{"alg":"EdDSA","typ":"JWT","kid":"k1","crit":["exp"]}"#)
        expectRejection(token, .malformed, mentions: [#""crit""#, "not supported"])
    }

    @Test("a missing kid is an unknown key")
    func kidMissing() {
        expectRejection(Fixtures.token(header: #"{"alg":"EdDSA","typ":"JWT"}"#), .unknownKey, mentions: [#"no "kid""#])
        expectRejection(Fixtures.token(header: #"{"alg":"EdDSA","kid":7}"#), .unknownKey, mentions: [#""kid" must be a string"#])
    }

    @Test("an unknown kid is refused, naming it")
    func kidUnknown() {
        expectRejection(AgentToken.issue(Fixtures.claims, with: Fixtures.otherSigner), .unknownKey, mentions: [#""k2""#, "key set"])
        expectRejection(AgentToken.issue(Fixtures.claims, with: Fixtures.signer), .unknownKey, mentions: [#""k1""#], keys: JWKS(keys: []))
    }

    @Test("the bare RFC 8037 example is not an agent token: it has no kid")
    func rfcExampleIsNotAnAgentToken() {
        expectRejection(SigningKeyTests.rfcJWS, .unknownKey, mentions: [#"no "kid""#])
    }

    @Test("a token whose exp has passed is expired, and the message says when")
    func expired() {
        var claims = Fixtures.claims
        claims.exp = now - 25
        let error = expectRejection(AgentToken.issue(claims, with: Fixtures.signer), .expired, mentions: ["2023-11-14T22:12:55Z", "1699999975"])
        #expect(error?.message.contains("expired at") == true)
    }

    @Test("a token whose nbf is in the future is not yet valid, and the message says when")
    func notYetValid() {
        var claims = Fixtures.claims
        claims.nbf = now + 60
        expectRejection(AgentToken.issue(claims, with: Fixtures.signer), .notYetValid, mentions: ["not valid before", "2023-11-14T22:14:20Z", "1700000060"])
    }

    struct TimeEdge: Sendable, CustomTestStringConvertible {
        var name: String
        var expOffset: Int64
        var nbfOffset: Int64
        var leeway: Int64
        /// nil when the token should verify.
        var code: TokenError.Code?
        var testDescription: String { name }
    }

    static let timeEdges: [TimeEdge] = [
        TimeEdge(name: "exp = now is expired", expOffset: 0, nbfOffset: -10, leeway: 0, code: .expired),
        TimeEdge(name: "exp = now + 1 is valid", expOffset: 1, nbfOffset: -10, leeway: 0, code: nil),
        TimeEdge(name: "exp = now - 59 is valid with 60 s leeway", expOffset: -59, nbfOffset: -100, leeway: 60, code: nil),
        TimeEdge(name: "exp = now - 60 is expired with 60 s leeway", expOffset: -60, nbfOffset: -100, leeway: 60, code: .expired),
        TimeEdge(name: "nbf = now is valid", expOffset: 300, nbfOffset: 0, leeway: 0, code: nil),
        TimeEdge(name: "nbf = now + 1 is not yet valid", expOffset: 300, nbfOffset: 1, leeway: 0, code: .notYetValid),
        TimeEdge(name: "nbf = now + 60 is valid with 60 s leeway", expOffset: 300, nbfOffset: 60, leeway: 60, code: nil),
        TimeEdge(name: "nbf = now + 61 is not yet valid with 60 s leeway", expOffset: 300, nbfOffset: 61, leeway: 60, code: .notYetValid),
        TimeEdge(name: "a negative leeway counts as zero", expOffset: 1, nbfOffset: 0, leeway: -30, code: nil),
    ]

    @Test("exp and nbf are checked at the exact second, with leeway", arguments: timeEdges)
    func checksTimeEdge(edge: TimeEdge) throws {
        var claims = Fixtures.claims
        claims.exp = now + edge.expOffset
        claims.nbf = now + edge.nbfOffset
        let token = AgentToken.issue(claims, with: Fixtures.signer)
        if let code = edge.code {
            expectRejection(token, code, mentions: [], leeway: edge.leeway)
        } else {
            #expect(try AgentToken.verify(token, keys: Fixtures.jwks, now: now, leeway: edge.leeway) == claims)
        }
    }

    @Test("extreme times and leeways saturate instead of trapping")
    func extremeTimes() throws {
        var claims = Fixtures.claims
        claims.exp = .max
        claims.nbf = .min
        let token = AgentToken.issue(claims, with: Fixtures.signer)
        #expect(try AgentToken.verify(token, keys: Fixtures.jwks, now: .max - 1, leeway: .max) == claims)
        #expect(try AgentToken.verify(token, keys: Fixtures.jwks, now: .min, leeway: .max) == claims)
        claims.exp = .min
        expectRejection(AgentToken.issue(claims, with: Fixtures.signer), .expired, mentions: ["expired at"], now: .min, leeway: .max)
    }

    @Test("a different issuer is refused when an issuer is expected, naming both")
    func wrongIssuer() throws {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        expectRejection(token, .wrongIssuer, mentions: [#""https://warden.example""#, #""https://other.example""#], issuer: "https://other.example")
        #expect(try AgentToken.verify(token, keys: Fixtures.jwks, now: now).iss == Fixtures.issuer)
    }

    struct ClaimCase: Sendable, CustomTestStringConvertible {
        var name: String
        var payload: String
        var mentions: [String]
        var testDescription: String { name }
    }

    static let claimCases: [ClaimCase] = [
        ClaimCase(name: "missing iss", payload: #"{"sub":"a","iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "iss" is missing"#]),
        ClaimCase(name: "missing sub", payload: #"{"iss":"i","iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "sub" is missing"#]),
        ClaimCase(name: "missing jti", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":1700000300}"#, mentions: [#"claim "jti" is missing"#]),
        ClaimCase(name: "missing iat", payload: #"{"iss":"i","sub":"a","nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "iat" is missing"#]),
        ClaimCase(name: "missing nbf", payload: #"{"iss":"i","sub":"a","iat":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "nbf" is missing"#]),
        ClaimCase(name: "missing exp", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"jti":"j"}"#, mentions: [#"claim "exp" is missing"#]),
        ClaimCase(name: "numeric iss", payload: #"{"iss":5,"sub":"a","iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "iss" must be a string"#, "integer"]),
        ClaimCase(name: "empty sub", payload: #"{"iss":"i","sub":"","iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "sub" must not be empty"#]),
        ClaimCase(name: "string exp", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":"1700000300","jti":"j"}"#, mentions: [#"claim "exp" must be an integer"#, "a string"]),
        ClaimCase(name: "boolean nbf", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":true,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "nbf" must be an integer"#, "boolean"]),
        ClaimCase(name: "null iat", payload: #"{"iss":"i","sub":"a","iat":null,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "iat" must be an integer"#, "null"]),
        ClaimCase(name: "numeric team", payload: #"{"iss":"i","sub":"a","team":7,"iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "team" must be a string"#]),
        ClaimCase(name: "null org", payload: #"{"iss":"i","sub":"a","org":null,"iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "org" must be a string"#, "null"]),
        ClaimCase(name: "array sub", payload: #"{"iss":"i","sub":["a"],"iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "sub" must be a string"#, "array"]),
        ClaimCase(name: "fractional exp", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":1700000300.5,"jti":"j"}"#, mentions: [#"claim "exp""#, "integer", "fraction or exponent"]),
        ClaimCase(name: "exp written as a float", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":1700000300.0,"jti":"j"}"#, mentions: [#"claim "exp""#, "fraction or exponent"]),
        ClaimCase(name: "exponent exp", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":1.7e9,"jti":"j"}"#, mentions: [#"claim "exp""#, "fraction or exponent"]),
        ClaimCase(name: "exponent iat", payload: #"{"iss":"i","sub":"a","iat":1E0,"nbf":1,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "iat""#, "fraction or exponent"]),
        ClaimCase(name: "exp beyond Int64", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":9223372036854775808,"jti":"j"}"#, mentions: [#"claim "exp""#, "64-bit integer range"]),
        ClaimCase(name: "nbf below Int64", payload: #"{"iss":"i","sub":"a","iat":1,"nbf":-9223372036854775809,"exp":1700000300,"jti":"j"}"#, mentions: [#"claim "nbf""#, "64-bit integer range"]),
    ]

    @Test("missing or ill-typed claims are refused, naming the claim", arguments: claimCases)
    func invalidClaims(claim: ClaimCase) {
        expectRejection(Fixtures.token(payload: claim.payload), .invalidClaims, mentions: claim.mentions)
    }

    @Test("claims are read only after the signature verifies")
    func claimsAfterSignature() {
        // Invalid claims under a bad signature report the signature, not the claims.
        let token = Fixtures.token(payload: #"{"exp":"soon"}"#, signedBy: Fixtures.otherSigner)
        expectRejection(token, .badSignature, mentions: ["does not verify"])
        // Likewise for an unparseable payload.
        expectRejection(Fixtures.token(payload: "{not json", signedBy: Fixtures.otherSigner), .badSignature, mentions: ["does not verify"])
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var token: String
        var mentions: [String]
        var testDescription: String { name }
    }

    static let malformedCases: [MalformedCase] = {
        let good = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        let parts = good.split(separator: ".").map(String.init)
        return [
            MalformedCase(name: "empty string", token: "", mentions: ["1 segment;", "3"]),
            MalformedCase(name: "one segment", token: parts[0], mentions: ["1 segment;"]),
            MalformedCase(name: "two segments", token: parts[0] + "." + parts[1], mentions: ["2 segments", "header.payload.signature"]),
            MalformedCase(name: "four segments", token: good + "." + parts[2], mentions: ["4 segments"]),
            MalformedCase(name: "five segments (a JWE)", token: good + ".a.b", mentions: ["5 segments"]),
            MalformedCase(name: "padded header", token: parts[0] + "=." + parts[1] + "." + parts[2], mentions: ["header", "base64url"]),
            MalformedCase(name: "standard-alphabet payload", token: parts[0] + "." + parts[1] + "+." + parts[2], mentions: ["payload", "base64url"]),
            MalformedCase(name: "signature with a slash", token: parts[0] + "." + parts[1] + "." + parts[2].dropLast(2) + "/A", mentions: ["signature", "base64url"]),
            MalformedCase(name: "whitespace inside", token: parts[0] + " ." + parts[1] + "." + parts[2], mentions: ["header", "base64url"]),
            MalformedCase(name: "empty header", token: "." + parts[1] + "." + parts[2], mentions: ["header is not valid JSON"]),
            MalformedCase(
                name: "header that is not JSON",
                token: Fixtures.token(header: "alg=EdDSA"),
                mentions: ["header is not valid JSON"]
            ),
            MalformedCase(name: "header that is an array", token: Fixtures.token(header: #"["EdDSA"]"#), mentions: ["header must be a JSON object", "array"]),
            MalformedCase(
                name: "header with trailing data",
                token: Fixtures.token(header: #"{"alg":"EdDSA","kid":"k1"}{}"#),
                mentions: ["header is not valid JSON", "after the JSON value"]
            ),
            MalformedCase(
                name: "duplicate alg in the header",
                token: Fixtures.token(header: #"{"alg":"EdDSA","kid":"k1","alg":"none"}"#),
                mentions: [#"duplicate key "alg""#, "header"]
            ),
            MalformedCase(
                name: "duplicate exp in the signed payload",
                token: Fixtures.token(payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":1700000300,"exp":1,"jti":"j"}"#),
                mentions: [#"duplicate key "exp""#, "payload"]
            ),
            MalformedCase(name: "payload that is a string", token: Fixtures.token(payload: #""agent-7""#), mentions: ["payload must be a JSON object", "a string"]),
            MalformedCase(
                name: "payload with a lone surrogate",
                token: Fixtures.token(payload: #"{"iss":"i","sub":"\ud800","iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#),
                mentions: ["payload is not valid JSON", "surrogate"]
            ),
            MalformedCase(
                name: "payload with invalid UTF-8",
                token: {
                    let header = Base64URL.encode(Array(Fixtures.header.utf8))
                    let payload = Base64URL.encode(Array(#"{"iss":"i","sub":""#.utf8) + [0xC3, 0x28] + Array(#"","iat":1,"nbf":1,"exp":1700000300,"jti":"j"}"#.utf8))
                    let input = header + "." + payload
                    return input + "." + Base64URL.encode(Fixtures.signer.sign(Array(input.utf8)))
                }(),
                mentions: ["payload is not valid JSON", "UTF-8"]
            ),
            MalformedCase(
                name: "payload with a raw control character",
                token: Fixtures.token(payload: "{\"iss\":\"i\",\"sub\":\"a\tb\",\"iat\":1,\"nbf\":1,\"exp\":1700000300,\"jti\":\"j\"}"),
                mentions: ["payload is not valid JSON", "control character"]
            ),
            MalformedCase(
                name: "payload nested too deeply",
                token: Fixtures.token(payload: #"{"iss":"i","x":"# + String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + "}"),
                mentions: ["payload is not valid JSON", "nested deeper"]
            ),
            MalformedCase(
                name: "oversized token",
                token: Fixtures.token(payload: #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":1700000300,"jti":""# + String(repeating: "x", count: 9000) + #""}"#),
                mentions: ["the limit is 8192"]
            ),
        ]
    }()

    @Test("malformed tokens are refused, naming the problem", arguments: malformedCases)
    func malformed(malformedCase: MalformedCase) {
        expectRejection(malformedCase.token, .malformed, mentions: malformedCase.mentions)
    }

    @Test("a token of exactly the size limit is read; one byte more is refused")
    func sizeLimitEdge() throws {
        // Base64url never produces lengths of 4k + 1, so pad both the header (with JSON
        // whitespace) and the jti until the total hits the limit exactly.
        func token(jtiLength: Int, headerPadding: Int) -> String {
            let header = #"{"alg":"EdDSA","typ":"JWT","kid":"k1""# + String(repeating: " ", count: headerPadding) + "}"
            let payload = #"{"iss":"i","sub":"a","iat":1,"nbf":1,"exp":1700000300,"jti":""# + String(repeating: "x", count: jtiLength) + #""}"#
            return Fixtures.token(header: header, payload: payload)
        }
        var atLimit: String?
        var overLimit: String?
        for padding in 0..<3 {
            for length in 5800..<6200 {
                let candidate = token(jtiLength: length, headerPadding: padding)
                if candidate.utf8.count == AgentToken.maxLength { atLimit = atLimit ?? candidate }
                if candidate.utf8.count == AgentToken.maxLength + 1 { overLimit = overLimit ?? candidate }
            }
        }
        let exact = try #require(atLimit)
        let over = try #require(overLimit)
        #expect(try AgentToken.verify(exact, keys: Fixtures.jwks, now: now).jti.count > 5800)
        expectRejection(over, .malformed, mentions: ["8193 bytes", "the limit is 8192"])
    }

    @Test("no single-character change to a valid token is accepted")
    func everyMutationIsRefused() {
        let token = AgentToken.issue(Fixtures.claims, with: Fixtures.signer)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
        let characters = Array(token)
        var accepted: [Int] = []
        for position in characters.indices {
            let current = alphabet.firstIndex(of: characters[position]) ?? 0
            for step in [1, 17, 40] {
                var mutated = characters
                mutated[position] = alphabet[(current + step) % alphabet.count]
                if (try? AgentToken.verify(String(mutated), keys: Fixtures.jwks, now: now)) != nil {
                    accepted.append(position)
                }
            }
        }
        #expect(accepted.isEmpty, "mutations accepted at positions \(accepted)")
    }
}
