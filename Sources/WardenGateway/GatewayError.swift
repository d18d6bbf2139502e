import GRPCCore

/// A refusal the gateway reports to a caller: a gRPC status code and a precise message.
///
/// Messages name what was wrong with the caller's input; internal failures (a database error)
/// reach callers only as a generic message, with details kept for the operator's log.
public struct GatewayError: Error, Sendable, CustomStringConvertible {
    public var code: RPCError.Code
    public var message: String

    public init(_ code: RPCError.Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    var rpcError: RPCError { RPCError(code: code, message: message) }

    static func internalFailure() -> GatewayError {
        GatewayError(.internalError, "internal error in the gateway; see its log")
    }
}
