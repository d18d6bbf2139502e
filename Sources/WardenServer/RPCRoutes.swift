import NIOCore
import SwiftProtobuf
import WardenGateway

/// Receives the messages of a client-streaming call, on the connection's event loop, in order.
///
/// `receive` is called once per request message; `end` once when the client half-closes. The
/// receiver answers through its `ServerCall` (`reply` or `fail`), at most once.
public protocol RPCStreamReceiver: AnyObject {
    func receive(_ message: ByteBuffer)
    func end()
}

/// What the server does for each method path (`/package.Service/Method`).
public struct RPCRoutes: Sendable {
    enum Route: Sendable {
        /// Exactly one request message; the handler answers through the call.
        case unary(@Sendable (ByteBuffer, ServerCall) -> Void)
        /// Any number of request messages, then one reply.
        case clientStreaming(@Sendable (ServerCall) -> any RPCStreamReceiver)
    }

    private(set) var table: [String: Route] = [:]

    public init() {}

    /// The known method paths, sorted (for logs and tests).
    public var paths: [String] { table.keys.sorted() }

    /// Registers a unary method whose request decodes as `Request`. A request that does not
    /// decode is refused with `INVALID_ARGUMENT` naming the message type.
    public mutating func unary<Request: SwiftProtobuf.Message>(
        _ path: String, _ type: Request.Type, _ handler: @escaping @Sendable (Request, ServerCall) -> Void
    ) {
        precondition(table[path] == nil, "duplicate route \(path)")
        table[path] = .unary { bytes, call in
            guard let request = RPCRoutes.decode(Request.self, bytes, call: call) else { return }
            handler(request, call)
        }
    }

    /// Registers a client-streaming method; `makeReceiver` runs when the call starts.
    public mutating func clientStreaming(_ path: String, _ makeReceiver: @escaping @Sendable (ServerCall) -> any RPCStreamReceiver) {
        precondition(table[path] == nil, "duplicate route \(path)")
        table[path] = .clientStreaming(makeReceiver)
    }

    /// Decodes `bytes` as `Request`, or fails `call` with a message naming the type.
    public static func decode<Request: SwiftProtobuf.Message>(_ type: Request.Type, _ bytes: ByteBuffer, call: ServerCall) -> Request? {
        do {
            return try Request(serializedBytes: Array(bytes.readableBytesView))
        } catch {
            call.fail(GatewayError(.invalidArgument, "the request is not a valid \(Request.protoMessageName) message"))
            return nil
        }
    }
}
