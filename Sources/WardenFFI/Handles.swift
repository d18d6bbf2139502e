import Synchronization

/// Opaque handles for C callers. A handle is not a pointer to the object: it is a tagged id
/// looked up in a table, so a closed, forged or never-valid handle is detected and refused
/// (`WD_E_INVALID_HANDLE`) instead of being dereferenced. Ids are never reused.
package final class HandleTable<Object: Sendable>: Sendable {
    private struct State: ~Copyable {
        var objects: [UInt64: Object] = [:]
        var nextID: UInt64 = 1
        /// The object last looked up, with its id: a caller checking many actions against one
        /// engine finds it without hashing its id on every call.
        var last: (id: UInt64, object: Object)?
    }

    /// High bits that mark a handle of this table's kind; the low 40 bits are the id.
    private let tag: UInt64
    private let kind: String
    private let state = Mutex(State())
    private static var idMask: UInt64 { (1 << 40) - 1 }

    package init(tag: UInt16, kind: String) {
        self.tag = UInt64(tag) << 48
        self.kind = kind
    }

    package func insert(_ object: Object) throws(FFIError) -> OpaquePointer {
        let id = state.withLock { state -> UInt64? in
            guard state.nextID <= Self.idMask else { return nil }
            defer { state.nextID += 1 }
            state.objects[state.nextID] = object
            return state.nextID
        }
        guard let id, let handle = OpaquePointer(bitPattern: UInt(tag | id)) else {
            throw FFIError(.internal, "no \(kind) handles left in this process")
        }
        return handle
    }

    package func get(_ handle: OpaquePointer?) throws(FFIError) -> Object {
        let id = try self.id(handle)
        let found = state.withLock { state -> Object? in
            if let last = state.last, last.id == id { return last.object }
            guard let object = state.objects[id] else { return nil }
            state.last = (id, object)
            return object
        }
        guard let object = found else {
            throw FFIError(.invalidHandle, "the \(kind) handle is closed")
        }
        return object
    }

    package func remove(_ handle: OpaquePointer?) throws(FFIError) {
        let id = try self.id(handle)
        let removed = state.withLock { state -> Bool in
            if state.last?.id == id { state.last = nil }
            return state.objects.removeValue(forKey: id) != nil
        }
        guard removed else {
            throw FFIError(.invalidHandle, "the \(kind) handle is already closed")
        }
    }

    private func id(_ handle: OpaquePointer?) throws(FFIError) -> UInt64 {
        guard let handle else { throw FFIError(.nullArgument, "the \(kind) handle is NULL") }
        let bits = UInt64(UInt(bitPattern: handle))
        guard bits & ~Self.idMask == tag, bits & Self.idMask != 0 else {
            throw FFIError(.invalidHandle, "not a \(kind) handle from libwarden")
        }
        return bits & Self.idMask
    }
}
