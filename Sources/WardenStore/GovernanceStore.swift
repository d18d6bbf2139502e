import Synchronization
import WardenCrypto

/// A request for a human's approval, created by a `require_approval` decision.
public struct ApprovalRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        case pending, approved, rejected, expired

        public var isFinal: Bool { self != .pending }
    }

    public var id: String
    public var agentID: String
    public var state: State
    /// What identifies "the same action" for the one allowed retry (see `Fingerprint`).
    public var fingerprint: String
    public var actionType: String
    /// The action with personal data and secrets redacted, as JSON.
    public var actionJSON: String
    public var rules: [String]
    public var reason: String
    public var risk: String
    public var policyName: String
    public var policyVersion: String
    public var decisionID: String
    /// Unix seconds.
    public var createdAt: Int64
    public var expiresAt: Int64
    public var decidedAt: Int64?
    public var decidedBy: String?
    public var note: String?
    /// Approved: the same action is allowed once until then.
    public var grantExpiresAt: Int64?
    public var consumedAt: Int64?
    public var consumedDecisionID: String?

    public init(
        id: String, agentID: String, state: State, fingerprint: String, actionType: String, actionJSON: String,
        rules: [String], reason: String, risk: String, policyName: String, policyVersion: String, decisionID: String,
        createdAt: Int64, expiresAt: Int64, decidedAt: Int64? = nil, decidedBy: String? = nil, note: String? = nil,
        grantExpiresAt: Int64? = nil, consumedAt: Int64? = nil, consumedDecisionID: String? = nil
    ) {
        self.id = id
        self.agentID = agentID
        self.state = state
        self.fingerprint = fingerprint
        self.actionType = actionType
        self.actionJSON = actionJSON
        self.rules = rules
        self.reason = reason
        self.risk = risk
        self.policyName = policyName
        self.policyVersion = policyVersion
        self.decisionID = decisionID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.note = note
        self.grantExpiresAt = grantExpiresAt
        self.consumedAt = consumedAt
        self.consumedDecisionID = consumedDecisionID
    }
}

/// Whose spending a budget counts.
public enum SpendSubject: Sendable, Hashable, CustomStringConvertible {
    case all
    case agent(String)
    case team(String)
    case org(String)

    public var description: String {
        switch self {
        case .all: return "all"
        case .agent(let id): return "agent:\(id)"
        case .team(let id): return "team:\(id)"
        case .org(let id): return "org:\(id)"
        }
    }

    func covers(agent: String, team: String?, org: String?) -> Bool {
        switch self {
        case .all: return true
        case .agent(let id): return id == agent
        case .team(let id): return id == team
        case .org(let id): return id == org
        }
    }
}

/// Money in millionths of a US dollar (exact sums) and tokens.
public struct SpendTotals: Sendable, Hashable {
    public var microUSD: Int64
    public var tokens: Int64

    public init(microUSD: Int64 = 0, tokens: Int64 = 0) {
        self.microUSD = microUSD
        self.tokens = tokens
    }

    public static func + (a: SpendTotals, b: SpendTotals) -> SpendTotals {
        SpendTotals(microUSD: a.microUSD &+ b.microUSD, tokens: a.tokens &+ b.tokens)
    }

    public static func - (a: SpendTotals, b: SpendTotals) -> SpendTotals {
        SpendTotals(microUSD: a.microUSD &- b.microUSD, tokens: a.tokens &- b.tokens)
    }
}

/// Durable governance state in SQLite (`governance.db`): approvals, the calls inside rate-limit
/// windows and the spending ledger that budgets sum.
///
/// Every operation runs inside `transaction(_:)` under one lock, so a check and the reservation
/// it makes are atomic: concurrent checks against the same limit are serialised and cannot
/// overspend. Commits reach SQLite's write-ahead log before they return (they survive the
/// gateway crashing or being killed; `synchronous=NORMAL`).
public final class GovernanceStore: Sendable {
    private let state: Mutex<Session>

