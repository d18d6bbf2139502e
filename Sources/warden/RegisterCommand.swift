import ArgumentParser
import Foundation
import GRPCCore
import WardenClient
import WardenProto

/// `warden register`: an agent registers with a gateway and keeps its token in a file, for
/// integrations that run as short-lived processes (the Claude Code hook, the MCP proxy).
struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register an agent with a running gateway and save its token (mode 0600).",
        discussion: """
            The enrollment secret (from `warden keys create-enrollment`) is read from \
            $WARDEN_ENROLLMENT_SECRET, never from the command line. The token file holds the \
            token and its expiry as JSON; point integrations at it with \
            WARDEN_AGENT_TOKEN_FILE=<file>. Tokens expire (the gateway's token TTL, an hour by \
            default): register again when they do.
            """)

    @Option(help: ArgumentHelp("Gateway address.", valueName: "host:port"))
    var server: String = "127.0.0.1:50051"

    @Flag(help: "Connect with TLS.")
    var tls = false

    @Option(help: "The agent's name.") var name: String
    @Option(help: "Team (selects team:<id> policies).") var team: String?
    @Option(help: "Organisation (selects org:<id> policies).") var org: String?
    @Option(name: .customLong("token-file"), help: ArgumentHelp("Where to write the token.", valueName: "file"))
    var tokenFile: String = ".warden/agent-token.json"

    @Flag(help: "Print the registration as JSON.")
    var json = false

    func run() async throws {
        try await reportingAsyncErrors {
            guard let secret = ProcessInfo.processInfo.environment["WARDEN_ENROLLMENT_SECRET"], !secret.isEmpty else {
                throw CLIError("no enrollment secret: set WARDEN_ENROLLMENT_SECRET (create one with `warden keys create-enrollment`)")
            }
            var request = Warden_V1_RegisterAgentRequest()
            request.enrollmentSecret = secret
            request.name = name
            request.team = team ?? ""
            request.org = org ?? ""
            let sent = request
            let reply: Warden_V1_RegisterAgentResponse
            do {
                reply = try await WardenConnection.with(.init(address: server, useTLS: tls)) { c in try await c.gateway.registerAgent(sent) }
            } catch let e as RPCError {
                throw CLIError(e.code == .unavailable ? "cannot reach the gateway at \(server): \(e.message)" : "\(e.code): \(e.message)")
            } catch let e as WardenConnection.ConnectionError {
                throw CLIError(e.message)
            }
            let body = "{\"agent_id\":\(quoted(reply.agentID)),\"token\":\(quoted(reply.token)),\"expires_at\":\(reply.expiresAt),\"gateway\":\(quoted(server))}\n"
            try Self.writePrivate(body, to: tokenFile)
            if json {
                Console.out("{\"agent_id\":\(quoted(reply.agentID)),\"expires_at\":\(reply.expiresAt),\"token_file\":\(quoted(tokenFile))}")
            } else {
                Console.out("registered \(reply.agentID); token (expires \(Date(timeIntervalSince1970: TimeInterval(reply.expiresAt)).formatted(.iso8601))) written to \(tokenFile)")
            }
        }
    }

    /// Writes `text` to `path` readable by its owner only (created 0600, directory 0700).
    static func writePrivate(_ text: String, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("cannot write the token file '\(path)'")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CLIError("cannot write the token file '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// The token in a token file: the JSON `warden register` writes, or a bare token.
    static func token(fromFile text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), let data = trimmed.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let token = object["token"] as? String else {
            return trimmed
        }
        return token
    }
}
