#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import GRPCCore
import GRPCNIOTransportHTTP2
import SwiftProtobuf
import Synchronization
import WardenClient
import WardenFFI
import WardenPolicy
import WardenProto

// The gateway half of the C ABI: a gRPC client (grpc-swift-2 over HTTP/2) for SDKs that have no
// gRPC library of their own. Calls block the calling thread until the answer or the timeout.

/// One connection to a gateway, with the agent token its calls present.
final class GatewayClient: Sendable {
    let address: String
    let client: GRPCClient<HTTP2ClientTransport.Posix>
    let gateway: Warden_V1_Gateway.Client<HTTP2ClientTransport.Posix>
    let timeout: Duration
    let failOpen: Bool
    let token = Mutex<String?>(nil)
    let runner: Task<Void, Never>

    init(address: String, useTLS: Bool, timeout: Duration, failOpen: Bool) throws(FFIError) {
        let transport: HTTP2ClientTransport.Posix
        do { transport = try WardenConnection.transport(.init(address: address, useTLS: useTLS)) } catch {
            throw FFIError(.invalidArgument, "\(error)")
        }
        let client = GRPCClient(transport: transport)
        self.client = client
        self.address = address
        self.gateway = Warden_V1_Gateway.Client(wrapping: client)
        self.timeout = timeout
        self.failOpen = failOpen
        self.runner = Task.detached { try? await client.runConnections() }
    }

    var options: CallOptions {
        var o = CallOptions.defaults
        o.timeout = timeout
        return o
    }

    func metadata() throws(FFIError) -> Metadata {
        guard let token = token.withLock({ $0 }) else {
            throw FFIError(.invalidArgument, "no agent token: call wd_gateway_register or wd_gateway_set_token first")
        }
        return ["authorization": "Bearer \(token)"]
    }

    /// Runs `operation` and waits for it on this (non-Swift) thread.
    func blocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<Result<T, any Error>?>(nil)
        Task.detached {
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }

    /// Whether `error` means the gateway could not be reached (or did not answer in time).
    static func isUnreachable(_ error: any Error) -> Bool {
        guard let rpc = error as? RPCError else { return true }
        return rpc.code == .unavailable || rpc.code == .deadlineExceeded
    }

    /// The status code's name as ffi/README.md documents it for `grpc_code`: gRPC's canonical
    /// name in lower snake case (`permission_denied`), where `RPCError.Code` describes itself
    /// in camel case (`permissionDenied`).
    static func codeName(_ code: RPCError.Code) -> String {
        var name = ""
        for character in "\(code)" {
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
        return name
    }

    func failure(_ error: any Error, doing what: String) -> FFIError {
        if let rpc = error as? RPCError {
            let status: WardenFFI.Status = Self.isUnreachable(rpc) ? .unavailable : .gatewayRefused
            return FFIError(status, "\(what): the gateway at \(address) answered \(rpc.code): \(rpc.message)",
                            extra: [("grpc_code", JSON.quoted(Self.codeName(rpc.code)))])
        }
        return FFIError(.unavailable, "\(what): cannot reach the gateway at \(address): \(error)")
    }

    /// The decision an unreachable gateway stands for: deny (fail closed, the default) or allow
    /// (fail open), with a reason that says why.
    func unreachableDecision(_ error: any Error) -> String {
        let detail = (error as? RPCError).map { "\($0.code): \($0.message)" } ?? "\(error)"
        return Decision(
            outcome: failOpen ? .allow : .deny,
            reason: "the gateway at \(address) is unreachable (\(detail)); failing \(failOpen ? "open: allowed" : "closed: denied")",
            rules: ["gateway_unavailable"], policy: nil, risk: failOpen ? .low : .high,
            pendingChecks: [], notes: [], approvalTimeoutSeconds: nil).jsonText
    }
}

let gateways = HandleTable<GatewayClient>(tag: 0x5747, kind: "gateway")

/// `timeout_ms` > 0 bounds every call; `fail_mode` 0 = closed (deny when unreachable), 1 = open;
/// `tls` 0 = plaintext, 1 = TLS with the system trust roots.
@_cdecl("wd_gateway_connect")
public func wd_gateway_connect(
    _ address: UnsafePointer<CChar>?, _ timeoutMs: Int64, _ failMode: Int32, _ tls: Int32,
    _ out: UnsafeMutablePointer<OpaquePointer?>?, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out (where to store the gateway) is NULL") }
        out.pointee = nil
        let address = try CStrings.read(address, "address")
        guard timeoutMs > 0, timeoutMs <= 3_600_000 else { throw FFIError(.invalidArgument, "timeout_ms must be 1...3600000, got \(timeoutMs)") }
        guard failMode == 0 || failMode == 1 else { throw FFIError(.invalidArgument, "fail_mode must be WD_FAIL_CLOSED (0) or WD_FAIL_OPEN (1), got \(failMode)") }
        guard tls == 0 || tls == 1 else { throw FFIError(.invalidArgument, "tls must be 0 or 1, got \(tls)") }
        let client = try GatewayClient(address: address, useTLS: tls == 1, timeout: .milliseconds(timeoutMs), failOpen: failMode == 1)
        out.pointee = try gateways.insert(client)
    }
}

