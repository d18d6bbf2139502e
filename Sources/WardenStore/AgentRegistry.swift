import Synchronization
import WardenCrypto

/// A registered agent, as the gateway knows it.
public struct AgentRecord: Sendable, Hashable {
    /// Lifecycle state: only active agents may act.
    public enum State: String, Sendable, Hashable {
        case active, suspended, revoked
    }

    public var id: String
    public var name: String
    public var team: String?
    public var org: String?
    public var labels: [String: String]
    public var state: State
    /// Unix seconds.
    public var registeredAt: Int64
    public var stateChangedAt: Int64
    public var stateReason: String?
    /// The enrollment secret it registered with (by id, never the secret).
    public var enrollmentID: String
}

/// Durable gateway identity state in SQLite: enrollment and admin secrets (stored only as
/// hashes, compared in constant time) and registered agents.
public final class AgentRegistry: Sendable {
    /// Which kind of credential a secret is.
    public enum SecretKind: String, Sendable {
        case enrollment, admin
    }

    private let db: Mutex<SQLiteConnection>
    /// Agent records by id, read through on every authenticated call. This process is the
    /// only writer of the agents table (the CLI changes agents through the gateway), and every
    /// write below updates the cache under the same lock, so it cannot go stale.
    private let cache = Mutex<[String: AgentRecord]>([:])
    /// Past this many cached agents the cache starts over (cheap, bounded, still correct).
    static let cacheLimit = 100_000

    /// Opens (creating if needed) the registry database at `path`.
    public init(path: String) throws(StoreError) {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute("PRAGMA synchronous=FULL")
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS secrets (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                revoked INTEGER NOT NULL DEFAULT 0
            ) STRICT;
            CREATE TABLE IF NOT EXISTS agents (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                team TEXT,
                org TEXT,
                labels TEXT NOT NULL,
                state TEXT NOT NULL,
                registered_at INTEGER NOT NULL,
                state_changed_at INTEGER NOT NULL,
                state_reason TEXT,
                enrollment_id TEXT NOT NULL
            ) STRICT;
            """)
        db = Mutex(connection)
    }

    /// Creates a secret and returns it: the only time it is ever visible. The registry keeps
    /// its SHA-256 hash.
    public func createSecret(kind: SecretKind, name: String, now: Int64) throws(StoreError) -> (id: String, secret: String) {
        guard !name.isEmpty else { throw StoreError(code: .invalidArgument, message: "a secret needs a name") }
        let secret = Secret.generate(prefix: kind == .enrollment ? "wd_enroll_" : "wd_admin_")
        let id = Base64URL.encode(RandomBytes.generate(9))
        try db.withLock { (c: inout SQLiteConnection) throws(StoreError) in
            let stmt = try c.prepare("INSERT INTO secrets (id, kind, name, hash, created_at) VALUES (?, ?, ?, ?, ?)")
            stmt.bind(1, id)
            stmt.bind(2, kind.rawValue)
            stmt.bind(3, name)
            stmt.bind(4, Secret.hash(secret))
            stmt.bind(5, now)
            _ = try stmt.step()
        }
        return (id, secret)
    }

    /// The id and name of the unrevoked secret of `kind` that `presented` matches, if any.
    ///
    /// Every stored hash is compared in constant time, so timing does not reveal which (or
    /// whether any) secret nearly matched.
    public func matchSecret(kind: SecretKind, presented: String) throws(StoreError) -> (id: String, name: String)? {
        try db.withLock { (c: inout SQLiteConnection) throws(StoreError) -> (id: String, name: String)? in
            let stmt = try c.prepare("SELECT id, name, hash FROM secrets WHERE kind = ? AND revoked = 0")
            stmt.bind(1, kind.rawValue)
            var found: (String, String)?
            while try stmt.step() {
                if Secret.matches(presented, hash: stmt.string(2) ?? "") && found == nil {
                    found = (stmt.string(0) ?? "", stmt.string(1) ?? "")
                }
            }
            return found
        }
    }

    /// Registers a new agent and returns its record.
    public func register(name: String, team: String?, org: String?, labels: [String: String], enrollmentID: String,
                         now: Int64) throws(StoreError) -> AgentRecord {
        let record = AgentRecord(
            id: "agt_" + Base64URL.encode(RandomBytes.generate(12)), name: name, team: team, org: org, labels: labels,
            state: .active, registeredAt: now, stateChangedAt: now, stateReason: nil, enrollmentID: enrollmentID)
        try db.withLock { (c: inout SQLiteConnection) throws(StoreError) in
            let stmt = try c.prepare("""
                INSERT INTO agents (id, name, team, org, labels, state, registered_at, state_changed_at, state_reason, enrollment_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            stmt.bind(1, record.id)
            stmt.bind(2, record.name)
            stmt.bind(3, record.team)
            stmt.bind(4, record.org)
            stmt.bind(5, AgentRegistry.encodeLabels(labels))
            stmt.bind(6, record.state.rawValue)
            stmt.bind(7, now)
            stmt.bind(8, now)
            stmt.bind(9, nil as String?)
            stmt.bind(10, enrollmentID)
            _ = try stmt.step()
            remember(record)
        }
        return record
    }

