import Foundation
import WardenCrypto
import WardenGateway
import Yams

/// The `approvals`, `pricing` and `webhooks` sections of `warden serve --config` (see
/// docs/governance.md). Every mistake is an error naming the key; nothing is guessed.
enum GovernanceSettings {
    static let sections = ["approvals", "pricing", "webhooks"]

    static func parse(_ sections: [String: Node], file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> GovernanceConfiguration {
        var g = GovernanceConfiguration()
        func fail(_ path: String, _ message: String) -> CLIError { CLIError("config file '\(file)': \(path) \(message)") }
        func map(_ node: Node, _ path: String, keys: [String]) throws -> [String: Node] {
            guard let m = node.mapping else { throw fail(path, "must be a map") }
            var out: [String: Node] = [:]
            for (k, v) in m {
                guard let key = k.string, keys.contains(key) else {
                    throw fail(path, "has unknown key '\(k.string ?? "?")' (expected one of: \(keys.joined(separator: ", ")))")
                }
                out[key] = v
            }
            return out
        }
        func seconds(_ node: Node, _ path: String) throws -> Int64 {
            guard let text = node.scalar?.string, let n = Int64(text), n >= 1, n <= 30 * 86_400 else {
                throw fail(path, "must be a whole number of seconds from 1 to 2592000")
            }
            return n
        }
        func price(_ node: Node, _ path: String) throws -> PricingTable.Price {
            let m = try map(node, path, keys: ["input_per_1k", "output_per_1k"])
            func rate(_ key: String) throws -> Double {
                guard let n = m[key] else { throw fail(path, "needs \(key) (US dollars per 1,000 tokens)") }
                guard let text = n.scalar?.string, let d = Double(text), d >= 0, d.isFinite else { throw fail("\(path).\(key)", "must be a number >= 0") }
                return d
            }
            return PricingTable.Price(inputPer1K: try rate("input_per_1k"), outputPer1K: try rate("output_per_1k"))
        }

        if let node = sections["approvals"] {
            let m = try map(node, "approvals", keys: ["default_timeout_seconds", "grant_ttl_seconds"])
            if let n = m["default_timeout_seconds"] { g.defaultApprovalTimeout = try seconds(n, "approvals.default_timeout_seconds") }
            if let n = m["grant_ttl_seconds"] { g.grantTTL = try seconds(n, "approvals.grant_ttl_seconds") }
        }
        if let node = sections["pricing"] {
            let m = try map(node, "pricing", keys: ["models", "unknown_model"])
            var models: [String: PricingTable.Price] = [:]
            if let modelsNode = m["models"] {
                guard let mm = modelsNode.mapping else { throw fail("pricing.models", "must be a map from model name to prices") }
                for (k, v) in mm {
                    guard let name = k.string, !name.isEmpty else { throw fail("pricing.models", "keys must be model names") }
                    models[name] = try price(v, "pricing.models.\(name)")
                }
            }
            g.pricing = PricingTable(models: models, unknownModel: try m["unknown_model"].map { try price($0, "pricing.unknown_model") })
        }
        if let node = sections["webhooks"] {
            guard let list = node.sequence else { throw fail("webhooks", "must be a list") }
            let known = ["approval.created", "approval.approved", "approval.rejected", "approval.expired"]
            for (i, item) in list.enumerated() {
                let path = "webhooks[\(i)]"
                let m = try map(item, path, keys: ["url", "secret_env", "secret_file", "events", "attempts"])
                guard let text = m["url"]?.scalar?.string, let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                    throw fail("\(path).url", "must be an http(s) URL")
                }
                var secret: [UInt8] = []
                if m["secret_env"] != nil && m["secret_file"] != nil { throw fail(path, "sets both secret_env and secret_file") }
                if let name = m["secret_env"]?.scalar?.string {
                    guard let value = environment[name], !value.isEmpty else { throw fail("\(path).secret_env", "names '\(name)', which is not set") }
                    secret = Array(value.utf8)
                }
                if let p = m["secret_file"]?.scalar?.string {
                    guard let data = FileManager.default.contents(atPath: p) else { throw fail("\(path).secret_file", "'\(p)' cannot be read") }
                    secret = Array((String(decoding: data, as: UTF8.self)).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
                    guard !secret.isEmpty else { throw fail("\(path).secret_file", "'\(p)' is empty") }
                }
                var target = WebhookTarget(url: url, secret: secret)
                if let events = m["events"] {
                    guard let items = events.sequence?.compactMap({ $0.scalar?.string }), items.count == events.sequence?.count else {
                        throw fail("\(path).events", "must be a list of event names")
                    }
                    for e in items where !known.contains(e) {
                        throw fail("\(path).events", "has unknown event '\(e)' (expected: \(known.joined(separator: ", ")))")
                    }
                    target.events = Set(items)
                }
                if let a = m["attempts"] {
                    guard let text = a.scalar?.string, let n = Int(text), (1...20).contains(n) else { throw fail("\(path).attempts", "must be 1 to 20") }
                    target.attempts = n
                }
                g.webhooks.append(target)
            }
        }
        return g
    }
}
