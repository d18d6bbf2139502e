import ArgumentParser
import Foundation
import WardenPolicy

/// `warden mcp-pins`: review and accept the MCP tool definitions `warden mcp-proxy` pinned.
struct MCPPinsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp-pins",
        abstract: "List, approve and forget the MCP tool definitions pinned by `warden mcp-proxy`.",
        discussion: """
            `warden mcp-proxy` pins each tool definition (name, description, inputSchema; \
            SHA-256 of canonical JSON) the first time it sees it, and denies the tool's calls \
            when a later definition differs (a possible rug pull) or when the definition \
            contains prompt injection. The changed definition is kept as "pending" next to the \
            pin. SERVER is the server's name as in the action types (mcp.<server>.<tool>).

              warden mcp-pins list [SERVER [TOOL]]    what is pinned (with TOOL: in full)
              warden mcp-pins approve SERVER [TOOL]   adopt the pending definition(s)
              warden mcp-pins forget SERVER [TOOL]    drop pins (trust on first use again)

            Approving a tool by name also accepts an injection finding in its definition (for a \
            false positive); approving a whole server skips definitions with injection findings. \
            A running proxy reads the file again at each call, so an approval takes effect at \
            once.
            """,
        subcommands: [List.self, Approve.self, Forget.self])

    struct Options: ParsableArguments {
        @Option(help: ArgumentHelp("The pins file.", valueName: "file"))
        var pins: String = ".warden/mcp-pins.json"
    }

    static func status(_ e: MCPPins.Entry) -> String {
        if let p = e.pending {
            return "changed (pending \(p.sha256.prefix(12))… seen \(p.seenAt)\(p.injection.map { "; injection: \($0)" } ?? ""))"
        }
        if let i = e.injection { return e.injectionAccepted ? "ok (injection accepted: \(i))" : "poisoned (\(i))" }
        return "ok"
    }

    static func tools(of server: String, in pins: MCPPins, path: String) throws -> [MCPToolKey: MCPPins.Entry] {
        guard let tools = pins.servers[server] else {
            let known = pins.servers.keys.sorted()
            throw CLIError("no pins for MCP server '\(server)' in \(path)" + (known.isEmpty ? "" : " (servers: \(known.joined(separator: ", ")))"))
        }
        return tools
    }

    static func entry(_ tool: String, of server: String, in pins: MCPPins, path: String) throws -> MCPPins.Entry {
        let tools = try Self.tools(of: server, in: pins, path: path)
        guard let e = tools[MCPToolKey(tool)] else {
            throw CLIError("no pin for tool '\(tool)' of MCP server '\(server)' in \(path) (tools: \(tools.keys.sorted().map(\.name).joined(separator: ", ")))")
        }
        return e
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List pinned tools and their state (ok, changed, poisoned).")
        @OptionGroup var options: Options
        @Flag(help: "One JSON object per tool.") var json = false
        @Argument(help: "Only this server.") var server: String?
        @Argument(help: "Show this tool in full: the pinned and the pending definition.") var tool: String?

        func run() throws {
            try reportingErrors {
                let pins = try MCPPinsFile(path: options.pins).load()
                if let server, let tool {
                    let e = try MCPPinsCommand.entry(tool, of: server, in: pins, path: options.pins)
                    if json {
                        Console.out(MCPPinsCommand.json(server: server, tool: tool, e, full: true))
                        return
                    }
                    var lines = ["server      \(server)", "tool        \(tool)", "status      \(MCPPinsCommand.status(e))",
                                 "pinned      \(e.sha256) at \(e.pinnedAt)", "definition  \(e.definition.jsonText)"]
                    if let p = e.pending {
                        lines += ["pending     \(p.sha256) seen \(p.seenAt)", "definition  \(p.definition.jsonText)",
                                  "approve     warden mcp-pins approve \(server) \(tool)\(options.pins == ".warden/mcp-pins.json" ? "" : " --pins \(options.pins)")"]
                    }
                    Console.out(lines.joined(separator: "\n"))
                    return
                }
                let servers = try server.map { [$0: try MCPPinsCommand.tools(of: $0, in: pins, path: options.pins)] } ?? pins.servers
                if servers.isEmpty && !json { Console.out("no pins in \(options.pins)") }
                for name in servers.keys.sorted() {
                    for key in servers[name]!.keys.sorted() {
                        let e = servers[name]![key]!
                        Console.out(json
                            ? MCPPinsCommand.json(server: name, tool: key.name, e, full: false)
                            : "\(name)  \(key.name)  \(MCPPinsCommand.status(e))  sha256 \(e.sha256.prefix(12))…  pinned \(e.pinnedAt)")
                    }
                }
            }
        }
    }

    static func json(server: String, tool: String, _ e: MCPPins.Entry, full: Bool) -> String {
        var m: [String: PolicyValue] = [
            "server": .string(server), "tool": .string(tool), "sha256": .string(e.sha256), "pinned_at": .string(e.pinnedAt),
            "status": .string(e.pending != nil ? "changed" : e.injection != nil && !e.injectionAccepted ? "poisoned" : "ok"),
            "injection": e.injection.map(PolicyValue.string) ?? .null, "injection_accepted": .bool(e.injectionAccepted),
        ]
        if full { m["definition"] = e.definition }
        if let p = e.pending {
            var pm: [String: PolicyValue] = ["sha256": .string(p.sha256), "seen_at": .string(p.seenAt), "injection": p.injection.map(PolicyValue.string) ?? .null]
            if full { pm["definition"] = p.definition }
            m["pending"] = .object(pm)
        } else {
            m["pending"] = .null
        }
        return PolicyValue.object(m).jsonText
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept the definition the proxy saw last (all pending ones of SERVER, or TOOL's).")
        @OptionGroup var options: Options
        @Argument(help: "The server (as in mcp.<server>.<tool>).") var server: String
        @Argument(help: "Only this tool (also accepts an injection finding in its definition).") var tool: String?

        func run() throws {
            try reportingErrors {
                let now = MCPPinsFile.timestamp()
                let path = options.pins
                let lines: [String] = try MCPPinsFile(path: path).update { pins in
                    var out: [String] = []
                    if let tool {
                        var e = try MCPPinsCommand.entry(tool, of: server, in: pins, path: path)
                        if let p = e.pending {
                            out.append("approved \(server) \(tool): sha256 \(p.sha256.prefix(12))… (was \(e.sha256.prefix(12))…)"
                                + (p.injection.map { "; accepted its injection finding: \($0)" } ?? ""))
                            e = MCPPins.Entry(sha256: p.sha256, pinnedAt: now, definition: p.definition, injection: p.injection,
                                              injectionAccepted: p.injection != nil)
                        } else if let i = e.injection, !e.injectionAccepted {
                            e.injectionAccepted = true
                            out.append("approved \(server) \(tool): accepted its injection finding (\(i))")
                        } else {
                            throw CLIError("nothing to approve: tool '\(tool)' of MCP server '\(server)' matches its pin (sha256 \(e.sha256.prefix(12))…) and has no pending definition")
                        }
                        pins.servers[server]![MCPToolKey(tool)] = e
                        return out
                    }
                    let tools = try MCPPinsCommand.tools(of: server, in: pins, path: path)
                    var skipped: [String] = []
                    for key in tools.keys.sorted() {
                        guard let p = tools[key]!.pending else { continue }
                        if let i = p.injection {
                            skipped.append("skipped \(server) \(key.name): its pending definition has prompt injection (\(i)); approve it by name if that is a false positive")
                            continue
                        }
                        out.append("approved \(server) \(key.name): sha256 \(p.sha256.prefix(12))… (was \(tools[key]!.sha256.prefix(12))…)")
                        pins.servers[server]![key] = MCPPins.Entry(sha256: p.sha256, pinnedAt: now, definition: p.definition, injection: nil)
                    }
                    if out.isEmpty {
                        throw CLIError(skipped.isEmpty
                            ? "nothing to approve: no tool of MCP server '\(server)' has a pending definition"
                            : "nothing approved: " + skipped.joined(separator: "; "))
                    }
                    return out + skipped
                }
                for line in lines { Console.out(line) }
            }
        }
    }

    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop the pins of SERVER (or of TOOL): the next definition seen is trusted on first use.")
        @OptionGroup var options: Options
        @Argument(help: "The server (as in mcp.<server>.<tool>).") var server: String
        @Argument(help: "Only this tool.") var tool: String?

        func run() throws {
            try reportingErrors {
                let path = options.pins
                let line: String = try MCPPinsFile(path: path).update { pins in
                    if let tool {
                        _ = try MCPPinsCommand.entry(tool, of: server, in: pins, path: path)
                        pins.servers[server]![MCPToolKey(tool)] = nil
                        if pins.servers[server]!.isEmpty { pins.servers[server] = nil }
                        return "forgot the pin of \(server) \(tool)"
                    }
                    let count = try MCPPinsCommand.tools(of: server, in: pins, path: path).count
                    pins.servers[server] = nil
                    return "forgot \(count) pin\(count == 1 ? "" : "s") of MCP server '\(server)'"
                }
                Console.out(line)
            }
        }
    }
}
