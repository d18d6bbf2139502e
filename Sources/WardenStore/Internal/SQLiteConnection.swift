import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin, strict wrapper over one SQLite connection. Not thread-safe by itself: `AuditStore`
/// serialises every use behind a mutex.
final class SQLiteConnection {
    private(set) var handle: OpaquePointer?
    let path: String
    /// Statements prepared once and reused, by SQL text (see `cached(_:)`).
    private var statements: [String: Statement] = [:]

    init(path: String) throws(StoreError) {
        self.path = path
        // A new database is created private (0600); SQLite gives its -wal and -shm files the
        // same mode.
        if access(path, F_OK) != 0 {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
        }
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw StoreError(code: .io, message: "cannot open database '\(path)': \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    var lastError: String {
        handle.map { String(cString: sqlite3_errmsg($0)) } ?? "no connection"
    }

    func execute(_ sql: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw StoreError(code: .sqlite, message: "SQLite error in '\(path)': \(message)")
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> Statement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw StoreError(code: .sqlite, message: "SQLite error in '\(path)': \(lastError)")
        }
        return Statement(stmt, connection: self)
    }

    /// The statement for `sql`, prepared on first use and kept for the connection's life,
    /// reset and ready to bind. For the fixed statements of hot paths; not for SQL built from
    /// input (every distinct text would stay cached).
    func cached(_ sql: String) throws(StoreError) -> Statement {
        if let stmt = statements[sql] {
            stmt.reset()
            return stmt
        }
        let stmt = try prepare(sql)
        statements[sql] = stmt
        return stmt
    }

    /// Runs `body` with the cached statement for `sql` and resets it afterwards, so a query
    /// that stopped at a row does not keep its read transaction open (which would stop
    /// checkpoints from recycling the WAL).
    func withCached<R>(_ sql: String, _ body: (Statement) throws(StoreError) -> R) throws(StoreError) -> R {
        let stmt = try cached(sql)
        defer { stmt.reset() }
        return try body(stmt)
    }

    /// Runs `body` in an immediate transaction, committing on success and rolling back on error.
    func transaction<R>(_ body: () throws(StoreError) -> R) throws(StoreError) -> R {
        _ = try withCached("BEGIN IMMEDIATE") { (s) throws(StoreError) in try s.step() }
        do {
            let result = try body()
            _ = try withCached("COMMIT") { (s) throws(StoreError) in try s.step() }
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// A prepared statement; reset and reused.
    final class Statement {
        let stmt: OpaquePointer
        unowned let connection: SQLiteConnection

        init(_ stmt: OpaquePointer, connection: SQLiteConnection) {
            self.stmt = stmt
            self.connection = connection
        }

        deinit { sqlite3_finalize(stmt) }

        func reset() {
            sqlite3_reset(stmt)
            sqlite3_clear_bindings(stmt)
        }

        func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(stmt, index, value) }

        func bind(_ index: Int32, _ value: Int64?) {
            if let value { sqlite3_bind_int64(stmt, index, value) } else { sqlite3_bind_null(stmt, index) }
        }

        func bind(_ index: Int32, _ value: String?) {
            guard let value else {
                sqlite3_bind_null(stmt, index)
                return
            }
            // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
            sqlite3_bind_text(stmt, index, value, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }

        func bind(_ index: Int32, _ bytes: [UInt8]) {
            bytes.withUnsafeBytes { raw in
                _ = sqlite3_bind_blob(stmt, index, raw.baseAddress, Int32(raw.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
        }

        /// Steps once: true when a row is available, false when done.
        func step() throws(StoreError) -> Bool {
            let rc = sqlite3_step(stmt)
            switch rc {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default:
                throw StoreError(code: .sqlite, message: "SQLite error in '\(connection.path)': \(connection.lastError)")
            }
        }

        func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(stmt, column) }

        /// The column's integer, or nil when it is NULL.
        func optionalInt64(_ column: Int32) -> Int64? {
            sqlite3_column_type(stmt, column) == SQLITE_NULL ? nil : sqlite3_column_int64(stmt, column)
        }

        func string(_ column: Int32) -> String? {
            guard let text = sqlite3_column_text(stmt, column) else { return nil }
            let count = Int(sqlite3_column_bytes(stmt, column))
            return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
        }

        func bytes(_ column: Int32) -> [UInt8] {
            let count = Int(sqlite3_column_bytes(stmt, column))
            guard count > 0, let blob = sqlite3_column_blob(stmt, column) else { return [] }
            return Array(UnsafeRawBufferPointer(start: blob, count: count).bindMemory(to: UInt8.self))
        }
    }
}
