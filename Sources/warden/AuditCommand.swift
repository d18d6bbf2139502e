import ArgumentParser
import Foundation
import WardenStore

/// `warden audit`: read and verify the tamper-evident audit log in a data directory.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read, query, verify and export the tamper-evident audit log.",
        discussion: """
            The log lives in a data directory (default .warden): audit.db (SQLite) and audit.key \
            (the HMAC key, mode 0600). `warden serve` writes every registration, decision and \
            event to it; `warden check --audit DIR` writes local decisions.
            """,
        subcommands: [Tail.self, Query.self, Verify.self, Export.self])

    struct DataOptions: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("Data directory holding audit.db and audit.key.", valueName: "dir"))
        var data: String = ".warden"

        /// Opens an existing log; a missing one is an error (reading must not create files).
        func openStore() throws -> AuditStore {
            let db = (data as NSString).appendingPathComponent("audit.db")
            let keyPath = (data as NSString).appendingPathComponent("audit.key")
            guard FileManager.default.fileExists(atPath: db) else {
                throw CLIError("no audit log in '\(data)' (expected \(db))")
            }
            guard FileManager.default.fileExists(atPath: keyPath) else {
                throw CLIError("no audit key in '\(data)' (expected \(keyPath)); without it the log cannot be verified")
            }
            do {
                let key = try SecretFile.loadOrCreateKey(at: keyPath)
                return try AuditStore(configuration: .init(path: db, key: key))
            } catch {
                throw CLIError(error.message)
            }
        }
    }

    static func print(_ entries: [AuditEntry], json: Bool) {
        for e in entries {
            if json {
                Console.out(e.jsonText)
            } else {
                let time = Date(timeIntervalSince1970: Double(e.record.timestamp) / 1000).formatted(.iso8601)
                var line = "\(e.sequence)  \(time)  \(e.record.kind)"
                if let o = e.record.outcome { line += "  \(o)" }
                if let a = e.record.agentID { line += "  agent=\(a)" }
                line += "  \(e.record.payload)"
                Console.out(line)
            }
        }
    }

    struct Tail: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the newest entries.")
        @OptionGroup var options: DataOptions
        @Option(name: [.customShort("n"), .long], help: "How many entries.") var lines: Int = 20
        @Flag(help: "One JSON object per entry.") var json = false

        func validate() throws {
            guard lines > 0 else { throw ValidationError("--lines must be > 0") }
        }

        func run() throws {
            try reportingErrors {
                let store = try options.openStore()
                AuditCommand.print(try store.entries(AuditQuery(limit: lines, newestFirst: true)), json: json)
            }
        }
    }

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Select entries by agent, decision, kind and time.")
        @OptionGroup var options: DataOptions
        @Option(help: "Only this agent.") var agent: String?
        @Option(help: "Only this outcome: allow, deny or require_approval.") var decision: String?
        @Option(help: "Only this kind (decision, event.tool_call...).") var kind: String?
        @Option(help: ArgumentHelp("From this time (ISO 8601 or Unix seconds), inclusive.", valueName: "time")) var since: String?
        @Option(help: ArgumentHelp("Until this time (ISO 8601 or Unix seconds), exclusive.", valueName: "time")) var until: String?
        @Option(help: "At most this many entries (oldest first).") var limit: Int?
        @Flag(help: "One JSON object per entry.") var json = false

        func validate() throws {
            if let decision, !["allow", "deny", "require_approval"].contains(decision) {
                throw ValidationError("--decision must be allow, deny or require_approval, got '\(decision)'")
            }
            if let limit, limit <= 0 { throw ValidationError("--limit must be > 0") }
            if let since { _ = try AuditCommand.parseTime(since, option: "--since") }
            if let until { _ = try AuditCommand.parseTime(until, option: "--until") }
        }

        func run() throws {
            try reportingErrors {
                let store = try options.openStore()
                let query = AuditQuery(
                    agentID: agent, outcome: decision, kind: kind,
                    since: try since.map { try AuditCommand.parseTime($0, option: "--since") },
                    until: try until.map { try AuditCommand.parseTime($0, option: "--until") }, limit: limit)
                AuditCommand.print(try store.entries(query), json: json)
            }
        }
    }

    /// Milliseconds since the epoch from ISO 8601 or Unix seconds.
    static func parseTime(_ text: String, option: String) throws -> Int64 {
        if let seconds = Int64(text) { return seconds * 1000 }
        if let date = try? Date(text, strategy: .iso8601) { return Int64(date.timeIntervalSince1970 * 1000) }
        throw ValidationError("\(option) '\(text)' is not a time (use ISO 8601 such as 2026-11-21T10:00:00Z, or Unix seconds)")
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every hash, link and MAC; name the first bad entry.",
            discussion: "Exit status: 0 when the log verifies, 1 when it does not (or cannot be read).")
        @OptionGroup var options: DataOptions
        @Flag(help: "Print one JSON object.") var json = false

        func run() throws {
            try reportingErrors {
                let report = try options.openStore().verify()
                if json {
                    Console.out("{\"valid\":\(report.isValid),\"entries_checked\":\(report.entriesChecked),\"first_bad_sequence\":\(report.firstBadSequence.map(String.init) ?? "null"),\"problem\":\(report.problem.map(quoted) ?? "null")}")
                } else if report.isValid {
                    Console.out("ok: \(report.entriesChecked) entries verified")
                } else {
                    Console.out("FAILED at entry \(report.firstBadSequence!): \(report.problem!) (\(report.entriesChecked) entries verified before it)")
                }
                if !report.isValid { throw ExitCode(1) }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the whole log as JSON lines or CEF.")
        @OptionGroup var options: DataOptions
        @Option(help: "jsonl or cef.") var format: String = "jsonl"
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

        func validate() throws {
            guard ["jsonl", "cef"].contains(format) else { throw ValidationError("--format must be jsonl or cef, got '\(format)'") }
        }

        func run() throws {
            try reportingErrors {
                let entries = try options.openStore().entries()
                var text = ""
                for e in entries { text += (format == "cef" ? e.cefText : e.jsonText) + "\n" }
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                        throw CLIError("cannot write '\(output)'")
                    }
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            }
        }
    }
}
