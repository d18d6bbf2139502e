import Foundation
import Testing
import WardenPolicy

/// Runs the built `warden` binary the way a user or script would.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["WARDEN_BIN"] { return URL(fileURLWithPath: override) }
        return root.appendingPathComponent(".build/debug/warden")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String], stdin: String? = nil, in dir: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        if let dir { p.currentDirectoryURL = dir }
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A temp dir holding the starter policies at `policies/`.
    static func starter() throws -> URL {
        let dir = try tempDir()
        let r = try run(["init", dir.appendingPathComponent("policies").path])
        #expect(r.status == 0, "\(r.stderr)")
        return dir.appendingPathComponent("policies")
    }
}

@Suite("warden CLI", .serialized)
struct CLITests {
    @Test("init writes a starter set that validates, and will not overwrite it")
    func initCommand() throws {
        let dir = try CLI.tempDir().appendingPathComponent("p")
        let first = try CLI.run(["init", dir.path])
        #expect(first.status == 0)
        #expect(first.stdout.contains("wrote 4 starter policies"))
        let again = try CLI.run(["init", dir.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("refusing to overwrite"))
        #expect(try CLI.run(["init", "--force", dir.path]).status == 0)
        let v = try CLI.run(["validate", dir.path])
        #expect(v.status == 0)
        #expect(v.stdout.contains("ok: 4 policies in 4 files valid"))
    }

    @Test("the starter policies block rm -rf, DROP TABLE, force pushes and secret writes, and review external fetches")
    func starterDecisions() throws {
        let p = try CLI.starter().path
        let cases: [([String], Int32)] = [
            (["--action", "bash.execute", "--param", "command=rm -rf /"], 2),
            (["--action", "bash.execute", "--param", "command=psql -c 'drop table users'"], 2),
            (["--action", "bash.execute", "--param", "command=git push -f origin main"], 2),
            (["--action", "bash.execute", "--param", "command=git push --force-with-lease"], 2),
            (["--action", "bash.execute", "--param", "command=git status"], 0),
            (["--action", "file.write", "--param", "file_path=/app/.env"], 2),
            (["--action", "file.write", "--param", "file_path=/home/u/.ssh/authorized_keys"], 2),
            (["--action", "file.edit", "--param", "file_path=/etc/hosts"], 2),
            (["--action", "file.write", "--param", "file_path=src/main.swift"], 0),
            (["--action", "file.read", "--param", "file_path=README.md"], 0),
            (["--action", "file.read", "--param", "file_path=/app/.env"], 2),
            (["--action", "web.fetch", "--param", "url=https://example.com"], 3),
            (["--action", "web.fetch", "--param", "url=http://localhost:8080/health"], 0),
            (["--action", "web.fetch", "--param", "url=http://localhost.evil.com/"], 3),
            (["--action", "payment.charge", "--param", "amount=5"], 2),
        ]
        for (args, status) in cases {
            let r = try CLI.run(["check", "--policy", p] + args)
            #expect(r.status == status, "\(args): \(r.stdout)\(r.stderr)")
        }
    }

    @Test("check --json prints exactly the engine's decision JSON")
    func checkJSON() throws {
        let p = try CLI.starter().path
        let r = try CLI.run(["check", "--policy", p, "--action", "web.fetch", "--param", "url=https://example.com", "--json"])
        #expect(r.status == 3)
        #expect(r.stdout == #"{"decision":"require_approval","reason":"Fetching from an external site needs approval","rules":["ReviewExternalFetch"],"policy":{"name":"web","version":"1"},"risk":"medium","pending_checks":[],"notes":[],"approval_timeout_seconds":900}"# + "\n")
    }

    @Test("--param values are typed like JSON, dotted keys nest, --params-json merges")
    func paramTyping() throws {
        let dir = try CLI.tempDir()
        try """
            default: deny
            statements:
              - {sid: Big, effect: review, actions: [pay], conditions: {params.amount: {op: ">", value: 1000}}}
              - {sid: DE, effect: allow, actions: [pay], conditions: {params.recipient.country: DE, params.note: "5000"}}
            """.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let big = try CLI.run(["check", "--policy", dir.path, "--action", "pay", "--param", "amount=5000", "--json"])
        #expect(big.status == 3, "\(big.stdout)")
        let nested = try CLI.run(["check", "--policy", dir.path, "--action", "pay", "--param", "recipient.country=DE", "--param", #"note="5000""#, "--param", "amount=5"])
        #expect(nested.status == 0, "\(nested.stdout)")
        let merged = try CLI.run(["check", "--policy", dir.path, "--action", "pay", "--params-json", #"{"recipient":{"country":"DE"},"note":"5000"}"#, "--param", "amount=7"])
        #expect(merged.status == 0, "\(merged.stdout)")
    }

    @Test("bad input exits 1 with a message naming the problem")
    func badInput() throws {
        let p = try CLI.starter().path
        let cases: [([String], String)] = [
            (["check", "--action", "x"], "--policy is required"),
            (["check", "--policy", p], "--action is required"),
            (["check", "--policy", p, "--action", #"{"type":"bash.execute"}"#], "--action takes an action type such as bash.execute, not JSON"),
            (["check", "--policy", "/nonexistent/dir", "--action", "x"], "policy path '/nonexistent/dir' does not exist"),
            (["check", "--policy", p, "--action", "x", "--param", "novalue"], "--param 'novalue': expected KEY=VALUE"),
            (["check", "--policy", p, "--action", "x", "--param", "a..b=1"], "invalid key 'a..b'"),
            (["check", "--policy", p, "--action", "x", "--params-json", "[1]"], "--params-json"),
            (["check", "--policy", p, "--batch", "-", "--action", "x"], "do not combine it with --action"),
            (["validate"], "give at least one policy file or directory"),
            (["check", "--policy", p, "--action", "x", "--bogus"], "Unknown option '--bogus'"),
        ]
        for (args, message) in cases {
            let r = try CLI.run(args)
            #expect(r.status == 1, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }

    @Test("validate lists every error and exits 1; --json is machine-readable")
    func validateErrors() throws {
        let dir = try CLI.tempDir()
        try "default: sometimes\nstatements:\n  - {sid: A, effect: nope}\ntools:\n  bash: {limit_per_hour: 0}\n"
            .write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", dir.path])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(dir.path)/bad.yaml:5: tools.bash.limit_per_hour: must be > 0"), "\(lines)")
        #expect(lines.contains("\(dir.path)/bad.yaml:3: statements[0].effect: invalid effect 'nope' (expected deny, review or allow)"))
        #expect(lines.last == "3 errors")
        let j = try CLI.run(["validate", "--json", dir.path])
        #expect(j.status == 1)
        let value = try PolicyValue(json: j.stdout)
        #expect(value["valid"] == .bool(false))
        if case .array(let errors)? = value["errors"] { #expect(errors.count == 3) } else { Issue.record("no errors array") }
        let check = try CLI.run(["check", "--policy", dir.path, "--action", "x"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("policies are invalid (3 errors)"))
    }

    @Test("--batch answers line by line, in order, and flags unreadable lines")
    func batch() throws {
        let p = try CLI.starter().path
        let input = """
            {"type":"bash.execute","params":{"command":"ls"}}

            {"type":"bash.execute","params":{"command":"rm -rf /"}}
            not json
            {"type":"web.fetch","params":{"url":"https://example.com"}}
            {"type":"x","parms":{}}
            """
        let r = try CLI.run(["check", "--policy", p, "--batch", "-"], stdin: input)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix(#"{"decision":"allow""#))
        #expect(lines[1].hasPrefix(#"{"decision":"deny""#))
        #expect(lines[2].hasPrefix(#"{"error":"invalid JSON at line 1, column 1"#) && lines[2].hasSuffix(#""line":4}"#))
        #expect(lines[3].hasPrefix(#"{"decision":"require_approval""#))
        #expect(lines[4] == #"{"error":"unknown action field \"parms\" (expected type, target, params, context, agent)","line":6}"#)
        #expect(r.stderr.contains("2 batch lines could not be read"))
        let ok = try CLI.run(["check", "--policy", p, "--batch", "-"], stdin: #"{"type":"file.read","params":{"file_path":"a"}}"# + "\n")
        #expect(ok.status == 0)
    }

    @Test("check --audit records decisions that audit tail, query, export and verify read back")
    func auditRoundTrip() throws {
        let p = try CLI.starter().path
        let data = try CLI.tempDir().appendingPathComponent("data").path
        let one = try CLI.run(["check", "--policy", p, "--action", "bash.execute", "--param", "command=rm -rf /", "--agent", "a1", "--audit", data])
        #expect(one.status == 2)
        let batch = """
            {"type":"bash.execute","params":{"command":"git status"}}
            {"type":"file.write","params":{"file_path":"/app/.env","content":"SECRET=hunter2"}}
            {"type":"web.fetch","params":{"url":"https://example.com"}}
            """
        #expect(try CLI.run(["check", "--policy", p, "--batch", "-", "--audit", data], stdin: batch).status == 0)
        let verify = try CLI.run(["audit", "verify", "--data", data])
        #expect(verify.status == 0)
        #expect(verify.stdout == "ok: 4 entries verified\n")
        let denies = try CLI.run(["audit", "query", "--data", data, "--decision", "deny", "--json"])
        let lines = denies.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""agent_id":"a1""#) == true)
        // Params are not stored: the secret in the write never reaches the log.
        let export = try CLI.run(["audit", "export", "--data", data, "--format", "jsonl"])
        #expect(export.stdout.split(separator: "\n").count == 4)
        #expect(!export.stdout.contains("hunter2"))
        let tail = try CLI.run(["audit", "tail", "--data", data, "-n", "1"])
        #expect(tail.stdout.hasPrefix("4  "))
        #expect(tail.stdout.contains("require_approval"))
        let cef = try CLI.run(["audit", "export", "--data", data, "--format", "cef"])
        #expect(cef.stdout.hasPrefix("CEF:0|Warden|warden|"))
        let key = try FileManager.default.attributesOfItem(atPath: data + "/audit.key")[.posixPermissions] as? Int
        #expect(key == 0o600)
    }

    @Test("audit verify catches an entry edited on disk and names it")
    func auditTamper() throws {
        let p = try CLI.starter().path
        let data = try CLI.tempDir().appendingPathComponent("data").path
        let batch = """
            {"type":"bash.execute","params":{"command":"rm -rf /"}}
            {"type":"bash.execute","params":{"command":"git status"}}
            {"type":"bash.execute","params":{"command":"ls"}}
            """
        _ = try CLI.run(["check", "--policy", p, "--batch", "-", "--audit", data], stdin: batch)
        // Turn the first recorded "deny" into "allow" by editing the database file's bytes.
        let url = URL(fileURLWithPath: data + "/audit.db")
        var bytes = [UInt8](try Data(contentsOf: url))
        let needle = Array(#"{"decision":"deny""#.utf8)
        let replacement = Array(#"{"decision":"nope""#.utf8)
        guard let at = (0...(bytes.count - needle.count)).first(where: { Array(bytes[$0..<$0 + needle.count]) == needle }) else {
            Issue.record("payload not found in the database file")
            return
        }
        bytes.replaceSubrange(at..<at + needle.count, with: replacement)
        try Data(bytes).write(to: url)
        let verify = try CLI.run(["audit", "verify", "--data", data])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("FAILED at entry 1: entry 1 was modified: its contents do not match its hash"), "\(verify.stdout)")
        let json = try CLI.run(["audit", "verify", "--data", data, "--json"])
        #expect(json.stdout.contains(#""valid":false,"entries_checked":0,"first_bad_sequence":1"#))
    }

    @Test("audit commands reject a missing log and bad options")
    func auditErrors() throws {
        let missing = try CLI.run(["audit", "verify", "--data", "/nonexistent/data"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no audit log in '/nonexistent/data'"))
        let format = try CLI.run(["audit", "export", "--data", "/tmp", "--format", "xml"])
        #expect(format.status == 1)
        #expect(format.stderr.contains("--format must be jsonl or cef, got 'xml'"))
        let since = try CLI.run(["audit", "query", "--since", "yesterday"])
        #expect(since.status == 1)
        #expect(since.stderr.contains("--since 'yesterday' is not a time"))
        let decision = try CLI.run(["audit", "query", "--decision", "maybe"])
        #expect(decision.stderr.contains("--decision must be allow, deny or require_approval"))
    }

    @Test("serve refuses to start on invalid policies and bad settings, naming the problem")
    func serveRefusals() throws {
        let dir = try CLI.tempDir()
        let policies = dir.appendingPathComponent("p")
        try FileManager.default.createDirectory(at: policies, withIntermediateDirectories: true)
        try "default: sometimes\n".write(to: policies.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["serve", "--data", dir.appendingPathComponent("d").path, "--policies", policies.path, "--listen", "127.0.0.1:0"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.yaml:1: default: invalid default 'sometimes'"), "\(bad.stderr)")
        let p = try CLI.starter().path
        let cases: [([String], String)] = [
            (["--listen", "localhost"], "--listen 'localhost' is not host:port"),
            (["--listen", "example.com:80"], "must be an IPv4 address"),
            (["--listen", "127.0.0.1:99999"], "is not host:port"),
            (["--tls-cert", "/nonexistent.pem"], "--tls-cert and --tls-key go together"),
            (["--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"], "TLS file '/nonexistent.pem' does not exist"),
            (["--token-ttl", "5"], "token TTL must be between 60 seconds and 30 days"),
            (["--decision-durability", "sometimes"], "decision durability must be 'normal' or 'full', got 'sometimes'"),
            (["--config", "/nonexistent.yaml"], "cannot read config file"),
        ]
        for (args, message) in cases {
            let r = try CLI.run(["serve", "--data", dir.appendingPathComponent("d2").path, "--policies", p] + args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        let config = dir.appendingPathComponent("warden.yaml")
        try "listen: 127.0.0.1:0\nport: 5\n".write(to: config, atomically: true, encoding: .utf8)
        let unknown = try CLI.run(["serve", "--config", config.path, "--policies", p])
        #expect(unknown.stderr.contains("unknown key 'port'"), "\(unknown.stderr)")
    }

    @Test("serve refuses bad governance sections of its config, naming the key")
    func serveGovernanceConfig() throws {
        let dir = try CLI.tempDir()
        let p = try CLI.starter().path
        let cases: [(String, String)] = [
            ("approvals: {grant_ttl: 5}\n", "approvals has unknown key 'grant_ttl'"),
            ("approvals: {default_timeout_seconds: 0}\n", "approvals.default_timeout_seconds must be a whole number of seconds from 1 to 2592000"),
            ("approvals: 5\n", "approvals must be a map"),
            ("pricing: {models: {m: {input_per_1k: 1}}}\n", "pricing.models.m needs output_per_1k"),
            ("pricing: {models: {m: {input_per_1k: -1, output_per_1k: 1}}}\n", "pricing.models.m.input_per_1k must be a number >= 0"),
            ("webhooks: {url: x}\n", "webhooks must be a list"),
            ("webhooks: [{url: 'ftp://x'}]\n", "webhooks[0].url must be an http(s) URL"),
            ("webhooks: [{url: 'https://x.example', secret_env: WARDEN_TEST_UNSET_SECRET}]\n", "webhooks[0].secret_env names 'WARDEN_TEST_UNSET_SECRET', which is not set"),
            ("webhooks: [{url: 'https://x.example', events: [approval.maybe]}]\n", "webhooks[0].events has unknown event 'approval.maybe'"),
            ("webhooks: [{url: 'https://x.example', attempts: 50}]\n", "webhooks[0].attempts must be 1 to 20"),
        ]
        for (i, (yaml, message)) in cases.enumerated() {
            let config = dir.appendingPathComponent("c\(i).yaml")
            try yaml.write(to: config, atomically: true, encoding: .utf8)
            let r = try CLI.run(["serve", "--data", dir.appendingPathComponent("d").path, "--policies", p, "--config", config.path])
            #expect(r.status == 1, "\(yaml)")
            #expect(r.stderr.contains(message), "\(yaml): \(r.stderr)")
        }
    }

    @Test("keys create-enrollment prints a secret once; rotate adds signing keys with mode 0600")
    func keys() throws {
        let data = try CLI.tempDir().appendingPathComponent("d").path
        let created = try CLI.run(["keys", "create-enrollment", "--name", "ci", "--data", data])
        #expect(created.status == 0)
        #expect(created.stdout.hasPrefix("wd_enroll_"))
        #expect(created.stderr.contains("shown only this once and stored hashed"))
        let admin = try CLI.run(["keys", "create-admin", "--name", "ops", "--data", data, "--json"])
        #expect(admin.stdout.contains(#""secret":"wd_admin_"#))
        #expect(try CLI.run(["keys", "create-enrollment", "--name", " ", "--data", data]).stderr.contains("--name must not be empty"))
        let first = try CLI.run(["keys", "rotate", "--data", data])
        #expect(first.stdout.contains("1 key in the ring"))
        let second = try CLI.run(["keys", "rotate", "--data", data])
        #expect(second.stdout.contains("2 keys in the ring"))
        let files = try FileManager.default.contentsOfDirectory(atPath: data + "/signing-keys")
        #expect(files.count == 2)
        for f in files {
            let mode = try FileManager.default.attributesOfItem(atPath: data + "/signing-keys/" + f)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        // The database never holds the secret itself.
        let db = try Data(contentsOf: URL(fileURLWithPath: data + "/gateway.db"))
        let secret = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(db.range(of: Data(secret.utf8)) == nil)
    }

    @Test("--help explains check's exit codes")
    func help() throws {
        let r = try CLI.run(["check", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("0 allow, 2 deny, 3 require_approval, 1 error"))
    }
}
