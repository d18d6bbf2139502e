/// Status codes of the C ABI (`wd_status` in ffi/include/warden.h). The numbers are the
/// contract: never renumber, only add.
package enum Status: Int32 {
    case ok = 0
    /// A required pointer argument was NULL.
    case nullArgument = 1
    /// A string argument is not valid UTF-8.
    case invalidUTF8 = 2
    /// Malformed JSON, or JSON of the wrong shape (an unknown action field, a non-object...).
    case invalidJSON = 3
    /// An input is longer than its documented limit.
    case tooLarge = 4
    /// The policies are invalid; the error's `diagnostics` lists every problem.
    case policyInvalid = 5
    /// A file or directory could not be read.
    case io = 6
    /// The handle was closed, or never came from this library.
    case invalidHandle = 7
    /// The token was refused; the error's `reason` says why.
    case tokenRefused = 8
    /// Another argument is out of range (an empty string, a negative size...).
    case invalidArgument = 9
    /// The caller's buffer is too small; the required length was stored.
    case bufferTooSmall = 10
    /// The gateway could not be reached or did not answer in time.
    case unavailable = 11
    /// The gateway answered with an error (`grpc_code` says which).
    case gatewayRefused = 12
    /// A bug in libwarden: please report it with the message.
    case `internal` = 99

    /// The stable name in the error JSON (`"status"`).
    package var name: String {
        switch self {
        case .ok: "ok"
        case .nullArgument: "null_argument"
        case .invalidUTF8: "invalid_utf8"
        case .invalidJSON: "invalid_json"
        case .tooLarge: "too_large"
        case .policyInvalid: "policy_invalid"
        case .io: "io"
        case .invalidHandle: "invalid_handle"
        case .tokenRefused: "token_refused"
        case .invalidArgument: "invalid_argument"
        case .bufferTooSmall: "buffer_too_small"
        case .unavailable: "unavailable"
        case .gatewayRefused: "gateway_refused"
        case .internal: "internal"
        }
    }
}

/// A failure on its way back to the C caller: a status and the error JSON object.
package struct FFIError: Error {
    package var status: Status
    package var message: String
    /// Extra members of the error object, already JSON-encoded (`"diagnostics": [...]`).
    package var extra: [(String, String)] = []

    package init(_ status: Status, _ message: String, extra: [(String, String)] = []) {
        self.status = status
        self.message = message
        self.extra = extra
    }

    /// `{"status": "...", "message": "...", ...extra}`.
    package var jsonText: String {
        var out = "{\"status\":\(JSON.quoted(status.name)),\"message\":\(JSON.quoted(message))"
        for (key, value) in extra { out += ",\(JSON.quoted(key)):\(value)" }
        return out + "}"
    }
}
