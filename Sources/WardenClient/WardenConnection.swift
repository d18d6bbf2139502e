import GRPCCore
import GRPCNIOTransportHTTP2
import WardenProto

/// A connection to a running gateway, for Swift programs and the `warden` CLI.
///
/// ```swift
/// try await WardenConnection.with(address: "127.0.0.1:50051") { connection in
///     let agents = try await connection.admin.listAgents(.init(), metadata: connection.bearer(adminSecret))
/// }
/// ```
public struct WardenConnection: Sendable {
    /// Where and how to connect.
    public struct Configuration: Sendable {
        /// `host:port` (IPv4 address or DNS name).
        public var address: String
        /// Use TLS (the system trust roots verify the server).
        public var useTLS: Bool = false

        public init(address: String, useTLS: Bool = false) {
            self.address = address
            self.useTLS = useTLS
        }
    }

    /// Why a connection could not be set up.
    public struct ConnectionError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The agent-facing API.
    public let gateway: Warden_V1_Gateway.Client<HTTP2ClientTransport.Posix>
    /// The operator API (needs an admin secret).
    public let admin: Warden_V1_Admin.Client<HTTP2ClientTransport.Posix>

    /// `authorization: Bearer <credential>` metadata for a call.
    public func bearer(_ credential: String) -> Metadata { ["authorization": "Bearer \(credential)"] }

    /// The HTTP/2 transport for `configuration`: `host:port` with an IPv4 address or a DNS name.
    public static func transport(_ configuration: Configuration) throws -> HTTP2ClientTransport.Posix {
        guard let colon = configuration.address.lastIndex(of: ":"),
              let port = Int(configuration.address[configuration.address.index(after: colon)...]), (1...65535).contains(port),
              colon > configuration.address.startIndex
        else {
            throw ConnectionError(message: "server address '\(configuration.address)' is not host:port")
        }
        let host = String(configuration.address[..<colon])
        let isIPv4 = host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
        return try HTTP2ClientTransport.Posix(
            target: isIPv4 ? .ipv4(address: host, port: port) : .dns(host: host, port: port),
            transportSecurity: configuration.useTLS ? .tls : .plaintext)
    }

    /// Connects, runs `body`, and closes the connection when `body` returns.
    public static func with<R: Sendable>(
        _ configuration: Configuration, _ body: (WardenConnection) async throws -> R
    ) async throws -> R {
        let transport = try transport(configuration)
        return try await withGRPCClient(transport: transport) { client in
            try await body(WardenConnection(
                gateway: Warden_V1_Gateway.Client(wrapping: client), admin: Warden_V1_Admin.Client(wrapping: client)))
        }
    }
}
