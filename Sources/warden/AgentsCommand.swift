import ArgumentParser
import Foundation
import GRPCCore
import WardenClient
import WardenProto

/// `warden agents`: manage registered agents through a running gateway's Admin API.
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "List, show, suspend, resume and revoke agents on a running gateway.",
        discussion: """
            Talks to the Admin API of `warden serve`. The admin secret (from `warden keys \
            create-admin`) is read from $WARDEN_ADMIN_SECRET, or from --admin-secret-file; it is \
            never accepted on the command line, where it would land in shell history.
            """,
        subcommands: [List.self, Show.self, Suspend.self, Resume.self, Revoke.self])

    struct ServerOptions: ParsableArguments {
        @Option(help: ArgumentHelp("Gateway address.", valueName: "host:port"))
        var server: String = "127.0.0.1:50051"

        @Option(name: .customLong("admin-secret-file"), help: ArgumentHelp("File holding the admin secret.", valueName: "file"))
        var adminSecretFile: String?

        @Flag(help: "Connect with TLS.")
        var tls = false

        @Flag(help: "Print JSON.")
        var json = false

        func secret() throws -> String {
            if let file = adminSecretFile {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw CLIError("cannot read admin secret file '\(file)'")
                }
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard let s = ProcessInfo.processInfo.environment["WARDEN_ADMIN_SECRET"], !s.isEmpty else {
                throw CLIError("no admin secret: set WARDEN_ADMIN_SECRET or pass --admin-secret-file (create one with `warden keys create-admin`)")
            }
            return s
        }

        /// Runs `body` against the Admin API, turning RPC failures into one-line errors.
        func call<R: Sendable>(_ body: @Sendable (WardenConnection, Metadata) async throws -> R) async throws -> R {
            let secret = try secret()
            do {
                return try await WardenConnection.with(.init(address: server, useTLS: tls)) { c in
                    try await body(c, c.bearer(secret))
                }
            } catch let e as RPCError {
                Console.error(e.code == .unavailable ? "cannot reach the gateway at \(server): \(e.message)" : "\(e.code): \(e.message)")
                throw ExitCode(1)
            } catch let e as WardenConnection.ConnectionError {
                throw CLIError(e.message)
            }
        }
    }

    static func render(_ a: Warden_V1_Agent, json: Bool) -> String {
        let state: String
        switch a.state {
        case .active: state = "active"
        case .suspended: state = "suspended"
        case .revoked: state = "revoked"
        default: state = "unknown"
        }
        if json {
            return "{\"agent_id\":\(quoted(a.agentID)),\"name\":\(quoted(a.name)),\"team\":\(quoted(a.team)),\"org\":\(quoted(a.org)),\"state\":\(quoted(state)),\"registered_at\":\(a.registeredAt),\"state_changed_at\":\(a.stateChangedAt),\"state_reason\":\(quoted(a.stateReason))}"
        }
        var line = "\(a.agentID)  \(state)  \(a.name)"
        if !a.team.isEmpty { line += "  team=\(a.team)" }
        if !a.org.isEmpty { line += "  org=\(a.org)" }
        if !a.stateReason.isEmpty { line += "  (\(a.stateReason))" }
        return line
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agents.")
        @OptionGroup var options: ServerOptions
        @Option(help: "Only this team.") var team: String?
        @Option(help: "Only this org.") var org: String?
        @Option(help: "Only this state: active, suspended or revoked.") var state: String?

        func validate() throws {
            if let state, !["active", "suspended", "revoked"].contains(state) {
                throw ValidationError("--state must be active, suspended or revoked, got '\(state)'")
            }
        }

        func run() async throws {
            try await reportingAsyncErrors {
                var request = Warden_V1_ListAgentsRequest()
                request.team = team ?? ""
                request.org = org ?? ""
                request.state = state == "active" ? .active : state == "suspended" ? .suspended : state == "revoked" ? .revoked : .unspecified
                request.limit = 1000
                let request2 = request
                let reply = try await options.call { c, auth in try await c.admin.listAgents(request2, metadata: auth) }
                for a in reply.agents { Console.out(AgentsCommand.render(a, json: options.json)) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one agent.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Agent id (agt_...).") var agentID: String

        func run() async throws {
            try await reportingAsyncErrors {
                var request = Warden_V1_GetAgentRequest()
                request.agentID = agentID
                let r = request
                let agent = try await options.call { c, auth in try await c.admin.getAgent(r, metadata: auth) }
                Console.out(AgentsCommand.render(agent, json: options.json))
            }
        }
    }

    static func change(_ options: ServerOptions, _ agentID: String, _ reason: String?, _ verb: String) async throws {
        var request = Warden_V1_AgentStateRequest()
        request.agentID = agentID
        request.reason = reason ?? ""
        let r = request
        let agent = try await options.call { c, auth in
            switch verb {
            case "suspend": return try await c.admin.suspendAgent(r, metadata: auth)
            case "resume": return try await c.admin.resumeAgent(r, metadata: auth)
            default: return try await c.admin.revokeAgent(r, metadata: auth)
            }
        }
        Console.out(render(agent, json: options.json))
    }

    struct Suspend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend an agent: every call is refused until it is resumed.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Agent id.") var agentID: String
        @Option(help: "Why (recorded in the audit log and shown to the agent).") var reason: String?
        func run() async throws { try await reportingAsyncErrors { try await AgentsCommand.change(options, agentID, reason, "suspend") } }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a suspended agent.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Agent id.") var agentID: String
        @Option(help: "Why.") var reason: String?
        func run() async throws { try await reportingAsyncErrors { try await AgentsCommand.change(options, agentID, reason, "resume") } }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an agent for good (it must register again).")
        @OptionGroup var options: ServerOptions
        @Argument(help: "Agent id.") var agentID: String
        @Option(help: "Why.") var reason: String?
        func run() async throws { try await reportingAsyncErrors { try await AgentsCommand.change(options, agentID, reason, "revoke") } }
    }
}
