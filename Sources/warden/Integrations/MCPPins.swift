import Foundation
import WardenPolicy

/// The tool definitions the MCP proxy trusts, per server: trust on first use, then every change
/// needs `warden mcp-pins approve`.
///
/// The file (default `.warden/mcp-pins.json`, mode 0600) is JSON:
///
/// ```json
/// {"version": 1, "servers": {"github": {"create_issue": {
///   "sha256": "…", "pinned_at": "2026-05-01T10:00:00Z", "definition": {"name": …, "description": …, "inputSchema": …},
///   "injection": "instruction_override (score 0.985, in description)", "injection_accepted": false,
///   "pending": {"sha256": "…", "seen_at": "…", "definition": {…}, "injection": null}}}}}
/// ```
///
/// `pending` is the definition the proxy saw last when it differs from the pin (a possible rug
/// pull); `approve` adopts it. `injection` records what the injection scan found in the pinned
/// (or pending) definition; `injection_accepted` is set when someone approved that definition by
/// name despite it.
struct MCPPins: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var sha256: String
        var pinnedAt: String
        var definition: PolicyValue
        var injection: String?
        var injectionAccepted = false
        var pending: Pending?
    }

    struct Pending: Sendable, Equatable {
        var sha256: String
        var seenAt: String
        var definition: PolicyValue
        var injection: String?
    }

    /// Server (normalised name) → tool → pin.
    var servers: [String: [MCPToolKey: Entry]] = [:]

    func entry(server: String, tool: String) -> Entry? { servers[server]?[MCPToolKey(tool)] }

    /// What a definition seen by the proxy means for its pin.
    enum Observation: Equatable {
        /// It matches the pin.
        case matches
        /// No pin yet: pinned now (trust on first use).
        case pinnedNow
        /// It differs from the pin: recorded as pending; calls are denied until approved.
        case changed(pinned: String)
    }

    /// Records `definition` as seen now: pins it when new, records it as pending when it differs
    /// from the pin, clears a stale pending entry when it matches again.
    mutating func observe(_ definition: MCPToolDefinition, server: String, at now: String) -> Observation {
        let key = MCPToolKey(definition.name)
        let injection = definition.injection?.summary
        guard var entry = servers[server]?[key] else {
            servers[server, default: [:]][key] = Entry(sha256: definition.sha256, pinnedAt: now, definition: definition.pinned, injection: injection)
            return .pinnedNow
        }
        if entry.sha256 == definition.sha256 {
            if entry.pending != nil {
                entry.pending = nil
                servers[server]![key] = entry
            }
            return .matches
        }
        if entry.pending?.sha256 != definition.sha256 {
            entry.pending = Pending(sha256: definition.sha256, seenAt: now, definition: definition.pinned, injection: injection)
            servers[server]![key] = entry
        }
        return .changed(pinned: entry.sha256)
    }

    /// Why calls to a tool with `definition` are refused, or nil when its pin allows them.
    ///
    /// The reason goes to the model as the tool's result, so it says that a person has to review
    /// the tool, not which command does it (an agent with a shell must not be invited to approve
    /// its own tools); the proxy's stderr names the command.
    func refusal(for definition: MCPToolDefinition, server: String) -> String? {
        guard let entry = entry(server: server, tool: definition.name) else {
            return "tool '\(definition.name)' of MCP server '\(server)' has no pin (it was forgotten while the proxy ran)"
        }
        if entry.sha256 != definition.sha256 {
            return "the definition of tool '\(definition.name)' of MCP server '\(server)' changed since it was pinned (possible rug pull: sha256 \(entry.sha256.prefix(12))… pinned, \(definition.sha256.prefix(12))… now); its calls are denied until a person reviews and approves the new definition"
        }
        if let injection = definition.injection, !entry.injectionAccepted {
            return "tool '\(definition.name)' of MCP server '\(server)' looks poisoned: its definition contains prompt injection (\(injection.summary)); its calls are denied unless a person reviews it and accepts it"
        }
        return nil
    }
}

// MARK: - JSON form

