import Foundation
import Synchronization
import WardenPolicy
import WardenProto

/// The MCP gating proxy's settings (see `warden mcp-proxy --help`).
struct MCPProxyConfiguration: Sendable {
    /// The server's name for action types, already normalised (`MCPNames.server`); nil means
    /// the name from the server's `initialize` (or `server/discover`) reply.
    var serverName: String?
    /// The pins file.
    var pinsPath: String
    /// How long a `tools/call` that needs approval waits for it at the gateway.
    var approvalTimeout: Duration
    /// How long the proxy waits for the server to answer a `tools/list` it sends itself.
    var listTimeout: Duration = .seconds(30)
}

/// One proxy session: routes the client's lines to the server and back, gating `tools/call`
/// requests and inspecting `tools/list` replies on the way.
///
/// Two threads feed it (`fromClient` with each line of our stdin, `fromServer` with each line of
/// the server's stdout), each in order; a `tools/call` that needs asynchronous work (a gateway
/// decision, an approval, a `tools/list` the proxy has to fetch first) is held back in a task
/// while later lines flow on. Everything else passes through as the original bytes.
final class MCPProxy: Sendable {
    let configuration: MCPProxyConfiguration
    let source: DecisionSource
    let pins: MCPPinsFile
    let toServer: MCPLineWriter
    let toClient: MCPLineWriter
    let recorder: MCPEventRecorder?
    private let state: Mutex<State>
    /// Entered for every held-back `tools/call`; the client's end of input waits for them.
    private let held = DispatchGroup()
    /// Signalled when the server's stdout reaches end of file.
    private let serverDrained = DispatchSemaphore(value: 0)
    /// How far reading the server's stdout has got (see `waitForServerOutput`).
    let serverProgress = MCPReaderProgress()
    /// Makes the proxy's own request ids unlike any a client would choose.
    private let idPrefix = "warden-mcp-proxy-\(UInt32.random(in: 0...UInt32.max))"

    private enum ClientRequest {
        case handshake, toolsList
    }

    private struct ForwardedCall {
        var actionType: String
        var decisionID: String?
        var started: ContinuousClock.Instant
    }

    private struct State {
        var serverName: String?
        /// The client's initialize / server/discover / tools/list requests, by id, until answered.
        var clientRequests: [PolicyValue: ClientRequest] = [:]
        /// The proxy's own requests to the server, by id, until answered.
        var internalRequests: [PolicyValue: CheckedContinuation<MCPMessage?, Never>] = [:]
        /// Forwarded tools/call requests, by id, until answered (for the gateway's events).
        var forwardedCalls: [PolicyValue: ForwardedCall] = [:]
        /// The tool definitions seen in this session (cleared when the server says its list changed).
        var tools: [MCPToolKey: MCPToolDefinition] = [:]
        /// Tools whose pin could not be written: their calls are denied with this reason.
        var pinErrors: [MCPToolKey: String] = [:]
        /// Held-back tools/call ids, and those of them the client cancelled.
        var heldCalls: Set<PolicyValue> = []
        var cancelledCalls: Set<PolicyValue> = []
        /// The tools/list the proxy is fetching itself, shared by the calls waiting for it.
        var listFetch: Task<String?, Never>?
        /// Held calls waiting for the reply to the client's initialize (a client that does not
        /// wait for it before calling): resumed with the server's name, or nil.
        var nameWaiters: [CheckedContinuation<String?, Never>] = []
        var nextInternalID = 0
        var isServerClosed = false

        var isHandshakePending: Bool { clientRequests.values.contains { if case .handshake = $0 { true } else { false } } }
        /// What was reported on stderr already (once per session).
        var reported: Set<String> = []
    }

    init(configuration: MCPProxyConfiguration, source: DecisionSource, toServer: MCPLineWriter, toClient: MCPLineWriter) {
        self.configuration = configuration
        self.source = source
        pins = MCPPinsFile(path: configuration.pinsPath)
        self.toServer = toServer
        self.toClient = toClient
        if case .gateway(let agent) = source {
            recorder = MCPEventRecorder(agent: agent)
        } else {
            recorder = nil
        }
        state = Mutex(State(serverName: configuration.serverName))
    }

