import NIOCore
import Testing
@testable import WardenServer

@Suite("gRPC wire details of the server")
struct ServerWireTests {
    @Test("grpc-timeout: 1 to 8 digits and a unit; anything else is refused", arguments: [
        ("100m", TimeAmount.milliseconds(100)), ("5S", .seconds(5)), ("2M", .minutes(2)), ("1H", .hours(1)),
        ("250u", .microseconds(250)), ("99999999n", .nanoseconds(99_999_999)),
    ])
    func timeouts(value: String, expected: TimeAmount) {
        #expect(RPCConnectionHandler.timeout(value) == expected)
    }

    @Test("malformed grpc-timeout values", arguments: ["", "m", "10", "10x", "123456789S", "-5S", "1.5S", "١٢S"])
    func badTimeouts(value: String) {
        #expect(RPCConnectionHandler.timeout(value) == nil)
    }

    @Test("grpc-message is percent-encoded outside printable ASCII, and % itself")
    func percentEncoding() {
        #expect(RPCConnectionHandler.percentEncoded("plain text: ok") == "plain text: ok")
        #expect(RPCConnectionHandler.percentEncoded("100%") == "100%25")
        #expect(RPCConnectionHandler.percentEncoded("línea\nnueva") == "l%C3%ADnea%0Anueva")
    }
}