extension MCPPins {
    /// Reads the file's JSON; every problem names its path in the document.
    init(json text: String, path: String) throws {
        let value: PolicyValue
        do { value = try PolicyValue(json: text) } catch {
            throw CLIError("\(path): not valid JSON (\(error.description))")
        }
        func fail(_ what: String) -> CLIError { CLIError("\(path): \(what)") }
        guard case .object(let root) = value else { throw fail("expected a JSON object with \"version\" and \"servers\"") }
        for key in root.keys where key != "version" && key != "servers" { throw fail("unknown key \"\(key)\" (expected version, servers)") }
        guard root["version"] == .int(1) else { throw fail("\"version\" must be 1") }
        guard case .object(let servers)? = root["servers"] ?? .object([:]) else { throw fail("\"servers\" must be an object") }
        func string(_ v: PolicyValue?, _ at: String, optional: Bool = false) throws -> String? {
            switch v {
            case .string(let s)?: return s
            case nil, .null?: if optional { return nil }
            default: break
            }
            throw fail("\(at) must be a string")
        }
        func hash(_ v: PolicyValue?, _ at: String) throws -> String {
            let s = try string(v, at)!
            guard s.utf8.count == 64, s.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
                throw fail("\(at) must be 64 lowercase hex digits (a SHA-256)")
            }
            return s
        }
        for (server, tools) in servers {
            guard case .object(let tools) = tools else { throw fail("servers.\(server) must be an object of tools") }
            for (tool, entry) in tools {
                let at = "servers.\(server).\(tool)"
                guard case .object(let e) = entry else { throw fail("\(at) must be an object") }
                for key in e.keys where !["sha256", "pinned_at", "definition", "injection", "injection_accepted", "pending"].contains(key) {
                    throw fail("\(at): unknown key \"\(key)\"")
                }
                var pending: Pending?
                if let p = e["pending"], p != .null {
                    guard case .object(let pm) = p else { throw fail("\(at).pending must be an object") }
                    pending = Pending(
                        sha256: try hash(pm["sha256"], "\(at).pending.sha256"), seenAt: try string(pm["seen_at"], "\(at).pending.seen_at")!,
                        definition: pm["definition"] ?? .null, injection: try string(pm["injection"], "\(at).pending.injection", optional: true))
                }
                var accepted = false
                switch e["injection_accepted"] {
                case nil, .null?: break
                case .bool(let b)?: accepted = b
                default: throw fail("\(at).injection_accepted must be true or false")
                }
                self.servers[server, default: [:]][MCPToolKey(tool)] = Entry(
                    sha256: try hash(e["sha256"], "\(at).sha256"), pinnedAt: try string(e["pinned_at"], "\(at).pinned_at")!,
                    definition: e["definition"] ?? .null, injection: try string(e["injection"], "\(at).injection", optional: true),
                    injectionAccepted: accepted, pending: pending)
            }
        }
    }

    /// The file's JSON: indented, keys sorted, so that diffs of the file read well.
    var json: String {
        var servers: [String: PolicyValue] = [:]
        for (server, tools) in self.servers {
            var out: [String: PolicyValue] = [:]
            for (key, e) in tools {
                var m: [String: PolicyValue] = ["sha256": .string(e.sha256), "pinned_at": .string(e.pinnedAt), "definition": e.definition]
                if let i = e.injection { m["injection"] = .string(i) }
                if e.injectionAccepted { m["injection_accepted"] = true }
                if let p = e.pending {
                    var pm: [String: PolicyValue] = ["sha256": .string(p.sha256), "seen_at": .string(p.seenAt), "definition": p.definition]
                    if let i = p.injection { pm["injection"] = .string(i) }
                    m["pending"] = .object(pm)
                }
                out[key.name] = .object(m)
            }
            servers[server] = .object(out)
        }
        var text = ""
        Self.write(.object(["version": 1, "servers": .object(servers)]), indent: "", into: &text)
        return text + "\n"
    }

    private static func write(_ value: PolicyValue, indent: String, into out: inout String) {
        switch value {
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            let inner = indent + "  "
            for (i, key) in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                out += inner + PolicyValue.string(key).jsonText + ": "
                write(members[key]!, indent: inner, into: &out)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        default:
            out += value.jsonText
        }
    }
}

/// The pins file on disk: read without a lock (it is replaced atomically), changed under an
/// exclusive `flock` on `<file>.lock` so that several proxies (one per MCP server) and
/// `warden mcp-pins` can share one file.
struct MCPPinsFile: Sendable {
    let path: String

    /// The pins; an absent file has none.
    func load() throws -> MCPPins {
        guard FileManager.default.fileExists(atPath: path) else { return MCPPins() }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read the pins file '\(path)'") }
        return try MCPPins(json: String(decoding: data, as: UTF8.self), path: path)
    }

    /// Re-reads the file under the lock, applies `body`, and writes the result back (atomically,
    /// mode 0600) when it changed.
    @discardableResult
    func update<R>(_ body: (inout MCPPins) throws -> R) throws -> R {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CLIError("cannot create the directory of the pins file '\(path)': \(error.localizedDescription)")
            }
        }
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw CLIError("cannot lock the pins file '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw CLIError("cannot lock the pins file '\(path)': \(String(cString: strerror(errno)))") }
        }
        var pins = try load()
        let before = pins
        let result = try body(&pins)
        if pins != before { try write(pins) }
        return result
    }

    private func write(_ pins: MCPPins) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(pins.json.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("cannot write the pins file '\(path)'")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError("cannot write the pins file '\(path)': \(reason)")
        }
    }

    /// Now, as the pins file writes times.
    static func timestamp(_ date: Date = Date()) -> String { date.formatted(.iso8601) }
}
