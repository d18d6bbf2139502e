import Testing
@testable import WardenDetect

// Every credential below is generated here, from a fixed seed, in the right format: none is
// real, none is copied from anywhere, and none appears literally in this file (so secret
// scanners do not trip on the repository).

/// A deterministic generator of format-valid fake tokens.
private struct Fake {
    static let base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    static let base64 = base62 + "+/"
    static let base64URL = base62 + "-_"
    static let lowerHex = "0123456789abcdef"
    static let base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    static let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    static let upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    static let bech32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"
    static let digits = "0123456789"

    /// `count` characters of `alphabet` from an LCG seeded with `seed`; always holds an upper
    /// case letter, a lower case letter and a digit when the alphabet has them.
    static func string(_ alphabet: String, _ count: Int, seed: UInt64) -> String {
        let a = Array(alphabet)
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var out: [Character] = []
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.append(a[Int((state >> 33) % UInt64(a.count))])
        }
        // Make the mix explicit rather than likely.
        if count >= 6 {
            if let u = a.first(where: \.isUppercase) { out[1] = u }
            if let l = a.first(where: \.isLowercase) { out[2] = l }
            if let d = a.first(where: \.isNumber) { out[3] = d }
        }
        return String(out)
    }

    /// Standard base64 (or base64url without padding) of `bytes`, written independently of
    /// the detector's decoder.
    static func base64(_ bytes: [UInt8], url: Bool = false) -> String {
        let alphabet = Array(url ? base64URL : base64)
        var out = ""
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            if i + 1 < bytes.count { out.append(alphabet[Int(v >> 6 & 63)]) } else if !url { out += "=" }
            if i + 2 < bytes.count { out.append(alphabet[Int(v & 63)]) } else if !url { out += "=" }
            i += 3
        }
        return out
    }

    /// Bit-by-bit CRC-32 (no table): an implementation independent of the detector's.
    static func crc32(_ s: String) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in s.utf8 {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static func base62Checksum(_ value: UInt32) -> String {
        let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var v = value
        var out: [Character] = []
        while v > 0 { out.insert(digits[Int(v % 62)], at: 0); v /= 62 }
        while out.count < 6 { out.insert("0", at: 0) }
        return String(out)
    }

    /// A GitHub token of the new format with a valid checksum.
    static func gitHub(_ prefix: String, seed: UInt64) -> String {
        let random = string(base62, 30, seed: seed)
        return prefix + random + base62Checksum(crc32(random))
    }

    /// A PEM block of `lines` 64-character base64 lines.
    static func pem(_ label: String, lines: Int = 3, seed: UInt64, newline: String = "\n") -> String {
        var body = ""
        for k in 0..<lines { body += string(base64, 64, seed: seed + UInt64(k)) + newline }
        return "-----BEGIN \(label)-----" + newline + body + "-----END \(label)-----"
    }

    static func jwt(seed: UInt64) -> String {
        let header = base64(Array("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".utf8), url: true)
        let payload = base64(Array("{\"sub\":\"fake-user-\(seed)\",\"iat\":1700000000}".utf8), url: true)
        return header + "." + payload + "." + string(base64URL, 43, seed: seed)
    }
}

/// A text, the kind expected in it, and the exact byte span of the secret.
struct SecretCase: Sendable, CustomTestStringConvertible {
    let kind: String
    let text: String
    let span: Range<Int>
    var score: Double? = nil

    /// `before + secret + after`, expecting `secret` to be found as `kind`.
    init(_ kind: String, _ before: String, _ secret: String, _ after: String = "", score: Double? = nil) {
        self.kind = kind
        text = before + secret + after
        span = before.utf8.count..<(before.utf8.count + secret.utf8.count)
        self.score = score
    }

    var testDescription: String { "\(kind): \(text.prefix(60))" }
}

private let detector = SecretDetector()

private func secrets(_ text: String) -> [Finding] {
    var found: [Finding] = []
    detector.detect(in: NormalizedText(text), into: &found)
    return found
}