@_cdecl("wd_gateway_close")
public func wd_gateway_close(_ handle: OpaquePointer?, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        let client = try gateways.get(handle)
        try gateways.remove(handle)
        client.client.beginGracefulShutdown()
        _ = client.blocking { await client.runner.value }
    }
}

@_cdecl("wd_gateway_set_token")
public func wd_gateway_set_token(_ handle: OpaquePointer?, _ token: UnsafePointer<CChar>?, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        let client = try gateways.get(handle)
        let token = try CStrings.read(token, "token")
        guard !token.isEmpty, !token.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw FFIError(.invalidArgument, "token is empty or contains whitespace")
        }
        client.token.withLock { $0 = token }
    }
}

/// `request_json`: {"enrollment_secret", "name", "team", "org", "labels": {...}}. On success the
/// handle keeps the token for later calls; the answer is {"agent_id", "token", "expires_at"}.
@_cdecl("wd_gateway_register")
public func wd_gateway_register(_ handle: OpaquePointer?, _ request: UnsafePointer<CChar>?, _ out: TextOut, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out is NULL") }
        out.pointee = nil
        let client = try gateways.get(handle)
        let text = try CStrings.read(request, "request")
        let value: PolicyValue
        do { value = try PolicyValue(json: text) } catch { throw FFIError(.invalidJSON, "request is not valid JSON (\(error))") }
        guard case .object(let o) = value else { throw FFIError(.invalidJSON, "request must be a JSON object, got \(value.typeName)") }
        var message = Warden_V1_RegisterAgentRequest()
        for (key, v) in o {
            switch (key, v) {
            case ("enrollment_secret", .string(let s)): message.enrollmentSecret = s
            case ("name", .string(let s)): message.name = s
            case ("team", .string(let s)): message.team = s
            case ("org", .string(let s)): message.org = s
            case ("team", .null), ("org", .null), ("labels", .null): break
            case ("labels", .object(let labels)):
                for (k, lv) in labels {
                    guard case .string(let s) = lv else { throw FFIError(.invalidJSON, "label \"\(k)\" must be a string, got \(lv.typeName)") }
                    message.labels[k] = s
                }
            case ("enrollment_secret", _), ("name", _), ("team", _), ("org", _), ("labels", _):
                throw FFIError(.invalidJSON, "request field \"\(key)\" has the wrong type (\(v.typeName))")
            default:
                throw FFIError(.invalidJSON, "unknown request field \"\(key)\" (expected enrollment_secret, name, team, org, labels)")
            }
        }
        let request = message
        let options = client.options
        switch client.blocking({ try await client.gateway.registerAgent(request, options: options) }) {
        case .success(let reply):
            client.token.withLock { $0 = reply.token }
            try deliver("{\"agent_id\":\(JSON.quoted(reply.agentID)),\"token\":\(JSON.quoted(reply.token)),\"expires_at\":\(reply.expiresAt)}", to: out, "reply")
        case .failure(let e):
            throw client.failure(e, doing: "RegisterAgent")
        }
    }
}

