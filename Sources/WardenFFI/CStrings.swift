#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WardenPolicy

/// Limits on what callers may pass in (documented in ffi/README.md).
package enum Limits {
    /// Action JSON, token, JWKS, issuer, paths.
    package static let small = 1 << 20
    /// Policy text and batches of actions.
    package static let large = 64 << 20
}

package enum JSON {
    package static func quoted(_ s: String) -> String { PolicyValue.string(s).jsonText }
}

package enum CStrings {
    /// Reads a required NUL-terminated UTF-8 argument, refusing NULL, over-long and non-UTF-8
    /// input with the argument's name in the message. Never reads past `limit + 1` bytes.
    package static func read(_ pointer: UnsafePointer<CChar>?, _ name: String, limit: Int = Limits.small) throws(FFIError) -> String {
        let (pointer, _) = try bounded(pointer, name, limit: limit)
        // Length checked, so this scan is bounded; NUL-terminated UTF-8 validation
        // without generic metadata lookups on the hot path.
        guard let text = String(validatingCString: pointer) else {
            throw FFIError(.invalidUTF8, "\(name) is not valid UTF-8")
        }
        return text
    }

    /// `read` without making a String: the argument's bytes where they lie (valid only during
    /// the call), with the same checks and messages.
    package static func readBytes(_ pointer: UnsafePointer<CChar>?, _ name: String, limit: Int = Limits.small) throws(FFIError) -> UnsafeBufferPointer<UInt8> {
        let (pointer, length) = try bounded(pointer, name, limit: limit)
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: length)
        guard UTF8Validation.isValid(bytes) else {
            throw FFIError(.invalidUTF8, "\(name) is not valid UTF-8")
        }
        return bytes
    }

    /// A required argument's pointer and length, refusing NULL and anything over `limit` bytes
    /// (never reading past `limit + 1`).
    private static func bounded(_ pointer: UnsafePointer<CChar>?, _ name: String, limit: Int) throws(FFIError) -> (UnsafePointer<CChar>, Int) {
        guard let pointer else { throw FFIError(.nullArgument, "\(name) is NULL") }
        let length = strnlen(pointer, limit + 1)
        guard length <= limit else {
            throw FFIError(.tooLarge, "\(name) is longer than \(limit) bytes")
        }
        return (pointer, length)
    }

    /// Reads an optional argument: NULL is `nil`.
    package static func readOptional(_ pointer: UnsafePointer<CChar>?, _ name: String, limit: Int = Limits.small) throws(FFIError) -> String? {
        guard pointer != nil else { return nil }
        return try read(pointer, name, limit: limit)
    }

    /// A copy of `text` in memory from `malloc`, for the caller to release with `wd_free`.
    /// `nil` only when memory is exhausted.
    package static func allocate(_ text: String) -> UnsafeMutablePointer<CChar>? {
        var text = text
        return text.withUTF8 { utf8 in
            guard let out = malloc(utf8.count + 1)?.assumingMemoryBound(to: CChar.self) else { return nil }
            if utf8.count > 0 { memcpy(out, utf8.baseAddress!, utf8.count) }
            out[utf8.count] = 0
            return out
        }
    }
}

/// Runs an ABI entry point: maps thrown `FFIError`s to their status and stores the error JSON
/// in `error` (when the caller passed somewhere to put it). `error` is set to NULL on success.
@inline(__always)
package func entry(_ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: () throws(FFIError) -> Void) -> Int32 {
    error?.pointee = nil
    do {
        try body()
        return Status.ok.rawValue
    } catch let failure {
        error?.pointee = CStrings.allocate(failure.jsonText)
        return failure.status.rawValue
    }
}

/// Stores `text` in a required out-parameter.
package func deliver(_ text: String, to out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, _ name: String) throws(FFIError) {
    guard let copy = CStrings.allocate(text) else { throw FFIError(.internal, "out of memory allocating \(name)") }
    out.pointee = copy
}