private let positives: [SecretCase] = {
    typealias F = Fake
    var c: [SecretCase] = []
    func add(_ kind: String, _ before: String, _ secret: String, _ after: String = "", score: Double? = nil) {
        c.append(SecretCase(kind, before, secret, after, score: score))
    }
    // AWS
    add("aws_access_key_id", "aws_access_key_id = ", "AKIA" + F.string(F.base32, 16, seed: 1))
    add("aws_access_key_id", "{\"AccessKeyId\": \"", "ASIA" + F.string(F.base32, 16, seed: 2), "\"}")
    add("aws_access_key_id", "the key ", "ABIA" + F.string(F.base32, 16, seed: 3), " leaked")
    add("aws_access_key_id", "id=", "ACCA" + F.string(F.base32, 16, seed: 4), "&x=1")
    add("aws_secret_access_key", "aws_secret_access_key = ", F.string(F.base64, 40, seed: 5))
    add("aws_secret_access_key", "{\"SecretAccessKey\": \"", F.string(F.base64, 40, seed: 6), "\"}")
    add("aws_secret_access_key", "export AWS_SECRET_ACCESS_KEY=", F.string(F.base64, 40, seed: 7), "\n")
    add("aws_secret_access_key", "AKIA" + F.string(F.base32, 16, seed: 8) + ",", F.string(F.base64, 40, seed: 9), "\n")
    // GitHub
    for (k, seed) in [(0, UInt64(10)), (1, 11), (2, 12)] {
        let before = ["GITHUB_TOKEN=", "token: ", "https://x-access-token:"][k]
        add("github_token", before, F.gitHub("ghp_", seed: seed), k == 2 ? "@github.com/o/r.git" : "", score: 1)
    }
    for seed in UInt64(13)...15 { add("github_oauth_token", "oauth ", F.gitHub("gho_", seed: seed), ".", score: 1) }
    add("github_app_token", "installation token ", F.gitHub("ghs_", seed: 16), score: 1)
    add("github_app_token", "user-to-server ", F.gitHub("ghu_", seed: 17), score: 1)
    add("github_app_token", "\"", F.gitHub("ghs_", seed: 18), "\"", score: 1)
    for seed in UInt64(19)...21 { add("github_refresh_token", "refresh=", F.gitHub("ghr_", seed: seed), score: 1) }
    for seed in UInt64(22)...24 {
        add("github_fine_grained_token", "pat ", "github_pat_" + F.string(F.base62, 22, seed: seed) + "_" + F.string(F.base62, 59, seed: seed + 100), score: 1)
    }
    // GitLab
    add("gitlab_token", "PRIVATE-TOKEN: ", "glpat-" + F.string(F.base64URL, 20, seed: 25))
    add("gitlab_token", "deploy ", "gldt-" + F.string(F.base64URL, 24, seed: 26))
    add("gitlab_token", "runner ", "glrt-" + F.string(F.base64URL, 26, seed: 27), ".")
    add("gitlab_token", "trigger ", "glptt-" + F.string(F.lowerHex, 40, seed: 28))
    // Slack
    add("slack_token", "SLACK_BOT_TOKEN=", "xoxb-" + F.string(F.digits, 11, seed: 29) + "-" + F.string(F.digits, 13, seed: 30) + "-" + F.string(F.base62, 24, seed: 31))
    add("slack_token", "user ", "xoxp-" + F.string(F.digits, 10, seed: 32) + "-" + F.string(F.digits, 12, seed: 33) + "-" + F.string(F.base62, 32, seed: 34))
    add("slack_token", "rotating ", "xoxe.xoxp-1-" + F.string(F.base62, 60, seed: 35))
    for seed in UInt64(36)...38 {
        add("slack_webhook", "post to ", "https://hooks.slack.com/services/T" + F.string(F.upperAlnum, 8, seed: seed) + "/B" + F.string(F.upperAlnum, 10, seed: seed + 1) + "/" + F.string(F.base62, 24, seed: seed + 2), " now")
    }
    // Stripe
    add("stripe_secret_key", "STRIPE_KEY=", "sk_live_" + F.string(F.base62, 24, seed: 39))
    add("stripe_secret_key", "Stripe.apiKey = \"", "sk_test_" + F.string(F.base62, 99, seed: 40), "\";")
    add("stripe_secret_key", "key ", "sk_live_" + F.string(F.base62, 32, seed: 41))
    add("stripe_restricted_key", "rk ", "rk_live_" + F.string(F.base62, 24, seed: 42))
    add("stripe_restricted_key", "restricted=", "rk_test_" + F.string(F.base62, 40, seed: 43))
    add("stripe_restricted_key", "'", "rk_live_" + F.string(F.base62, 99, seed: 44), "'")
    for seed in UInt64(45)...47 { add("stripe_webhook_secret", "STRIPE_WEBHOOK_SECRET=", "whsec_" + F.string(F.base62, 32, seed: seed)) }
    // OpenAI and Anthropic
    add("openai_api_key", "OPENAI_API_KEY=", "sk-proj-" + F.string(F.base64URL, 74, seed: 48) + "T3BlbkFJ" + F.string(F.base64URL, 74, seed: 49), score: 1)
    add("openai_api_key", "key: ", "sk-" + F.string(F.base62, 20, seed: 50) + "T3BlbkFJ" + F.string(F.base62, 20, seed: 51), score: 1)
    add("openai_api_key", "svc ", "sk-svcacct-" + F.string(F.base64URL, 60, seed: 52), score: 0.9)
    add("openai_api_key", "legacy ", "sk-" + F.string(F.base62, 48, seed: 53), score: 0.7)
    add("anthropic_api_key", "ANTHROPIC_API_KEY=", "sk-ant-api03-" + F.string(F.base64URL, 93, seed: 54) + "AA", score: 1)
    add("anthropic_api_key", "admin ", "sk-ant-admin01-" + F.string(F.base64URL, 93, seed: 55) + "AA", score: 1)
    add("anthropic_api_key", "x-api-key: ", "sk-ant-api03-" + F.string(F.base64URL, 80, seed: 56), score: 0.9)
    // Google
    for seed in UInt64(57)...59 { add("google_api_key", "?key=", "AIza" + F.string(F.base64URL, 35, seed: seed), "&q=1") }
    for seed in UInt64(60)...62 { add("google_oauth_client_secret", "\"client_secret\": \"", "GOCSPX-" + F.string(F.base64URL, 28, seed: seed), "\"") }
    // GCP service account: the private_key value is the span.
    do {
        let key = Fake.pem("PRIVATE KEY", seed: 63, newline: "\\n") + "\\n"
        add("gcp_service_account", "{\"type\": \"service_account\", \"project_id\": \"demo\", \"private_key_id\": \"abc\", \"private_key\": \"", key, "\", \"client_email\": \"svc@demo.iam.gserviceaccount.com\"}")
        let key2 = Fake.pem("PRIVATE KEY", lines: 5, seed: 64, newline: "\\n") + "\\n"
        add("gcp_service_account", "{\n  \"type\":\"service_account\",\n  \"private_key\" : \"", key2, "\"\n}")
        let key3 = Fake.pem("PRIVATE KEY", seed: 65, newline: "\\n")
        add("gcp_service_account", "{\"private_key\": \"", key3, "\", \"client_id\": \"1\", \"type\": \"service_account\"}")
    }
    // Azure
    for seed in UInt64(66)...68 { add("azure_storage_key", "export AZURE_STORAGE_KEY_ARG=AccountKey=", F.string(F.base64, 86, seed: seed) + "==", "\n") }
    add("azure_connection_string", "conn = \"", "DefaultEndpointsProtocol=https;AccountName=fakeacct;AccountKey=" + F.string(F.base64, 86, seed: 69) + "==;EndpointSuffix=core.windows.net", "\"")
    add("azure_connection_string", "", "DefaultEndpointsProtocol=https;AccountName=fakeacct;SharedAccessSignature=sv=2022-11-02&ss=b&sig=" + F.string(F.base62, 40, seed: 70), " ")
    add("azure_connection_string", "SB=", "Endpoint=sb://fake-ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=" + F.string(F.base64, 43, seed: 71) + "=", "\n")
    // Other vendors
    for seed in UInt64(72)...74 { add("twilio_api_key", "TWILIO_API_KEY=", "SK" + F.string(F.lowerHex, 32, seed: seed)) }
    for seed in UInt64(75)...77 { add("sendgrid_api_key", "SENDGRID_API_KEY=", "SG." + F.string(F.base64URL, 22, seed: seed) + "." + F.string(F.base64URL, 43, seed: seed + 1)) }
    for seed in UInt64(78)...80 { add("huggingface_token", "HF_TOKEN=", "hf_" + F.string(F.letters, 34, seed: seed)) }
    for seed in UInt64(81)...83 { add("npm_token", "//registry.npmjs.org/:_authToken=", "npm_" + F.string(F.base62, 36, seed: seed)) }
    add("pypi_token", "password = ", "pypi-AgEIcHlwaS5vcmc" + F.string(F.base64URL, 60, seed: 84))
    add("pypi_token", "TWINE_PASSWORD=", "pypi-AgEIcHlwaS5vcmc" + F.string(F.base64URL, 150, seed: 85))
    add("pypi_token", "test: ", "pypi-AgENdGVzdC5weXBpLm9yZw" + F.string(F.base64URL, 80, seed: 86))
    for seed in UInt64(87)...89 { add("digitalocean_token", "DIGITALOCEAN_TOKEN=", ["dop_v1_", "doo_v1_", "dor_v1_"][Int(seed - 87)] + F.string(F.lowerHex, 64, seed: seed)) }
    for seed in UInt64(90)...92 { add("shopify_token", "X-Shopify-Access-Token: ", ["shpat_", "shpca_", "shpss_"][Int(seed - 90)] + F.string(F.lowerHex, 32, seed: seed)) }
    for seed in UInt64(93)...95 { add("telegram_bot_token", "https://api.telegram.org/bot", F.string(F.digits, 9, seed: seed).replacingFirst("0", "1") + ":AA" + F.string(F.base64URL, 33, seed: seed + 1), "/getMe") }
    for seed in UInt64(96)...98 { add("mailgun_api_key", "api:", "key-" + F.string(F.lowerHex, 32, seed: seed)) }
    for seed in UInt64(99)...101 { add("age_secret_key", "# created: 2024\n", "AGE-SECRET-KEY-1" + F.string(F.bech32, 58, seed: seed), "\n") }
    for seed in UInt64(102)...104 { add("vault_token", "VAULT_TOKEN=", "hvs." + F.string(F.base64URL, 90, seed: seed)) }
    for seed in UInt64(105)...107 { add("groq_api_key", "GROQ_API_KEY=", "gsk_" + F.string(F.base62, 52, seed: seed)) }
    for seed in UInt64(108)...110 { add("linear_api_key", "Authorization: ", "lin_api_" + F.string(F.base62, 40, seed: seed)) }
    for seed in UInt64(111)...113 { add("postman_api_key", "X-Api-Key: ", "PMAK-" + F.string(F.lowerHex, 24, seed: seed) + "-" + F.string(F.lowerHex, 34, seed: seed + 1)) }
    for seed in UInt64(114)...116 { add("databricks_token", "DATABRICKS_TOKEN=", "dapi" + F.string(F.lowerHex, 32, seed: seed)) }
    add("grafana_token", "GRAFANA_TOKEN=", "glsa_" + F.string(F.base62, 32, seed: 117) + "_" + F.string(F.lowerHex, 8, seed: 118))
    add("grafana_token", "cloud ", "glc_" + F.string(F.base64, 60, seed: 119) + "==")
    add("grafana_token", "sa=", "glsa_" + F.string(F.base62, 32, seed: 120) + "_" + F.string(F.lowerHex, 8, seed: 121), ";")
    for seed in UInt64(122)...124 { add("replicate_api_token", "REPLICATE_API_TOKEN=", "r8_" + F.string(F.base62, 37, seed: seed)) }
    for seed in UInt64(125)...127 { add("newrelic_api_key", "NEW_RELIC_API_KEY=", "NRAK-" + F.string(F.upperAlnum, 27, seed: seed)) }
    // JWT
    add("jwt", "Cookie: session=", Fake.jwt(seed: 128), "; Path=/")
    add("jwt", "{\"id_token\": \"", Fake.jwt(seed: 129), "\"}")
    add("jwt", "token ", Fake.jwt(seed: 130))
    // PEM
    add("private_key", "key:\n", Fake.pem("RSA PRIVATE KEY", seed: 131), "\n")
    add("private_key", "", Fake.pem("EC PRIVATE KEY", seed: 132))
    add("private_key", "-> ", Fake.pem("PRIVATE KEY", lines: 10, seed: 133, newline: "\r\n"), " <-")
    add("private_key", "", Fake.pem("ENCRYPTED PRIVATE KEY", seed: 134))
    add("private_key", "", Fake.pem("DSA PRIVATE KEY", seed: 135))
    add("openssh_private_key", "id_ed25519:\n", Fake.pem("OPENSSH PRIVATE KEY", seed: 136), "\n")
    add("openssh_private_key", "", Fake.pem("OPENSSH PRIVATE KEY", lines: 6, seed: 137))
    add("openssh_private_key", "\"", Fake.pem("OPENSSH PRIVATE KEY", seed: 138, newline: "\\n"), "\"")
    for seed in UInt64(139)...141 {
        let body = (0..<4).map { Fake.string(Fake.base64, 64, seed: seed * 10 + UInt64($0)) }.joined(separator: "\n")
        add("pgp_private_key", "", "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: Fake 1.0\n\n" + body + "\n=Ab12\n-----END PGP PRIVATE KEY BLOCK-----", "\n")
    }
    // URLs
    add("database_url", "DATABASE_URL=", "postgres://app:S3cr3tPw9q@db.internal:5432/app")
    add("database_url", "uri: \"", "mongodb+srv://admin:Zq8vKp2mWx@cluster0.abcde.mongodb.net/test?retryWrites=true", "\"")
    add("database_url", "REDIS_URL=", "redis://:Hk29sLq0Vx@cache:6379/0", "\n")
    add("database_url", "engine = create_engine('", "mysql+pymysql://root:Tr0ub4dor3@127.0.0.1/db", "')")
    add("database_url", "see ", "amqp://guest:Gx7pQ2vLk@rabbit:5672/", ".")
    add("database_url", "", "postgresql://svc:p%40ss%3Aw0rd@10.0.0.5/prod?sslmode=require")
    add("url_credentials", "git clone ", "https://deploy:gH7kPq2xLm@git.internal.test/repo.git")
    add("url_credentials", "(", "ftp://user:Pw9xKq2m@files.test/pub", ")")
    add("url_credentials", "SMTP=", "smtp://mailer:Mq3vZ8pL@smtp.test:587")
    // Assignments
    add("password_assignment", "password=", "hunter2", score: 0.7)
    add("password_assignment", "DB_PASSWORD=", "Tr0ub4dor#3x", "\n", score: 0.8)
    add("password_assignment", "{\"password\": \"", "c0rrect-Horse-9", "\"}")
    add("password_assignment", "passwd: ", "s3cretPass", "\n")
    add("password_assignment", "mysql --password ", "Kx9#mQ2pL", " -u root")
    add("password_assignment", "app --db-password=", "Kx9#mQ2pLz")
    add("password_assignment", "spring.datasource.password = ", "Zz8pLk2qW", "\n")
    add("password_assignment", "<password>", "Qm3vX9pLw2", "</password>")
    add("password_assignment", "\"token\": \"", "9f8e7d6c5b4aQwErTy", "\"")
    add("password_assignment", "client_secret = '", "aB3dE5gH7jK9mN1p", "'")
    add("password_assignment", "api_key: ", "Lq2W9xZk4RpT7vN3", "\n")
    add("password_assignment", "const apiKey = \"", "Lq2W9xZk4RpT7vN3", "\";")
    add("password_assignment", "secret=", "Mv8Qx2Lp9Zk3", "&user=a")
    add("password_assignment", "PGPASSWORD=", "pL9vQx2m", " psql -h db")
    add("password_assignment", "\\\"password\\\": \\\"", "Wq9pLz2vX", "\\\"")
    add("password_assignment", "dbPass: ", "Wq9pLz2vX")
    // Authorization headers
    add("bearer_token", "Authorization: Bearer ", Fake.string(Fake.base64URL, 40, seed: 142))
    add("bearer_token", "curl -H 'authorization: bearer ", Fake.string(Fake.base62, 32, seed: 143), "'")
    add("bearer_token", "\"Bearer ", Fake.string(Fake.base62, 64, seed: 144) + "~." + Fake.string(Fake.base62, 8, seed: 145), "\"")
    add("basic_auth_credentials", "Authorization: Basic ", Fake.base64(Array("deploy:Pw9xKq2mZ".utf8)))
    add("basic_auth_credentials", "-H \"Authorization: basic ", Fake.base64(Array("ci-bot:7hG2kLp9Qx!".utf8)), "\"")
    add("basic_auth_credentials", "auth = Basic ", Fake.base64(Array("a:Zk3vQ8pLm2".utf8)), "\n")
    // Entropy
    add("high_entropy_token", "session key ", Fake.string(Fake.base62, 32, seed: 146), score: 0.7)
    add("high_entropy_token", "X-Internal-Auth: ", Fake.string(Fake.base64, 44, seed: 147), score: 0.7)
    add("high_entropy_token", "signing key was ", Fake.string(Fake.lowerHex, 64, seed: 148), score: 0.7)
    add("high_entropy_token", "it printed ", Fake.string(Fake.base62, 48, seed: 149), " and exited", score: 0.5)
    add("high_entropy_token", "", Fake.string(Fake.base62, 64, seed: 150), score: 0.5)
    return c
}()

