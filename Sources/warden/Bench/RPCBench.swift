import ArgumentParser
import Foundation
import GRPCCore
import NIOCore
import NIOPosix
import WardenClient
import WardenGateway
import WardenServer
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
            CheckPolicy calls one after another (p50/p99); --concurrency parallel callers spread \
            over --connections HTTP/2 connections (default one; the gateway serves each \
            connection on one event-loop thread, so more than one lets it use more cores) for \
            --seconds (checks/s, p99); the same for RecordEvent (durable \
            events/s: each is acknowledged only after its group commit); and --drift-calls \
            sequential calls comparing the p50 of the first and last 10,000. Use a release build.

            The load comes from a lean HTTP/2 client on its own thread that checks every \
            answer's grpc-status (any failure stops the run); 2,000 calls through grpc-swift-2's \
            client are timed too, for reference.
            """)

    @Option(help: "Sequential CheckPolicy calls.") var sequential: Int = 20_000
    @Option(help: "Concurrent callers (HTTP/2 streams).") var concurrency: Int = 64
    @Option(help: "HTTP/2 connections the concurrent callers are spread over.") var connections: Int = 1
    @Option(help: "Seconds per concurrent phase.") var seconds: Double = 5
    @Option(name: .customLong("drift-calls"), help: "Sequential calls for the drift check (0 skips it).") var driftCalls: Int = 0
    @Flag(help: "One JSON object.") var json = false

    func validate() throws {
        guard sequential >= 100, concurrency >= 1, concurrency <= 1024, seconds > 0, driftCalls >= 0 else {
            throw ValidationError("--sequential >= 100, --concurrency 1...1024, --seconds > 0, --drift-calls >= 0")
        }
        guard connections >= 1, connections <= concurrency else {
            throw ValidationError("--connections must be between 1 and --concurrency (\(concurrency)), got \(connections)")
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
        let server = RPCServer(configuration: .init(host: "127.0.0.1", port: 0), routes: .warden(core))
        guard let port = try await server.start().port else { throw CLIError("server did not bind") }
        do {
            try await WardenConnection.with(.init(address: "127.0.0.1:\(port)")) { c in
                try await measure(c, port: port, enrollment: enrollment)
            }
        } catch {
            await server.shutdown(grace: .seconds(1))
            throw error
        }
        await server.shutdown(grace: .seconds(1))
    }

    private func measure(_ c: WardenConnection, port: Int, enrollment: String) async throws {
        var reg = Warden_V1_RegisterAgentRequest()
        reg.enrollmentSecret = enrollment
        reg.name = "bench"
        let token = try await c.gateway.registerAgent(reg).token
        var check = Warden_V1_CheckPolicyRequest()
        check.action.type = "bash.execute"
        check.action.paramsJson = #"{"command":"git status"}"#
        let checkBytes: [UInt8] = try check.serializedBytes()
        var event = Warden_V1_RecordEventRequest()
        event.event.llmCall.model = "bench-model"
        event.event.llmCall.inputTokens = 100
        let eventBytes: [UInt8] = try event.serializedBytes()

        // The load client runs on its own event loop thread; the server keeps the shared ones.
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var loads: [LoadClient] = []
        func close() async {
            for load in loads { await load.close() }
            try? await clientGroup.shutdownGracefully()
        }
        do {
            for _ in 0..<connections { loads.append(try await LoadClient.connect(host: "127.0.0.1", port: port, group: clientGroup)) }
            try await phases(loads, c, token: token, check: check, checkBytes: checkBytes, eventBytes: eventBytes)
        } catch {
            await close()
            throw error
        }
        await close()
    }

    static let streamedStreams = 4
    static let streamedBatch = 5_000

    /// Durable events per second through RecordEvents: `streamedStreams` callers, each sending
    /// `streamedBatch` events per stream, counting only what the gateway acknowledged.
    private static func streamedEvents(_ c: WardenConnection, auth: Metadata, event: Warden_V1_RecordEventRequest, seconds: Double) async throws -> Int {
        let batch = [Warden_V1_RecordEventRequest](repeating: event, count: streamedBatch)
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + UInt64(seconds * 1e9)
        let acknowledged = try await withThrowingTaskGroup(of: Int64.self) { group in
            for _ in 0..<streamedStreams {
                group.addTask {
                    var count: Int64 = 0
                    while DispatchTime.now().uptimeNanoseconds < deadline {
                        let reply = try await c.gateway.recordEvents(metadata: auth, requestProducer: { writer in
                            try await writer.write(contentsOf: batch)
                        })
                        guard reply.count == Int64(batch.count) else { throw CLIError("RecordEvents acknowledged \(reply.count) of \(batch.count) events") }
                        count += reply.count
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Int(Double(acknowledged) / elapsed)
    }

    /// `concurrency` callers for `seconds`, spread over the connections as evenly as they go.
    private func concurrent(_ loads: [LoadClient], path: String, metadata: [(String, String)], message: [UInt8]) async throws -> [UInt64] {
        let duration = TimeAmount.nanoseconds(Int64(seconds * 1e9))
        return try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for (i, load) in loads.enumerated() {
                let streams = concurrency / loads.count + (i < concurrency % loads.count ? 1 : 0)
                group.addTask { try await load.concurrent(streams: streams, duration: duration, path: path, metadata: metadata, message: message) }
            }
            var all: [UInt64] = []
            for try await samples in group { all += samples }
            return all
        }
    }

    private func phases(_ loads: [LoadClient], _ c: WardenConnection, token: String, check: Warden_V1_CheckPolicyRequest, checkBytes: [UInt8], eventBytes: [UInt8]) async throws {
        let load = loads[0]
        let auth = [("authorization", "Bearer \(token)")]
        let checkPath = "/warden.v1.Gateway/CheckPolicy"

        // Warm up.
        _ = try await load.sequential(2000, path: checkPath, metadata: auth, message: checkBytes)

        // The transport floor: an RPC with no authentication and no audit write.
        let floor = try await load.sequential(min(sequential, 20_000), path: "/warden.v1.Gateway/GetPublicKeys", metadata: [], message: []).sorted()
        let seq = try await load.sequential(sequential, path: checkPath, metadata: auth, message: checkBytes).sorted()

        // The same calls through grpc-swift-2's client, for reference (its own cost included).
        var reference: [UInt64] = []
        let swiftAuth = c.bearer(token)
        for _ in 0..<2000 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try await c.gateway.checkPolicy(check, metadata: swiftAuth)
            reference.append(DispatchTime.now().uptimeNanoseconds - t0)
        }
        reference.sort()

        let checks = Self.summary(try await concurrent(loads, path: checkPath, metadata: auth, message: checkBytes), seconds: seconds)
        let events = Self.summary(try await concurrent(loads, path: "/warden.v1.Gateway/RecordEvent", metadata: auth, message: eventBytes), seconds: seconds)
        let streamed = try await Self.streamedEvents(c, auth: swiftAuth, event: try Warden_V1_RecordEventRequest(serializedBytes: eventBytes), seconds: seconds)

        var drift: (first: UInt64, last: UInt64)?
        if driftCalls > 0 {
            var first: [UInt64] = [], last: [UInt64] = []
            var done = 0
            while done < driftCalls {
                let n = min(100_000, driftCalls - done)
                let part = try await load.sequential(n, path: checkPath, metadata: auth, message: checkBytes)
                for (i, d) in part.enumerated() {
                    let index = done + i
                    if index < 10_000 { first.append(d) } else if index >= driftCalls - 10_000 { last.append(d) }
                }
                done += n
            }
            first.sort()
            last.sort()
            drift = (first[first.count / 2], last[last.count / 2])
        }

        func us(_ ns: UInt64) -> Int { Int(ns / 1000) }
        func pct(_ a: [UInt64], _ p: Double) -> UInt64 { a[min(a.count - 1, Int(Double(a.count) * p))] }
        if json {
            var out = "{\"floor_p50_us\":\(us(pct(floor, 0.5))),\"sequential_calls\":\(sequential),\"check_p50_us\":\(us(pct(seq, 0.5))),\"check_p99_us\":\(us(pct(seq, 0.99)))"
            out += ",\"grpc_swift_check_p50_us\":\(us(pct(reference, 0.5)))"
            out += ",\"concurrency\":\(concurrency),\"connections\":\(connections),\"checks_per_second\":\(checks.perSecond),\"concurrent_check_p50_us\":\(us(checks.p50)),\"concurrent_check_p99_us\":\(us(checks.p99))"
            out += ",\"events_per_second\":\(events.perSecond),\"event_p50_us\":\(us(events.p50)),\"event_p99_us\":\(us(events.p99))"
            out += ",\"streamed_events_per_second\":\(streamed)"
            if let drift { out += ",\"drift_calls\":\(driftCalls),\"drift_first_p50_us\":\(us(drift.first)),\"drift_last_p50_us\":\(us(drift.last))" }
            Console.out(out + "}")
        } else {
            Console.out("warden bench rpc: gateway on loopback HTTP/2 (plaintext), starter policies, every decision audited (decision durability: normal)")
            Console.out("  transport floor (GetPublicKeys: no auth, no audit), 1 sequential client: p50 \(us(pct(floor, 0.5))) µs, p99 \(us(pct(floor, 0.99))) µs")
            Console.out("  CheckPolicy, 1 sequential client, \(sequential) calls: p50 \(us(pct(seq, 0.5))) µs, p99 \(us(pct(seq, 0.99))) µs")
            Console.out("  CheckPolicy through grpc-swift-2's client (its own cost included), 2000 calls: p50 \(us(pct(reference, 0.5))) µs")
            let over = connections == 1 ? "one connection" : "\(connections) connections"
            Console.out("  CheckPolicy, \(concurrency) concurrent streams over \(over), \(seconds) s: \(checks.perSecond) checks/s, p50 \(us(checks.p50)) µs, p99 \(us(checks.p99)) µs")
            Console.out("  RecordEvent, \(concurrency) concurrent streams over \(over), \(seconds) s: \(events.perSecond) durable events/s, p50 \(us(events.p50)) µs, p99 \(us(events.p99)) µs")
            Console.out("  RecordEvents (client streaming, \(Self.streamedStreams) streams of \(Self.streamedBatch) events, grpc-swift-2's client), \(seconds) s: \(streamed) durable events/s")
            if let drift {
                let change = (Double(drift.last) - Double(drift.first)) / Double(drift.first) * 100
                Console.out("  drift over \(driftCalls) sequential calls: p50 first 10k \(us(drift.first)) µs, last 10k \(us(drift.last)) µs (\(String(format: "%+.1f", change)) %)")
            }
        }
    }

    static func summary(_ samples: [UInt64], seconds: Double) -> (perSecond: Int, p50: UInt64, p99: UInt64) {
        let sorted = samples.sorted()
        return (Int(Double(sorted.count) / seconds), sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }
}
