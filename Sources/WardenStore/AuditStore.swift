import CSQLite
import Synchronization
import WardenCrypto

/// How far a commit goes before `append` returns (SQLite's `synchronous` pragma in WAL mode).
public enum AuditDurability: String, Sendable {
    /// fsync'd: survives a power loss.
    case full
    /// Written to the WAL in the OS: survives the process crashing or being killed.
    case normal
}

/// The tamper-evident audit log: an append-only table in SQLite (WAL mode), each entry
/// hash-chained to the one before and keyed with an HMAC.
///
/// ```swift
/// let store = try AuditStore(configuration: .init(path: "data/audit.db", key: key))
/// let entries = try store.append([AuditRecord(timestamp: now, kind: "decision", outcome: "deny")])
/// let report = try store.verify()   // report.isValid, report.firstBadSequence, report.problem
/// ```
///
/// `append` writes a whole batch in one transaction and returns only after it is committed (with
/// `synchronous = FULL` that means fsync'd), so an acknowledged entry survives a crash; callers
/// batch concurrent writers into one call for group commit. All access is serialised by a mutex:
/// the store is safe to share across threads, and callers keep it off event-loop threads.
public final class AuditStore: Sendable {
    /// How to open the store.
    public struct Configuration: Sendable {
        /// The SQLite database file (created if missing).
        public var path: String
        /// The HMAC key (at least 32 bytes); see `SecretFile.loadOrCreateKey`.
        public var key: [UInt8]
        /// `true` (default): every commit is fsync'd before `append` returns.
        public var durable: Bool = true

        public init(path: String, key: [UInt8], durable: Bool = true) {
            self.path = path
            self.key = key
            self.durable = durable
        }
    }

    /// WAL pages between checkpoints (SQLite's default is 1,000). Each commit rewrites the same
    /// few index and head pages, so a longer interval copies far fewer pages per entry and
    /// fsyncs 10x less often; the WAL stays under ~40 MiB and replays in well under a second.
    static let checkpointPages = 10_000

    /// The schema version this code writes (`PRAGMA user_version`).
    public static let schemaVersion: Int64 = 1

    struct State {
        var db: SQLiteConnection
        /// The `synchronous` pragma in force: FULL (`true`) or NORMAL.
        var synchronousFull: Bool
        var insert: SQLiteConnection.Statement
        var updateHead: SQLiteConnection.Statement
        var lastSequence: Int64
        var lastHash: [UInt8]
    }

    private let key: HMACKey
    private let defaultDurability: AuditDurability
    private let state: Mutex<State>