    static func report(_ message: String) {
        FileHandle.standardError.write(Data("warden mcp-proxy: \(message)\n".utf8))
    }

    private func reportOnce(_ key: String, _ message: String) {
        if state.withLock({ $0.reported.insert(key).inserted }) { Self.report(message) }
    }

    // MARK: - Client to server

    /// One line from the client (our stdin).
    func fromClient(_ line: ArraySlice<UInt8>, terminated: Bool) {
        guard MCPMessage.mayMention(MCPMethod.fromClient, in: line) else {
            toServer.write(line, terminated: terminated)
            return
        }
        let text = String(decoding: line, as: UTF8.self)
        let message = MCPMessage(line: text)
        switch message {
        case .invalid(let why):
            if MCPMessage.mightHideToolCall(text) {
                Self.report("refused a client line that is not valid JSON but could be read as a tools/call by a lenient parser (\(why))")
                toClient.write(MCPReply.error(id: .null, code: -32700, message: "Parse error: Warden refused a line that is not valid JSON (\(why))"))
            } else {
                toServer.write(line, terminated: terminated)
            }
        case .batch(let items) where message.containsToolCall:
            // Each element on its own line, so that a denied call can be answered by itself.
            for item in items {
                if let value = item.jsonValue {
                    handleFromClient(item, raw: Array(value.jsonText.utf8), terminated: true)
                } else {
                    toClient.write(MCPReply.error(id: .null, code: -32600, message: "Invalid Request: a batch element is not a JSON-RPC message"))
                }
            }
        case .batch(let items):
            for item in items { track(item) }
            toServer.write(line, terminated: terminated)
        default:
            handleFromClient(message, raw: Array(line), terminated: terminated)
        }
    }

    private func handleFromClient(_ message: MCPMessage, raw: [UInt8], terminated: Bool) {
        switch message {
        case .request(let id, MCPMethod.toolsCall, let params):
            gate(MCPCall(id: id, params: params, raw: raw, terminated: terminated))
        case .notification(MCPMethod.toolsCall, let params):
            gate(MCPCall(id: nil, params: params, raw: raw, terminated: terminated))
        default:
            track(message)
            toServer.write(raw, terminated: terminated)
        }
    }

    /// Remembers the client requests whose replies the proxy reads, and cancellations of held calls.
    private func track(_ message: MCPMessage) {
        switch message {
        case .request(let id, let method, _) where method == MCPMethod.initialize || method == MCPMethod.discover:
            state.withLock { $0.clientRequests[id] = .handshake }
        case .request(let id, MCPMethod.toolsList, _):
            state.withLock { $0.clientRequests[id] = .toolsList }
        case .notification(MCPMethod.cancelled, let params):
            if let id = params?["requestId"] {
                state.withLock { s in
                    if s.heldCalls.contains(id) { s.cancelledCalls.insert(id) }
                }
            }
        default:
            break
        }
    }

    /// The client's input ended: wait for the held-back calls, then close the server's stdin.
    func clientClosed() {
        held.wait()
        toServer.close()
    }

    // MARK: - Server to client

    /// One line from the server (its stdout).
    func fromServer(_ line: ArraySlice<UInt8>, terminated: Bool) {
        let waiting = state.withLock { !$0.clientRequests.isEmpty || !$0.internalRequests.isEmpty || !$0.forwardedCalls.isEmpty }
        // Reading every line would cost the big ones (resource contents) a parse for nothing.
        guard waiting || MCPMessage.mayMention(MCPMethod.fromServer, in: line, escapesCount: false) else {
            toClient.write(line, terminated: terminated)
            return
        }
        let message = MCPMessage(line: String(decoding: line, as: UTF8.self))
        switch message {
        case .response(let id, _, _):
            if let continuation = state.withLock({ $0.internalRequests.removeValue(forKey: id) }) {
                continuation.resume(returning: message)
                return  // the proxy's own request: the client never asked
            }
            observe(message)
        case .batch(let items):
            for item in items { observe(item) }
        default:
            observe(message)
        }
        toClient.write(line, terminated: terminated)
    }