private extension String {
    func replacingFirst(_ a: Character, _ b: Character) -> String {
        var s = Array(self)
        if s.first == a { s[0] = b }
        return String(s)
    }
}

@Suite("Secret detector")
struct SecretDetectorTests {
    @Test("finds each format with its exact kind and span", arguments: positives)
    func positive(_ c: SecretCase) {
        let found = secrets(c.text)
        let match = found.first { $0.kind == c.kind && $0.range == c.span }
        #expect(match != nil, "found \(found.map { "\($0.kind)@\($0.range)" })")
        #expect(match?.category == .secret)
        if let score = c.score { #expect(match?.score == score) }
        #expect(match?.severity == SecretKind(rawValue: c.kind)?.severity || c.kind == "high_entropy_token")
    }

    @Test("covers at least 30 kinds, each with three positives")
    func coverage() {
        var counts: [String: Int] = [:]
        for c in positives { counts[c.kind, default: 0] += 1 }
        #expect(counts.count >= 30)
        for kind in SecretKind.allCases {
            #expect(counts[kind.rawValue, default: 0] >= 3, "\(kind.rawValue)")
        }
    }

    @Test("redacted, masked and removed output scans clean", arguments: positives)
    func idempotent(_ c: SecretCase) {
        let found = secrets(c.text)
        for mode in RedactionMode.allCases {
            let out = Redaction.apply(found, to: c.text, mode: mode)
            #expect(secrets(out).isEmpty, "\(mode): \(out)")
        }
    }

    @Test("a GitHub checksum is the base62 CRC-32 of the first 30 characters")
    func gitHubChecksumVector() {
        // Fixed vector, derived with the independent bit-by-bit CRC above.
        let random = "abcdefghijklmnopqrstuvwxyz0123"
        #expect(Fake.crc32("123456789") == 0xCBF4_3926)  // the CRC-32 check value
        #expect(SecretChecks.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(String(decoding: SecretChecks.base62(Fake.crc32(random), width: 6), as: UTF8.self) == Fake.base62Checksum(Fake.crc32(random)))
        #expect(Fake.base62Checksum(0) == "000000")
        #expect(String(decoding: SecretChecks.base62(61, width: 6), as: UTF8.self) == "00000z")
    }

    @Test("a classic GitHub token whose checksum fails is still reported, at 0.6")
    func gitHubBadChecksum() {
        let good = Fake.gitHub("ghp_", seed: 500)
        var chars = Array(good)
        chars[chars.count - 1] = chars[chars.count - 1] == "A" ? "B" : "A"
        let bad = String(chars)
        #expect(secrets(good).first?.score == 1)
        let f = secrets("GITHUB_TOKEN=" + bad)
        #expect(f.count == 1)
        #expect(f.first?.kind == "github_token")
        #expect(f.first?.score == 0.6)
    }

    static let hardNegatives: [String] = [
        // UUIDs, digests, SHAs
        "request id 123e4567-e89b-12d3-a456-426614174000 failed",
        "{\"id\": \"0f8fad5b-d9cb-469f-a165-70867728950e\", \"uuid\": \"7C9E6679-7425-40DE-944B-E07FC1F90AE7\"}",
        "trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b\nAuthor: A <a@b.c>",
        "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "image: repo/app@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "md5 d41d8cd98f00b204e9800998ecf8427e  file.tar.gz",
        "\"integrity\": \"sha512-" + Fake.string(Fake.base64, 86, seed: 900) + "==\"",
        "github.com/x/y v1.2.3 h1:" + Fake.string(Fake.base64, 43, seed: 901) + "=",
        "ED25519 key fingerprint is SHA256:" + Fake.string(Fake.base64, 43, seed: 902) + ".",
        // base64 images
        "<img src=\"data:image/png;base64," + Fake.string(Fake.base64, 300, seed: 903) + "==\">",
        "background: url(data:image/gif;base64," + Fake.string(Fake.base64, 80, seed: 904) + ")",
        // public PEM blocks and SSH public keys
        Fake.pem("PUBLIC KEY", lines: 4, seed: 905),
        Fake.pem("CERTIFICATE", lines: 12, seed: 906),
        Fake.pem("RSA PUBLIC KEY", lines: 4, seed: 907),
        Fake.pem("PGP PUBLIC KEY BLOCK", lines: 4, seed: 908),
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + Fake.string(Fake.base64, 43, seed: 909) + " user@host",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + Fake.string(Fake.base64, 300, seed: 910) + " deploy@ci",
        "The file starts with -----BEGIN PRIVATE KEY----- and ends with -----END PRIVATE KEY-----.",
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        // Published examples and placeholder runs
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AKIAI44QH8DHBEXAMPLE je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        "Stripe.apiKey = \"sk_test_4eC39HqLyjWDarjtT1zdp7dc\";",
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "AKIAXXXXXXXXXXXXXXXX",
        "OPENAI_API_KEY=sk-proj-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "slack: xoxb-your-token-here",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
        "ghp_EXAMPLEexampleEXAMPLEexampleEXAMPLE01",
        // Placeholders
        "password=${DB_PASSWORD}", "password=$PASSWORD", "\"password\": \"{{ secret }}\"", "api_key = \"<your-api-key>\"",
        "password: changeme", "password=****", "password=[SECRET_REDACTED]", "\"password\": \"\"", "password=None",
        "password: null", "password=true", "token: ${{ secrets.GITHUB_TOKEN }}", "PASSWORD=your_password_here",
        "postgres://user:password@localhost/db", "postgres://user:${PGPASSWORD}@db/x", "redis://localhost:6379/0",
        "https://user@example.com/path", "password: '%s'", "secret: !vault |", "password = os.environ[\"DB_PASSWORD\"]",
        "api_key=YOUR_API_KEY", "token: <token>", "Authorization: Bearer <token>", "Authorization: Bearer ${TOKEN}",
        "password: ********", "password=xxxxxxxx", "PWD=/home/user/project", "secret: my-app-secret",
        // Prose
        "Please reset your password.", "The password must be at least 8 characters long.",
        "Use a strong password: mix letters and numbers.", "Forgot password? Click here to reset it.",
        "If you share a secret with someone, keep it.", "The token count was 512 and max_tokens: 1024.",
        "Passwords are hashed with bcrypt before storage, and the secret key is rotated monthly.",
        "bypass: true", "compass: north", "The bearer of this letter is my friend.", "A basic understanding of the protocol helps.",
        "Enter your password and press Enter. The password field is required.",
        "Ask the task force about the risk-based approach; sky-high costs.",
        // Code
        "let password = try await keychain.read(account)", "var password: String", "token = self.token",
        "password = getpass()", "def login(user, password=None):", "password_hash = bcrypt.hashpw(pw, salt)",
        "\"password_min_length\": 8", "if password == confirm { ok() }", "secret = settings.SECRET_KEY",
        "func authenticate(password: String?) -> Bool", "let token: Token", "password = new_password",
        // Tokenizer configs and pagination
        "{\"eos_token\": \"</s>\", \"pad_token\": \"<pad>\", \"bos_token\": \"<s>\"}", "nextPageToken: \"CAoQAA\"",
        "\"next_token\": \"eyJvZmZzZXQiOjEwMH0\"",
        // Ordinary identifiers and paths
        "src/components/UserProfileSettingsPage/index.tsx", "MyApp_Production_Database_Server_2024_Backup_Final",
        "com.example.very.long.package.name.SomeClassNameWithManyWords2",
        "ThisIsAVeryLongCamelCaseIdentifierNameForTesting123",
        // Redaction output
        "[AWS_SECRET_ACCESS_KEY_REDACTED]", "password=[PASSWORD_ASSIGNMENT_REDACTED]", "****************1111",
        "[EMAIL_REDACTED]", "token: [GITHUB_TOKEN_REDACTED]", "\"private_key\": \"[GCP_SERVICE_ACCOUNT_REDACTED]\"",
        "Authorization: Bearer [BEARER_TOKEN_REDACTED]", "postgres://[DATABASE_URL_REDACTED]",
    ]

    @Test("hard negatives do not fire", arguments: hardNegatives)
    func negative(_ text: String) {
        let found = secrets(text)
        #expect(found.isEmpty, "\(found.map { "\($0.kind)@\($0.range)" })")
    }

    /// Near misses: the right prefix with the wrong length, alphabet, boundary or structure.
    static let malformed: [String] = {
        typealias F = Fake
        let jwtNoAlg = F.base64(Array("{\"typ\":\"JWT\"}".utf8), url: true) + "." + F.base64(Array("{\"sub\":\"x\"}".utf8), url: true) + "." + F.string(F.base64URL, 43, seed: 950)
        let jwtTwoParts = F.base64(Array("{\"alg\":\"HS256\"}".utf8), url: true) + "." + F.base64(Array("{\"sub\":\"x\"}".utf8), url: true)
        return [
            "ghp_" + F.string(F.base62, 35, seed: 951), "ghp_" + F.string(F.base62, 37, seed: 952),
            "xghp_" + F.string(F.base62, 36, seed: 953), "AKIA" + F.string(F.base32, 15, seed: 954),
            "AKIA" + F.string(F.base32, 17, seed: 955), "akia" + F.string(F.base32, 16, seed: 956).lowercased(),
            "AIza" + F.string(F.base64URL, 34, seed: 957), "sk_live_" + F.string(F.base62, 10, seed: 958),
            "xoxb-" + F.string(F.letters, 30, seed: 959), jwtNoAlg, jwtTwoParts,
            "SK" + F.string(F.lowerHex, 32, seed: 960).uppercased(), "TASK" + F.string(F.lowerHex, 32, seed: 961),
            "SG." + F.string(F.base64URL, 21, seed: 962) + "." + F.string(F.base64URL, 43, seed: 963),
            "glpat-" + F.string(F.base64URL, 12, seed: 964), "npm_" + F.string(F.base62, 35, seed: 965),
            "hf_" + F.string(F.digits, 34, seed: 966), "github_pat_" + F.string(F.base62, 22, seed: 967) + "_" + F.string(F.base62, 40, seed: 968),
            "dop_v1_" + F.string(F.lowerHex, 63, seed: 969), "AGE-SECRET-KEY-1" + F.string(F.bech32, 20, seed: 970),
            "sk-ant-api03-short", "sk-" + F.string(F.lowerHex, 20, seed: 971), "AccountKey=short",
            "DefaultEndpointsProtocol=https;AccountName=x;EndpointSuffix=core.windows.net",
            "https://hooks.slack.com/services/not-a-webhook", "12345:AA" + F.string(F.base64URL, 33, seed: 972),
            "-----BEGIN PRIVATE KEY-----\n" + F.string(F.base64, 40, seed: 973) + "\n-----END PRIVATE KEY-----",
            "Authorization: Basic notbase64!", "Basic aGVsbG8gd29ybGQ=",
        ]
    }()

    @Test("near misses of a format are not reported as it (at most as a lone random token)", arguments: malformed)
    func nearMiss(_ text: String) {
        let found = secrets(text)
        // A random 40+ character run may still be weighed by the entropy heuristic, at 0.5.
        #expect(found.allSatisfy { $0.kind == "high_entropy_token" && $0.score == 0.5 }, "\(found.map { "\($0.kind)@\($0.range)" })")
    }

    @Test("a zero-width space inside a token does not hide it; the span covers the original bytes")
    func zeroWidth() {
        let token = Fake.gitHub("ghp_", seed: 600)
        let text = "token gh\u{200B}" + token.dropFirst(2)
        let f = secrets(text)
        #expect(f.count == 1)
        #expect(f.first?.kind == "github_token")
        #expect(f.first?.range == 6..<text.utf8.count)
        #expect(f.first?.score == 1)
    }

    @Test("fullwidth letters do not hide a key id or a password key")
    func fullwidth() {
        let body = Fake.string(Fake.base32, 16, seed: 601)
        let text = "ＡＫＩＡ" + body
        let f = secrets(text)
        #expect(f.map(\.kind) == ["aws_access_key_id"])
        #expect(f.first?.range == 0..<text.utf8.count)
        let p = "ｐａｓｓｗｏｒｄ＝Kx9mQ2pLz"
        let g = secrets(p)
        #expect(g.map(\.kind) == ["password_assignment"])
        #expect(g.first?.range == 27..<p.utf8.count)
    }

    @Test("severities: private keys and cloud credentials critical, vendor tokens high, lone entropy medium")
    func severities() {
        #expect(secrets(Fake.pem("PRIVATE KEY", seed: 700)).first?.severity == .critical)
        #expect(secrets("AKIA" + Fake.string(Fake.base32, 16, seed: 701)).first?.severity == .critical)
        #expect(secrets(Fake.gitHub("ghp_", seed: 702)).first?.severity == .high)
        #expect(secrets("x " + Fake.string(Fake.base62, 64, seed: 703)).first?.severity == .medium)
        #expect(secrets("password=hunter22").first?.severity == .high)
    }

    @Test("the AWS key id and the secret after it are two findings")
    func awsPair() {
        let id = "AKIA" + Fake.string(Fake.base32, 16, seed: 710)
        let secret = Fake.string(Fake.base64, 40, seed: 711)
        let text = "\(id),\(secret)\n"
        let f = secrets(text)
        #expect(f.map(\.kind) == ["aws_access_key_id", "aws_secret_access_key"])
        #expect(f.map(\.range) == [0..<20, 21..<61])
    }

    @Test("a 40-character base64 run is not an AWS secret without AWS context")
    func awsSecretNeedsContext() {
        let f = secrets("value: " + Fake.string(Fake.base64, 40, seed: 712).replacingOccurrences("/", "x").replacingOccurrences("+", "y"))
        #expect(!f.contains { $0.kind == "aws_secret_access_key" })
    }

    @Test("a private key without its END line is still reported, at 0.85")
    func truncatedKey() {
        let full = Fake.pem("RSA PRIVATE KEY", lines: 3, seed: 720)
        let cut = String(full.prefix(31 + 2 * 65))
        let f = secrets(cut)
        #expect(f.map(\.kind) == ["private_key"])
        #expect(f.first?.score == 0.85)
    }

    @Test("the private key inside a service account file is reported once, as gcp_service_account")
    func serviceAccountOnce() {
        let key = Fake.pem("PRIVATE KEY", seed: 730, newline: "\\n")
        let f = secrets("{\"type\": \"service_account\", \"private_key\": \"\(key)\"}")
        #expect(f.map(\.kind) == ["gcp_service_account"])
        #expect(f.first?.severity == .critical)
        // Without the type it is an ordinary private key.
        let g = secrets("{\"type\": \"authorized_user\", \"private_key\": \"\(key)\"}")
        #expect(g.map(\.kind) == ["private_key"])
    }

    @Test("findings are deterministic and in text order")
    func deterministic() {
        let text = positives.prefix(40).map(\.text).joined(separator: "\n")
        let a = secrets(text)
        let b = secrets(text)
        #expect(a == b)
        #expect(a.count >= 40)
        #expect(a.map(\.start) == a.map(\.start).sorted())
    }

    /// Bodies whose last character is `-` or `_`: exactly one finding, with this span.
    static let trailingPunctuation: [SecretCase] = {
        typealias F = Fake
        let google = "AIza" + F.string(F.base64URL, 34, seed: 800)
        let openAI = "sk-proj-" + F.string(F.base64URL, 40, seed: 805) + "T3BlbkFJ" + F.string(F.base64URL, 40, seed: 806)
        return [
            // A fixed-length body is taken whole: its last character may be any of its alphabet.
            SecretCase("google_api_key", "<script src=\"https://maps.googleapis.com/maps/api/js?key=", google + "-", "\"></script>"),
            SecretCase("google_api_key", "key=", google + "_", " end"),
            SecretCase("google_api_key", "key=", google + "-"),
            SecretCase("google_oauth_client_secret", "secret ", "GOCSPX-" + F.string(F.base64URL, 27, seed: 801) + "-", "."),
            // ... and a byte after it that is not a letter or digit only ends it.
            SecretCase("google_api_key", "keys ", google + "x", "-, more"),
            SecretCase("sendgrid_api_key", "SENDGRID_API_KEY=", "SG." + F.string(F.base64URL, 22, seed: 815) + "." + F.string(F.base64URL, 42, seed: 816) + "-"),
            SecretCase("sendgrid_api_key", "key ", "SG." + F.string(F.base62, 22, seed: 817) + "." + F.string(F.base62, 43, seed: 818), "-"),
            SecretCase("telegram_bot_token", "bot ", "123456789:AA" + F.string(F.base64URL, 32, seed: 819) + "_", " ok"),
            SecretCase("telegram_bot_token", "bot ", "123456789:AA" + F.string(F.base62, 33, seed: 820), "- ok"),
            // GitLab bodies are base64url (and inner dots): a trailing `-` is part of the token,
            // a trailing `.` is the sentence's.
            SecretCase("gitlab_token", "use ", "glpat-" + F.string(F.base64URL, 19, seed: 802) + "-"),
            SecretCase("gitlab_token", "use ", "glpat-" + F.string(F.base64URL, 25, seed: 803) + "_", "."),
            // PyPI bodies continue one base64url encoding: `-` may end it only when its
            // length is a multiple of 4 (15 encoded bytes are in the prefix).
            SecretCase("pypi_token", "TWINE_PASSWORD=", "pypi-AgEIcHlwaS5vcmc" + F.string(F.base64URL, 60, seed: 804) + "-"),
            SecretCase("pypi_token", "TWINE_PASSWORD=", "pypi-AgEIcHlwaS5vcmc" + F.string(F.base64URL, 63, seed: 804), "-"),
            // OpenAI project keys are base64url; the legacy 48-character key is base62.
            SecretCase("openai_api_key", "OPENAI_API_KEY=", openAI + "-"),
            SecretCase("openai_api_key", "legacy ", "sk-" + F.string(F.base62, 48, seed: 807), "-"),
            // A random value no format claims: the span starts after `key=` and keeps its last `-`.
            SecretCase("high_entropy_token", "key=", F.string(F.base64URL, 39, seed: 808) + "-", " end"),
            SecretCase("high_entropy_token", "?sig=", F.string(F.base64URL, 40, seed: 809) + "_", "&v=3"),
        ]
    }()

    @Test("a trailing - or _ stays in a body whose alphabet has it", arguments: trailingPunctuation)
    func trailingDash(_ c: SecretCase) {
        let found = secrets(c.text)
        #expect(found.map(\.kind) == [c.kind], "found \(found.map { "\($0.kind)@\($0.range)" })")
        #expect(found.first?.range == c.span)
    }

    @Test("redacting a token that ends in - leaves none of it behind")
    func redactTrailingDash() {
        let google = "AIza" + Fake.string(Fake.base64URL, 34, seed: 810) + "-"
        let scanner = ContentScanner(configuration: .init(categories: [.secret]))
        #expect(scanner.redact("k=\(google)\"").text == "k=[GOOGLE_API_KEY_REDACTED]\"")
        let gitlab = "glpat-" + Fake.string(Fake.base64URL, 19, seed: 811) + "-"
        #expect(scanner.redact("use \(gitlab)").text == "use [GITLAB_TOKEN_REDACTED]")
        let random = Fake.string(Fake.base64URL, 39, seed: 812) + "-"
        #expect(scanner.redact("key=\(random) end").text == "key=[HIGH_ENTROPY_TOKEN_REDACTED] end")
    }

    @Test("a fixed-length body followed by more of its alphabet is not that format")
    func fixedLengthOverrun() {
        let google = "AIza" + Fake.string(Fake.base64URL, 35, seed: 813)
        for text in [google + "Q", google + "-x", google + "_7"] {
            #expect(!secrets(text).contains { $0.kind == "google_api_key" }, "\(text)")
        }
        // A variable-length body longer than its maximum is not cut down to it.
        let long = "glpat-" + Fake.string(Fake.base62, 255, seed: 814) + ". done"
        #expect(!secrets(long).contains { $0.kind == "gitlab_token" })
    }

    @Test("a URL's user name is not a credential, and neither is a Sentry DSN")
    func urlUserinfo() {
        #expect(secrets("git clone ssh://git@github.com/fabrikam/infra.git").isEmpty)
        #expect(secrets("SENTRY_DSN=https://406f9482724c09bf839477b3b4c11d61@o446312.ingest.sentry.io/3472238").isEmpty)
    }

    @Test("a long run of prose and code is linear and quiet")
    func longInput() {
        var text = ""
        for i in 0..<2000 { text += "line \(i): the password policy and token budget are documented; see docs. " }
        text += "-----BEGIN " + String(repeating: "-----BEGIN ", count: 5000)
        text += String(repeating: "password=", count: 5000) + String(repeating: "://", count: 5000) + String(repeating: "eyJ", count: 5000)
        #expect(secrets(text).isEmpty)
    }

    @Test("the entropy pass's word-skipping test agrees with the token alphabet byte by byte")
    func nonTokenWordTest() {
        // Sound: every byte the test counts is outside the alphabet.
        for b in 0...255 where b < 0x2B || b >= 0x80 { #expect(!ByteSet.entropyToken.contains(UInt8(b))) }
        var state: UInt64 = 0x5EED
        let special: [UInt8] = [0x00, 0x20, 0x2A, 0x2B, 0x2C, 0x2D, 0x2F, 0x3D, 0x5F, 0x7F, 0x80, 0xC3, 0xFF, 0x41, 0x7A]
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<8 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let r = state >> 33
                // Mostly token bytes, so the one odd byte sits at every position.
                bytes.append(round % 3 == 0 ? UInt8(truncatingIfNeeded: r) : r % 5 == 0
                    ? special[Int(r / 5 % UInt64(special.count))] : Array("aZ09+/=_-".utf8)[Int(r / 7 % 9)])
            }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let expected = bytes.contains { $0 < 0x2B || $0 >= 0x80 }
            #expect(SecretScan.holdsNonToken(word) == expected, "\(bytes)")
        }
    }

    @Test("a random token is weighed wherever it sits among words, whatever its length")
    func entropyTokenAtEveryOffset() {
        let token = Fake.string(Fake.base62, 48, seed: 4242)
        for lead in 0..<40 {
            for tail in [0, 1, 5, 9, 30] {
                let text = String(repeating: "ab cd ", count: 8).prefix(lead) + " " + token + " "
                    + String(String(repeating: "ef gh ", count: 8).prefix(tail))
                #expect(secrets(String(text)).contains { $0.kind == "high_entropy_token" }, "lead \(lead) tail \(tail)")
            }
        }
    }
}

private extension String {
    func replacingOccurrences(_ a: Character, _ b: Character) -> String { String(map { $0 == a ? b : $0 }) }
}
