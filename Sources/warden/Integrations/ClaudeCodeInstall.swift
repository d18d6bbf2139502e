import ArgumentParser
import Foundation

/// `warden install claude-code`: adds Warden's hooks to Claude Code's settings.json.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install Warden into an agent's configuration.",
        subcommands: [InstallClaudeCode.self])
}

/// `warden uninstall claude-code`: removes exactly the hooks `install` added.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove what `warden install` added to an agent's configuration.",
        subcommands: [UninstallClaudeCode.self])
}

/// Where Claude Code keeps settings, and how Warden's hook entries look in them.
struct ClaudeCodeSettings {
    struct Options: ParsableArguments {
        @Flag(name: .customLong("project"), help: "The project's .claude/settings.json (default).")
        var project = false

        @Flag(name: .customLong("user"), help: "Your ~/.claude/settings.json (every project).")
        var user = false

        @Option(name: .customLong("settings"), help: ArgumentHelp("This settings.json instead.", valueName: "file"))
        var settings: String?

        func validate() throws {
            if [project, user, settings != nil].filter({ $0 }).count > 1 {
                throw ValidationError("choose one of --project, --user and --settings")
            }
        }

        var path: String {
            if let settings { return settings }
            if user {
                let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
                return (home as NSString).appendingPathComponent(".claude/settings.json")
            }
            return (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(".claude/settings.json")
        }
    }

    static let events = ["PreToolUse", "PostToolUse"]

    /// The hook command: this warden executable (absolute path) with `hook claude-code`.
    static func command(executable: String, policies: String?) -> String {
        var c = shellQuoted(executable) + " hook claude-code"
        if let policies { c += " --policies " + shellQuoted(policies) }
        return c
    }

