import ArgumentParser
import Foundation
import WardenStore

/// `warden bench audit`: durable append throughput of the audit log, by batch size.
struct AuditBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Measure durable audit-log appends (fsync'd commits) for several batch sizes.",
        discussion: """
            Appends --events records per batch size into a fresh log in a temporary directory \
            (or --data DIR), each batch one fsync'd transaction, and reports events/s and the \
            commit latency per batch. Bigger batches are how the gateway's group commit keeps \
            throughput high.
            """)

    @Option(help: "Records per batch-size run.")
    var events: Int = 20_000

    @Option(help: ArgumentHelp("Comma-separated batch sizes.", valueName: "sizes"))
    var batches: String = "1,16,128,1024"

    @Option(help: ArgumentHelp("Directory for the test log (default: a temporary directory, removed afterwards).", valueName: "dir"))
    var data: String?

    @Flag(help: "One JSON object per batch size.")
    var json = false

    func validate() throws {
        guard events > 0, events <= 10_000_000 else { throw ValidationError("--events must be between 1 and 10000000") }
        for part in batches.split(separator: ",") {
            guard let n = Int(part), n > 0 else { throw ValidationError("--batches must be positive integers, got '\(part)'") }
        }
    }

    func run() throws {
        try reportingErrors {
            let base = data ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("warden-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
            defer { if data == nil { try? FileManager.default.removeItem(atPath: base) } }
            let payload = #"{"action":{"type":"bash.execute","agent":{"id":"agent-1"}},"decision":{"decision":"allow","reason":"Other shell commands are allowed","rules":["AllowShell"]}}"#
            if !json { Console.out("warden bench audit: \(events) durable appends per batch size, \(base)") }
            for size in batches.split(separator: ",").compactMap({ Int($0) }) {
                let path = (base as NSString).appendingPathComponent("audit-\(size).db")
                let store = try AuditStore(configuration: .init(path: path, key: [UInt8](repeating: 1, count: 32)))
                var latencies: [UInt64] = []
                let start = DispatchTime.now().uptimeNanoseconds
                var written = 0
                while written < events {
                    let n = min(size, events - written)
                    let records = (0..<n).map { i in
                        AuditRecord(timestamp: Int64(written + i), kind: "decision", agentID: "agent-1", decisionID: "d\(written + i)", outcome: "allow", payload: payload)
                    }
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    try store.append(records)
                    latencies.append(DispatchTime.now().uptimeNanoseconds - t0)
                    written += n
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                latencies.sort()
                let p50 = latencies[latencies.count / 2], p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
                let perSecond = Int(Double(events) / elapsed)
                let verified = try store.verify()
                if json {
                    Console.out("{\"batch\":\(size),\"events\":\(events),\"events_per_second\":\(perSecond),\"commit_p50_us\":\(p50 / 1000),\"commit_p99_us\":\(p99 / 1000),\"verified\":\(verified.isValid)}")
                } else {
                    Console.out("  batch \(String(size).padding(toLength: 5, withPad: " ", startingAt: 0)) \(perSecond) events/s, commit p50 \(p50 / 1000) µs, p99 \(p99 / 1000) µs, verify \(verified.isValid ? "ok" : "FAILED")")
                }
            }
        }
    }
}
