import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import WardenServer
import Synchronization
import Testing
import WardenCrypto
import WardenPolicy
import WardenProto
import WardenStore
@testable import WardenGateway

/// A controllable wall clock.
final class TestClock: Sendable {
    private let value = Mutex<Int64>(1_795_000_000)
    var now: Int64 { value.withLock { $0 } }
    func advance(_ seconds: Int64) { value.withLock { $0 += seconds } }
}

struct GatewayHarness {
    let core: GatewayCore
    let clock: TestClock
    let enrollment: String

    static let policy = """
        default: deny
        statements:
          - {sid: DenyRm, effect: deny, actions: [bash.execute], conditions: {params.command: {op: regex, value: '\\brm\\s'}}}
          - {sid: AllowBash, effect: allow, actions: [bash.execute]}
        ---
        scope: team:payments
        statements:
          - {sid: PaymentsMayPay, effect: allow, actions: [payment.charge]}
        """

    /// A gateway on a fresh data directory, or on `directory` (a restart: same state, same clock).
    init(policy: String = Self.policy, governance: GovernanceConfiguration = .init(), directory: String? = nil, clock: TestClock = TestClock(),
         tokenTTL: Int64 = 3600) throws {
        let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("warden-gw-\(UUID().uuidString)").path
        var configuration = GatewayCore.Configuration(dataDirectory: dir)
        configuration.clock = { clock.now }
        configuration.governance = governance
        configuration.tokenTTL = tokenTTL
        core = try GatewayCore(configuration: configuration, engine: try PolicyEngine(yaml: policy, name: "p.yaml"))
        self.clock = clock
        enrollment = try core.registry.createSecret(kind: .enrollment, name: "ci", now: clock.now).secret
    }

    /// Runs `body` with a grpc-swift-2 client connected over loopback HTTP/2 to the gateway's server.
    func withClient<R: Sendable>(_ body: (Warden_V1_Gateway.Client<HTTP2ClientTransport.Posix>, Grpc_Health_V1_Health.Client<HTTP2ClientTransport.Posix>) async throws -> R) async throws -> R {
        try await withServer(core) { client in
            try await body(Warden_V1_Gateway.Client(wrapping: client), Grpc_Health_V1_Health.Client(wrapping: client))
        }
    }

    func register(_ client: Warden_V1_Gateway.Client<HTTP2ClientTransport.Posix>, team: String = "") async throws -> Warden_V1_RegisterAgentResponse {
        var r = Warden_V1_RegisterAgentRequest()
        r.enrollmentSecret = enrollment
        r.name = "test agent"
        r.team = team
        return try await client.registerAgent(r)
    }
}

/// Starts the gateway's gRPC server on a free loopback port, runs `body` with a client, stops both.
func withServer<R: Sendable>(_ core: GatewayCore, _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> R) async throws -> R {
    let server = RPCServer(configuration: .init(host: "127.0.0.1", port: 0), routes: .warden(core))
    let port = try await server.start().port!
    do {
        let transport = try HTTP2ClientTransport.Posix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
        let result = try await withGRPCClient(transport: transport) { client in try await body(client) }
        await server.shutdown(grace: .seconds(5))
        return result
    } catch {
        await server.shutdown(grace: .seconds(5))
        throw error
    }
}

func checkRequest(_ type: String, params: String = "") -> Warden_V1_CheckPolicyRequest {
    var r = Warden_V1_CheckPolicyRequest()
    r.action.type = type
    r.action.paramsJson = params
    return r
}

func bearer(_ token: String) -> Metadata { ["authorization": "Bearer \(token)"] }

/// The error a call fails with (or nil).
func rpcError<T>(_ body: () async throws -> T) async -> RPCError? {
    do {
        _ = try await body()
        return nil
    } catch let e as RPCError {
        return e
    } catch {
        return RPCError(code: .unknown, message: "\(error)")
    }
}