    public init(path: String) throws(StoreError) {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute("PRAGMA synchronous=NORMAL")
        // As for the audit log: checks rewrite the same few pages, so checkpoint rarely.
        try connection.execute("PRAGMA wal_autocheckpoint=10000")
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS approvals (
                id TEXT PRIMARY KEY,
                agent_id TEXT NOT NULL,
                state TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                action_type TEXT NOT NULL,
                action_json TEXT NOT NULL,
                rules TEXT NOT NULL,
                reason TEXT NOT NULL,
                risk TEXT NOT NULL,
                policy_name TEXT NOT NULL,
                policy_version TEXT NOT NULL,
                decision_id TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                decided_at INTEGER,
                decided_by TEXT,
                note TEXT,
                grant_expires_at INTEGER,
                consumed_at INTEGER,
                consumed_decision_id TEXT
            ) STRICT;
            CREATE INDEX IF NOT EXISTS approvals_by_action ON approvals (agent_id, fingerprint, state);
            CREATE INDEX IF NOT EXISTS approvals_pending ON approvals (state, expires_at);
            CREATE TABLE IF NOT EXISTS rate_calls (
                rule TEXT NOT NULL,
                agent_id TEXT NOT NULL,
                at_ms INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX IF NOT EXISTS rate_calls_window ON rate_calls (rule, agent_id, at_ms);
            CREATE TABLE IF NOT EXISTS spend (
                id INTEGER PRIMARY KEY,
                at INTEGER NOT NULL,
                agent_id TEXT NOT NULL,
                team TEXT,
                org TEXT,
                micro_usd INTEGER NOT NULL,
                tokens INTEGER NOT NULL,
                decision_id TEXT,
                settled INTEGER NOT NULL,
                model TEXT
            ) STRICT;
            CREATE INDEX IF NOT EXISTS spend_by_agent ON spend (agent_id, at);
            CREATE INDEX IF NOT EXISTS spend_by_team ON spend (team, at);
            CREATE INDEX IF NOT EXISTS spend_by_org ON spend (org, at);
            CREATE INDEX IF NOT EXISTS spend_by_time ON spend (at);
            CREATE INDEX IF NOT EXISTS spend_by_decision ON spend (decision_id) WHERE decision_id IS NOT NULL;
            """)
        state = Mutex(Session(connection))
    }

    /// Runs `body` atomically: one SQLite transaction under the store's lock. On error
    /// nothing it wrote stays (and the caches it touched are dropped).
    public func transaction<R: Sendable>(_ body: (inout Session) throws(StoreError) -> R) throws(StoreError) -> R {
        try state.withLock { (s: inout Session) throws(StoreError) -> R in
            try s.connection.withCached("BEGIN IMMEDIATE") { (stmt) throws(StoreError) in _ = try stmt.step() }
            do throws(StoreError) {
                let result = try body(&s)
                try s.connection.withCached("COMMIT") { (stmt) throws(StoreError) in _ = try stmt.step() }
                return result
            } catch {
                try? s.connection.execute("ROLLBACK")
                s.dropCaches()
                throw error
            }
        }
    }

    /// The store's operations; only reachable inside `transaction(_:)`.
    public struct Session: ~Copyable {
        let connection: SQLiteConnection
        /// Call times (ms, ascending) inside each rate window, loaded on first use.
        private var windows: [RateKey: [Int64]] = [:]
        /// Spending since a period start, per subject, loaded on first use and kept current.
        private var totals: [SpendKey: SpendTotals] = [:]
        private var rateInserts = 0

        struct RateKey: Hashable {
            var rule: String
            var agent: String
        }

        struct SpendKey: Hashable {
            var subject: SpendSubject
            var since: Int64
        }

        static let cacheLimit = 50_000

        init(_ connection: SQLiteConnection) {
            self.connection = connection
        }

        mutating func dropCaches() {
            windows.removeAll()
            totals.removeAll()
        }

        // MARK: Approvals

        static let approvalColumns = """
            id, agent_id, state, fingerprint, action_type, action_json, rules, reason, risk, policy_name, policy_version,
            decision_id, created_at, expires_at, decided_at, decided_by, note, grant_expires_at, consumed_at, consumed_decision_id
            """

        public func insert(_ a: ApprovalRecord) throws(StoreError) {
            try connection.withCached("INSERT INTO approvals (\(Self.approvalColumns)) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)") { (s) throws(StoreError) in
                Self.bind(a, to: s)
                _ = try s.step()
            }
        }

        /// Writes every field of `a` (matched by id).
        public func update(_ a: ApprovalRecord) throws(StoreError) {
            try connection.withCached("""
                UPDATE approvals SET agent_id = ?2, state = ?3, fingerprint = ?4, action_type = ?5, action_json = ?6, rules = ?7,
                reason = ?8, risk = ?9, policy_name = ?10, policy_version = ?11, decision_id = ?12, created_at = ?13, expires_at = ?14,
                decided_at = ?15, decided_by = ?16, note = ?17, grant_expires_at = ?18, consumed_at = ?19, consumed_decision_id = ?20
                WHERE id = ?1
                """) { (s) throws(StoreError) in
                Self.bind(a, to: s)
                _ = try s.step()
            }
        }

        public func approval(_ id: String) throws(StoreError) -> ApprovalRecord? {
            try connection.withCached("SELECT \(Self.approvalColumns) FROM approvals WHERE id = ?") { (s) throws(StoreError) -> ApprovalRecord? in
                s.bind(1, id)
                return try s.step() ? Self.approval(s) : nil
            }
        }

        /// The newest approval of `agent` for `fingerprint` in `state`.
        public func latestApproval(agent: String, fingerprint: String, state: ApprovalRecord.State) throws(StoreError) -> ApprovalRecord? {
            try connection.withCached("""
                SELECT \(Self.approvalColumns) FROM approvals WHERE agent_id = ? AND fingerprint = ? AND state = ?
                ORDER BY created_at DESC, rowid DESC LIMIT 1
                """) { (s) throws(StoreError) -> ApprovalRecord? in
                s.bind(1, agent)
                s.bind(2, fingerprint)
                s.bind(3, state.rawValue)
                return try s.step() ? Self.approval(s) : nil
            }
        }

        /// An approved, unused grant of `agent` for `fingerprint` still valid at `now`.
        public func usableGrant(agent: String, fingerprint: String, now: Int64) throws(StoreError) -> ApprovalRecord? {
            try connection.withCached("""
                SELECT \(Self.approvalColumns) FROM approvals
                WHERE agent_id = ? AND fingerprint = ? AND state = 'approved' AND consumed_at IS NULL AND grant_expires_at > ?
                ORDER BY decided_at, rowid LIMIT 1
                """) { (s) throws(StoreError) -> ApprovalRecord? in
                s.bind(1, agent)
                s.bind(2, fingerprint)
                s.bind(3, now)
                return try s.step() ? Self.approval(s) : nil
            }
        }

        /// Approvals, newest first, optionally filtered.
        public func approvals(state: ApprovalRecord.State?, agent: String?, limit: Int) throws(StoreError) -> [ApprovalRecord] {
            let s = try connection.prepare("""
                SELECT \(Self.approvalColumns) FROM approvals WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR agent_id = ?2)
                ORDER BY created_at DESC, rowid DESC LIMIT ?3
                """)
            s.bind(1, state?.rawValue)
            s.bind(2, agent)
            s.bind(3, Int64(limit))
            var out: [ApprovalRecord] = []
            while try s.step() { out.append(Self.approval(s)) }
            return out
        }

        /// Pending approvals whose expiry is at or before `now`.
        public func duePendingApprovals(now: Int64) throws(StoreError) -> [ApprovalRecord] {
            try connection.withCached("SELECT \(Self.approvalColumns) FROM approvals WHERE state = 'pending' AND expires_at <= ? ORDER BY expires_at") { (s) throws(StoreError) -> [ApprovalRecord] in
                s.bind(1, now)
                var out: [ApprovalRecord] = []
                while try s.step() { out.append(Self.approval(s)) }
                return out
            }
        }

        /// The earliest expiry among pending approvals, if any.
        public func nextPendingExpiry() throws(StoreError) -> Int64? {
            try connection.withCached("SELECT MIN(expires_at) FROM approvals WHERE state = 'pending'") { (s) throws(StoreError) -> Int64? in
                try s.step() ? s.optionalInt64(0) : nil
            }
        }

        static func bind(_ a: ApprovalRecord, to s: SQLiteConnection.Statement) {
            s.bind(1, a.id)
            s.bind(2, a.agentID)
            s.bind(3, a.state.rawValue)
            s.bind(4, a.fingerprint)
            s.bind(5, a.actionType)
            s.bind(6, a.actionJSON)
            s.bind(7, a.rules.joined(separator: "\n"))
            s.bind(8, a.reason)
            s.bind(9, a.risk)
            s.bind(10, a.policyName)
            s.bind(11, a.policyVersion)
            s.bind(12, a.decisionID)
            s.bind(13, a.createdAt)
            s.bind(14, a.expiresAt)
            s.bind(15, a.decidedAt)
            s.bind(16, a.decidedBy)
            s.bind(17, a.note)
            s.bind(18, a.grantExpiresAt)
            s.bind(19, a.consumedAt)
            s.bind(20, a.consumedDecisionID)
        }

        static func approval(_ s: SQLiteConnection.Statement) -> ApprovalRecord {
            ApprovalRecord(
                id: s.string(0) ?? "", agentID: s.string(1) ?? "",
                // An unknown state (a newer writer) reads as expired: it never allows anything.
                state: ApprovalRecord.State(rawValue: s.string(2) ?? "") ?? .expired,
                fingerprint: s.string(3) ?? "", actionType: s.string(4) ?? "", actionJSON: s.string(5) ?? "{}",
                rules: (s.string(6) ?? "").split(separator: "\n").map(String.init), reason: s.string(7) ?? "",
                risk: s.string(8) ?? "", policyName: s.string(9) ?? "", policyVersion: s.string(10) ?? "",
                decisionID: s.string(11) ?? "", createdAt: s.int64(12), expiresAt: s.int64(13), decidedAt: s.optionalInt64(14),
                decidedBy: s.string(15), note: s.string(16), grantExpiresAt: s.optionalInt64(17), consumedAt: s.optionalInt64(18),
                consumedDecisionID: s.string(19))
        }

        // MARK: Rate windows

        /// The calls `agent` made under `rule` since `since` (ms, exclusive), oldest first.
        public mutating func rateCalls(rule: String, agent: String, since: Int64) throws(StoreError) -> [Int64] {
            let key = RateKey(rule: rule, agent: agent)
            if var cached = windows[key] {
                if let first = cached.firstIndex(where: { $0 > since }) {
                    if first > 0 { cached.removeFirst(first) }
                } else {
                    cached.removeAll()
                }
                windows[key] = cached
                return cached
            }
            let loaded = try connection.withCached("SELECT at_ms FROM rate_calls WHERE rule = ? AND agent_id = ? AND at_ms > ? ORDER BY at_ms") { (s) throws(StoreError) -> [Int64] in
                s.bind(1, rule)
                s.bind(2, agent)
                s.bind(3, since)
                var out: [Int64] = []
                while try s.step() { out.append(s.int64(0)) }
                return out
            }
            if windows.count >= Self.cacheLimit { windows.removeAll() }
            windows[key] = loaded
            return loaded
        }

        /// Records a call at `at` (ms). Call `rateCalls` for the same key first (it loads the window).
        public mutating func recordRateCall(rule: String, agent: String, at: Int64) throws(StoreError) {
            try connection.withCached("INSERT INTO rate_calls (rule, agent_id, at_ms) VALUES (?, ?, ?)") { (s) throws(StoreError) in
                s.bind(1, rule)
                s.bind(2, agent)
                s.bind(3, at)
                _ = try s.step()
            }
            let key = RateKey(rule: rule, agent: agent)
            if windows[key] != nil {
                // Kept in order even if the clock stepped back.
                let index = windows[key]!.lastIndex(where: { $0 <= at }).map { $0 + 1 } ?? 0
                windows[key]!.insert(at, at: index)
            }
            rateInserts += 1
            if rateInserts % 4096 == 0 {
                // Rows older than a day are outside every window (the longest is an hour).
                try connection.withCached("DELETE FROM rate_calls WHERE at_ms < ?") { (s) throws(StoreError) in
                    s.bind(1, at - 86_400_000)
                    _ = try s.step()
                }
            }
        }

        // MARK: Spending

        /// What `subject` spent (including unsettled reservations) at or after `since` (Unix seconds).
        public mutating func spent(by subject: SpendSubject, since: Int64) throws(StoreError) -> SpendTotals {
            let key = SpendKey(subject: subject, since: since)
            if let hit = totals[key] { return hit }
            let column: String
            let value: String?
            switch subject {
            case .all: (column, value) = ("NULL", nil)
            case .agent(let id): (column, value) = ("agent_id", id)
            case .team(let id): (column, value) = ("team", id)
            case .org(let id): (column, value) = ("org", id)
            }
            let sql = value == nil
                ? "SELECT COALESCE(SUM(micro_usd), 0), COALESCE(SUM(tokens), 0) FROM spend WHERE at >= ?1"
                : "SELECT COALESCE(SUM(micro_usd), 0), COALESCE(SUM(tokens), 0) FROM spend WHERE \(column) = ?2 AND at >= ?1"
            let sum = try connection.withCached(sql) { (s) throws(StoreError) -> SpendTotals in
                s.bind(1, since)
                if let value { s.bind(2, value) }
                guard try s.step() else { return SpendTotals() }
                return SpendTotals(microUSD: s.int64(0), tokens: s.int64(1))
            }
            if totals.count >= Self.cacheLimit { totals.removeAll() }
            totals[key] = sum
            return sum
        }

        /// Adds spending by `agent` at `at`. With `decisionID` and `settled: false` it is the
        /// reservation of an allowed check, which `settle` later replaces with what was spent.
        public mutating func addSpend(
            _ amount: SpendTotals, at: Int64, agent: String, team: String?, org: String?, decisionID: String?, settled: Bool,
            model: String? = nil
        ) throws(StoreError) {
            try connection.withCached("INSERT INTO spend (at, agent_id, team, org, micro_usd, tokens, decision_id, settled, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") { (s) throws(StoreError) in
                s.bind(1, at)
                s.bind(2, agent)
                s.bind(3, team)
                s.bind(4, org)
                s.bind(5, amount.microUSD)
                s.bind(6, amount.tokens)
                s.bind(7, decisionID)
                s.bind(8, settled ? 1 : 0)
                s.bind(9, model)
                _ = try s.step()
            }
            adjustTotals(by: amount, at: at, agent: agent, team: team, org: org)
        }

        /// Replaces the unsettled reservation of `decisionID` (made by `agent`) with `actual`.
        /// Returns false when there is none (the caller then adds the spending instead).
        public mutating func settle(decisionID: String, agent: String, actual: SpendTotals, model: String?) throws(StoreError) -> Bool {
            let row = try connection.withCached("SELECT id, at, team, org, micro_usd, tokens FROM spend WHERE decision_id = ? AND agent_id = ? AND settled = 0 LIMIT 1") { (s) throws(StoreError) -> (Int64, Int64, String?, String?, SpendTotals)? in
                s.bind(1, decisionID)
                s.bind(2, agent)
                guard try s.step() else { return nil }
                return (s.int64(0), s.int64(1), s.string(2), s.string(3), SpendTotals(microUSD: s.int64(4), tokens: s.int64(5)))
            }
            guard let (id, at, team, org, reserved) = row else { return false }
            try connection.withCached("UPDATE spend SET micro_usd = ?, tokens = ?, settled = 1, model = ? WHERE id = ?") { (s) throws(StoreError) in
                s.bind(1, actual.microUSD)
                s.bind(2, actual.tokens)
                s.bind(3, model)
                s.bind(4, id)
                _ = try s.step()
            }
            adjustTotals(by: actual - reserved, at: at, agent: agent, team: team, org: org)
            return true
        }

        private mutating func adjustTotals(by delta: SpendTotals, at: Int64, agent: String, team: String?, org: String?) {
            for (key, value) in totals where key.since <= at && key.subject.covers(agent: agent, team: team, org: org) {
                totals[key] = value + delta
            }
        }
    }
}
