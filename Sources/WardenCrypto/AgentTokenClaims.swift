/// The claims of an agent token (RFC 7519 §4.1 plus Warden's `team` and `org`).
///
/// Times are Unix seconds (JWT `NumericDate`), integers only.
public struct AgentTokenClaims: Sendable, Hashable {
    /// The issuer: the gateway that minted the token (`iss`).
    public var iss: String
    /// The subject: the agent id (`sub`).
    public var sub: String
    /// The agent's team, if any (`team`).
    public var team: String?
    /// The agent's organization, if any (`org`).
    public var org: String?
    /// When the token was issued (`iat`).
    public var iat: Int64
    /// When the token starts to be valid (`nbf`).
    public var nbf: Int64
    /// When the token stops being valid (`exp`); it is expired at this second.
    public var exp: Int64
    /// The token's unique id, for revocation and audit (`jti`).
    public var jti: String

    /// Creates a set of claims.
    public init(iss: String, sub: String, team: String? = nil, org: String? = nil, iat: Int64, nbf: Int64, exp: Int64, jti: String) {
        self.iss = iss
        self.sub = sub
        self.team = team
        self.org = org
        self.iat = iat
        self.nbf = nbf
        self.exp = exp
        self.jti = jti
    }
}
