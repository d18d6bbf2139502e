/// Issues and verifies agent tokens: compact JWTs (RFC 7519) signed with EdDSA over Ed25519
/// (RFC 8037).
///
/// A token is `base64url(header).base64url(payload).base64url(signature)`, where the header is
/// exactly `{"alg":"EdDSA","typ":"JWT","kid":"<kid>"}` and the payload holds the
/// ``AgentTokenClaims`` in a fixed order.
///
/// ```swift
/// let token = AgentToken.issue(claims, with: signingKey)
/// let verified = try AgentToken.verify(token, keys: jwks, now: now, issuer: "https://warden.example")
/// ```
///
/// Verification fails closed. It checks the shape and size of the token, then the header (only
/// `EdDSA` is accepted, so `none` and `HS256` key-confusion tokens are refused before any key is
/// touched), then the signature, and only then reads the claims.
public enum AgentToken {
    /// The longest token accepted, in bytes (8 KiB). Agent tokens are a few hundred bytes;
    /// the cap bounds the work an unauthenticated caller can make the verifier do.
    public static let maxLength = 8192

    /// Signs claims into a compact token.
    ///
    /// - Parameters:
    ///   - claims: The claims; `team` and `org` are omitted when `nil`.
    ///   - key: The signing key; its kid goes into the header.
    /// - Returns: The compact serialization, ASCII only.
    public static func issue(_ claims: AgentTokenClaims, with key: SigningKey) -> String {
        var header = JSONObjectWriter()
        header.field("alg", string: "EdDSA")
        header.field("typ", string: "JWT")
        header.field("kid", string: key.kid)

        var payload = JSONObjectWriter()
        payload.field("iss", string: claims.iss)
        payload.field("sub", string: claims.sub)
        if let team = claims.team { payload.field("team", string: team) }
        if let org = claims.org { payload.field("org", string: org) }
        payload.field("iat", integer: claims.iat)
        payload.field("nbf", integer: claims.nbf)
        payload.field("exp", integer: claims.exp)
        payload.field("jti", string: claims.jti)

        let signingInput = Base64URL.encode(Array(header.finish().utf8)) + "." + Base64URL.encode(Array(payload.finish().utf8))
        let signature = key.sign(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Verifies a token and returns its claims.
    ///
    /// - Parameters:
    ///   - token: The compact token.
    ///   - keys: The keys that may have signed it; the header's `kid` picks one.
    ///   - now: The current time in Unix seconds.
    ///   - issuer: If given, the `iss` claim must equal it.
    ///   - leeway: Seconds of clock skew to tolerate on `exp` and `nbf`; negative counts as 0.
    /// - Returns: The claims, once the signature and every check have passed.
    /// - Throws: ``TokenError`` with the code of the first check that failed:
    ///   ``TokenError/Code/malformed``, ``TokenError/Code/unsupportedAlgorithm``,
    ///   ``TokenError/Code/unknownKey``, ``TokenError/Code/badSignature``,
    ///   ``TokenError/Code/invalidClaims``, ``TokenError/Code/expired``,
    ///   ``TokenError/Code/notYetValid`` or ``TokenError/Code/wrongIssuer``.
    public static func verify(
        _ token: String,
        keys: JWKS,
        now: Int64,
        issuer: String? = nil,
        leeway: Int64 = 0
    ) throws(TokenError) -> AgentTokenClaims {
        let bytes = Array(token.utf8)
        guard bytes.count <= maxLength else {
            throw TokenError(code: .malformed, message: "token is \(bytes.count) bytes; the limit is \(maxLength)")
        }
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw TokenError(code: .malformed, message: "token has \(segments.count) segment\(segments.count == 1 ? "" : "s"); a compact JWT has 3 (header.payload.signature)")
        }
        guard let headerBytes = Base64URL.decode(utf8: segments[0]) else {
            throw TokenError(code: .malformed, message: "token header is not valid unpadded base64url")
        }
        guard let payloadBytes = Base64URL.decode(utf8: segments[1]) else {
            throw TokenError(code: .malformed, message: "token payload is not valid unpadded base64url")
        }
        guard let signature = Base64URL.decode(utf8: segments[2]) else {
            throw TokenError(code: .malformed, message: "token signature is not valid unpadded base64url")
        }

        let header = try parseObject(headerBytes, part: "header")
        let key = try checkHeader(header, keys: keys)

        guard signature.count == VerifyingKey.signatureLength else {
            throw TokenError(code: .badSignature, message: "signature is \(signature.count) bytes; an Ed25519 signature is \(VerifyingKey.signatureLength)")
        }
        // The signing input is the ASCII of the first two segments exactly as received.
        let signingInput = Array(bytes[..<segments[1].endIndex])
        guard key.isValidSignature(signature, for: signingInput) else {
            throw TokenError(code: .badSignature, message: "signature does not verify with key \(quoted(key.kid))")
        }

        // Nothing below runs on bytes the key holder did not sign.
        let payload = try parseObject(payloadBytes, part: "payload")
        let claims = try readClaims(payload)
        try checkTimes(claims, now: now, leeway: max(0, leeway))
        if let issuer, claims.iss != issuer {
            throw TokenError(code: .wrongIssuer, message: "token issuer \(quoted(claims.iss)) is not the expected issuer \(quoted(issuer))")
        }
        return claims
    }

    private static func parseObject(_ bytes: [UInt8], part: String) throws(TokenError) -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            throw TokenError(code: .malformed, message: "token \(part) is not valid JSON: \(error.message)")
        }
        guard case .object(let object) = value else {
            throw TokenError(code: .malformed, message: "token \(part) must be a JSON object, not \(value.typeName)")
        }
        return object
    }

    /// Checks `alg`, `typ`, `crit` and `kid`, and returns the key the token names.
    private static func checkHeader(_ header: JSONObject, keys: JWKS) throws(TokenError) -> VerifyingKey {
        guard let algValue = header["alg"] else {
            throw TokenError(code: .unsupportedAlgorithm, message: "token header has no \"alg\"; Warden tokens use EdDSA")
        }
        guard case .string(let alg) = algValue else {
            throw TokenError(code: .unsupportedAlgorithm, message: "token header \"alg\" must be a string, not \(algValue.typeName)")
        }
        // Exactly EdDSA, case-sensitive (RFC 7515 §4.1.1). Accepting anything else is how
        // `none` and HS256-with-the-public-key forgeries get through.
        guard alg == "EdDSA" else {
            throw TokenError(code: .unsupportedAlgorithm, message: "algorithm \(quoted(alg)) is not accepted; Warden tokens must use EdDSA")
        }
        if let typValue = header["typ"] {
            guard case .string(let typ) = typValue else {
                throw TokenError(code: .malformed, message: "token header \"typ\" must be a string, not \(typValue.typeName)")
            }
            guard typ == "JWT" else {
                throw TokenError(code: .malformed, message: "token type (typ) \(quoted(typ)) is not supported; expected \"JWT\"")
            }
        }
        // RFC 7515 §4.1.11: a verifier must reject extensions it does not understand, and we
        // understand none.
        if header["crit"] != nil {
            throw TokenError(code: .malformed, message: "token header has \"crit\"; critical header extensions are not supported")
        }
        guard let kidValue = header["kid"] else {
            throw TokenError(code: .unknownKey, message: "token header has no \"kid\"; cannot choose a verification key")
        }
        guard case .string(let kid) = kidValue else {
            throw TokenError(code: .unknownKey, message: "token header \"kid\" must be a string, not \(kidValue.typeName)")
        }
        guard let key = keys.key(kid: kid) else {
            throw TokenError(code: .unknownKey, message: "no key with kid \(quoted(kid)) in the key set")
        }
        return key
    }

    private static func readClaims(_ payload: JSONObject) throws(TokenError) -> AgentTokenClaims {
        func optionalString(_ name: String) throws(TokenError) -> String? {
            guard let value = payload[name] else { return nil }
            guard case .string(let text) = value else {
                throw invalidClaim("claim \"\(name)\" must be a string, not \(value.typeName)")
            }
            return text
        }

        func requiredString(_ name: String) throws(TokenError) -> String {
            guard let text = try optionalString(name) else {
                throw invalidClaim("claim \"\(name)\" is missing")
            }
            guard !text.isEmpty else {
                throw invalidClaim("claim \"\(name)\" must not be empty")
            }
            return text
        }

        func integer(_ name: String) throws(TokenError) -> Int64 {
            guard let value = payload[name] else {
                throw invalidClaim("claim \"\(name)\" is missing")
            }
            switch value {
            case .integer(let number):
                return number
            case .number(let text) where !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }):
                throw invalidClaim("claim \"\(name)\" is outside the 64-bit integer range")
            case .number:
                throw invalidClaim("claim \"\(name)\" must be an integer number of seconds, not a fraction or exponent")
            default:
                throw invalidClaim("claim \"\(name)\" must be an integer number of seconds, not \(value.typeName)")
            }
        }

        return AgentTokenClaims(
            iss: try requiredString("iss"),
            sub: try requiredString("sub"),
            team: try optionalString("team"),
            org: try optionalString("org"),
            iat: try integer("iat"),
            nbf: try integer("nbf"),
            exp: try integer("exp"),
            jti: try requiredString("jti")
        )
    }

    private static func checkTimes(_ claims: AgentTokenClaims, now: Int64, leeway: Int64) throws(TokenError) {
        // Saturate instead of trapping: `now` and `leeway` come from callers, and a huge leeway
        // must not crash the gateway.
        let earliest = now.subtractingReportingOverflow(leeway)
        let latest = now.addingReportingOverflow(leeway)
        let nowMinusLeeway = earliest.overflow ? Int64.min : earliest.partialValue
        let nowPlusLeeway = latest.overflow ? Int64.max : latest.partialValue
        let skew = leeway > 0 ? " (leeway \(leeway) s)" : ""
        if claims.exp <= nowMinusLeeway {
            throw TokenError(
                code: .expired,
                message: "token expired at \(rfc3339(unixSeconds: claims.exp)) (exp \(claims.exp)); now is \(rfc3339(unixSeconds: now))\(skew)"
            )
        }
        if claims.nbf > nowPlusLeeway {
            throw TokenError(
                code: .notYetValid,
                message: "token is not valid before \(rfc3339(unixSeconds: claims.nbf)) (nbf \(claims.nbf)); now is \(rfc3339(unixSeconds: now))\(skew)"
            )
        }
    }

    private static func invalidClaim(_ message: String) -> TokenError {
        TokenError(code: .invalidClaims, message: message)
    }
}