@Suite("Gateway over gRPC (loopback HTTP/2)")
struct GatewayTests {
    @Test("register, then check with the token: decisions follow the policy and land in the audit log")
    func roundTrip() async throws {
        let h = try GatewayHarness()
        try await h.withClient { gateway, _ in
            let reg = try await h.register(gateway, team: "payments")
            #expect(reg.agentID.hasPrefix("agt_"))
            #expect(reg.expiresAt == h.clock.now + 3600)
            let deny = try await gateway.checkPolicy(checkRequest("bash.execute", params: #"{"command":"rm -rf /"}"#), metadata: bearer(reg.token))
            #expect(deny.decision.outcome == .deny)
            #expect(deny.decision.rules == ["DenyRm"])
            #expect(deny.decisionID.hasPrefix("dec_"))
            #expect(deny.decisionJson.hasPrefix(#"{"decision":"deny","reason":"denied by statement 'DenyRm'""#))
            let allow = try await gateway.checkPolicy(checkRequest("bash.execute", params: #"{"command":"ls","note":"key AKIAQ3EGRUAJHRAMBSXB"}"#), metadata: bearer(reg.token))
            #expect(allow.decision.outcome == .allow)
            // The team comes from the token and the agent record: team:payments applies.
            let pay = try await gateway.checkPolicy(checkRequest("payment.charge"), metadata: bearer(reg.token))
            #expect(pay.decision.rules == ["PaymentsMayPay"])
        }
        let entries = try h.core.audit.entries()
        #expect(entries.map(\.record.kind) == ["agent.registered", "decision", "decision", "decision"])
        #expect(entries[1].record.outcome == "deny")
        #expect(entries[1].record.payload.contains(#""params":{"command":"rm -rf /"}"#), "params are stored (redacted)")
        #expect(entries[2].record.payload.contains(#""note":"key [AWS_ACCESS_KEY_ID_REDACTED]""#))
        #expect(!entries[2].record.payload.contains("AKIAQ3EGRUAJHRAMBSXB"), "secrets never reach the audit log")
        #expect(try h.core.audit.verify().isValid)
    }

    @Test("the token verifies offline against the JWKS from GetPublicKeys")
    func jwks() async throws {
        let h = try GatewayHarness()
        try await h.withClient { gateway, _ in
            let reg = try await h.register(gateway)
            let keys = try await gateway.getPublicKeys(Warden_V1_GetPublicKeysRequest())
            let jwks = try JWKS(json: keys.jwksJson)
            let claims = try AgentToken.verify(reg.token, keys: jwks, now: h.clock.now, issuer: "warden")
            #expect(claims.sub == reg.agentID)
        }
    }

    @Test("registration refuses a wrong enrollment secret and bad fields")
    func registrationErrors() async throws {
        let h = try GatewayHarness()
        try await h.withClient { gateway, _ in
            var r = Warden_V1_RegisterAgentRequest()
            r.enrollmentSecret = "wd_enroll_not-the-secret"
            r.name = "x"
            let wrong = await rpcError { try await gateway.registerAgent(r) }
            #expect(wrong?.code == .unauthenticated)
            #expect(wrong?.message == "invalid enrollment secret")
            r.enrollmentSecret = h.enrollment
            r.name = "   "
            #expect(await rpcError { try await gateway.registerAgent(r) }?.message == "name is required")
            r.name = "ok"
            r.team = "two words"
            #expect(await rpcError { try await gateway.registerAgent(r) }?.code == .invalidArgument)
        }
    }

    static func forgedTokens(_ valid: String, agentID: String, now: Int64) -> [(String, String)] {
        let parts = valid.split(separator: ".").map(String.init)
        func b64(_ s: String) -> String { Base64URL.encode(Array(s.utf8)) }
        let claims = #"{"iss":"warden","sub":"\#(agentID)","iat":\#(now),"nbf":\#(now),"exp":\#(now + 3600),"jti":"x"}"#
        let other = SigningKey.generate(kid: String(decoding: Base64URL.decode(parts[0])!, as: UTF8.self).split(separator: "\"").dropLast().last.map(String.init) ?? "k")
        let header = String(decoding: Base64URL.decode(parts[0])!, as: UTF8.self)
        let forgedSignature = Base64URL.encode(other.sign(Array((parts[0] + "." + b64(claims)).utf8)))
        return [
            ("garbage", "invalid agent token"),
            (parts[0] + "." + parts[1], "invalid agent token"),
            (parts[0] + "." + b64(claims) + "." + parts[2], "invalid agent token"),  // payload swapped: signature no longer matches
            (parts[0] + "." + b64(claims) + "." + forgedSignature, "invalid agent token"),  // signed by a key the gateway never had
            (b64(#"{"alg":"none","typ":"JWT"}"#) + "." + b64(claims) + ".", "none"),
            (b64(#"{"alg":"HS256","typ":"JWT","kid":"x"}"#) + "." + b64(claims) + "." + parts[2], "HS256"),
            (b64(header.replacingOccurrences(of: "\"kid\":\"", with: "\"kid\":\"zz")) + "." + parts[1] + "." + parts[2], "invalid agent token"),
        ]
    }

    @Test("forged, malformed and wrong-algorithm tokens are refused as unauthenticated")
    func forged() async throws {
        let h = try GatewayHarness()
        try await h.withClient { gateway, _ in
            let reg = try await h.register(gateway)
            for (token, fragment) in Self.forgedTokens(reg.token, agentID: reg.agentID, now: h.clock.now) {
                let e = await rpcError { try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(token)) }
                #expect(e?.code == .unauthenticated, "\(token.prefix(30)): \(String(describing: e))")
                #expect(e?.message.contains(fragment) == true, "\(e?.message ?? "")")
            }
            let missing = await rpcError { try await gateway.checkPolicy(checkRequest("x")) }
            #expect(missing?.code == .unauthenticated)
            #expect(missing?.message.contains("missing credentials") == true)
            let scheme = await rpcError { try await gateway.checkPolicy(checkRequest("x"), metadata: ["authorization": "Token \(reg.token)"]) }
            #expect(scheme?.message.contains("expected 'Bearer <agent token>'") == true)
        }
    }

    @Test("the bearer credential is what follows the scheme (any case, spaces before it ignored)")
    func bearerParsing() throws {
        let good = ["Bearer abc": "abc", "bEaReR a b": "a b", "  Bearer abc": "abc", "Bearer  abc": " abc", "BEARER é.x": "é.x"]
        for (header, credential) in good {
            #expect(try GatewayCore.bearerCredential(header, naming: "x") == credential, "\(header)")
        }
        for bad in ["Bearer", "Bearer ", "Bearerabc", "Token abc", "Bearé abc", "   ", "BearerX abc", "Bear abc", ""] {
            #expect(throws: GatewayError.self, "\(bad)") { try GatewayCore.bearerCredential(bad, naming: "x") }
        }
        #expect(throws: GatewayError.self) { try GatewayCore.bearerCredential(nil, naming: "x") }
    }

    @Test("expired and not-yet-valid tokens are refused and say when")
    func timeBounds() async throws {
        let h = try GatewayHarness()
        try await h.withClient { gateway, _ in
            let reg = try await h.register(gateway)
            // Used once, so the verified token is cached: the cache must not outlive the token.
            _ = try await gateway.checkPolicy(checkRequest("bash.execute"), metadata: bearer(reg.token))
            h.clock.advance(3601)
            let expired = await rpcError { try await gateway.checkPolicy(checkRequest("x"), metadata: bearer(reg.token)) }
            #expect(expired?.code == .unauthenticated)
            #expect(expired?.message.contains("expired") == true, "\(expired?.message ?? "")")
            h.clock.advance(-7200)
            let early = await rpcError { try await gateway.checkPolicy(checkRequest("x"), metadata: bearer(reg.token)) }
            #expect(early?.code == .unauthenticated)
            #expect(early?.message.contains("not valid") == true || early?.message.contains("not yet") == true, "\(early?.message ?? "")")
        }
    }

    @Test("suspended agents get deny on every check (audited) and permission denied elsewhere; revoked ones must re-register")
    func agentStates() async throws {
        let h = try GatewayHarness()
        try await h.withClient { gateway, _ in
            let reg = try await h.register(gateway)
            _ = try h.core.registry.setState(reg.agentID, to: .suspended, reason: "runaway spending", now: h.clock.now)
            let denied = try await gateway.checkPolicy(checkRequest("bash.execute", params: #"{"command":"ls"}"#), metadata: bearer(reg.token))
            #expect(denied.decision.outcome == .deny)
            #expect(denied.decision.rules == ["quarantine"])
            #expect(denied.decision.reason == "agent \(reg.agentID) is suspended since \(GatewayCore.iso(h.clock.now)): runaway spending")
            let logged = try h.core.audit.entries(.init(kind: "decision")).last
            #expect(logged?.record.decisionID == denied.decisionID && logged?.record.outcome == "deny")
            var event = Warden_V1_RecordEventRequest()
            event.event.process.command = "ls"
            let suspended = await rpcError { try await gateway.recordEvent(event, metadata: bearer(reg.token)) }
            #expect(suspended?.code == .permissionDenied)
            #expect(suspended?.message.contains("is suspended since") == true)
            #expect(suspended?.message.contains("runaway spending") == true)
            _ = try h.core.registry.setState(reg.agentID, to: .revoked, reason: nil, now: h.clock.now)
            let revoked = await rpcError { try await gateway.checkPolicy(checkRequest("x"), metadata: bearer(reg.token)) }
            #expect(revoked?.code == .unauthenticated)
            #expect(revoked?.message.contains("was revoked") == true)
        }
    }

    @Test("bad actions are rejected with invalid argument naming the field")
    func badActions() async throws {
        let h = try GatewayHarness()
        try await h.withClient { gateway, _ in
            let reg = try await h.register(gateway)
            let cases: [(Warden_V1_CheckPolicyRequest, String)] = [
                (checkRequest(""), "action.type is required"),
                (checkRequest("x", params: "{bad"), "action.params_json is not valid JSON"),
                (checkRequest("x", params: "[1]"), "action.params_json must be a JSON object, got list"),
            ]
            for (request, message) in cases {
                let e = await rpcError { try await gateway.checkPolicy(request, metadata: bearer(reg.token)) }
                #expect(e?.code == .invalidArgument)
                #expect(e?.message.contains(message) == true, "\(e?.message ?? "")")
            }
        }
    }

    @Test("events are acknowledged with their durable sequence and chain hash; free-form JSON stays out")
    func events() async throws {
        let h = try GatewayHarness()
        try await h.withClient { gateway, _ in
            let reg = try await h.register(gateway)
            var e = Warden_V1_RecordEventRequest()
            e.event.toolCall.tool = "http_post"
            e.event.toolCall.argumentsJson = #"{"url":"https://x","api_key":"sk-3x9Qw7Lm2Pz"}"#
            let one = try await gateway.recordEvent(e, metadata: bearer(reg.token))
            #expect(one.sequence == 2)
            let streamed = try await gateway.recordEvents(metadata: bearer(reg.token)) { writer in
                for i in 0..<1000 {
                    var r = Warden_V1_RecordEventRequest()
                    r.event.llmCall.model = "m"
                    r.event.llmCall.inputTokens = Int64(i)
                    try await writer.write(r)
                }
            }
            #expect(streamed.count == 1000)
            #expect(streamed.firstSequence == 3 && streamed.lastSequence == 1002)
            var empty = Warden_V1_RecordEventRequest()
            empty.event.decisionID = "x"
            let missing = await rpcError { try await gateway.recordEvent(empty, metadata: bearer(reg.token)) }
            #expect(missing?.code == .invalidArgument)
        }
        let entries = try h.core.audit.entries()
        #expect(entries[1].record.kind == "event.tool_call")
        // Arguments are stored redacted: the api_key is a secret by its name.
        #expect(entries[1].record.payload == #"{"argument_names":["api_key","url"],"arguments":{"api_key":"[PASSWORD_ASSIGNMENT_REDACTED]","url":"https://x"},"tool":"http_post"}"#)
        #expect(entries.count == 1002)
        #expect(try h.core.audit.verify().isValid)
        #expect(EventRecords.strippedURL("https://user:pw@api.example.com/v1/x?token=abc#f") == "https://api.example.com/v1/x")
    }

    @Test("health reports SERVING for the server and its services, NOT_FOUND otherwise")
    func health() async throws {
        let h = try GatewayHarness()
        try await h.withClient { _, health in
            var r = Grpc_Health_V1_HealthCheckRequest()
            let server = try await health.check(r)
            #expect(server.status == .serving)
            r.service = "warden.v1.Gateway"
            let gatewayStatus = try await health.check(r)
            #expect(gatewayStatus.status == .serving)
            r.service = "nope"
            #expect(await rpcError { try await health.check(r) }?.code == .notFound)
        }
    }
}
