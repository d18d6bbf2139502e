#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WardenPolicy
import WardenPolicyFiles

// The engine half of the C ABI. Every function documents its contract in
// ffi/include/warden.h; the notes here are about the implementation.

let engines = HandleTable<PolicyEngine>(tag: 0x5745, kind: "engine")

public typealias ErrorOut = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
public typealias TextOut = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

/// Written once, never mutated.
nonisolated(unsafe) private let versionText: UnsafeMutablePointer<CChar> = CStrings.allocate(WardenVersion.current)!

@_cdecl("wd_abi_version")
public func wd_abi_version() -> UInt32 { 1 }

@_cdecl("wd_version")
public func wd_version() -> UnsafePointer<CChar> { UnsafePointer(versionText) }

@_cdecl("wd_free")
public func wd_free(_ pointer: UnsafeMutableRawPointer?) { free(pointer) }

@_cdecl("wd_engine_load_dir")
public func wd_engine_load_dir(_ path: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out (where to store the engine) is NULL") }
        out.pointee = nil
        let path = try CStrings.read(path, "path")
        guard !path.isEmpty else { throw FFIError(.invalidArgument, "path is empty") }
        let sources: [PolicySource]
        do { sources = try PolicyDirectory.sources(at: [path]) } catch { throw FFIError(.io, "\(error)") }
        guard !sources.isEmpty else { throw FFIError(.io, "no policy files (*.yaml, *.yml, *.json) in '\(path)'") }
        out.pointee = try engines.insert(try compile(sources))
    }
}

@_cdecl("wd_engine_load_text")
public func wd_engine_load_text(
    _ text: UnsafePointer<CChar>?, _ name: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out (where to store the engine) is NULL") }
        out.pointee = nil
        let text = try CStrings.read(text, "text", limit: Limits.large)
        let name = try CStrings.readOptional(name, "name") ?? "policy.yaml"
        guard !name.isEmpty else { throw FFIError(.invalidArgument, "name is empty (pass NULL for the default, policy.yaml)") }
        out.pointee = try engines.insert(try compile([PolicySource(name: name, text: text)]))
    }
}

private func compile(_ sources: [PolicySource]) throws(FFIError) -> PolicyEngine {
    do {
        return try PolicyEngine(sources: sources)
    } catch {
        let count = error.diagnostics.count
        throw FFIError(
            .policyInvalid, "policies are invalid (\(count) error\(count == 1 ? "" : "s")): \(error.diagnostics.first?.description ?? "")",
            extra: [("diagnostics", "[" + error.diagnostics.map(\.jsonText).joined(separator: ",") + "]")])
    }
}

@_cdecl("wd_engine_close")
public func wd_engine_close(_ engine: OpaquePointer?, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in try engines.remove(engine) }
}

@_cdecl("wd_engine_info")
public func wd_engine_info(_ engine: OpaquePointer?, _ out: TextOut, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out is NULL") }
        out.pointee = nil
        let engine = try engines.get(engine)
        let policies = engine.policies.map { p in
            "{\"name\":\(JSON.quoted(p.reference.name)),\"version\":\(JSON.quoted(p.reference.version)),\"scope\":\(JSON.quoted(p.scope)),\"statements\":\(p.statementCount)}"
        }
        try deliver("{\"warden\":\(JSON.quoted(WardenVersion.current)),\"policies\":[\(policies.joined(separator: ","))]}", to: out, "info")
    }
}

/// The decision for one action from a C caller (`at` < 0 means now).
private func decide(_ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ at: Int64) throws(FFIError) -> Decision {
    let engine = try engines.get(handle)
    // Parsed where the caller's bytes lie: no String of the whole action is made.
    let bytes = try CStrings.readBytes(action, "action")
    do { return try engine.decision(validUTF8: bytes, at: at < 0 ? nil : at) } catch { throw FFIError(.invalidJSON, error.message) }
}

@_cdecl("wd_engine_check")
public func wd_engine_check(
    _ engine: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ at: Int64, _ out: TextOut, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out (where to store the decision) is NULL") }
        out.pointee = nil
        try deliver(try decide(engine, action, at).jsonText, to: out, "decision")
    }
}

