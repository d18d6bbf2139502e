import ArgumentParser
import Foundation

/// `warden mcp-proxy`: a stdio proxy in front of an MCP server that gates its tool calls.
struct MCPProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp-proxy",
        abstract: "Run an MCP server behind Warden: every tools/call is decided by policy first.",
        usage: "warden mcp-proxy [--policies <dir> | --gateway <host:port>] [--server-name <name>] [--pins <file>] [--approval-timeout <seconds>] -- <command> [<argument> ...]",
        discussion: """
            Starts the MCP server given after -- as a child process and speaks MCP's stdio \
            transport (one JSON-RPC 2.0 message per line) between it and the client on this \
            process's stdin and stdout. The server's stderr is this process's stderr, where \
            the proxy also reports what it does (lines start with "warden mcp-proxy:"). Point \
            an MCP client at the proxy instead of the server, e.g. in a client's config: \
            "command": "warden", "args": ["mcp-proxy", "--server-name", "github", "--", "npx", \
            "-y", "@modelcontextprotocol/server-github"].

            Every message passes through unchanged, in order, except:

            tools/call. A client's tools/call becomes the Warden action mcp.<server>.<tool> \
            with the call's arguments as params (policies match it like any action: \
            "mcp.github.*", "mcp.*.delete_*"). <server> is --server-name, else the serverInfo.name \
            of the server's initialize reply, lowercased, with every run of characters other \
            than a-z, 0-9 and - turned into one _ ("Demo Server/v2" is demo_server_v2). <tool> \
            is the tool's name with characters other than A-Z, a-z, 0-9, _, - and . turned into \
            _. allow: the call is forwarded. deny: the server never sees it; the client gets a \
            result for the same id, {"content":[{"type":"text","text":"Denied by Warden: \
            <reason>"}],"isError":true}, which the model reads as a failed tool call. \
            require_approval: with a gateway, the proxy waits for a human (`warden approvals \
            approve apr_...`) up to --approval-timeout, then asks again (an approved action is \
            allowed once) and forwards the call if that is allowed; rejected, expired or timed \
            out is a deny. Without a gateway there is nobody to ask: deny, saying so. While a \
            call is held back, later messages flow on (they may reach the server before it). \
            A client's notifications/cancelled for a held call drops it. Any \
            failure inside the proxy (an unreachable gateway, an unreadable pins file) denies \
            the call with the reason: the proxy fails closed.

            tools/list. The proxy reads the server's replies to the client's tools/list. Each \
            tool's title, description and every string in its inputSchema and outputSchema is \
            scanned for prompt injection (WardenDetect, as `warden scan --only injection`); a \
            poisoned tool is reported here and its calls are denied, naming the injection kinds. \
            Each definition (name, description and inputSchema, as canonical JSON: keys sorted, \
            no whitespace) is hashed (SHA-256) and pinned in the pins file the first time it is \
            seen (trust on first use). If a later definition differs from its pin (a "rug \
            pull": the tool you approved is not the tool you get), the proxy reports it, records \
            the new definition as pending next to the pin, and denies the tool's calls until \
            `warden mcp-pins approve SERVER TOOL` accepts it (approving a tool by name also \
            accepts an injection finding you judge a false positive). A call of a tool the \
            proxy has not seen listed in this session (or since the server announced \
            notifications/tools/list_changed) makes the proxy fetch the list itself first (its \
            own request and the reply never reach the client).

            With a gateway, each forwarded tools/call is recorded as a tool_call event (the \
            action type and the arguments, linked to its decision) and its answer as a \
            tool_result event (is_error, duration) - best effort, in the background: a gateway \
            that cannot record never delays or stops a call.

            Lines that are not valid JSON are forwarded unchanged, except a client line that \
            could still be read as a tools/call by a lenient parser (duplicate keys, escapes, \
            NaN): that one is answered with a JSON-RPC parse error instead, so that nothing \
            reaches the server unchecked. A JSON-RPC batch with a tools/call in it is split into \
            single messages. Lines may be any length.

            Life cycle: when the server exits, the proxy exits with its status (128 + signal \
            when a signal ended it). When the client closes our stdin, the proxy lets held calls \
            finish, closes the server's stdin and waits for it to exit. SIGINT, SIGTERM and \
            SIGHUP are passed on to the server.

            Decisions come from --policies DIR (the engine in-process; default \
            $WARDEN_POLICIES, else .warden/policies) or from a gateway: --gateway host:port or \
            $WARDEN_GATEWAY, with an agent token in $WARDEN_AGENT_TOKEN or \
            $WARDEN_AGENT_TOKEN_FILE (`warden register` writes one), --tls or \
            WARDEN_GATEWAY_TLS=1. Only a gateway does approvals, rate limits, budgets and the \
            audit log.

            Examples:
              warden mcp-proxy --policies .warden/policies -- python3 server.py
              warden mcp-proxy --gateway 127.0.0.1:50051 --server-name fs -- mcp-server-fs /srv
              warden mcp-pins list
            """)

    @OptionGroup var decisions: DecisionSourceOptions

    @Option(name: .customLong("server-name"),
            help: ArgumentHelp("The server's name in action types (default: serverInfo.name from its initialize reply).", valueName: "name"))
    var serverName: String?

    @Option(help: ArgumentHelp("The pins file (created mode 0600).", valueName: "file"))
    var pins: String = ".warden/mcp-pins.json"

    @Option(name: .customLong("approval-timeout"),
            help: ArgumentHelp("How long a call that needs approval waits for it at the gateway (1-86400).", valueName: "seconds"))
    var approvalTimeout: Int = 300

    @Argument(parsing: .postTerminator,
              help: ArgumentHelp("After --: the command that starts the MCP server, and its arguments.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError("no MCP server command: put the command that starts the server after --, e.g. `warden mcp-proxy --policies .warden/policies -- python3 server.py`")
        }
        guard !command[0].isEmpty else { throw ValidationError("the MCP server command after -- is empty") }
        guard (1...86_400).contains(approvalTimeout) else {
            throw ValidationError("--approval-timeout must be 1 to 86400 seconds, got \(approvalTimeout)")
        }
        if let serverName, serverName.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--server-name must not be empty")
        }
        guard !pins.isEmpty else { throw ValidationError("--pins must name a file") }
    }

    func run() async throws {
        var status: Int32 = 0
        try await reportingAsyncErrors {
            let source = try DecisionSource.resolve(policies: decisions.policies, gateway: decisions.gateway, tls: decisions.tls)
            let pinsFile = MCPPinsFile(path: pins)
            _ = try pinsFile.load()  // a broken pins file stops the proxy here, not at the first call
            // A client or server that goes away must show up as a failed write, not kill the proxy.
            signal(SIGPIPE, SIG_IGN)
            let child = try MCPChildProcess.spawn(command)
            let proxy = MCPProxy(
                configuration: MCPProxyConfiguration(
                    serverName: serverName.map(MCPNames.server), pinsPath: pins, approvalTimeout: .seconds(approvalTimeout)),
                source: source,
                toServer: MCPLineWriter(fd: child.input, closesDescriptor: true),
                toClient: MCPLineWriter(fd: STDOUT_FILENO, closesDescriptor: false))
            let signals = Self.forwardSignals(to: child.pid)
            Self.thread("warden-mcp-client") {
                MCPLineReader.run(fd: STDIN_FILENO) { line, terminated in proxy.fromClient(line, terminated: terminated) }
                proxy.clientClosed()
            }
            Self.thread("warden-mcp-server") {
                MCPLineReader.run(fd: child.output, progress: proxy.serverProgress) { line, terminated in
                    proxy.fromServer(line, terminated: terminated)
                }
                proxy.serverClosed()
            }
            status = await child.exitStatus()
            await proxy.waitForServerOutput(idle: .seconds(2))
            await proxy.recorder?.finish(atMost: .seconds(3))
            withExtendedLifetime(signals) {}
        }
        throw ExitCode(status)
    }

    private static func thread(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let t = Thread(block: body)
        t.name = name
        t.start()
    }

    private static func forwardSignals(to pid: pid_t) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { kill(pid, number) }
            source.resume()
            return source
        }
    }
}