/// Reads `action` (the action JSON of wd_engine_check) and asks the gateway to decide it.
private func checkPolicy(_ client: GatewayClient, _ action: UnsafePointer<CChar>?) throws(FFIError) -> Result<Warden_V1_CheckPolicyResponse, any Error> {
    let text = try CStrings.read(action, "action")
    let parsed: Action
    do { parsed = try Action(json: text) } catch { throw FFIError(.invalidJSON, error.message) }
    var request = Warden_V1_CheckPolicyRequest()
    request.action.type = parsed.type
    request.action.target = parsed.target ?? ""
    if !parsed.params.isEmpty { request.action.paramsJson = PolicyValue.object(parsed.params).jsonText }
    if !parsed.context.isEmpty { request.action.contextJson = PolicyValue.object(parsed.context).jsonText }
    let metadata = try client.metadata()
    let options = client.options
    let sent = request
    return client.blocking { try await client.gateway.checkPolicy(sent, metadata: metadata, options: options) }
}

/// Decides an action at the gateway (identity from the token). An unreachable gateway gives
/// WD_OK with the fail-mode decision (rules ["gateway_unavailable"]); `decision_id` (optional)
/// receives the audit log's id for the decision, or NULL when none was made.
@_cdecl("wd_gateway_check")
public func wd_gateway_check(
    _ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ out: TextOut, _ decisionID: TextOut, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out (where to store the decision) is NULL") }
        out.pointee = nil
        decisionID?.pointee = nil
        let client = try gateways.get(handle)
        switch try checkPolicy(client, action) {
        case .success(let reply):
            try deliver(reply.decisionJson, to: out, "decision")
            if let decisionID { decisionID.pointee = CStrings.allocate(reply.decisionID) }
        case .failure(let e) where GatewayClient.isUnreachable(e):
            try deliver(client.unreachableDecision(e), to: out, "decision")
        case .failure(let e):
            throw client.failure(e, doing: "CheckPolicy")
        }
    }
}

/// wd_gateway_check with everything the gateway answered, as one JSON object:
/// {"decision": <the decision JSON, verbatim>, "decision_id", "approval_id",
/// "approval_expires_at"}. The decision comes first and byte for byte, so a binding can cut it
/// out of the text without re-encoding it; the others are null when the gateway did not set
/// them (and always for the fail-mode decision of an unreachable gateway).
@_cdecl("wd_gateway_check_detailed")
public func wd_gateway_check_detailed(_ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ out: TextOut, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "reply (where to store the answer) is NULL") }
        out.pointee = nil
        let client = try gateways.get(handle)
        func envelope(_ decision: String, decisionID: String, approvalID: String, expiresAt: Int64) -> String {
            func orNull(_ s: String) -> String { s.isEmpty ? "null" : JSON.quoted(s) }
            return "{\"decision\":\(decision),\"decision_id\":\(orNull(decisionID)),\"approval_id\":\(orNull(approvalID)),"
                + "\"approval_expires_at\":\(expiresAt == 0 ? "null" : String(expiresAt))}"
        }
        switch try checkPolicy(client, action) {
        case .success(let reply):
            try deliver(envelope(reply.decisionJson, decisionID: reply.decisionID, approvalID: reply.approvalID,
                                 expiresAt: reply.approvalExpiresAt), to: out, "reply")
        case .failure(let e) where GatewayClient.isUnreachable(e):
            try deliver(envelope(client.unreachableDecision(e), decisionID: "", approvalID: "", expiresAt: 0), to: out, "reply")
        case .failure(let e):
            throw client.failure(e, doing: "CheckPolicy")
        }
    }
}

/// The longest wait wd_gateway_wait_for_approval accepts: a day, in milliseconds.
private let maximumApprovalWaitMs: Int64 = 86_400_000

