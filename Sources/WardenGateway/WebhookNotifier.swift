import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Synchronization
import WardenCrypto
import WardenStore

/// One configured webhook: where approval notifications are POSTed and the key that signs them.
public struct WebhookTarget: Sendable {
    public var url: URL
    /// HMAC-SHA256 key for `X-Warden-Signature`; empty sends no signature.
    public var secret: [UInt8]
    /// Which events it receives (`approval.created`, `approval.approved`, `approval.rejected`,
    /// `approval.expired`); empty means all.
    public var events: Set<String>
    /// Attempts per notification (first try included) and the first retry's delay; each retry
    /// waits twice as long as the one before.
    public var attempts = 5
    public var firstRetryDelay: Duration = .seconds(1)
    public var timeout: Duration = .seconds(10)

    public init(url: URL, secret: [UInt8], events: Set<String> = []) {
        self.url = url
        self.secret = secret
        self.events = events
    }
}

/// Delivers approval notifications in the background: a failed or slow webhook never holds up
/// a decision. Bodies are JSON with a Slack-compatible `text`; each request carries
/// `X-Warden-Event`, `X-Warden-Delivery`, `X-Warden-Timestamp` and, with a secret,
/// `X-Warden-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. Non-2xx answers and
/// transport errors are retried with exponential backoff; after the last attempt the failure is
/// logged (with the host only: webhook URLs are often secrets themselves).
final class WebhookNotifier: Sendable {
    private let targets: [WebhookTarget]
    private let logger: Logger
    private let pending = Atomic<Int>(0)
    /// Past this many undelivered notifications new ones are dropped (and logged).
    static let maxInFlight = 1000

    init(targets: [WebhookTarget], logger: Logger) {
        self.targets = targets
        self.logger = logger
    }

    var inFlight: Int { pending.load(ordering: .relaxed) }

    func send(event: String, approval: ApprovalRecord) {
        for target in targets where target.events.isEmpty || target.events.contains(event) {
            guard pending.wrappingAdd(1, ordering: .relaxed).newValue <= Self.maxInFlight else {
                pending.wrappingSubtract(1, ordering: .relaxed)
                logger.error("webhook notification dropped: too many undelivered", metadata: ["webhook.host": "\(target.url.host ?? "?")", "event": "\(event)"])
                continue
            }
            let body = Self.body(event: event, approval: approval)
            Task.detached {
                await self.deliver(body, event: event, to: target)
                self.pending.wrappingSubtract(1, ordering: .relaxed)
            }
        }
    }

    static func body(event: String, approval a: ApprovalRecord) -> String {
        let text: String
        switch event {
        case "approval.created":
            text = "Warden: agent \(a.agentID) asks to run \(a.actionType) (\(a.reason)). Approve with `warden approvals approve \(a.id)` or reject with `warden approvals reject \(a.id)`; expires \(GatewayCore.iso(a.expiresAt))."
        case "approval.expired":
            text = "Warden: approval \(a.id) for \(a.actionType) by agent \(a.agentID) expired undecided (denied)."
        default:
            text = "Warden: approval \(a.id) for \(a.actionType) by agent \(a.agentID) was \(a.state.rawValue) by \(a.decidedBy ?? "an admin")\(a.note.map { ": \(GatewayCore.redactor.redact($0))" } ?? "")."
        }
        return "{\"event\":\(GatewayCore.quoted(event)),\"text\":\(GatewayCore.quoted(text)),\"approval\":\(a.jsonText)}"
    }

    static func signature(secret: [UInt8], timestamp: String, body: String) -> String {
        "sha256=" + Hex.encode(Digest.hmacSHA256(key: secret, message: timestamp + "." + body))
    }

    private func deliver(_ body: String, event: String, to target: WebhookTarget) async {
        let delivery = "whd_" + Base64URL.encode(RandomBytes.identifier(12))
        var delay = target.firstRetryDelay
        var lastProblem = ""
        for attempt in 1...max(1, target.attempts) {
            let timestamp = String(Int64(Date().timeIntervalSince1970))
            var request = URLRequest(url: target.url, timeoutInterval: Double(target.timeout.components.seconds))
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("warden-webhook/1", forHTTPHeaderField: "User-Agent")
            request.setValue(event, forHTTPHeaderField: "X-Warden-Event")
            request.setValue(delivery, forHTTPHeaderField: "X-Warden-Delivery")
            request.setValue(timestamp, forHTTPHeaderField: "X-Warden-Timestamp")
            if !target.secret.isEmpty {
                request.setValue(Self.signature(secret: target.secret, timestamp: timestamp, body: body), forHTTPHeaderField: "X-Warden-Signature")
            }
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if (200..<300).contains(status) { return }
                lastProblem = "HTTP \(status)"
            } catch {
                lastProblem = "\(type(of: error)): \(error.localizedDescription)"
            }
            if attempt < target.attempts {
                try? await Task.sleep(for: delay)
                delay *= 2
            }
        }
        logger.error("webhook delivery failed", metadata: [
            "webhook.host": "\(target.url.host ?? "?")", "event": "\(event)", "delivery": "\(delivery)",
            "attempts": "\(target.attempts)", "problem": "\(lastProblem)",
        ])
    }
}