    private func observe(_ message: MCPMessage) {
        switch message {
        case .response(let id, let result, let error):
            let (request, call) = state.withLock { s in (s.clientRequests.removeValue(forKey: id), s.forwardedCalls.removeValue(forKey: id)) }
            switch request {
            case .handshake?: learnServerName(result)
            case .toolsList?: inspect(result)
            case nil: break
            }
            if let call, let recorder {
                var event = Warden_V1_Event()
                event.decisionID = call.decisionID ?? ""
                event.toolResult.tool = call.actionType
                event.toolResult.isError = error != nil || result?["isError"] == .bool(true)
                event.toolResult.durationMs = Int64(((ContinuousClock.now - call.started) / .milliseconds(1)).rounded())
                recorder.record(event)
            }
        case .notification(MCPMethod.toolsListChanged, _):
            // Forget what was seen: the next call of a tool the client has not listed again makes
            // the proxy fetch the list itself.
            state.withLock { $0.tools.removeAll() }
        default:
            break
        }
    }

    /// The server's stdout ended: nothing the proxy asked for will be answered.
    func serverClosed() {
        let waiting = state.withLock { s in
            s.isServerClosed = true
            let w = Array(s.internalRequests.values)
            s.internalRequests.removeAll()
            return w
        }
        for c in waiting { c.resume(returning: nil) }
        wakeNameWaiters()
        serverDrained.signal()
    }

