import WardenCrypto

/// What a caller asks the audit log to record. The store assigns the sequence number and the
/// chain fields.
public struct AuditRecord: Sendable, Hashable {
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64
    /// What happened: `decision`, `event.tool_call`, `agent.registered`, ... (non-empty).
    public var kind: String
    /// The agent concerned, if any.
    public var agentID: String?
    /// The decision this entry records or refers to, if any.
    public var decisionID: String?
    /// For decisions: `allow`, `deny` or `require_approval` (indexed for queries).
    public var outcome: String?
    /// The details as JSON text, already redacted by the caller: the store never sees secrets.
    public var payload: String

    public init(timestamp: Int64, kind: String, agentID: String? = nil, decisionID: String? = nil,
                outcome: String? = nil, payload: String = "{}") {
        self.timestamp = timestamp
        self.kind = kind
        self.agentID = agentID
        self.decisionID = decisionID
        self.outcome = outcome
        self.payload = payload
    }
}

/// One committed entry of the audit log.
///
/// `hash` = SHA-256(`previousHash` ‖ canonical encoding of the entry) links each entry to the one
/// before it, so editing, deleting, inserting or reordering entries breaks the chain; `mac` =
/// HMAC-SHA256(audit key, `hash`) means the chain cannot be recomputed by someone who can write
/// the database file but does not hold the key.
public struct AuditEntry: Sendable, Hashable {
    /// 1, 2, 3... without gaps.
    public var sequence: Int64
    public var record: AuditRecord
    /// The previous entry's `hash` (32 zero bytes for the first entry).
    public var previousHash: [UInt8]
    public var hash: [UInt8]
    public var mac: [UInt8]

    /// The byte string the hash covers: a version tag, then every field, each length-prefixed
    /// (absent optionals are distinguished from empty strings), so no two different entries can
    /// encode alike.
    static func canonicalEncoding(sequence: Int64, record r: AuditRecord) -> [UInt8] {
        var out: [UInt8] = []
        // The fixed part: the 15-byte label, two integers, five presence flags and lengths (76).
        out.reserveCapacity(76 + r.kind.utf8.count + (r.agentID?.utf8.count ?? 0) + (r.decisionID?.utf8.count ?? 0)
            + (r.outcome?.utf8.count ?? 0) + r.payload.utf8.count)
        out.append(contentsOf: "warden-audit-v1".utf8)
        func int(_ v: Int64) { withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) } }
        func text(_ s: String?) {
            guard let s else {
                out.append(0)
                return
            }
            out.append(1)
            int(Int64(s.utf8.count))
            out.append(contentsOf: s.utf8)
        }
        int(sequence)
        int(r.timestamp)
        text(r.kind)
        text(r.agentID)
        text(r.decisionID)
        text(r.outcome)
        text(r.payload)
        return out
    }

    /// The entry as one JSON object (`audit export --format jsonl`); the payload is embedded as
    /// JSON, hashes are hex.
    public var jsonText: String {
        var out = "{\"seq\":\(sequence),\"ts\":\(record.timestamp),\"kind\":\(Self.quoted(record.kind))"
        out += ",\"agent_id\":" + (record.agentID.map(Self.quoted) ?? "null")
        out += ",\"decision_id\":" + (record.decisionID.map(Self.quoted) ?? "null")
        out += ",\"outcome\":" + (record.outcome.map(Self.quoted) ?? "null")
        out += ",\"payload\":" + record.payload
        out += ",\"prev_hash\":\"\(ChainHash.hex(previousHash))\",\"hash\":\"\(ChainHash.hex(hash))\",\"mac\":\"\(ChainHash.hex(mac))\"}"
        return out
    }

    /// The entry in ArcSight Common Event Format (`audit export --format cef`).
    public var cefText: String {
        let severity: Int
        switch record.outcome {
        case "deny"?: severity = 7
        case "require_approval"?: severity = 5
        default: severity = 3
        }
        var ext = "rt=\(record.timestamp) cn1Label=seq cn1=\(sequence)"
        if let a = record.agentID { ext += " suser=" + Self.cefExtension(a) }
        if let o = record.outcome { ext += " outcome=" + Self.cefExtension(o) }
        if let d = record.decisionID { ext += " cs1Label=decisionId cs1=" + Self.cefExtension(d) }
        ext += " cs2Label=hash cs2=" + ChainHash.hex(hash)
        ext += " msg=" + Self.cefExtension(record.payload)
        let kind = Self.cefHeader(record.kind)
        return "CEF:0|Warden|warden|0.1.0|\(kind)|\(kind)|\(severity)|\(ext)"
    }

    /// CEF header fields escape `\` and `|`.
    static func cefHeader(_ s: String) -> String {
        s.replacingAll([("\\", "\\\\"), ("|", "\\|"), ("\n", " "), ("\r", " ")])
    }

    /// CEF extension values escape `\`, `=` and line breaks.
    static func cefExtension(_ s: String) -> String {
        s.replacingAll([("\\", "\\\\"), ("=", "\\="), ("\n", "\\n"), ("\r", "\\r")])
    }

    static func quoted(_ s: String) -> String {
        JSONText.quoted(s)
    }
}

extension String {
    fileprivate func replacingAll(_ pairs: [(Character, String)]) -> String {
        var out = ""
        out.reserveCapacity(count)
        for c in self {
            if let r = pairs.first(where: { $0.0 == c }) { out += r.1 } else { out.append(c) }
        }
        return out
    }
}
