import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix

/// A lean gRPC client for load generation: unary calls as raw HTTP/2 frames on one connection,
/// driven by callbacks on its own event loop, so that the client costs little next to the
/// server being measured. Every answer's `grpc-status` is checked (unlike h2load).
final class LoadClient: Sendable {
    struct CallError: Error, CustomStringConvertible {
        var description: String
    }

    let channel: any Channel
    private let handler: NIOLoopBound<LoadClientHandler>

    private init(channel: any Channel, handler: NIOLoopBound<LoadClientHandler>) {
        self.channel = channel
        self.handler = handler
    }

    static func connect(host: String, port: Int, group: any EventLoopGroup) async throws -> LoadClient {
        let authority = "\(host):\(port)"
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOHTTP2Handler(mode: .client, initialSettings: nioDefaultSettings))
                    try channel.pipeline.syncOperations.addHandler(LoadClientHandler(authority: authority))
                }
            }
            .connect(host: host, port: port).get()
        let bound = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: LoadClientHandler.self), eventLoop: channel.eventLoop)
        }.get()
        return LoadClient(channel: channel, handler: bound)
    }

    /// Runs `count` calls one after another; returns each call's latency in nanoseconds.
    func sequential(_ count: Int, path: String, metadata: [(String, String)], message: [UInt8]) async throws -> [UInt64] {
        let promise = channel.eventLoop.makePromise(of: [UInt64].self)
        let handler = self.handler
        let request = LoadClientHandler.Request(path: path, metadata: metadata, body: LoadClientHandler.frame(message))
        channel.eventLoop.execute {
            var samples: [UInt64] = []
            samples.reserveCapacity(count)
            func next() {
                if samples.count == count { return promise.succeed(samples) }
                let t0 = NIODeadline.now()
                handler.value.call(request) { error in
                    if let error { return promise.fail(error) }
                    samples.append(UInt64((NIODeadline.now() - t0).nanoseconds))
                    next()
                }
            }
            next()
        }
        return try await promise.futureResult.get()
    }

    /// Keeps `streams` calls in flight for `duration`; returns every call's latency.
    func concurrent(streams: Int, duration: TimeAmount, path: String, metadata: [(String, String)], message: [UInt8]) async throws -> [UInt64] {
        let promise = channel.eventLoop.makePromise(of: [UInt64].self)
        let handler = self.handler
        let request = LoadClientHandler.Request(path: path, metadata: metadata, body: LoadClientHandler.frame(message))
        channel.eventLoop.execute {
            let deadline = NIODeadline.now() + duration
            var samples: [UInt64] = []
            var running = streams
            var failed = false
            func next() {
                if failed { return }
                if NIODeadline.now() >= deadline {
                    running -= 1
                    if running == 0 { promise.succeed(samples) }
                    return
                }
                let t0 = NIODeadline.now()
                handler.value.call(request) { error in
                    if let error {
                        failed = true
                        return promise.fail(error)
                    }
                    samples.append(UInt64((NIODeadline.now() - t0).nanoseconds))
                    next()
                }
            }
            for _ in 0..<streams { next() }
        }
        return try await promise.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }
}

final class LoadClientHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    struct Request {
        var path: String
        var metadata: [(String, String)]
        var body: ByteBuffer
    }

    private struct Pending {
        var completion: (LoadClient.CallError?) -> Void
    }

    private let authority: String
    private var context: ChannelHandlerContext?
    private var nextStreamID = HTTP2StreamID(1)
    private var pending: [HTTP2StreamID: Pending] = [:]
    private var credit = 0
    private var reading = false

    init(authority: String) {
        self.authority = authority
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    static func frame(_ message: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(message.count))
        buffer.writeBytes(message)
        return buffer
    }

    /// Starts a unary call; `completion` gets nil for grpc-status 0, else the error.
    func call(_ request: Request, completion: @escaping (LoadClient.CallError?) -> Void) {
        guard let context else { return completion(.init(description: "not connected")) }
        let id = nextStreamID
        nextStreamID = HTTP2StreamID(Int(id) + 2)
        var headers: HPACKHeaders = [":method": "POST", ":scheme": "http", ":path": request.path, ":authority": authority,
                                     "content-type": "application/grpc", "te": "trailers"]
        for (name, value) in request.metadata { headers.add(name: name, value: value) }
        pending[id] = Pending(completion: completion)
        context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .headers(.init(headers: headers)))), promise: nil)
        context.write(wrapOutboundOut(HTTP2Frame(streamID: id, payload: .data(.init(data: .byteBuffer(request.body), endStream: true)))), promise: nil)
        if !reading { context.flush() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reading = true
        let frame = unwrapInboundIn(data)
        switch frame.payload {
        case .headers(let h):
            guard let status = h.headers.first(name: "grpc-status") else {
                if let http = h.headers.first(name: ":status"), http != "200" {
                    complete(frame.streamID, .init(description: "HTTP status \(http)"))
                }
                return
            }
            complete(frame.streamID, status == "0" ? nil : .init(description: "grpc-status \(status): \(h.headers.first(name: "grpc-message") ?? "")"))
        case .data(let d):
            credit += d.data.readableBytes
            if credit >= 32_768 {
                context.write(wrapOutboundOut(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: credit))), promise: nil)
                credit = 0
            }
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        context.flush()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let closed = event as? StreamClosedEvent {
            complete(closed.streamID, .init(description: "stream closed without a status (\(closed.reason.map { "\($0)" } ?? "no error"))"))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let all = pending
        pending.removeAll()
        for (_, p) in all { p.completion(.init(description: "connection closed")) }
    }

    private func complete(_ id: HTTP2StreamID, _ error: LoadClient.CallError?) {
        guard let p = pending.removeValue(forKey: id) else { return }
        p.completion(error)
    }
}