    /// The agent with `id`, if registered.
    public func agent(_ id: String) throws(StoreError) -> AgentRecord? {
        if let hit = cache.withLock({ $0[id] }) { return hit }
        return try db.withLock { (c: inout SQLiteConnection) throws(StoreError) -> AgentRecord? in
            try c.withCached("SELECT id, name, team, org, labels, state, registered_at, state_changed_at, state_reason, enrollment_id FROM agents WHERE id = ?") { (stmt) throws(StoreError) -> AgentRecord? in
                stmt.bind(1, id)
                guard try stmt.step() else { return nil }
                let record = AgentRegistry.record(stmt)
                remember(record)
                return record
            }
        }
    }

    /// Caches `record`; called with `db` locked so that cache and table change together.
    private func remember(_ record: AgentRecord) {
        cache.withLock { cache in
            if cache.count >= AgentRegistry.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[record.id] = record
        }
    }

    /// Agents, optionally filtered, in registration order.
    public func agents(team: String? = nil, org: String? = nil, state: AgentRecord.State? = nil) throws(StoreError) -> [AgentRecord] {
        try db.withLock { (c: inout SQLiteConnection) throws(StoreError) -> [AgentRecord] in
            let stmt = try c.prepare("""
                SELECT id, name, team, org, labels, state, registered_at, state_changed_at, state_reason, enrollment_id FROM agents
                WHERE (?1 IS NULL OR team = ?1) AND (?2 IS NULL OR org = ?2) AND (?3 IS NULL OR state = ?3)
                ORDER BY registered_at, id
                """)
            stmt.bind(1, team)
            stmt.bind(2, org)
            stmt.bind(3, state?.rawValue)
            var out: [AgentRecord] = []
            while try stmt.step() { out.append(AgentRegistry.record(stmt)) }
            return out
        }
    }

    /// Moves an agent to `state`. A revoked agent stays revoked.
    public func setState(_ id: String, to state: AgentRecord.State, reason: String?, now: Int64) throws(StoreError) -> AgentRecord {
        guard let current = try agent(id) else { throw StoreError(code: .invalidArgument, message: "no agent '\(id)'") }
        if current.state == .revoked && state != .revoked {
            throw StoreError(code: .invalidArgument, message: "agent '\(id)' is revoked; register a new agent instead")
        }
        try db.withLock { (c: inout SQLiteConnection) throws(StoreError) in
            let stmt = try c.prepare("UPDATE agents SET state = ?, state_changed_at = ?, state_reason = ? WHERE id = ?")
            stmt.bind(1, state.rawValue)
            stmt.bind(2, now)
            stmt.bind(3, reason)
            stmt.bind(4, id)
            _ = try stmt.step()
            // Forget rather than patch: the next read takes the row as committed.
            cache.withLock { _ = $0.removeValue(forKey: id) }
        }
        return try agent(id)!
    }

    static func record(_ s: SQLiteConnection.Statement) -> AgentRecord {
        AgentRecord(
            id: s.string(0) ?? "", name: s.string(1) ?? "", team: s.string(2), org: s.string(3),
            labels: decodeLabels(s.string(4) ?? ""), state: AgentRecord.State(rawValue: s.string(5) ?? "") ?? .revoked,
            registeredAt: s.int64(6), stateChangedAt: s.int64(7), stateReason: s.string(8), enrollmentID: s.string(9) ?? "")
    }

    /// Labels as `key=value` lines with `\`, `=` and newlines escaped: simple, exact, ordered.
    static func encodeLabels(_ labels: [String: String]) -> String {
        func esc(_ s: String) -> String {
            var o = ""
            for c in s {
                switch c {
                case "\\": o += "\\\\"
                case "=": o += "\\="
                case "\n": o += "\\n"
                default: o.append(c)
                }
            }
            return o
        }
        return labels.keys.sorted().map { esc($0) + "=" + esc(labels[$0]!) }.joined(separator: "\n")
    }

    static func decodeLabels(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var key = "", value = "", inValue = false, escaped = false
            for c in line {
                if escaped {
                    let r: Character = c == "n" ? "\n" : c
                    if inValue { value.append(r) } else { key.append(r) }
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "=" && !inValue {
                    inValue = true
                } else if inValue {
                    value.append(c)
                } else {
                    key.append(c)
                }
            }
            out[key] = value
        }
        return out
    }
}
