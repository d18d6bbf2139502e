/// What a literal found by the prefilter asks the detector to check next.
///
/// Every credential format starts at (or sits next to) a literal: a vendor prefix (`ghp_`,
/// `AKIA`), a PEM armour line, a key word (`password`, `AccountKey=`), `://`. The detector's
/// Aho–Corasick automaton finds all of them in one pass; each hit then runs only the
/// validator its trigger names.
enum SecretTrigger: Sendable {
    /// A vendor prefix followed by a body of one alphabet within length bounds.
    case prefixed(PrefixRule)
    /// `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 36 base62 whose last 6 are a CRC-32.
    case gitHubClassic(SecretKind)
    /// `github_pat_` + 22 + `_` + 59 base62.
    case gitHubFineGrained
    /// `sk-`: OpenAI (`sk-proj-`, legacy 48) or Anthropic (`sk-ant-api03-`).
    case skDash
    /// `SK` + 32 lower-case hex (Twilio API key sid).
    case twilio
    /// `SG.` + 22 + `.` + 43 base64url.
    case sendGrid
    /// `PMAK-` + 24 hex + `-` + 34 hex.
    case postman
    /// `glsa_` + 32 base62 + `_` + 8 hex.
    case grafanaServiceAccount
    /// `:AA` inside `<8–10 digits>:AA<33 base64url>`.
    case telegram
    /// `hooks.slack.com/services/T…/B…/…`.
    case slackWebhook
    /// `AKIA`/`ASIA`/`ABIA`/`ACCA` + 16 base32.
    case awsKeyID
    /// A word naming an AWS secret access key, followed by one.
    case awsSecretContext
    /// `-----BEGIN `.
    case pemBegin
    /// `service_account` (checked to be the value of `"type"`).
    case gcpType
    /// `"private_key"` (a JSON key whose string value is recorded).
    case gcpPrivateKey
    /// `AccountKey=`.
    case azureAccountKey
    /// `DefaultEndpointsProtocol=` / `Endpoint=sb://`.
    case azureConnectionString
    /// `eyJ`: base64url of `{"`.
    case jwt
    /// `://` (scheme read backwards).
    case urlScheme
    /// A word that ends a config key holding a credential.
    case assignment(AssignmentKey)
    /// `bearer` followed by a token.
    case bearer
    /// `basic` followed by base64 `user:password`.
    case basic
}

/// A vendor prefix and the body that must follow it.
struct PrefixRule: Sendable {
    /// The finding kind.
    let kind: SecretKind
    /// The body alphabet.
    let body: ByteSet
    /// Body length bounds (equal for fixed-length formats).
    let minLength: Int
    let maxLength: Int
    /// Slack bodies start with a digit (the team or app id).
    var startsWithDigit = false
    /// Set for formats whose shape other text can share (`key-` + 32 hex).
    var scoreOverride: Double? = nil
    /// For a body that continues an unpadded base64url encoding (PyPI macaroons): where in
    /// the prefix the encoding starts. Its length then decides whether a trailing `-` or `_`
    /// can be its last character (only when the length is a multiple of 4: otherwise the last
    /// character carries padding bits, which `-` and `_` never have clear).
    var base64Offset: Int? = nil
    /// Score of a match: 1 for a fixed-length body, slightly lower for a variable one.
    var score: Double { scoreOverride ?? (minLength == maxLength ? 1 : 0.95) }
}

/// What kind of value a config key holds, which decides how strong the value must look.
enum AssignmentKey: Sendable {
    /// `password`, `passwd`, `pwd`, `pass`, `passphrase`: any non-placeholder value counts.
    case password
    /// `secret`, `token`, `api_key`, `access_key`...: the value must look machine-made.
    case secret
}

