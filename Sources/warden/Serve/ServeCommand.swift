import ArgumentParser
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import WardenGateway
import WardenServer
import WardenPolicy
import WardenStore
import Yams

/// `warden serve`: the gateway daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: agents register, check actions and record events over gRPC.",
        discussion: """
            Loads the policies (an invalid set refuses to start and prints every error), opens the \
            data directory (agent registry, signing keys, audit log; created if missing) and \
            serves warden.v1.Gateway, warden.v1.Admin and grpc.health.v1.Health over HTTP/2 — plaintext, so bind \
            it to loopback unless --tls-cert and --tls-key are given.

            SIGHUP reloads the policies (an invalid new set is rejected with its errors and the \
            old set stays in force) and the signing keys. SIGTERM and SIGINT shut down \
            gracefully: in-flight calls finish first.

            Every decision is in the audit log before it is answered. --decision-durability \
            normal (the default) answers once the entry is in SQLite's write-ahead log, which \
            survives the gateway crashing or being killed but not a power loss before the next \
            fsync; full fsyncs every decision first (slower). Events and admin changes are always \
            fsync'd before they are acknowledged.

            Options can also come from --config FILE (YAML: listen, data, policies, issuer, \
            token_ttl_seconds, tls_cert, tls_key, decision_durability, and the sections \
            approvals, pricing and webhooks described in docs/governance.md); flags win over the file.

            Governance: require_approval decisions create pending approvals (decide them with \
            `warden approvals`), tools.<name>.limit_per_hour and budget sections are enforced \
            here, and suspended agents are denied. Their state lives in <data>/governance.db \
            and survives restarts.
            """)

    @Option(help: ArgumentHelp("YAML configuration file.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Address to listen on (host:port; port 0 picks a free one). Default 127.0.0.1:50051.", valueName: "host:port"))
    var listen: String?

    @Option(help: ArgumentHelp("Data directory (registry, keys, audit log). Default .warden.", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("Policy directory. Default <data>/policies.", valueName: "dir"))
    var policies: String?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain: serve TLS.", valueName: "file"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key for --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(name: .customLong("token-ttl"), help: ArgumentHelp("Agent token lifetime in seconds. Default 3600.", valueName: "seconds"))
    var tokenTTL: Int64?

    @Option(name: .customLong("decision-durability"), help: ArgumentHelp("normal (default) or full: fsync each decision's audit entry before answering.", valueName: "mode"))
    var decisionDurability: String?

    func run() async throws {
        do {
            try await serve()
        } catch {
            let known = reported(error)
            if known is ExitCode { throw known }
            Console.error(ServeCommand.describe(error, listen: listen ?? "127.0.0.1:50051 (or the --config address)"))
            throw ExitCode(1)
        }
    }

    /// A one-line explanation of why the server stopped, without transport internals.
    static func describe(_ error: any Error, listen: String) -> String {
        let text = "\(error)"
        if text.contains("Address already in use") || text.contains("errno: 98") {
            return "cannot listen on \(listen): the address is already in use (is another warden serve running?)"
        }
        if text.contains("Permission denied") || text.contains("errno: 13") {
            return "cannot listen on \(listen): permission denied (ports below 1024 need privileges)"
        }
        if text.contains("Cannot assign requested address") || text.contains("errno: 99") {
            return "cannot listen on \(listen): that address does not belong to this machine"
        }
        return "the gateway stopped: \(text)"
    }

    private func serve() async throws {
        let settings = try ServeSettings.resolve(command: self)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "warden.serve")

        let engine = try PolicyFiles.engine(at: [settings.policies])
        var configuration = GatewayCore.Configuration(dataDirectory: settings.data)
        configuration.issuer = settings.issuer
        configuration.tokenTTL = settings.tokenTTL
        configuration.policyPaths = [settings.policies]
        configuration.logger = Logger(label: "warden.gateway")
        configuration.decisionDurability = settings.decisionDurability
        configuration.governance = settings.governance
        let core = try GatewayCore(configuration: configuration, engine: engine)

        var serverConfiguration = RPCServer.Configuration(host: settings.host, port: settings.port)
        if let cert = settings.tlsCert, let key = settings.tlsKey { serverConfiguration.tls = (cert, key) }
        serverConfiguration.logger = Logger(label: "warden.rpc")
        let server = RPCServer(configuration: serverConfiguration, routes: .warden(core))

        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [
                .init(service: RPCServerService(server: server, settings: settings, policyCount: engine.policies.count)),
                .init(service: ReloadService(core: core, logger: logger)),
                .init(service: ApprovalExpiryService(core: core)),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}

/// The settings `serve` runs with, from flags over the config file over defaults.
struct ServeSettings {
    var host = "127.0.0.1"
    var port = 50051
    var data = ".warden"
    var policies: String
    var issuer = "warden"
    var tokenTTL: Int64 = 3600
    var tlsCert: String?
    var tlsKey: String?
    var decisionDurability = AuditDurability.normal
    var governance = GovernanceConfiguration()

    static func resolve(command c: ServeCommand) throws -> ServeSettings {
        var file: [String: String] = [:]
        var sections: [String: Node] = [:]
        if let path = c.config { (file, sections) = try readConfig(path) }
        let data = c.data ?? file["data"] ?? ".warden"
        var s = ServeSettings(data: data, policies: c.policies ?? file["policies"] ?? (data as NSString).appendingPathComponent("policies"))
        let listen = c.listen ?? file["listen"] ?? "127.0.0.1:50051"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw CLIError("--listen '\(listen)' is not host:port")
        }
        s.host = String(listen[..<colon])
        s.port = port
        guard s.host.split(separator: ".").count == 4, s.host.split(separator: ".").allSatisfy({ UInt8($0) != nil }) else {
            throw CLIError("--listen host '\(s.host)' must be an IPv4 address such as 127.0.0.1 or 0.0.0.0")
        }
        if let issuer = file["issuer"] { s.issuer = issuer }
        if let ttl = c.tokenTTL ?? file["token_ttl_seconds"].flatMap({ Int64($0) }) {
            guard ttl >= 60, ttl <= 86_400 * 30 else { throw CLIError("token TTL must be between 60 seconds and 30 days, got \(ttl)") }
            s.tokenTTL = ttl
        } else if file["token_ttl_seconds"] != nil {
            throw CLIError("config token_ttl_seconds must be an integer")
        }
        s.tlsCert = c.tlsCert ?? file["tls_cert"]
        s.tlsKey = c.tlsKey ?? file["tls_key"]
        if let mode = c.decisionDurability ?? file["decision_durability"] {
            guard let durability = AuditDurability(rawValue: mode) else {
                throw CLIError("decision durability must be 'normal' or 'full', got '\(mode)'")
            }
            s.decisionDurability = durability
        }
        if let path = c.config { s.governance = try GovernanceSettings.parse(sections, file: path) }
        if (s.tlsCert == nil) != (s.tlsKey == nil) { throw CLIError("--tls-cert and --tls-key go together") }
        for path in [s.tlsCert, s.tlsKey].compactMap({ $0 }) where !FileManager.default.fileExists(atPath: path) {
            throw CLIError("TLS file '\(path)' does not exist")
        }
        return s
    }

    /// A YAML map of known keys: single values, plus the governance sections (returned as
    /// nodes for `GovernanceSettings`); unknown keys are errors.
    static func readConfig(_ path: String) throws -> ([String: String], [String: Node]) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CLIError("cannot read config file '\(path)'")
        }
        let known = ["listen", "data", "policies", "issuer", "token_ttl_seconds", "tls_cert", "tls_key", "decision_durability"]
            + GovernanceSettings.sections
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw CLIError("config file '\(path)' is not valid YAML: \(error)") }
        guard let mapping = node?.mapping else { throw CLIError("config file '\(path)' must be a map of settings") }
        var out: [String: String] = [:]
        var sections: [String: Node] = [:]
        for (k, v) in mapping {
            guard let key = k.string else { throw CLIError("config file '\(path)': keys must be strings") }
            guard known.contains(key) else {
                throw CLIError("config file '\(path)': unknown key '\(key)' (expected one of: \(known.joined(separator: ", ")))")
            }
            if GovernanceSettings.sections.contains(key) {
                sections[key] = v
                continue
            }
            guard let value = v.scalar?.string else { throw CLIError("config file '\(path)': \(key) must be a single value") }
            out[key] = value
        }
        return (out, sections)
    }
}

