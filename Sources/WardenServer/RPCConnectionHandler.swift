import Logging
import NIOCore
import Synchronization
import NIOHPACK
import NIOHTTP2
import WardenGateway

/// gRPC over one HTTP/2 connection, handled frame by frame on the connection's event loop.
///
/// Every stream's state lives in one dictionary here: no per-stream channel, task or async
/// sequence, so a unary call costs a few dictionary operations and the frames themselves.
/// Handlers answer through `ServerCall`, from any thread.
///
/// Protocol rules enforced: POST only (405), `content-type: application/grpc[+proto]` (415),
/// known method (UNIMPLEMENTED), no compression (UNIMPLEMENTED, `grpc-accept-encoding: identity`),
/// messages up to `maxMessageBytes` (RESOURCE_EXHAUSTED), unary calls carry exactly one message,
/// `grpc-timeout` ends the call with DEADLINE_EXCEEDED.
final class RPCConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    struct Limits: Sendable {
        var maxMessageBytes = 4 << 20
        /// Matches the SETTINGS_INITIAL_WINDOW_SIZE the server advertises.
        var streamWindow = 1 << 20
        var connectionWindow = 16 << 20
    }

    final class Stream {
        let call: ServerCall
        let route: RPCRoutes.Route?
        var inbound = ByteBuffer()
        var messageCount = 0
        var unaryMessage: ByteBuffer?
        var receiver: (any RPCStreamReceiver)?
        var headersSent = false
        var finished = false
        var inboundClosed = false
        var paused = false
        var credit = 0
        var endOnDrain = false
        var deadline: Scheduled<Void>?

        init(call: ServerCall, route: RPCRoutes.Route?) {
            self.call = call
            self.route = route
        }
    }

    /// Answers posted from other threads, run together on the event loop.
    final class Mailbox: Sendable {
        private let jobs = Mutex<[@Sendable (RPCConnectionHandler) -> Void]>([])

        /// Queues `job`; true when the queue was empty (the caller schedules a `take`).
        func post(_ job: @escaping @Sendable (RPCConnectionHandler) -> Void) -> Bool {
            jobs.withLock { q in
                q.append(job)
                return q.count == 1
            }
        }

        func take() -> [@Sendable (RPCConnectionHandler) -> Void] {
            jobs.withLock { q in
                let taken = q
                q.removeAll(keepingCapacity: true)
                return taken
            }
        }
    }

    private let routes: RPCRoutes
    private let limits: Limits
    private let mailbox = Mailbox()
    private var locals: [ObjectIdentifier: AnyObject] = [:]
    private var readHooks: [() -> Void] = []
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var bound: NIOLoopBound<RPCConnectionHandler>?
    private var streams: [HTTP2StreamID: Stream] = [:]
    private var reading = false
    private var needsFlush = false
    private var flushScheduled = false
    private var connectionCredit = 0
    private var draining = false
    private var lastStreamID = HTTP2StreamID.rootStream

    init(routes: RPCRoutes, limits: Limits, logger: Logger) {
        self.routes = routes
        self.limits = limits
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.bound = NIOLoopBound(self, eventLoop: context.eventLoop)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        // The connection window starts at 64 KiB; open it so that many concurrent calls and
        // large event batches never wait for a window update.
        let increment = limits.connectionWindow - 65_535
        context.write(wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment))), promise: nil)
        context.flush()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        for stream in streams.values { end(stream) }
        streams.removeAll()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reading = true
        let frame = unwrapInboundIn(data)
        switch frame.payload {
        case .headers(let headers):
            if let stream = streams[frame.streamID] {
                // Trailers from the client: only their end-of-stream flag matters.
                if headers.endStream { endOfInput(stream) }
            } else {
                open(frame.streamID, headers: headers.headers, endStream: headers.endStream)
            }
        case .data(let payload):
            let length = payload.data.readableBytes + (payload.paddingBytes.map { $0 + 1 } ?? 0)
            connectionCredit += length
            if connectionCredit >= limits.connectionWindow / 2 {
                context.write(wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: connectionCredit))), promise: nil)
                connectionCredit = 0
                needsFlush = true
            }
            guard let stream = streams[frame.streamID], !stream.finished else { return }
            stream.credit += length
            if case .byteBuffer(let buffer) = payload.data {
                if stream.inbound.readableBytes == 0 { stream.inbound = buffer } else { stream.inbound.writeImmutableBuffer(buffer) }
            }
            readMessages(stream)
            if payload.endStream {
                endOfInput(stream)
            } else {
                returnCredit(stream, threshold: limits.streamWindow / 2)
            }
        default:
            // SETTINGS, PING, WINDOW_UPDATE, GOAWAY and RST_STREAM are handled by NIOHTTP2Handler
            // (a reset reaches us as a StreamClosedEvent).
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        runReadHooks()
        reading = false
        flushIfNeeded()
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let closed = event as? StreamClosedEvent, let stream = streams.removeValue(forKey: closed.streamID) {
            end(stream)
            if draining && streams.isEmpty { context.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOHTTP2Errors.StreamError { return }  // NIOHTTP2Handler has reset that stream
        logger.debug("closing connection after a protocol error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: Calls

    private func open(_ id: HTTP2StreamID, headers: HPACKHeaders, endStream: Bool) {
        guard let bound, let context else { return }
        if draining {
            context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .rstStream(.refusedStream))), promise: nil)
            needsFlush = true
            return
        }
        if id > lastStreamID { lastStreamID = id }
        let path = headers.first(name: ":path") ?? ""
        let route = routes.table[path]
        let call = ServerCall(method: path, headers: headers, streamID: id, connection: bound, mailbox: mailbox, eventLoop: context.eventLoop)
        let stream = Stream(call: call, route: route)
        streams[id] = stream
        if endStream { stream.inboundClosed = true }

        if headers.first(name: ":method") != "POST" {
            return refuse(stream, httpStatus: "405")
        }
        guard let contentType = headers.first(name: "content-type"), contentType.hasPrefix("application/grpc") else {
            return refuse(stream, httpStatus: "415")
        }
        guard let route else {
            return finish(id, status: 12, message: "unknown method '\(path)'")
        }
        if let encoding = headers.first(name: "grpc-encoding"), encoding != "identity" {
            return finish(id, status: 12, message: "compression '\(encoding)' is not supported; send uncompressed messages", identityOnly: true)
        }
        if let timeout = headers.first(name: "grpc-timeout") {
            guard let delay = Self.timeout(timeout) else {
                return finish(id, status: 3, message: "malformed grpc-timeout '\(timeout)'")
            }
            stream.deadline = context.eventLoop.scheduleTask(in: delay) {
                bound.value.finish(id, status: 4, message: "deadline exceeded")
                bound.value.flushIfNeeded()
            }
        }
        if case .clientStreaming(let make) = route {
            stream.receiver = make(call)
        }
        if endStream { endOfInput(stream) }
    }

    /// Splits the inbound bytes into length-prefixed messages and delivers them.
    private func readMessages(_ stream: Stream) {
        while !stream.finished, stream.inbound.readableBytes >= 5 {
            let start = stream.inbound.readerIndex
            let flag = stream.inbound.getInteger(at: start, as: UInt8.self)!
            let length = Int(stream.inbound.getInteger(at: start + 1, as: UInt32.self)!)
            guard length <= limits.maxMessageBytes else {
                return finish(stream.call.streamID, status: 8, message: "request message of \(length) bytes exceeds the limit of \(limits.maxMessageBytes) bytes")
            }
            guard stream.inbound.readableBytes >= 5 + length else { break }
            guard flag == 0 else {
                return finish(stream.call.streamID, status: 12, message: "compressed messages are not supported; send uncompressed messages", identityOnly: true)
            }
            stream.inbound.moveReaderIndex(forwardBy: 5)
            let message = stream.inbound.readSlice(length: length)!
            stream.messageCount += 1
            switch stream.route {
            case .unary:
                guard stream.messageCount == 1 else {
                    return finish(stream.call.streamID, status: 3, message: "a unary call takes exactly one request message")
                }
                stream.unaryMessage = message
            case .clientStreaming:
                stream.receiver?.receive(message)
            case nil:
                return
            }
        }
        if stream.inbound.readableBytes == 0 { stream.inbound = ByteBuffer() }
    }

    private func endOfInput(_ stream: Stream) {
        stream.inboundClosed = true
        guard !stream.finished else { return }
        if stream.inbound.readableBytes > 0 {
            return finish(stream.call.streamID, status: 13, message: "the request ended in the middle of a message")
        }
        switch stream.route {
        case .unary(let handler):
            guard let message = stream.unaryMessage else {
                return finish(stream.call.streamID, status: 3, message: "a unary call takes exactly one request message, got none")
            }
            stream.unaryMessage = nil
            handler(message, stream.call)
        case .clientStreaming:
            stream.receiver?.end()
        case nil:
            break
        }
    }

    private func returnCredit(_ stream: Stream, threshold: Int) {
        guard !stream.paused, !stream.inboundClosed, !stream.finished, stream.credit > 0, stream.credit >= threshold else { return }
        context?.write(wrapOutboundOut(HTTP2Frame(streamID: stream.call.streamID, payload: .windowUpdate(windowSizeIncrement: stream.credit))), promise: nil)
        stream.credit = 0
        markWritten()
    }

    // MARK: Answers (on the event loop)

    func local<T: AnyObject>(_ make: () -> T) -> T {
        if let existing = locals[ObjectIdentifier(T.self)] { return existing as! T }
        let value = make()
        locals[ObjectIdentifier(T.self)] = value
        return value
    }

    func afterReads(_ body: @escaping () -> Void) {
        readHooks.append(body)
        if !reading, readHooks.count == 1, let bound {
            // Outside a read burst: run on the next turn of the loop, after the caller returns.
            bound.eventLoop.execute { bound.value.runReadHooks() }
        }
    }

    private func runReadHooks() {
        while !readHooks.isEmpty {
            let hooks = readHooks
            readHooks.removeAll()
            for hook in hooks { hook() }
        }
    }

    /// Stops (or restarts) granting the client flow-control window on a stream: backpressure
    /// for a client stream whose messages arrive faster than they are processed.
    func setPaused(_ id: HTTP2StreamID, _ paused: Bool) {
        guard let stream = streams[id] else { return }
        stream.paused = paused
        if !paused { returnCredit(stream, threshold: 1) }
    }

    /// Marks a long-lived call to be ended with UNAVAILABLE when the server shuts down.
    func endOnDrain(_ id: HTTP2StreamID) {
        streams[id]?.endOnDrain = true
    }

    func send(_ id: HTTP2StreamID, message: ByteBuffer, end: Bool) {
        guard let context, let stream = streams[id], !stream.finished else { return }
        if !stream.headersSent {
            stream.headersSent = true
            context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: Self.responseHeaders)))), promise: nil)
        }
        context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(message))))), promise: nil)
        if end {
            context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: Self.okTrailers, endStream: true)))), promise: nil)
            finished(stream)
        }
        markWritten()
    }

    /// Ends a call with `status`; `identityOnly` adds `grpc-accept-encoding: identity` (the
    /// answer to a compressed request).
    func finish(_ id: HTTP2StreamID, status: Int, message: String?, identityOnly: Bool = false) {
        guard let context, let stream = streams[id], !stream.finished else { return }
        var trailers: HPACKHeaders
        if stream.headersSent {
            trailers = HPACKHeaders()
        } else {
            // Trailers-only response.
            trailers = Self.responseHeaders
        }
        trailers.add(name: "grpc-status", value: String(status))
        if let message, !message.isEmpty { trailers.add(name: "grpc-message", value: Self.percentEncoded(message)) }
        if identityOnly { trailers.add(name: "grpc-accept-encoding", value: "identity") }
        context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: trailers, endStream: true)))), promise: nil)
        finished(stream)
        markWritten()
    }

    private func refuse(_ stream: Stream, httpStatus: String) {
        guard let context else { return }
        let headers: HPACKHeaders = [":status": httpStatus]
        context.write(wrapOutboundOut(HTTP2Frame(streamID: stream.call.streamID, payload: .headers(.init(headers: headers, endStream: true)))), promise: nil)
        finished(stream)
        markWritten()
    }

    private func finished(_ stream: Stream) {
        stream.finished = true
        stream.deadline?.cancel()
        stream.deadline = nil
        stream.receiver = nil
        stream.unaryMessage = nil
        if !stream.inboundClosed {
            // The answer is complete; ask the client to stop sending (RFC 9113 §8.1).
            context?.write(wrapOutboundOut(HTTP2Frame(streamID: stream.call.streamID, payload: .rstStream(.noError))), promise: nil)
        }
    }

    /// The stream is gone (reset by the client, or the connection closed): drop its state.
    private func end(_ stream: Stream) {
        stream.finished = true
        stream.deadline?.cancel()
        stream.receiver = nil
    }

    private func markWritten() {
        needsFlush = true
        if !reading { flushSoon() }
    }

    /// Flushes after the tasks already queued on the event loop have run, so that a burst of
    /// answers from another thread goes out in one write.
    func flushSoon() {
        guard !flushScheduled, let bound, let context else { return }
        flushScheduled = true
        context.eventLoop.execute {
            let handler = bound.value
            handler.flushScheduled = false
            handler.flushIfNeeded()
        }
    }

    func flushIfNeeded() {
        guard needsFlush, let context else { return }
        needsFlush = false
        context.flush()
    }

    // MARK: Shutdown

    /// Graceful shutdown of this connection: GOAWAY (no new calls), long-lived calls end with
    /// UNAVAILABLE, and the connection closes once the calls in flight have answered.
    func drain() {
        guard !draining, let context else { return }
        draining = true
        context.write(wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .goAway(lastStreamID: lastStreamID, errorCode: .noError, opaqueData: nil))), promise: nil)
        for (id, stream) in streams where stream.endOnDrain {
            finish(id, status: 14, message: "the server is shutting down")
        }
        context.flush()
        if streams.isEmpty { context.close(promise: nil) }
    }

    // MARK: Wire details

    static let responseHeaders: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]
    static let okTrailers: HPACKHeaders = ["grpc-status": "0"]

    /// `grpc-timeout`: 1 to 8 digits and a unit (H, M, S, m, u, n).
    static func timeout(_ value: String) -> TimeAmount? {
        guard let unit = value.last, value.count >= 2, value.count <= 9 else { return nil }
        let digits = value.dropLast()
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let amount = Int64(digits) else { return nil }
        switch unit {
        case "H": return .hours(amount)
        case "M": return .minutes(amount)
        case "S": return .seconds(amount)
        case "m": return .milliseconds(amount)
        case "u": return .microseconds(amount)
        case "n": return .nanoseconds(amount)
        default: return nil
        }
    }

    /// `grpc-message` is percent-encoded UTF-8: bytes outside printable ASCII, and `%`.
    static func percentEncoded(_ message: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(message.utf8.count)
        for byte in message.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != 0x25 {
                out.append(byte)
            } else {
                out.append(0x25)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
