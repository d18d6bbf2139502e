import NIOCore
import NIOHPACK
import NIOHTTP2
import SwiftProtobuf
import WardenGateway

/// One RPC in progress: its request metadata and the way to answer it.
///
/// Safe to use from any thread: answers hop to the connection's event loop. The first of
/// `reply`, `fail` and `finish` ends the call; anything after that is ignored, as is an answer
/// to a call the client has cancelled or whose connection has closed.
public final class ServerCall: Sendable {
    /// The method path, `/package.Service/Method`.
    public let method: String
    let headers: HPACKHeaders
    let streamID: HTTP2StreamID
    /// The event loop of the call's connection.
    public let eventLoop: any EventLoop
    let connection: NIOLoopBound<RPCConnectionHandler>
    let mailbox: RPCConnectionHandler.Mailbox

    init(method: String, headers: HPACKHeaders, streamID: HTTP2StreamID, connection: NIOLoopBound<RPCConnectionHandler>,
         mailbox: RPCConnectionHandler.Mailbox, eventLoop: any EventLoop) {
        self.method = method
        self.headers = headers
        self.streamID = streamID
        self.connection = connection
        self.mailbox = mailbox
        self.eventLoop = eventLoop
    }

    /// State shared by the calls of one connection, one value per type, created by `make` on
    /// first use. On the connection's event loop only (where unary handlers run).
    public func connectionLocal<T: AnyObject>(_ make: () -> T) -> T {
        connection.value.local(make)
    }

    /// Runs `body` on the event loop once the current burst of reads has been handled, before
    /// the connection flushes. On the connection's event loop only.
    public func afterReads(_ body: @escaping () -> Void) {
        connection.value.afterReads(body)
    }

    /// The first value of request metadata `name` (lower case), if sent.
    public func metadata(_ name: String) -> String? { headers.first(name: name) }

    /// The `authorization` metadata, if sent.
    public var authorization: String? { headers.first(name: "authorization") }

    /// Answers with `message` and status OK, ending the call.
    public func reply(_ message: some SwiftProtobuf.Message) {
        let frame = Self.frame(message)
        onLoop { $0.send(self.streamID, message: frame, end: true) }
    }

    /// Sends one message of a server stream without ending the call.
    public func send(_ message: some SwiftProtobuf.Message) {
        let frame = Self.frame(message)
        onLoop { $0.send(self.streamID, message: frame, end: false) }
    }

    /// Ends the call with `error`'s status code and message (any other error is reported as
    /// INTERNAL without its details).
    public func fail(_ error: any Error) {
        let refusal = error as? GatewayError ?? GatewayError(.internalError, "internal error in the gateway; see its log")
        onLoop { $0.finish(self.streamID, status: refusal.code.rawValue, message: refusal.message) }
    }

    /// Ends a server stream with status OK.
    public func finish() {
        onLoop { $0.finish(self.streamID, status: 0, message: nil) }
    }

    /// Stops (`true`) or resumes granting the client flow-control window: backpressure for a
    /// client stream whose messages arrive faster than they are processed.
    public func setInboundPaused(_ paused: Bool) {
        onLoop { $0.setPaused(self.streamID, paused) }
    }

    /// For a call that stays open (a watch): end it with UNAVAILABLE when the server shuts down.
    public func endOnShutdown() {
        onLoop { $0.endOnDrain(self.streamID) }
    }

    /// Runs `body` on the connection's event loop. Writes from another thread are flushed once
    /// the burst of answers queued behind them has run.
    func onLoop(_ body: @escaping @Sendable (RPCConnectionHandler) -> Void) {
        if eventLoop.inEventLoop {
            body(connection.value)
        } else if mailbox.post(body) {
            // The first answer of a burst wakes the event loop for all of them.
            let connection = self.connection
            let mailbox = self.mailbox
            eventLoop.execute {
                let handler = connection.value
                for job in mailbox.take() { job(handler) }
            }
        }
    }

    /// A gRPC length-prefixed message: flag 0 (not compressed), 4-byte big-endian length, bytes.
    static func frame(_ message: some SwiftProtobuf.Message) -> ByteBuffer {
        // Serialising a proto3 message cannot fail (no required fields); an empty body is the
        // safe answer if it ever did.
        let bytes: [UInt8] = (try? message.serializedBytes()) ?? []
        var buffer = ByteBufferAllocator().buffer(capacity: 5 + bytes.count)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(bytes.count))
        buffer.writeBytes(bytes)
        return buffer
    }
}