/// `wd_engine_check` into the caller's buffer: one call, no allocation to free. On success
/// the decision JSON and a NUL are in `buffer` and `*length` is its byte count (without the
/// NUL). When it does not fit, nothing is written to `buffer`, `*length` is the byte count
/// needed (without the NUL) and the status is WD_E_BUFFER_TOO_SMALL.
@_cdecl("wd_engine_check_into")
public func wd_engine_check_into(
    _ engine: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ at: Int64,
    _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ length: UnsafeMutablePointer<Int>?, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        _ = try check(engine, action, at, into: buffer, capacity, length)
    }
}

/// `wd_engine_check_into` that also hands out the decision's serial (`Decision.serial`): 0, or
/// a number naming this decision text for the life of the process, so that a binding can reuse
/// what it made from the text before. `*serial` is 0 whenever the status is not WD_OK.
@_cdecl("wd_engine_check_serial")
public func wd_engine_check_serial(
    _ engine: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ at: Int64,
    _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ length: UnsafeMutablePointer<Int>?,
    _ serial: UnsafeMutablePointer<UInt64>?, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let serial else { throw FFIError(.nullArgument, "serial (where to store the decision's serial) is NULL") }
        serial.pointee = 0
        serial.pointee = try check(engine, action, at, into: buffer, capacity, length)
    }
}

/// The body of the two buffer entry points: the decision's text into `buffer`, its serial returned.
private func check(
    _ engine: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ at: Int64,
    into buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ length: UnsafeMutablePointer<Int>?
) throws(FFIError) -> UInt64 {
    guard let length else { throw FFIError(.nullArgument, "length (where to store the decision's length) is NULL") }
    length.pointee = 0
    guard capacity >= 0 else { throw FFIError(.invalidArgument, "capacity \(UInt(bitPattern: capacity)) is not a valid buffer size") }
    guard buffer != nil || capacity == 0 else { throw FFIError(.nullArgument, "buffer is NULL with a capacity of \(capacity)") }
    let decision = try decide(engine, action, at)
    let fits = decision.withJSONUTF8 { utf8 -> Bool in
        length.pointee = utf8.count
        guard let buffer, utf8.count < capacity else { return false }
        if utf8.count > 0 { memcpy(buffer, utf8.baseAddress!, utf8.count) }
        buffer[utf8.count] = 0
        return true
    }
    guard fits else {
        throw FFIError(.bufferTooSmall, "the decision is \(length.pointee) bytes; the buffer holds \(capacity) (with its NUL)")
    }
    return decision.serial
}

/// A batch is a JSON array of actions; the answer is an array of the same length holding each
/// decision, or `{"error": "...", "index": N}` for an action that could not be read (the batch
/// as a whole still succeeds, like `warden check --batch`).
@_cdecl("wd_engine_check_batch")
public func wd_engine_check_batch(
    _ engine: OpaquePointer?, _ actions: UnsafePointer<CChar>?, _ at: Int64, _ out: TextOut, _ error: ErrorOut
) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "out (where to store the decisions) is NULL") }
        out.pointee = nil
        let engine = try engines.get(engine)
        let text = try CStrings.read(actions, "actions", limit: Limits.large)
        let value: PolicyValue
        do { value = try PolicyValue(json: text) } catch { throw FFIError(.invalidJSON, "actions is not valid JSON (\(error))") }
        guard case .array(let items) = value else {
            throw FFIError(.invalidJSON, "actions must be a JSON array of action objects, got \(value.typeName)")
        }
        let when = at < 0 ? nil : at
        var answer = "["
        for (index, item) in items.enumerated() {
            if index > 0 { answer += "," }
            do {
                let action = try Action(value: item)
                answer += engine.evaluate(action, at: when).jsonText
            } catch {
                answer += "{\"error\":\(JSON.quoted("\(error)")),\"index\":\(index)}"
            }
        }
        try deliver(answer + "]", to: out, "decisions")
    }
}