    /// Opens (creating and migrating if needed) the store at `configuration.path`.
    /// - Throws: `StoreError` naming the file and the problem.
    public init(configuration: Configuration) throws(StoreError) {
        guard configuration.key.count >= 32 else {
            throw StoreError(code: .invalidArgument, message: "the audit key must be at least 32 bytes, got \(configuration.key.count)")
        }
        key = HMACKey(configuration.key)
        defaultDurability = configuration.durable ? .full : .normal
        let db = try SQLiteConnection(path: configuration.path)
        try db.execute("PRAGMA journal_mode=WAL")
        try db.execute("PRAGMA wal_autocheckpoint=\(AuditStore.checkpointPages)")
        try db.execute(configuration.durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
        try AuditStore.migrate(db)
        let head = try AuditStore.readHead(db)
        state = Mutex(State(
            db: db, synchronousFull: configuration.durable,
            insert: try db.prepare("""
                INSERT INTO audit (seq, ts, kind, agent_id, decision_id, outcome, payload, prev_hash, hash, mac)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """),
            updateHead: try db.prepare("INSERT OR REPLACE INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?)"),
            lastSequence: head.sequence, lastHash: head.hash))
    }

    private static func migrate(_ db: SQLiteConnection) throws(StoreError) {
        let version = try db.prepare("PRAGMA user_version")
        _ = try version.step()
        let current = version.int64(0)
        if current > schemaVersion {
            throw StoreError(code: .schema, message: "audit database '\(db.path)' has schema version \(current); this warden understands up to \(schemaVersion)")
        }
        guard current < 1 else { return }
        try db.transaction { () throws(StoreError) in
            try db.execute("""
                CREATE TABLE IF NOT EXISTS audit (
                    seq INTEGER PRIMARY KEY,
                    ts INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    agent_id TEXT,
                    decision_id TEXT,
                    outcome TEXT,
                    payload TEXT NOT NULL,
                    prev_hash BLOB NOT NULL,
                    hash BLOB NOT NULL,
                    mac BLOB NOT NULL
                ) STRICT;
                CREATE INDEX IF NOT EXISTS audit_agent ON audit (agent_id, seq);
                CREATE INDEX IF NOT EXISTS audit_outcome ON audit (outcome, seq);
                CREATE INDEX IF NOT EXISTS audit_ts ON audit (ts);
                CREATE TABLE IF NOT EXISTS audit_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    seq INTEGER NOT NULL,
                    hash BLOB NOT NULL,
                    mac BLOB NOT NULL
                ) STRICT;
                CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                PRAGMA user_version = 1;
                """)
        }
    }

    private static func readHead(_ db: SQLiteConnection) throws(StoreError) -> (sequence: Int64, hash: [UInt8]) {
        // The chain continues from the last entry actually present; `verify` checks the head.
        let last = try db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        if try last.step() { return (last.int64(0), last.bytes(1)) }
        return (0, AuditStore.genesisHash)
    }

    /// The `previousHash` of the first entry.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    /// What the head record's MAC covers before the sequence number and hash.
    private static let headLabel = Array("warden-audit-head-v1".utf8)

    private func headMAC(sequence: Int64, hash: [UInt8]) -> [UInt8] {
        var seq: [UInt8] = []
        withUnsafeBytes(of: sequence.bigEndian) { seq.append(contentsOf: $0) }
        return key.authenticate(Self.headLabel, seq, hash)
    }

    /// Appends `records` in one transaction and returns the committed entries, in order.
    ///
    /// `durability` overrides the configured one for this transaction: `.full` fsyncs before
    /// returning; `.normal` returns once SQLite has written the WAL (survives the process being
    /// killed, not a power loss until the next fsync'd commit or checkpoint).
    ///
    /// - Throws: `StoreError`; on error nothing of the batch is written.
    @discardableResult
    public func append(_ records: [AuditRecord], durability: AuditDurability? = nil) throws(StoreError) -> [AuditEntry] {
        for r in records where r.kind.isEmpty {
            throw StoreError(code: .invalidArgument, message: "an audit record needs a kind")
        }
        guard !records.isEmpty else { return [] }
        return try state.withLock { (s: inout State) throws(StoreError) -> [AuditEntry] in
            var sequence = s.lastSequence
            var previous = s.lastHash
            var entries: [AuditEntry] = []
            entries.reserveCapacity(records.count)
            let insert = s.insert
            let updateHead = s.updateHead
            let full = (durability ?? defaultDurability) == .full
            if full != s.synchronousFull {
                try s.db.execute(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
                s.synchronousFull = full
            }
            try s.db.transaction { () throws(StoreError) in
                for record in records {
                    sequence += 1
                    let hash = ChainHash.sha256(previous, AuditEntry.canonicalEncoding(sequence: sequence, record: record))
                    let mac = key.authenticate(hash)
                    insert.reset()
                    insert.bind(1, sequence)
                    insert.bind(2, record.timestamp)
                    insert.bind(3, record.kind)
                    insert.bind(4, record.agentID)
                    insert.bind(5, record.decisionID)
                    insert.bind(6, record.outcome)
                    insert.bind(7, record.payload)
                    insert.bind(8, previous)
                    insert.bind(9, hash)
                    insert.bind(10, mac)
                    _ = try insert.step()
                    entries.append(AuditEntry(sequence: sequence, record: record, previousHash: previous, hash: hash, mac: mac))
                    previous = hash
                }
                updateHead.reset()
                updateHead.bind(1, sequence)
                updateHead.bind(2, previous)
                updateHead.bind(3, headMAC(sequence: sequence, hash: previous))
                _ = try updateHead.step()
            }
            s.lastSequence = sequence
            s.lastHash = previous
            return entries
        }
    }

    /// Appends one record.
    @discardableResult
    public func append(_ record: AuditRecord) throws(StoreError) -> AuditEntry {
        try append([record])[0]
    }

    /// The sequence number and hash of the last committed entry (0 and the genesis hash when empty).
    public var head: (sequence: Int64, hash: [UInt8]) {
        state.withLock { ($0.lastSequence, $0.lastHash) }
    }

    /// Entries matching `query`, in ascending sequence order (or the newest `limit` ones, still
    /// in ascending order, when `query.newestFirst` is set).
    public func entries(_ query: AuditQuery = AuditQuery()) throws(StoreError) -> [AuditEntry] {
        var conditions: [String] = []
        var binds: [(Int32, SQLiteBindable)] = []
        func add(_ sql: String, _ value: SQLiteBindable) {
            conditions.append(sql)
            binds.append((Int32(binds.count + 1), value))
        }
        if let a = query.agentID { add("agent_id = ?", .text(a)) }
        if let o = query.outcome { add("outcome = ?", .text(o)) }
        if let k = query.kind { add("kind = ?", .text(k)) }
        if let s = query.since { add("ts >= ?", .int(s)) }
        if let u = query.until { add("ts < ?", .int(u)) }
        if let after = query.afterSequence { add("seq > ?", .int(after)) }
        var sql = "SELECT seq, ts, kind, agent_id, decision_id, outcome, payload, prev_hash, hash, mac FROM audit"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += query.newestFirst ? " ORDER BY seq DESC" : " ORDER BY seq ASC"
        if let limit = query.limit {
            guard limit >= 0 else { throw StoreError(code: .invalidArgument, message: "limit must be >= 0, got \(limit)") }
            sql += " LIMIT \(limit)"
        }
        let rows = try state.withLock { (s: inout State) throws(StoreError) -> [AuditEntry] in
            let stmt = try s.db.prepare(sql)
            for (i, v) in binds {
                switch v {
                case .text(let t): stmt.bind(i, t)
                case .int(let n): stmt.bind(i, n)
                }
            }
            var out: [AuditEntry] = []
            while try stmt.step() { out.append(AuditStore.entry(stmt)) }
            return out
        }
        return query.newestFirst ? rows.reversed() : rows
    }

    enum SQLiteBindable {
        case text(String)
        case int(Int64)
    }

    static func entry(_ stmt: SQLiteConnection.Statement) -> AuditEntry {
        AuditEntry(
            sequence: stmt.int64(0),
            record: AuditRecord(
                timestamp: stmt.int64(1), kind: stmt.string(2) ?? "", agentID: stmt.string(3),
                decisionID: stmt.string(4), outcome: stmt.string(5), payload: stmt.string(6) ?? ""),
            previousHash: stmt.bytes(7), hash: stmt.bytes(8), mac: stmt.bytes(9))
    }

    /// Checks the whole log: contiguous sequence numbers, every hash link, every recomputed
    /// hash, every MAC, and the keyed head record (which catches entries removed from the end).
    ///
    /// - Returns: a report naming the first bad sequence number and why; never throws for
    ///   tampering, only for I/O.
    public func verify() throws(StoreError) -> AuditVerification {
        try state.withLock { (s: inout State) throws(StoreError) -> AuditVerification in
            let stmt = try s.db.prepare("SELECT seq, ts, kind, agent_id, decision_id, outcome, payload, prev_hash, hash, mac FROM audit ORDER BY seq ASC")
            var expectedSequence: Int64 = 1
            var previous = AuditStore.genesisHash
            var checked: Int64 = 0
            func bad(_ seq: Int64, _ problem: String) -> AuditVerification {
                AuditVerification(entriesChecked: checked, firstBadSequence: seq, problem: problem)
            }
            while try stmt.step() {
                let e = AuditStore.entry(stmt)
                if e.sequence != expectedSequence {
                    return bad(expectedSequence, e.sequence > expectedSequence
                        ? "entry \(expectedSequence) is missing (the log jumps from \(expectedSequence - 1) to \(e.sequence))"
                        : "entry \(e.sequence) is out of order")
                }
                if !ChainHash.equal(e.previousHash, previous) {
                    return bad(e.sequence, "entry \(e.sequence) does not link to entry \(e.sequence - 1) (entries were inserted, removed or reordered)")
                }
                let hash = ChainHash.sha256(previous, AuditEntry.canonicalEncoding(sequence: e.sequence, record: e.record))
                if !ChainHash.equal(hash, e.hash) {
                    return bad(e.sequence, "entry \(e.sequence) was modified: its contents do not match its hash")
                }
                if !ChainHash.equal(key.authenticate(hash), e.mac) {
                    return bad(e.sequence, "entry \(e.sequence) has an invalid MAC: the chain was rewritten without the audit key (or the key is wrong)")
                }
                previous = hash
                checked += 1
                expectedSequence += 1
            }
            let last = expectedSequence - 1
            let headStmt = try s.db.prepare("SELECT seq, hash, mac FROM audit_head WHERE id = 1")
            if try headStmt.step() {
                let seq = headStmt.int64(0), hash = headStmt.bytes(1), mac = headStmt.bytes(2)
                if !ChainHash.equal(headMAC(sequence: seq, hash: hash), mac) {
                    return bad(seq, "the head record has an invalid MAC: it was rewritten without the audit key (or the key is wrong)")
                }
                if seq != last || !ChainHash.equal(hash, previous) {
                    return bad(min(seq, last) + 1, seq > last
                        ? "the log ends at entry \(last) but the head records \(seq): entries were removed from the end"
                        : "the head records entry \(seq) but the log continues to \(last)")
                }
            } else if last > 0 {
                return bad(1, "the head record is missing")
            }
            return AuditVerification(entriesChecked: checked, firstBadSequence: nil, problem: nil)
        }
    }
}

/// A filter for `AuditStore.entries`.
public struct AuditQuery: Sendable, Hashable {
    public var agentID: String?
    public var outcome: String?
    public var kind: String?
    /// Milliseconds since the epoch, inclusive.
    public var since: Int64?
    /// Milliseconds since the epoch, exclusive.
    public var until: Int64?
    /// Only entries after this sequence number.
    public var afterSequence: Int64?
    public var limit: Int?
    /// Take the newest `limit` entries (for `audit tail`); results are still returned oldest first.
    public var newestFirst: Bool

    public init(agentID: String? = nil, outcome: String? = nil, kind: String? = nil, since: Int64? = nil,
                until: Int64? = nil, afterSequence: Int64? = nil, limit: Int? = nil, newestFirst: Bool = false) {
        self.agentID = agentID
        self.outcome = outcome
        self.kind = kind
        self.since = since
        self.until = until
        self.afterSequence = afterSequence
        self.limit = limit
        self.newestFirst = newestFirst
    }
}

/// The result of `AuditStore.verify()`.
public struct AuditVerification: Sendable, Hashable {
    /// Entries that passed every check before the first problem (or all of them).
    public var entriesChecked: Int64
    /// The first sequence number that fails, or nil when the log verifies.
    public var firstBadSequence: Int64?
    /// Why it fails, in words.
    public var problem: String?

    /// True when every check passed.
    public var isValid: Bool { firstBadSequence == nil }
}
