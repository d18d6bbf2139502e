import GRPCCore
import WardenProto

/// `grpc.health.v1.Health`: SERVING for the whole server ("") and for the Warden services.
public struct HealthService: Grpc_Health_V1_Health.ServiceProtocol {
    static let known: Set<String> = ["", "warden.v1.Gateway", "warden.v1.Admin"]

    public init() {}

    public func check(
        request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>, context: ServerContext
    ) async throws -> ServerResponse<Grpc_Health_V1_HealthCheckResponse> {
        // The health protocol answers NOT_FOUND for services the server does not know.
        guard Self.known.contains(request.message.service) else {
            throw RPCError(code: .notFound, message: "unknown service '\(request.message.service)'")
        }
        var reply = Grpc_Health_V1_HealthCheckResponse()
        reply.status = .serving
        return ServerResponse(message: reply)
    }

    public func watch(
        request: ServerRequest<Grpc_Health_V1_HealthCheckRequest>, context: ServerContext
    ) async throws -> StreamingServerResponse<Grpc_Health_V1_HealthCheckResponse> {
        let known = Self.known.contains(request.message.service)
        return StreamingServerResponse { writer in
            var reply = Grpc_Health_V1_HealthCheckResponse()
            reply.status = known ? .serving : .serviceUnknown
            try await writer.write(reply)
            // The status does not change while the process runs; hold the stream open until the
            // client goes away or the server shuts down.
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(3600))
            }
            return [:]
        }
    }
}
