import WardenDetect
import WardenPolicy

/// Redacts personal data and secrets from free-form values before they reach the audit log.
///
/// The audit log is kept for years and read by many people; what an agent passed to a tool is
/// worth keeping, the credentials and personal data inside it are not. Every string (and map
/// key) inside a value goes through the content scanner's PII and secret detectors and comes
/// out with each finding replaced by its label (`[EMAIL_REDACTED]`,
/// `[AWS_ACCESS_KEY_ID_REDACTED]`). Injection findings are not rewritten: the text is evidence.
public struct AuditRedactor: Sendable {
    private let scanner: ContentScanner

    /// A redactor with the PII and secret detectors.
    public init() {
        scanner = ContentScanner(configuration: .init(categories: [.pii, .secret]))
    }

    /// `text` with every PII and secret finding replaced by its label.
    public func redact(_ text: String) -> String {
        scanner.redact(text, mode: .redact).text
    }

    /// `value` with every string and map key redacted; numbers, booleans and nulls unchanged.
    /// A string member is scanned together with its key (`"api_key": "…"` is a secret by its
    /// name, whatever the value looks like).
    public func redact(_ value: PolicyValue) -> PolicyValue {
        redact(value, key: nil)
    }

    private func redact(_ value: PolicyValue, key: String?) -> PolicyValue {
        switch value {
        case .string(let s):
            guard let key else { return .string(redact(s)) }
            return .string(scanner.redact(s, assignedTo: key, mode: .redact).text)
        case .array(let items):
            return .array(items.map { redact($0, key: key) })
        case .object(let map):
            var out: [String: PolicyValue] = [:]
            out.reserveCapacity(map.count)
            for (k, item) in map { out[redact(k), default: .null] = redact(item, key: k) }
            return .object(out)
        default:
            return value
        }
    }
}
