import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import WardenClient
import WardenGateway
import WardenPolicy
import WardenProto
import WardenStore

/// `warden bench rpc`: the gateway over real loopback HTTP/2, measured from gRPC clients.
struct RPCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Measure the gateway over gRPC: CheckPolicy latency and throughput, durable RecordEvent throughput, drift.",
        discussion: """
            Starts a gateway in this process on 127.0.0.1 (port chosen by the OS) with the starter \
            policies and a fresh data directory, registers an agent, then runs: --sequential \
            CheckPolicy calls one after another (p50/p99); --concurrency parallel callers on one \
            HTTP/2 connection for --seconds (checks/s, p99); the same for RecordEvent (durable \
            events/s: each is acknowledged only after its group commit); and --drift-calls \
            sequential calls comparing the p50 of the first and last 10,000. Use a release build.
            """)

    @Option(help: "Sequential CheckPolicy calls.") var sequential: Int = 20_000
    @Option(help: "Concurrent callers (HTTP/2 streams).") var concurrency: Int = 64
    @Option(help: "Seconds per concurrent phase.") var seconds: Double = 5
    @Option(name: .customLong("drift-calls"), help: "Sequential calls for the drift check (0 skips it).") var driftCalls: Int = 0
    @Flag(help: "One JSON object.") var json = false

    func validate() throws {
        guard sequential >= 100, concurrency >= 1, concurrency <= 1024, seconds > 0, driftCalls >= 0 else {
            throw ValidationError("--sequential >= 100, --concurrency 1...1024, --seconds > 0, --drift-calls >= 0")
        }
        if driftCalls > 0 && driftCalls < 20_000 { throw ValidationError("--drift-calls must be 0 or at least 20000") }
    }

    func run() async throws {
        #if DEBUG
        Console.error("warning: this is a debug build; numbers are meaningless (use a release build)")
        #endif
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("warden-rpcbench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sources = StarterPolicies.files.map { PolicySource(name: $0.name, text: $0.text) }
        let core = try GatewayCore(configuration: .init(dataDirectory: dir), engine: try PolicyEngine(sources: sources))
        let enrollment = try core.registry.createSecret(kind: .enrollment, name: "bench", now: Int64(Date().timeIntervalSince1970)).secret
        let transport = HTTP2ServerTransport.Posix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext)
        let server = GRPCServer(transport: transport, services: [GatewayService(core: core)])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.serve() }
            guard let port = try await transport.listeningAddress.ipv4?.port else { throw CLIError("server did not bind") }
            try await WardenConnection.with(.init(address: "127.0.0.1:\(port)")) { c in
                try await measure(c, enrollment: enrollment)
            }
            server.beginGracefulShutdown()
        }
    }

    private func measure(_ c: WardenConnection, enrollment: String) async throws {
        var reg = Warden_V1_RegisterAgentRequest()
        reg.enrollmentSecret = enrollment
        reg.name = "bench"
        let token = try await c.gateway.registerAgent(reg).token
        let auth = c.bearer(token)
        var check = Warden_V1_CheckPolicyRequest()
        check.action.type = "bash.execute"
        check.action.paramsJson = #"{"command":"git status"}"#
        let checkRequest = check
        var event = Warden_V1_RecordEventRequest()
        event.event.llmCall.model = "bench-model"
        event.event.llmCall.inputTokens = 100
        let eventRequest = event

        // Warm up.
        for _ in 0..<500 { _ = try await c.gateway.checkPolicy(checkRequest, metadata: auth) }

        // The transport floor: an RPC with no authentication and no audit write.
        var floor: [UInt64] = []
        for _ in 0..<min(sequential, 5000) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try await c.gateway.getPublicKeys(Warden_V1_GetPublicKeysRequest())
            floor.append(DispatchTime.now().uptimeNanoseconds - t0)
        }
        floor.sort()

        var seq: [UInt64] = []
        seq.reserveCapacity(sequential)
        for _ in 0..<sequential {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try await c.gateway.checkPolicy(checkRequest, metadata: auth)
            seq.append(DispatchTime.now().uptimeNanoseconds - t0)
        }
        seq.sort()

        let checks = try await concurrent(c) { try await c.gateway.checkPolicy(checkRequest, metadata: auth) }
        let events = try await concurrent(c) { try await c.gateway.recordEvent(eventRequest, metadata: auth) }

        var drift: (first: UInt64, last: UInt64)?
        if driftCalls > 0 {
            var first: [UInt64] = [], last: [UInt64] = []
            for i in 0..<driftCalls {
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = try await c.gateway.checkPolicy(checkRequest, metadata: auth)
                let d = DispatchTime.now().uptimeNanoseconds - t0
                if i < 10_000 { first.append(d) } else if i >= driftCalls - 10_000 { last.append(d) }
            }
            first.sort()
            last.sort()
            drift = (first[first.count / 2], last[last.count / 2])
        }

        func us(_ ns: UInt64) -> Int { Int(ns / 1000) }
        func pct(_ a: [UInt64], _ p: Double) -> UInt64 { a[min(a.count - 1, Int(Double(a.count) * p))] }
        if json {
            var out = "{\"floor_p50_us\":\(us(pct(floor, 0.5))),\"sequential_calls\":\(sequential),\"check_p50_us\":\(us(pct(seq, 0.5))),\"check_p99_us\":\(us(pct(seq, 0.99)))"
            out += ",\"concurrency\":\(concurrency),\"checks_per_second\":\(checks.perSecond),\"concurrent_check_p50_us\":\(us(checks.p50)),\"concurrent_check_p99_us\":\(us(checks.p99))"
            out += ",\"events_per_second\":\(events.perSecond),\"event_p50_us\":\(us(events.p50)),\"event_p99_us\":\(us(events.p99))"
            if let drift { out += ",\"drift_calls\":\(driftCalls),\"drift_first_p50_us\":\(us(drift.first)),\"drift_last_p50_us\":\(us(drift.last))" }
            Console.out(out + "}")
        } else {
            Console.out("warden bench rpc: gateway on loopback HTTP/2 (plaintext), starter policies, every decision audited")
            Console.out("  transport floor (GetPublicKeys: no auth, no audit), 1 sequential client: p50 \(us(pct(floor, 0.5))) µs, p99 \(us(pct(floor, 0.99))) µs")
            Console.out("  CheckPolicy, 1 sequential client, \(sequential) calls: p50 \(us(pct(seq, 0.5))) µs, p99 \(us(pct(seq, 0.99))) µs")
            Console.out("  CheckPolicy, \(concurrency) concurrent streams, \(seconds) s: \(checks.perSecond) checks/s, p50 \(us(checks.p50)) µs, p99 \(us(checks.p99)) µs")
            Console.out("  RecordEvent, \(concurrency) concurrent streams, \(seconds) s: \(events.perSecond) durable events/s, p50 \(us(events.p50)) µs, p99 \(us(events.p99)) µs")
            if let drift {
                Console.out("  drift over \(driftCalls) sequential calls: p50 first 10k \(us(drift.first)) µs, last 10k \(us(drift.last)) µs")
            }
        }
    }

    private func concurrent(
        _ c: WardenConnection, _ call: @escaping @Sendable () async throws -> some Sendable
    ) async throws -> (perSecond: Int, p50: UInt64, p99: UInt64) {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let start = DispatchTime.now().uptimeNanoseconds
        let samples = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var local: [UInt64] = []
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        _ = try await call()
                        local.append(DispatchTime.now().uptimeNanoseconds - t0)
                    }
                    return local
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let sorted = samples.sorted()
        return (Int(Double(sorted.count) / elapsed), sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }
}
