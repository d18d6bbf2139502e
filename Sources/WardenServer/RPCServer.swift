import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import NIOSSL
import Synchronization

/// A gRPC server over HTTP/2 (plaintext or TLS) on SwiftNIO, serving `RPCRoutes`.
///
/// ```swift
/// let server = RPCServer(configuration: .init(host: "127.0.0.1", port: 0), routes: routes)
/// let address = try await server.start()      // bound; address.port is the real port
/// ...
/// await server.shutdown(grace: .seconds(10))   // GOAWAY, in-flight calls finish, then close
/// ```
public final class RPCServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// PEM certificate chain and private key files: serve TLS (ALPN `h2`).
        public var tls: (certificateChain: String, privateKey: String)?
        /// Largest request message accepted (gRPC's usual default, 4 MiB).
        public var maxMessageBytes = 4 << 20
        /// SETTINGS_MAX_CONCURRENT_STREAMS per connection.
        public var maxConcurrentStreams = 1000
        public var logger = Logger(label: "warden.rpc", factory: { _ in SwiftLogNoOpLogHandler() })

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// Why the server could not start.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: (channel: any Channel, handler: NIOLoopBound<RPCConnectionHandler>)] = [:]
        var stopping = false
    }

    private let configuration: Configuration
    private let routes: RPCRoutes
    private let group: any EventLoopGroup
    private let state = Mutex(State())

    public init(configuration: Configuration, routes: RPCRoutes, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.routes = routes
        self.group = group
    }

    /// Binds and starts accepting connections; returns the bound address.
    public func start() async throws -> SocketAddress {
        let sslContext: NIOSSLContext?
        if let tls = configuration.tls {
            do {
                var tlsConfiguration = TLSConfiguration.makeServerConfiguration(
                    certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificateChain).map { .certificate($0) },
                    privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)))
                tlsConfiguration.applicationProtocols = ["h2"]
                sslContext = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw StartError(description: "cannot load the TLS certificate or key: \(error)")
            }
        } else {
            sslContext = nil
        }
        let limits = RPCConnectionHandler.Limits(maxMessageBytes: configuration.maxMessageBytes)
        let settings: HTTP2Settings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: configuration.maxConcurrentStreams),
            HTTP2Setting(parameter: .initialWindowSize, value: limits.streamWindow),
            HTTP2Setting(parameter: .maxHeaderListSize, value: HPACKDecoder.defaultMaxHeaderListSize),
        ]
        let routes = self.routes
        let logger = configuration.logger
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let sslContext {
                        try sync.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try sync.addHandler(NIOHTTP2Handler(mode: .server, initialSettings: settings))
                    let handler = RPCConnectionHandler(routes: routes, limits: limits, logger: logger)
                    try sync.addHandler(handler)
                    self?.track(channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop))
                }
            }
        let listener = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        let stopping = state.withLock { s in
            s.listener = listener
            return s.stopping
        }
        if stopping { try? await listener.close() }
        guard let address = listener.localAddress else { throw StartError(description: "the listening socket has no address") }
        return address
    }

    private func track(_ channel: any Channel, handler: NIOLoopBound<RPCConnectionHandler>) {
        let id = ObjectIdentifier(channel)
        let refused = state.withLock { s -> Bool in
            if s.stopping { return true }
            s.connections[id] = (channel, handler)
            return false
        }
        if refused {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.state.withLock { $0.connections.removeValue(forKey: id) }
        }
    }

    /// Stops accepting, sends GOAWAY on every connection, lets in-flight calls answer, and
    /// closes what is still open after `grace`.
    public func shutdown(grace: TimeAmount = .seconds(10)) async {
        let (listener, connections) = state.withLock { s in
            s.stopping = true
            return (s.listener, Array(s.connections.values))
        }
        try? await listener?.close()
        for connection in connections {
            connection.channel.eventLoop.execute { connection.handler.value.drain() }
        }
        let deadline = NIODeadline.now() + grace
        for connection in connections {
            let closed = connection.channel.closeFuture
            let timer = connection.channel.eventLoop.scheduleTask(deadline: deadline) { connection.channel.close(promise: nil) }
            try? await closed.get()
            timer.cancel()
        }
    }
}