/// Waits for a human to decide approval `approval_id` (from a require_approval check), until
/// its final state or `timeout_ms`, and stores the approval JSON (`Warden_V1_Approval.jsonText`).
/// Fails closed: no decision in time is WD_OK with state "timed_out", an unreachable gateway
/// WD_OK with state "unavailable", whatever the connection's fail mode.
@_cdecl("wd_gateway_wait_for_approval")
public func wd_gateway_wait_for_approval(
    _ handle: OpaquePointer?, _ approvalID: UnsafePointer<CChar>?, _ timeoutMs: Int64, _ out: TextOut, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "approval (where to store the approval) is NULL") }
        out.pointee = nil
        let client = try gateways.get(handle)
        let id = try CStrings.read(approvalID, "approval_id")
        guard !id.isEmpty else { throw FFIError(.invalidArgument, "approval_id is empty") }
        guard timeoutMs > 0, timeoutMs <= maximumApprovalWaitMs else {
            throw FFIError(.invalidArgument, "timeout_ms must be 1...\(maximumApprovalWaitMs), got \(timeoutMs)")
        }
        let metadata = try client.metadata()
        var request = Warden_V1_WaitForApprovalRequest()
        request.approvalID = id
        // This call's own deadline: a wait is meant to outlast the connection's per-call timeout.
        var options = CallOptions.defaults
        options.timeout = .milliseconds(timeoutMs)
        let sent = request
        let callOptions = options
        let result = client.blocking { () async throws -> Warden_V1_Approval? in
            try await client.gateway.waitForApproval(sent, metadata: metadata, options: callOptions) { response in
                // The gateway sends one message, the approval in its final state; take the first
                // final one rather than trusting the stream to end right after it.
                var last: Warden_V1_Approval?
                for try await approval in response.messages {
                    switch approval.state {
                    case .approved, .rejected, .expired: return approval
                    default: last = approval
                    }
                }
                return last
            }
        }
        func notApproved(_ state: String, _ reason: String) -> String {
            "{\"approval_id\":\(JSON.quoted(id)),\"state\":\(JSON.quoted(state)),\"reason\":\(JSON.quoted(reason + "; not approved (failing closed)"))}"
        }
        switch result {
        case .success(let approval?):
            try deliver(approval.jsonText, to: out, "approval")
        case .success(nil):
            try deliver(notApproved("unavailable", "the gateway at \(client.address) ended the wait without an answer"), to: out, "approval")
        case .failure(let e as RPCError) where e.code == .deadlineExceeded:
            try deliver(notApproved("timed_out", "no decision within \(timeoutMs) ms"), to: out, "approval")
        case .failure(let e) where GatewayClient.isUnreachable(e):
            let detail = (e as? RPCError).map { "\($0.code): \($0.message)" } ?? "\(e)"
            try deliver(notApproved("unavailable", "the gateway at \(client.address) is unreachable (\(detail))"), to: out, "approval")
        case .failure(let e):
            throw client.failure(e, doing: "WaitForApproval")
        }
    }
}

/// Records events, given as a JSON array of `warden.v1.Event` objects in protobuf's JSON
/// mapping ({"decision_id": "...", "llm_call": {"model": "...", "input_tokens": 10}}). Acknowledged
/// once durably committed: {"count", "first_sequence", "last_sequence", "chain_hash"}.
@_cdecl("wd_gateway_record")
public func wd_gateway_record(_ handle: OpaquePointer?, _ events: UnsafePointer<CChar>?, _ out: TextOut, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out is NULL") }
        out.pointee = nil
        let client = try gateways.get(handle)
        let text = try CStrings.read(events, "events", limit: Limits.large)
        let value: PolicyValue
        do { value = try PolicyValue(json: text) } catch { throw FFIError(.invalidJSON, "events is not valid JSON (\(error))") }
        guard case .array(let items) = value, !items.isEmpty else {
            throw FFIError(.invalidJSON, "events must be a non-empty JSON array of event objects")
        }
        var messages: [Warden_V1_RecordEventRequest] = []
        for (i, item) in items.enumerated() {
            var request = Warden_V1_RecordEventRequest()
            do { request.event = try Warden_V1_Event(jsonString: item.jsonText) } catch {
                throw FFIError(.invalidJSON, "events[\(i)] is not a warden.v1.Event: \(error)")
            }
            messages.append(request)
        }
        let metadata = try client.metadata()
        let options = client.options
        let batch = messages
        let result = client.blocking {
            try await client.gateway.recordEvents(metadata: metadata, options: options, requestProducer: { writer in
                try await writer.write(contentsOf: batch)
            })
        }
        switch result {
        case .success(let reply):
            try deliver("{\"count\":\(reply.count),\"first_sequence\":\(reply.firstSequence),\"last_sequence\":\(reply.lastSequence),\"chain_hash\":\(JSON.quoted(reply.chainHash))}", to: out, "reply")
        case .failure(let e):
            throw client.failure(e, doing: "RecordEvents")
        }
    }
}
