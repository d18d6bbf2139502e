import Foundation
import WardenPolicy

/// One line of MCP's stdio transport (newline-delimited JSON-RPC 2.0), as the proxy sees it.
///
/// Only the envelope is interpreted: `method`, `id`, `params`, `result` and `error`. Everything
/// the proxy does not act on is forwarded as the original bytes, so a classification never
/// changes what the other side receives.
enum MCPMessage: Sendable, Equatable {
    /// A request: a `method` and an `id` (any JSON value, `null` included, echoed back verbatim).
    case request(id: PolicyValue, method: String, params: PolicyValue?)
    /// A notification: a `method` without an `id`.
    case notification(method: String, params: PolicyValue?)
    /// A response: an `id` with a `result` or an `error`, and no `method`.
    case response(id: PolicyValue, result: PolicyValue?, error: PolicyValue?)
    /// A JSON-RPC batch (a JSON array), element by element.
    case batch([MCPMessage])
    /// Valid JSON that is not a JSON-RPC message (the receiver will reject it; it is forwarded).
    case otherJSON
    /// Not JSON (strict RFC 8259, duplicate keys rejected), with the parser's reason.
    case invalid(String)

    /// Classifies one line (without its newline; a trailing `\r` is ignored).
    init(line: String) {
        var text = Substring(line)
        if text.hasSuffix("\r") { text = text.dropLast() }
        let value: PolicyValue
        do {
            value = try PolicyValue(json: String(text))
        } catch {
            self = .invalid(error.description)
            return
        }
        self.init(value: value)
    }

    /// Classifies an already-parsed JSON value.
    init(value: PolicyValue) {
        switch value {
        case .array(let items):
            self = .batch(items.map(MCPMessage.init(value:)))
        case .object(let members):
            if let method = members["method"] {
                guard case .string(let name) = method else {
                    self = .otherJSON
                    return
                }
                if let id = members["id"] {
                    self = .request(id: id, method: name, params: members["params"])
                } else {
                    self = .notification(method: name, params: members["params"])
                }
            } else if let id = members["id"], members["result"] != nil || members["error"] != nil {
                self = .response(id: id, result: members["result"], error: members["error"])
            } else {
                self = .otherJSON
            }
        default:
            self = .otherJSON
        }
    }

    /// True for a batch with a `tools/call` request anywhere in it.
    var containsToolCall: Bool {
        switch self {
        case .request(_, let method, _): return method == MCPMethod.toolsCall
        case .batch(let items): return items.contains { $0.containsToolCall }
        default: return false
        }
    }

    /// The message as JSON text again (only for batch elements the proxy has to split up:
    /// everything else is forwarded as the original bytes).
    var jsonValue: PolicyValue? {
        switch self {
        case .request(let id, let method, let params):
            var members: [String: PolicyValue] = ["jsonrpc": "2.0", "id": id, "method": .string(method)]
            if let params { members["params"] = params }
            return .object(members)
        case .notification(let method, let params):
            var members: [String: PolicyValue] = ["jsonrpc": "2.0", "method": .string(method)]
            if let params { members["params"] = params }
            return .object(members)
        case .response(let id, let result, let error):
            var members: [String: PolicyValue] = ["jsonrpc": "2.0", "id": id]
            if let result { members["result"] = result }
            if let error { members["error"] = error }
            return .object(members)
        case .batch, .otherJSON, .invalid:
            return nil
        }
    }

    /// Whether a line may be a message the proxy acts on: true when it has an escape (`\\`:
    /// JSON strings could spell anything), or when one of `methods` appears as a JSON string
    /// (`"tools/call"`). Without escapes a JSON string's bytes are its value, so a line for which
    /// this is false cannot carry those methods and can be forwarded without parsing it (which
    /// matters for multi-megabyte lines).
    ///
    /// `escapesCount: false` skips the escape rule, for the server's lines: a server that spells
    /// a method with escapes only hides its own notifications from the proxy.
    static func mayMention(_ methods: [[UInt8]], in line: ArraySlice<UInt8>, escapesCount: Bool = true) -> Bool {
        line.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return false }
            if escapesCount && memchr(base, 0x5C, buffer.count) != nil { return true }
            let end = base + buffer.count
            var at = base
            while at < end, let found = memchr(at, 0x22, end - at) {
                let quote = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
                let rest = end - quote - 1
                for m in methods where rest > m.count && quote[m.count + 1] == 0x22 && memcmp(quote + 1, m, m.count) == 0 {
                    return true
                }
                at = quote + 1
            }
            return false
        }
    }

    /// Whether a client line that is not valid JSON could still be read as a `tools/call` by a
    /// more lenient parser on the server side (duplicate keys where the last one wins, `NaN`,
    /// escapes that spell `tools/call`). Such lines are refused rather than forwarded: forwarding
    /// them unchecked would let a client slip a tool call past the policy.
    static func mightHideToolCall(_ line: String) -> Bool {
        line.utf8.contains(UInt8(ascii: "\\")) || line.contains(MCPMethod.toolsCall)
    }
}

/// The JSON-RPC methods the proxy acts on.
enum MCPMethod {
    static let initialize = "initialize"
    static let discover = "server/discover"
    static let toolsList = "tools/list"
    static let toolsCall = "tools/call"
    static let cancelled = "notifications/cancelled"
    static let toolsListChanged = "notifications/tools/list_changed"

    /// The methods of client messages the proxy reads (`MCPMessage.mayMention`).
    static let fromClient: [[UInt8]] = [toolsCall, toolsList, initialize, discover, cancelled].map { Array($0.utf8) }
    /// The method of server messages the proxy reads even when it waits for no reply.
    static let fromServer: [[UInt8]] = [Array(toolsListChanged.utf8)]
}

/// The messages the proxy writes itself.
enum MCPReply {
    /// The result a denied `tools/call` gets instead of the server's: a tool error the model
    /// sees. A request of the 2026-07-28 protocol (its `_meta` names the protocol version) also
    /// gets the `resultType` that revision requires in every result.
    static func denied(id: PolicyValue, reason: String, modern: Bool = false) -> String {
        var result: [String: PolicyValue] = [
            "content": [["type": "text", "text": .string("Denied by Warden: \(reason)")]],
            "isError": true,
        ]
        if modern { result["resultType"] = "complete" }
        return PolicyValue.object(["jsonrpc": "2.0", "id": id, "result": .object(result)]).jsonText
    }

    /// The `_meta` key with which 2026-07-28 requests carry their protocol version.
    static let protocolVersionKey = "io.modelcontextprotocol/protocolVersion"

    /// A JSON-RPC error (`id` null when the request's id could not be read).
    static func error(id: PolicyValue, code: Int64, message: String) -> String {
        PolicyValue.object(["jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message)]]).jsonText
    }

    /// A request the proxy sends to the server on its own behalf.
    static func request(id: PolicyValue, method: String, params: PolicyValue) -> String {
        PolicyValue.object(["jsonrpc": "2.0", "id": id, "method": .string(method), "params": params]).jsonText
    }
}