    /// Waits for the server's stdout to reach end of file, so that everything the server wrote
    /// reaches the client; gives up once nothing has been read or delivered for `idle` (after
    /// the server exited, a process it started may hold its stdout open without writing).
    func waitForServerOutput(idle: Duration) async {
        let semaphore = serverDrained
        let progress = serverProgress
        let idleSeconds = Double(idle.components.seconds)
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                var last = progress.ticks
                var quietSince = Date()
                while semaphore.wait(timeout: .now() + 0.1) == .timedOut {
                    let now = progress.ticks
                    if now != last || progress.isDelivering {
                        last = now
                        quietSince = Date()
                    } else if Date().timeIntervalSince(quietSince) >= idleSeconds {
                        break
                    }
                }
                c.resume()
            }
        }
    }

    // MARK: - What the server says about itself and its tools

    private func learnServerName(_ result: PolicyValue?) {
        defer { wakeNameWaiters() }
        guard configuration.serverName == nil else { return }
        let raw = result?["serverInfo"]?["name"]?.stringValue
            ?? result?["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"]?.stringValue
        guard let raw, !raw.isEmpty else {
            reportOnce("no-name", "the server's reply to initialize names no serverInfo.name: tools/call is denied until the proxy runs with --server-name NAME")
            return
        }
        let name = MCPNames.server(raw)
        let learned = state.withLock { s -> Bool in
            guard s.serverName == nil else { return false }
            s.serverName = name
            return true
        }
        if learned { Self.report("MCP server '\(raw)': its tools are the actions mcp.\(name).<tool>") }
    }

    /// Resumes the calls waiting for the handshake once none is pending any more.
    private func wakeNameWaiters() {
        let (waiters, name) = state.withLock { s -> ([CheckedContinuation<String?, Never>], String?) in
            guard s.serverName != nil || !s.isHandshakePending || s.isServerClosed else { return ([], nil) }
            let w = s.nameWaiters
            s.nameWaiters.removeAll()
            return (w, s.serverName)
        }
        for w in waiters { w.resume(returning: name) }
    }

    /// The server's name, waiting (at most the list timeout) for a pending initialize reply.
    private func serverName() async -> String? {
        let timeout = configuration.listTimeout
        return await withCheckedContinuation { (c: CheckedContinuation<String?, Never>) in
            let known = state.withLock { s -> String?? in
                if let name = s.serverName { return .some(name) }
                guard s.isHandshakePending, !s.isServerClosed else { return .some(nil) }
                s.nameWaiters.append(c)
                return nil
            }
            if let known {
                c.resume(returning: known)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                // Still waiting: give up on the handshake (the caller denies).
                let waiters = self.state.withLock { s -> [CheckedContinuation<String?, Never>] in
                    let w = s.nameWaiters
                    s.nameWaiters.removeAll()
                    return w
                }
                for w in waiters { w.resume(returning: nil) }
            }
        }
    }

    /// Scans, pins and remembers the tools of one `tools/list` reply (or page), and reports
    /// poisoned and changed ones.
    private func inspect(_ result: PolicyValue?) {
        guard case .array(let list)? = result?["tools"] else { return }
        let definitions = list.compactMap { MCPToolDefinition(tool: $0, scanner: MCPInjection.scanner) }
        guard let server = state.withLock({ $0.serverName }) else {
            reportOnce("no-name-list", "cannot pin the server's tools: its name is not known (no initialize reply with serverInfo.name); run the proxy with --server-name NAME")
            return
        }
        var observations: [(MCPToolDefinition, MCPPins.Observation, MCPPins.Entry?)] = []
        var pinError: String?
        do {
            let now = MCPPinsFile.timestamp()
            observations = try pins.update { p in
                definitions.map { d in
                    let o = p.observe(d, server: server, at: now)
                    return (d, o, p.entry(server: server, tool: d.name))
                }
            }
        } catch {
            pinError = "cannot record the tool's pin: \(error); denied (fail closed)"
            Self.report("cannot record the pins of MCP server '\(server)' in \(configuration.pinsPath): \(error)")
        }
        state.withLock { s in
            for d in definitions {
                let key = MCPToolKey(d.name)
                s.tools[key] = d
                if let pinError { s.pinErrors[key] = pinError } else { s.pinErrors[key] = nil }
            }
        }
        let pinned = observations.filter { $0.1 == .pinnedNow }.map(\.0.name)
        if !pinned.isEmpty {
            Self.report("pinned \(pinned.count) new tool\(pinned.count == 1 ? "" : "s") of MCP server '\(server)' in \(configuration.pinsPath) (trust on first use): \(pinned.joined(separator: ", "))")
        }
        for (d, observation, entry) in observations {
            if case .changed(let was) = observation {
                reportOnce("changed:\(d.name):\(d.sha256)", "the definition of tool '\(d.name)' of MCP server '\(server)' changed since it was pinned (possible rug pull: sha256 \(was.prefix(12))… pinned, \(d.sha256.prefix(12))… now); its calls are denied until you review it (`warden mcp-pins list \(server) \(d.name)`) and accept it (`warden mcp-pins approve \(server) \(d.name)`)")
            }
            if let injection = d.injection, !(entry?.sha256 == d.sha256 && entry?.injectionAccepted == true) {
                reportOnce("poisoned:\(d.name):\(d.sha256)", "tool '\(d.name)' of MCP server '\(server)' looks poisoned: prompt injection in its definition (\(injection.summary)); its calls are denied (if this is a false positive: `warden mcp-pins approve \(server) \(d.name)`)")
            }
        }
    }

    // MARK: - Gating tools/call

    private enum Verdict {
        case forward(actionType: String, decisionID: String?)
        case deny(String)
    }

    private enum DefinitionGate {
        case pass
        case refuse(String)
        /// The proxy has not seen this tool's definition (in this session, since the last change).
        case unknown
    }

    private func gate(_ call: MCPCall) {
        if let verdict = decideNow(call) {
            apply(verdict, to: call)
            return
        }
        held.enter()
        if let id = call.id { state.withLock { _ = $0.heldCalls.insert(id) } }
        Task {
            let verdict = await self.decide(call)
            self.apply(verdict, to: call)
            if let id = call.id { self.state.withLock { s in s.heldCalls.remove(id); s.cancelledCalls.remove(id) } }
            self.held.leave()
        }
    }

    /// The verdict when it can be reached at once (a local decision about a tool already seen),
    /// else nil.
    private func decideNow(_ call: MCPCall) -> Verdict? {
        if call.problem == nil, state.withLock({ $0.serverName == nil && $0.isHandshakePending }) { return nil }
        let (server, problem) = precheck(call)
        if let problem { return .deny(problem) }
        switch definitionGate(call.tool, server: server!) {
        case .refuse(let reason): return .deny(reason)
        case .unknown: return nil
        case .pass: break
        }
        guard let decision = source.decideNow(call.action(server: server!)) else { return nil }
        return verdict(decision, call: call, server: server!)
    }

    private func decide(_ call: MCPCall) async -> Verdict {
        if call.problem == nil { _ = await serverName() }
        let (server, problem) = precheck(call)
        if let problem { return .deny(problem) }
        var gate = definitionGate(call.tool, server: server!)
        if case .unknown = gate {
            if let error = await fetchToolList(meta: call.meta) {
                return .deny("cannot read the definition of tool '\(call.tool)' of MCP server '\(server!)': \(error); denied (fail closed)")
            }
            gate = definitionGate(call.tool, server: server!)
        }
        switch gate {
        case .refuse(let reason): return .deny(reason)
        case .unknown: return .deny("tool '\(call.tool)' is not in the tools/list of MCP server '\(server!)'; a tool the proxy has not inspected cannot be called")
        case .pass: break
        }
        let action = call.action(server: server!)
        let decision = await source.check(action)
        guard decision.outcome == .requireApproval, case .gateway(let agent) = source else {
            return verdict(decision, call: call, server: server!)
        }
        guard let approvalID = decision.approvalID else {
            return .deny("\(decision.reason) (approval required, but the gateway named no approval to wait for)")
        }
        let seconds = configuration.approvalTimeout.components.seconds
        Self.report("\(action.type) needs approval (\(decision.reason)): waiting up to \(seconds) s for \(approvalID); approve it with `warden approvals approve \(approvalID)`")
        guard let approval = await agent.waitForApproval(approvalID, timeout: configuration.approvalTimeout) else {
            return .deny("\(decision.reason) (approval \(approvalID) was not given within \(seconds) s)")
        }
        let by = approval.decidedBy.isEmpty ? "" : " by \(approval.decidedBy)"
        let note = approval.note.isEmpty ? "" : " (\(approval.note))"
        switch approval.state {
        case .approved:
            // An approved action is allowed once: ask again, which uses the grant.
            let again = await source.check(action)
            if again.outcome == .allow { return .forward(actionType: action.type, decisionID: again.decisionID) }
            return .deny("approval \(approvalID) was given\(by), but the retry was not allowed: \(again.reason)")
        case .rejected:
            return .deny("\(decision.reason) (approval \(approvalID) was rejected\(by)\(note))")
        case .expired:
            return .deny("\(decision.reason) (approval \(approvalID) expired before anyone decided)")
        default:
            return .deny("\(decision.reason) (approval \(approvalID) ended in state \(approval.state))")
        }
    }

    /// The server name, or why the call cannot be decided at all.
    private func precheck(_ call: MCPCall) -> (String?, String?) {
        if let problem = call.problem { return (nil, problem) }
        guard let server = state.withLock({ $0.serverName }) else {
            return (nil, "the MCP server's name is not known (no initialize reply with serverInfo.name was seen), so its tools have no action type; run the proxy with --server-name NAME")
        }
        return (server, nil)
    }

    private func verdict(_ decision: IntegrationDecision, call: MCPCall, server: String) -> Verdict {
        switch decision.outcome {
        case .allow: return .forward(actionType: MCPNames.actionType(server: server, tool: call.tool), decisionID: decision.decisionID)
        case .deny: return .deny(decision.reason)
        case .requireApproval:
            return .deny("\(decision.reason) (this call needs approval, and no Warden gateway is configured to ask for it: run the proxy with --gateway ADDR or WARDEN_GATEWAY)")
        }
    }

    /// The pin and injection checks for a tool whose definition was seen; the pin is read from
    /// the file again, since `warden mcp-pins approve` (or `forget`) may have changed it.
    private func definitionGate(_ tool: String, server: String) -> DefinitionGate {
        let key = MCPToolKey(tool)
        let (seen, pinError) = state.withLock { ($0.tools[key], $0.pinErrors[key]) }
        guard let definition = seen else { return .unknown }
        if let pinError { return .refuse(pinError) }
        do {
            var current = try pins.load()
            if current.entry(server: server, tool: tool) == nil {
                // Forgotten while the proxy ran: trust on first use again.
                let now = MCPPinsFile.timestamp()
                current = try pins.update { p in
                    _ = p.observe(definition, server: server, at: now)
                    return p
                }
                Self.report("pinned tool '\(tool)' of MCP server '\(server)' again in \(configuration.pinsPath) (its pin was forgotten)")
            }
            if let reason = current.refusal(for: definition, server: server) { return .refuse(reason) }
            return .pass
        } catch {
            return .refuse("cannot check the pin of tool '\(tool)': \(error); denied (fail closed)")
        }
    }

    private func apply(_ verdict: Verdict, to call: MCPCall) {
        if let id = call.id, state.withLock({ $0.cancelledCalls.contains(id) }) {
            Self.report("dropped tools/call \(id.jsonText) of '\(call.tool)': the client cancelled it while it was held")
            return
        }
        switch verdict {
        case .forward(let actionType, let decisionID):
            if let recorder {
                if let id = call.id {
                    state.withLock { $0.forwardedCalls[id] = ForwardedCall(actionType: actionType, decisionID: decisionID, started: .now) }
                }
                var event = Warden_V1_Event()
                event.decisionID = decisionID ?? ""
                event.toolCall.tool = actionType
                event.toolCall.argumentsJson = PolicyValue.object(call.arguments).jsonText
                recorder.record(event)
            }
            toServer.write(call.raw, terminated: call.terminated)
        case .deny(let reason):
            let name = state.withLock { $0.serverName }.map { MCPNames.actionType(server: $0, tool: call.tool) } ?? "tools/call '\(call.tool)'"
            Self.report("denied \(name): \(reason)")
            if let id = call.id { toClient.write(MCPReply.denied(id: id, reason: reason, modern: call.isModern)) }
        }
    }

    // MARK: - The proxy's own tools/list

    /// Fetches the server's whole tool list (every page) and inspects it; nil on success, else
    /// what went wrong. Concurrent callers share one fetch.
    private func fetchToolList(meta: PolicyValue?) async -> String? {
        let task = state.withLock { s -> Task<String?, Never> in
            if let running = s.listFetch { return running }
            let t = Task { await self.runListFetch(meta: meta) }
            s.listFetch = t
            return t
        }
        let result = await task.value
        state.withLock { s in if s.listFetch == task { s.listFetch = nil } }
        return result
    }

    private func runListFetch(meta: PolicyValue?) async -> String? {
        var cursor: PolicyValue?
        for _ in 0..<100 {
            var params: [String: PolicyValue] = [:]
            if let cursor { params["cursor"] = cursor }
            // The client's _meta carries what a 2026-era server needs on every request (protocol
            // version, client info); a progress token is the client's own and stays out.
            if case .object(var m)? = meta {
                m["progressToken"] = nil
                if !m.isEmpty { params["_meta"] = .object(m) }
            }
            guard let reply = await request(MCPMethod.toolsList, params: .object(params)),
                  case .response(_, let result, let error) = reply else {
                return "the server did not answer the proxy's tools/list within \(configuration.listTimeout.components.seconds) s"
            }
            if let error { return "the server answered the proxy's tools/list with an error: \(String(error.jsonText.prefix(300)))" }
            inspect(result)
            guard let next = result?["nextCursor"], next != .null else { return nil }
            cursor = next
        }
        return "the server's tools/list has more than 100 pages"
    }

    /// Sends a request of the proxy's own; nil when the server does not answer in time.
    private func request(_ method: String, params: PolicyValue) async -> MCPMessage? {
        let id = state.withLock { s -> PolicyValue in
            s.nextInternalID += 1
            return .string("\(idPrefix)-\(s.nextInternalID)")
        }
        let timeout = configuration.listTimeout
        return await withCheckedContinuation { continuation in
            let closed = state.withLock { s -> Bool in
                if s.isServerClosed { return true }
                s.internalRequests[id] = continuation
                return false
            }
            if closed {
                continuation.resume(returning: nil)
                return
            }
            if !toServer.write(MCPReply.request(id: id, method: method, params: params)) {
                resolve(id, with: nil)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                self.resolve(id, with: nil)
            }
        }
    }

    private func resolve(_ id: PolicyValue, with message: MCPMessage?) {
        if let c = state.withLock({ $0.internalRequests.removeValue(forKey: id) }) { c.resume(returning: message) }
    }
}
