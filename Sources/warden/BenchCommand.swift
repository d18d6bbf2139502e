import ArgumentParser
import Foundation
import WardenPolicy

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Warden's speed (use a release build: make bench).",
        subcommands: [PolicyBench.self, AuditBench.self, RPCBench.self, DetectBench.self, GovernanceBench.self],
        defaultSubcommand: PolicyBench.self)
}

struct PolicyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Measure policy evaluation speed: the standard workload, or your own policies (use a release build).",
        discussion: """
            Compiles a 20-rule policy (9 deny, 3 review, 8 allow, default deny), generates \
            --actions deterministic actions, and evaluates them on one thread: first timing every \
            call (p50/p99/p99.9/max in ns, clock overhead reported separately), then timing \
            --rounds passes over the whole set for throughput. Run `make bench`.

            With --policy and --actions-file, measures your own policy set instead: the JSON-lines \
            actions (as for `warden check --batch`) are repeated to make --actions actions.
            """)

    @Option(help: "Number of pre-generated actions.")
    var actions: Int = 100_000

    @Option(name: .long, help: ArgumentHelp("Benchmark this policy directory or file instead of the built-in workload.", valueName: "path"))
    var policy: [String] = []

    @Option(name: .customLong("actions-file"), help: ArgumentHelp("JSON-lines actions to evaluate (with --policy).", valueName: "file"))
    var actionsFile: String?

    @Option(help: "Passes over the action set for the throughput measurement.")
    var rounds: Int = 20

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    @Option(name: .long, help: ArgumentHelp(
        "Write the built-in workload (policy.yaml and --actions actions as actions.jsonl) to this directory and exit, for benchmarking other bindings.",
        valueName: "dir"))
    var export: String?

    func validate() throws {
        guard actions > 0, actions <= 10_000_000 else { throw ValidationError("--actions must be between 1 and 10000000") }
        guard rounds > 0, rounds <= 1000 else { throw ValidationError("--rounds must be between 1 and 1000") }
        if policy.isEmpty != (actionsFile == nil) {
            throw ValidationError("--policy and --actions-file go together")
        }
    }

    func run() throws {
        if let export {
            try reportingErrors { try exportWorkload(to: export) }
            return
        }
        #if DEBUG
        Console.error("warning: this is a debug build; numbers are meaningless (use `make bench`)")
        #endif
        try reportingErrors { try measure() }
    }

    /// The same policy and actions `measure()` uses, as files any binding can read.
    private func exportWorkload(to dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var lines = ""
        for a in BenchWorkload.actions(count: actions) {
            var o: [String: PolicyValue] = ["type": .string(a.type)]
            if let t = a.target { o["target"] = .string(t) }
            if !a.params.isEmpty { o["params"] = .object(a.params) }
            if !a.context.isEmpty { o["context"] = .object(a.context) }
            lines += PolicyValue.object(o).jsonText + "\n"
        }
        let policyPath = (dir as NSString).appendingPathComponent("policy.yaml")
        let actionsPath = (dir as NSString).appendingPathComponent("actions.jsonl")
        guard FileManager.default.createFile(atPath: policyPath, contents: Data(BenchWorkload.policy.utf8)),
              FileManager.default.createFile(atPath: actionsPath, contents: Data(lines.utf8)) else {
            throw CLIError("cannot write the workload to '\(dir)'")
        }
        Console.out("wrote \(policyPath) and \(actionsPath) (\(actions) actions)")
    }

    private func loadCustom() throws -> (PolicyEngine, [Action], UInt64) {
        let sources = try PolicyFiles.sources(at: policy)
        let start = now()
        let engine: PolicyEngine
        do { engine = try PolicyEngine(sources: sources) } catch {
            for d in error.diagnostics { Console.error(d.description) }
            throw CLIError("policies are invalid (\(error.diagnostics.count) errors)")
        }
        let compileNs = now() - start
        guard let data = FileManager.default.contents(atPath: actionsFile!), let text = String(data: data, encoding: .utf8) else {
            throw CLIError("cannot read actions file '\(actionsFile!)'")
        }
        var base: [Action] = []
        for (i, line) in text.split(separator: "\n").enumerated() where !line.allSatisfy({ $0 == " " }) {
            do { base.append(try Action(json: String(line))) } catch {
                throw CLIError("\(actionsFile!):\(i + 1): \(error.message)")
            }
        }
        guard !base.isEmpty else { throw CLIError("no actions in '\(actionsFile!)'") }
        return (engine, (0..<actions).map { base[$0 % base.count] }, compileNs)
    }

    private func measure() throws {
        let engine: PolicyEngine
        let workload: [Action]
        let compileNs: UInt64
        if policy.isEmpty {
            let start = now()
            engine = try PolicyEngine(yaml: BenchWorkload.policy, name: "bench.yaml")
            compileNs = now() - start
            workload = BenchWorkload.actions(count: actions)
        } else {
            (engine, workload, compileNs) = try loadCustom()
        }
        let at: Int64 = 1_763_700_000

        // Warm up caches and branch predictors.
        var counts = [0, 0, 0]
        for a in workload.prefix(10_000) { counts[index(engine.evaluate(a, at: at).outcome)] += 1 }

        // Clock overhead: two back-to-back reads.
        var overhead = [UInt64](repeating: 0, count: 100_000)
        for i in overhead.indices { let t0 = now(); overhead[i] = now() - t0 }
        overhead.sort()
        let clockNs = overhead[overhead.count / 2]

        // Latency: time each call.
        var samples = [UInt64](repeating: 0, count: workload.count)
        counts = [0, 0, 0]
        workload.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            for i in buffer.indices {
                let t0 = now()
                let d = engine.evaluate((base + i).pointee, at: at)
                samples[i] = now() - t0
                counts[index(d.outcome)] += 1
            }
        }
        samples.sort()
        func pct(_ p: Double) -> UInt64 { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }

        // Throughput: whole passes, no per-call clock reads.
        var sink = 0
        let t0 = now()
        withExtendedLifetime(workload) {
            for _ in 0..<rounds {
                for i in workload.indices { sink &+= engine.evaluate(workload[i], at: at).rules.count }
            }
        }
        let elapsed = now() - t0
        let total = Double(rounds * workload.count)
        let perSecond = total / (Double(elapsed) / 1e9)
        let meanNs = Double(elapsed) / total

        if json {
            Console.out("""
                {"actions":\(workload.count),"rounds":\(rounds),"compile_ns":\(compileNs),"clock_overhead_ns":\(clockNs),\
                "p50_ns":\(pct(0.50)),"p90_ns":\(pct(0.90)),"p99_ns":\(pct(0.99)),"p999_ns":\(pct(0.999)),"max_ns":\(samples.last!),\
                "mean_ns":\(String(format: "%.1f", meanNs)),"decisions_per_second":\(Int(perSecond)),\
                "allow":\(counts[0]),"deny":\(counts[1]),"require_approval":\(counts[2]),"sink":\(sink % 2)}
                """)
        } else {
            Console.out(policy.isEmpty
                ? "warden bench: 20-rule policy (9 deny, 3 review, 8 allow, default deny), \(workload.count) actions, 1 thread"
                : "warden bench: \(policy.joined(separator: ", ")) with \(actionsFile!), \(workload.count) actions, 1 thread")
            Console.out("  decisions:   allow \(counts[0]), deny \(counts[1]), require_approval \(counts[2])")
            Console.out("  compile:     \(compileNs / 1000) µs")
            Console.out("  latency:     p50 \(pct(0.50)) ns, p90 \(pct(0.90)) ns, p99 \(pct(0.99)) ns, p99.9 \(pct(0.999)) ns, max \(samples.last!) ns")
            Console.out("               (per-call timing includes ~\(clockNs) ns of clock overhead)")
            Console.out("  throughput:  \(Int(perSecond)) decisions/s (mean \(String(format: "%.1f", meanNs)) ns over \(rounds) passes)\(sink == -1 ? "" : "")")
        }
    }

    private func index(_ o: Decision.Outcome) -> Int {
        switch o {
        case .allow: return 0
        case .deny: return 1
        case .requireApproval: return 2
        }
    }

    private func now() -> UInt64 { benchNow() }
}