/// Runs the gRPC server as a `Service`: prints where it listens once bound (so scripts using
/// port 0 can read it), and on graceful shutdown lets in-flight calls finish.
struct RPCServerService: Service {
    let server: RPCServer
    let settings: ServeSettings
    let policyCount: Int

    func run() async throws {
        let address = try await server.start()
        let text = "\(address.ipAddress ?? settings.host):\(address.port ?? settings.port)"
        Console.out("warden gateway listening on \(text) (\(settings.tlsCert == nil ? "plaintext" : "TLS")), data \(settings.data), \(policyCount) policies from \(settings.policies)")
        try? await gracefulShutdown()
        await server.shutdown(grace: .seconds(10))
    }
}

/// Expires pending approvals whose time is up, once a second, until shutdown.
struct ApprovalExpiryService: Service {
    let core: GatewayCore

    func run() async throws {
        await cancelWhenGracefulShutdown { await core.approvals.runExpiry() }
    }
}

/// SIGHUP: reload policies (keeping the old set when the new one is invalid) and signing keys.
struct ReloadService: Service {
    let core: GatewayCore
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            switch core.reloadPolicies() {
            case .success(let summaries):
                logger.info("policies reloaded", metadata: ["policy.count": "\(summaries.count)"])
            case .failure(let error):
                let diagnostics = error.diagnostics
                for d in diagnostics { logger.error("policy reload rejected", metadata: ["policy.error": "\(d)"]) }
                logger.error("policy reload rejected; the previous policies stay in force", metadata: ["policy.errors": "\(diagnostics.count)"])
            }
            do { try core.reloadKeys() } catch {
                logger.error("signing key reload failed; the current keys stay in use", metadata: ["error": "\(error.message)"])
            }
        }
    }
}
