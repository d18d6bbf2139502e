import ArgumentParser
import Foundation
@_spi(Benchmark) import WardenGateway
import WardenPolicy
import WardenStore

/// `warden bench governance`: what the gateway's stateful checks add to a decision.
struct GovernanceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "governance",
        abstract: "Measure the cost of rate limits, budgets and approvals per check, in-process (use a release build).",
        discussion: """
            Runs a gateway core (no network) on a temporary data directory and times --checks \
            sequential decisions of four kinds through the decision path (engine, quarantine and \
            governance with its SQLite transaction; the audit write, which group commit shares \
            between concurrent calls, is left out): an action no \
            stateful rule touches (the baseline), one under a rate limit (a window lookup and one \
            recorded call), one under a budget with an estimate (two sums and a reservation), and \
            a repeated require_approval (finding the pending approval). The difference to the \
            baseline is what governance costs. Limits are set high enough never to deny.
            """)

    @Option(help: "Sequential checks per kind.")
    var checks: Int = 20_000

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    func validate() throws {
        guard checks >= 100, checks <= 5_000_000 else { throw ValidationError("--checks must be between 100 and 5000000") }
    }

    static let policy = """
        name: bench
        default: allow
        statements:
          - {sid: ReviewDeploy, effect: review, actions: [deploy.run]}
        tools:
          bash: {limit_per_hour: 2147483647}
        budget: {daily_limit_usd: 1000000000, per: agent}
        """

    func run() async throws {
        #if DEBUG
        Console.error("warning: this is a debug build; numbers are meaningless (use `make bench`)")
        #endif
        try await reportingAsyncErrors {
            let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("warden-bench-gov-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let core = try GatewayCore(configuration: .init(dataDirectory: dir), engine: try PolicyEngine(yaml: Self.policy, name: "bench.yaml"))
            let secret = try core.registry.createSecret(kind: .enrollment, name: "bench", now: core.now).secret
            let agent = try await core.register(secret: secret, name: "bench", team: nil, org: nil, labels: [:]).agent
            let kinds: [(String, String, String)] = [
                ("baseline", "file.read", #"{"path":"README.md"}"#),
                ("rate_limit", "bash.execute", #"{"command":"ls"}"#),
                ("budget", "llm.call", #"{"model":"m","estimated_cost_usd":0.001}"#),
                ("approval_pending", "deploy.run", #"{"version":"1"}"#),
            ]
            var results: [(String, UInt64, UInt64, Double)] = []
            for (name, type, params) in kinds {
                for _ in 0..<200 { _ = try core.decideWithoutAudit(agent: agent, type: type, paramsJSON: params) }
                var latencies: [UInt64] = []
                latencies.reserveCapacity(checks)
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<checks {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let decision = try core.decideWithoutAudit(agent: agent, type: type, paramsJSON: params)
                    latencies.append(DispatchTime.now().uptimeNanoseconds - t0)
                    guard decision.outcome != .deny else { throw CLIError("benchmark \(name) was denied: \(decision.reason)") }
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                latencies.sort()
                results.append((name, latencies[latencies.count / 2], latencies[latencies.count * 99 / 100], Double(checks) / seconds))
            }
            let base = results[0].1
            if json {
                let fields = results.map { r in
                    "\"\(r.0)\":{\"p50_ns\":\(r.1),\"p99_ns\":\(r.2),\"checks_per_second\":\(Int(r.3)),\"added_p50_ns\":\(Int64(r.1) - Int64(base))}"
                }
                Console.out("{\"checks\":\(checks),\(fields.joined(separator: ","))}")
            } else {
                Console.out("warden bench governance: \(checks) sequential checks per kind, in-process decision path (no audit write)")
                for r in results {
                    let added = r.0 == "baseline" ? "" : String(format: "  (+%.2f µs over baseline)", Double(Int64(r.1) - Int64(base)) / 1000)
                    let label = r.0.padding(toLength: 17, withPad: " ", startingAt: 0)
                    Console.out("  \(label)" + String(format: "p50 %7.2f µs  p99 %7.2f µs  %9.0f checks/s", Double(r.1) / 1000, Double(r.2) / 1000, r.3) + added)
                }
            }
        }
    }
}
