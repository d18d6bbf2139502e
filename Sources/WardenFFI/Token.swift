#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WardenCrypto

/// Verifies an agent token against a JWKS. `now` < 0 means the current time; `issuer` NULL
/// skips the issuer check; `leeway` is seconds of clock skew allowed on exp/nbf.
@_cdecl("wd_token_verify")
public func wd_token_verify(
    _ token: UnsafePointer<CChar>?, _ jwks: UnsafePointer<CChar>?, _ now: Int64, _ issuer: UnsafePointer<CChar>?,
    _ leeway: Int64, _ out: TextOut, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out (where to store the claims) is NULL") }
        out.pointee = nil
        let token = try CStrings.read(token, "token")
        let jwksText = try CStrings.read(jwks, "jwks")
        let issuer = try CStrings.readOptional(issuer, "issuer")
        guard leeway >= 0 else { throw FFIError(.invalidArgument, "leeway is negative (\(leeway))") }
        let keys: JWKS
        do { keys = try JWKS(json: jwksText) } catch let e as CryptoError { throw FFIError(.invalidJSON, "jwks: \(e.message)") } catch { throw FFIError(.invalidJSON, "jwks: \(error)") }
        let at = now < 0 ? Int64(time(nil)) : now
        let claims: AgentTokenClaims
        do {
            claims = try AgentToken.verify(token, keys: keys, now: at, issuer: issuer, leeway: leeway)
        } catch let e as TokenError {
            throw FFIError(.tokenRefused, e.message, extra: [("reason", JSON.quoted(e.code.name))])
        } catch {
            throw FFIError(.internal, "\(error)")
        }
        func optional(_ s: String?) -> String { s.map(JSON.quoted) ?? "null" }
        try deliver("""
            {"iss":\(JSON.quoted(claims.iss)),"sub":\(JSON.quoted(claims.sub)),"team":\(optional(claims.team)),\
            "org":\(optional(claims.org)),"iat":\(claims.iat),"nbf":\(claims.nbf),"exp":\(claims.exp),"jti":\(JSON.quoted(claims.jti))}
            """, to: out, "claims")
    }
}
