/// The kinds of credential `SecretDetector` reports (`Finding.kind`), with the severity each
/// carries.
///
/// Private keys and cloud or root credentials (AWS, GCP, Azure, DigitalOcean, age) are
/// critical; every other fixed-format credential is high; the entropy heuristic without a
/// key-ish word next to it is medium. The declaration order is the priority order: when two
/// rules claim the same span, the earlier kind wins, so specific formats beat the
/// `password_assignment`, `bearer_token` and `high_entropy_token` heuristics.
enum SecretKind: String, CaseIterable, Sendable {
    case gcpServiceAccount = "gcp_service_account"
    case privateKey = "private_key"
    case opensshPrivateKey = "openssh_private_key"
    case pgpPrivateKey = "pgp_private_key"
    case ageSecretKey = "age_secret_key"
    case awsAccessKeyID = "aws_access_key_id"
    case awsSecretAccessKey = "aws_secret_access_key"
    case azureConnectionString = "azure_connection_string"
    case azureStorageKey = "azure_storage_key"
    case digitalOceanToken = "digitalocean_token"
    case githubToken = "github_token"
    case githubOAuthToken = "github_oauth_token"
    case githubAppToken = "github_app_token"
    case githubRefreshToken = "github_refresh_token"
    case githubFineGrainedToken = "github_fine_grained_token"
    case gitlabToken = "gitlab_token"
    case slackToken = "slack_token"
    case slackWebhook = "slack_webhook"
    case stripeSecretKey = "stripe_secret_key"
    case stripeRestrictedKey = "stripe_restricted_key"
    case stripeWebhookSecret = "stripe_webhook_secret"
    case anthropicAPIKey = "anthropic_api_key"
    case openAIAPIKey = "openai_api_key"
    case googleAPIKey = "google_api_key"
    case googleOAuthClientSecret = "google_oauth_client_secret"
    case twilioAPIKey = "twilio_api_key"
    case sendgridAPIKey = "sendgrid_api_key"
    case huggingfaceToken = "huggingface_token"
    case npmToken = "npm_token"
    case pypiToken = "pypi_token"
    case shopifyToken = "shopify_token"
    case telegramBotToken = "telegram_bot_token"
    case mailgunAPIKey = "mailgun_api_key"
    case vaultToken = "vault_token"
    case groqAPIKey = "groq_api_key"
    case linearAPIKey = "linear_api_key"
    case postmanAPIKey = "postman_api_key"
    case databricksToken = "databricks_token"
    case grafanaToken = "grafana_token"
    case replicateAPIToken = "replicate_api_token"
    case newRelicAPIKey = "newrelic_api_key"
    case jwt = "jwt"
    case databaseURL = "database_url"
    case urlCredentials = "url_credentials"
    case basicAuthCredentials = "basic_auth_credentials"
    case bearerToken = "bearer_token"
    case passwordAssignment = "password_assignment"
    case highEntropyToken = "high_entropy_token"

    /// Position in the declaration order (lower wins a tie on the same span).
    static let priority: [SecretKind: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// True for the kinds found by context rather than by format.
    var isHeuristic: Bool { self == .passwordAssignment || self == .bearerToken || self == .highEntropyToken }

    /// How serious a leak of this kind is (the entropy heuristic lowers its own to medium when
    /// no key-ish word is next to the token).
    var severity: Severity {
        switch self {
        case .privateKey, .opensshPrivateKey, .pgpPrivateKey, .ageSecretKey, .gcpServiceAccount, .awsAccessKeyID,
             .awsSecretAccessKey, .azureConnectionString, .azureStorageKey, .digitalOceanToken:
            .critical
        default:
            .high
        }
    }
}