    static func shellQuoted(_ s: String) -> String {
        if !s.isEmpty && s.allSatisfy({ $0.isLetter || $0.isNumber || "/._-+:@".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Whether a hook command is one of ours: a `warden` executable running `hook claude-code`.
    static func isWardenHook(_ command: String) -> Bool {
        guard let range = command.range(of: " hook claude-code") else { return false }
        var program = String(command[..<range.lowerBound])
        if program.hasPrefix("'") && program.hasSuffix("'") && program.count >= 2 { program = String(program.dropFirst().dropLast()) }
        return (program as NSString).lastPathComponent == "warden"
    }

    static func read(_ path: String) throws -> OrderedJSON {
        guard FileManager.default.fileExists(atPath: path) else { return .object([]) }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read '\(path)'") }
        if data.isEmpty || String(decoding: data, as: UTF8.self).allSatisfy(\.isWhitespace) { return .object([]) }
        do {
            let json = try OrderedJSON.parse(String(decoding: data, as: UTF8.self))
            guard case .object = json else { throw CLIError("'\(path)' is not a JSON object; not changing it") }
            return json
        } catch let e as OrderedJSON.ParseError {
            throw CLIError("'\(path)' is not valid JSON (\(e)); not changing it")
        }
    }

    /// Writes atomically (temporary file and rename), keeping an existing file's permissions.
    static func write(_ json: OrderedJSON, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0o644
        let temporary = path + ".warden-tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((json.pretty() + "\n").utf8), attributes: [.posixPermissions: mode]) else {
            throw CLIError("cannot write '\(path)'")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// `settings` with our entry for each hook event, unless one of ours is already there.
    /// Returns the events changed.
    static func adding(_ command: String, to settings: inout OrderedJSON) throws -> [String] {
        var hooks = settings["hooks"] ?? .object([])
        guard case .object = hooks else { throw CLIError("settings.json's \"hooks\" is not an object; not changing it") }
        var changed: [String] = []
        for event in events {
            var groups: [OrderedJSON]
            switch hooks[event] {
            case nil: groups = []
            case .array(let a)?: groups = a
            default: throw CLIError("settings.json's hooks.\(event) is not a list; not changing it")
            }
            let present = groups.contains { group in
                guard case .array(let entries)? = group["hooks"] else { return false }
                return entries.contains { ($0["command"]?.string).map(isWardenHook) ?? false }
            }
            if present { continue }
            groups.append(.object([
                ("matcher", .string("*")),
                ("hooks", .array([.object([("type", .string("command")), ("command", .string(command)), ("timeout", .number("60"))])])),
            ]))
            hooks.set(event, .array(groups))
            changed.append(event)
        }
        settings.set("hooks", hooks)
        return changed
    }

    /// `settings` without our hook entries (and without the groups, lists and `hooks` object
    /// that become empty because of it). Returns how many entries were removed.
    static func removing(from settings: inout OrderedJSON) -> Int {
        guard var hooks = settings["hooks"], case .object(let members) = hooks else { return 0 }
        var removed = 0
        for (event, value) in members {
            guard case .array(let groups) = value else { continue }
            var kept: [OrderedJSON] = []
            for var group in groups {
                guard case .array(let entries)? = group["hooks"] else { kept.append(group); continue }
                let remaining = entries.filter { !(($0["command"]?.string).map(isWardenHook) ?? false) }
                removed += entries.count - remaining.count
                if remaining.count == entries.count { kept.append(group); continue }
                if remaining.isEmpty { continue }
                group.set("hooks", .array(remaining))
                kept.append(group)
            }
            hooks.set(event, kept.isEmpty ? nil : .array(kept))
        }
        if case .object(let left) = hooks, left.isEmpty { settings.set("hooks", nil) } else { settings.set("hooks", hooks) }
        return removed
    }
}

struct InstallClaudeCode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claude-code",
        abstract: "Add Warden's PreToolUse and PostToolUse hooks to Claude Code's settings.json.",
        discussion: """
            Merges into the existing file: other settings and other hooks stay as they are (in \
            their order), and running it again changes nothing. The hook runs this warden \
            executable (by absolute path) as `warden hook claude-code`, deciding from \
            .warden/policies in the project (or --policies, or a gateway through \
            WARDEN_GATEWAY and WARDEN_AGENT_TOKEN_FILE in Claude Code's environment). \
            `warden uninstall claude-code` removes exactly these entries.
            """)

    @OptionGroup var options: ClaudeCodeSettings.Options

    @Option(help: ArgumentHelp("Bake this policy directory into the hook command.", valueName: "dir"))
    var policies: String?

    func run() throws {
        try reportingErrors {
            let path = options.path
            var settings = try ClaudeCodeSettings.read(path)
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
            let resolved = FileManager.default.isExecutableFile(atPath: executable) ? executable : CommandLine.arguments[0]
            let policyPath = policies.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let changed = try ClaudeCodeSettings.adding(ClaudeCodeSettings.command(executable: resolved, policies: policyPath), to: &settings)
            if changed.isEmpty {
                Console.out("Warden's hooks are already in \(path); nothing changed")
                return
            }
            try ClaudeCodeSettings.write(settings, to: path)
            Console.out("added Warden's \(changed.joined(separator: " and ")) hook\(changed.count == 1 ? "" : "s") to \(path)")
        }
    }
}

struct UninstallClaudeCode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claude-code",
        abstract: "Remove Warden's hooks from Claude Code's settings.json (and nothing else).")

    @OptionGroup var options: ClaudeCodeSettings.Options

    func run() throws {
        try reportingErrors {
            let path = options.path
            guard FileManager.default.fileExists(atPath: path) else {
                Console.out("\(path) does not exist; nothing to remove")
                return
            }
            var settings = try ClaudeCodeSettings.read(path)
            let removed = ClaudeCodeSettings.removing(from: &settings)
            guard removed > 0 else {
                Console.out("no Warden hooks in \(path); nothing changed")
                return
            }
            try ClaudeCodeSettings.write(settings, to: path)
            Console.out("removed \(removed) Warden hook\(removed == 1 ? "" : "s") from \(path)")
        }
    }
}