extension SecretTrigger {
    /// The literals of the prefilter and the trigger of each; `exactCase` literals are
    /// checked byte for byte after the case-insensitive automaton reports them.
    static let table: [(literal: String, exactCase: Bool, trigger: SecretTrigger)] = {
        var t: [(String, Bool, SecretTrigger)] = []
        func prefix(_ literal: String, _ kind: SecretKind, _ body: ByteSet, _ min: Int, _ max: Int, digitFirst: Bool = false,
                    score: Double? = nil, base64Offset: Int? = nil) {
            let rule = PrefixRule(kind: kind, body: body, minLength: min, maxLength: max, startsWithDigit: digitFirst, scoreOverride: score,
                                  base64Offset: base64Offset)
            t.append((literal, true, .prefixed(rule)))
        }
        t.append(("ghp_", true, .gitHubClassic(.githubToken)))
        t.append(("gho_", true, .gitHubClassic(.githubOAuthToken)))
        t.append(("ghu_", true, .gitHubClassic(.githubAppToken)))
        t.append(("ghs_", true, .gitHubClassic(.githubAppToken)))
        t.append(("ghr_", true, .gitHubClassic(.githubRefreshToken)))
        t.append(("github_pat_", true, .gitHubFineGrained))
        let gitlabBody = ByteSet.base64URL.union(ByteSet("."))
        for p in ["glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glft-", "glsoat-", "gloas-"] {
            prefix(p, .gitlabToken, gitlabBody, 20, 255)
        }
        let slackBody = ByteSet.base62.union(ByteSet("-"))
        for p in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxe.xoxp-"] {
            prefix(p, .slackToken, slackBody, 12, 255, digitFirst: true)
        }
        for p in ["sk_live_", "sk_test_"] { prefix(p, .stripeSecretKey, .base62, 24, 247) }
        for p in ["rk_live_", "rk_test_"] { prefix(p, .stripeRestrictedKey, .base62, 24, 247) }
        prefix("whsec_", .stripeWebhookSecret, .base62, 32, 64)
        prefix("AIza", .googleAPIKey, .base64URL, 35, 35)
        prefix("GOCSPX-", .googleOAuthClientSecret, .base64URL, 28, 28)
        prefix("hf_", .huggingfaceToken, .letters, 34, 40)
        prefix("npm_", .npmToken, .base62, 36, 36)
        prefix("pypi-AgEIcHlwaS5vcmc", .pypiToken, .base64URL, 50, 400, base64Offset: 5)
        prefix("pypi-AgENdGVzdC5weXBpLm9yZw", .pypiToken, .base64URL, 50, 400, base64Offset: 5)
        for p in ["dop_v1_", "doo_v1_", "dor_v1_"] { prefix(p, .digitalOceanToken, .lowerHex, 64, 64) }
        for p in ["shpat_", "shpca_", "shppa_", "shpss_"] { prefix(p, .shopifyToken, .hex, 32, 32) }
        prefix("key-", .mailgunAPIKey, .lowerHex, 32, 32, score: 0.8)
        prefix("AGE-SECRET-KEY-1", .ageSecretKey, .bech32Upper, 58, 58)
        for p in ["hvs.", "hvb.", "hvr."] { prefix(p, .vaultToken, .base64URL, 24, 400) }
        prefix("gsk_", .groqAPIKey, .base62, 52, 52)
        prefix("lin_api_", .linearAPIKey, .base62, 40, 40)
        prefix("dapi", .databricksToken, .lowerHex, 32, 32, score: 0.9)
        prefix("glc_", .grafanaToken, ByteSet.base64Padded, 32, 400)
        prefix("r8_", .replicateAPIToken, .base62, 37, 37)
        prefix("NRAK-", .newRelicAPIKey, .upperAlphanumeric, 27, 27)

        t.append(("sk-", true, .skDash))
        t.append(("SK", true, .twilio))
        t.append(("SG.", true, .sendGrid))
        t.append(("PMAK-", true, .postman))
        t.append(("glsa_", true, .grafanaServiceAccount))
        t.append((":AA", true, .telegram))
        t.append(("hooks.slack.com/services/", false, .slackWebhook))
        for p in ["AKIA", "ASIA", "ABIA", "ACCA"] { t.append((p, true, .awsKeyID)) }
        for p in ["aws_secret", "aws-secret", "secretaccesskey", "secret_access_key", "secret access key"] {
            t.append((p, false, .awsSecretContext))
        }
        t.append(("-----BEGIN ", true, .pemBegin))
        t.append(("service_account", true, .gcpType))
        t.append(("\"private_key\"", true, .gcpPrivateKey))
        t.append(("AccountKey=", false, .azureAccountKey))
        t.append(("DefaultEndpointsProtocol=", false, .azureConnectionString))
        t.append(("Endpoint=sb://", false, .azureConnectionString))
        t.append(("eyJ", true, .jwt))
        t.append(("://", true, .urlScheme))
        for p in ["password", "passwd", "pwd", "pass", "passphrase"] { t.append((p, false, .assignment(.password))) }
        for p in ["secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey", "secret_key", "secretkey",
                  "private_key", "privatekey", "auth_key", "master_key", "signing_key", "encryption_key"] {
            t.append((p, false, .assignment(.secret)))
        }
        t.append(("bearer", false, .bearer))
        t.append(("basic", false, .basic))
        return t.map { (literal: $0.0, exactCase: $0.1, trigger: $0.2) }
    }()
}
