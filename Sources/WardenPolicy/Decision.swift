import Synchronization

/// How severe an action is judged to be.
public enum Risk: String, Sendable, Hashable, Comparable, CaseIterable {
    case low, medium, high, critical

    var rank: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .high: return 2
        case .critical: return 3
        }
    }

    public static func < (a: Risk, b: Risk) -> Bool { a.rank < b.rank }
}

/// The name and version of a policy document.
public struct PolicyReference: Sendable, Hashable {
    /// `metadata.name`, or the file stem for flat documents.
    public var name: String
    /// `metadata.version` (or top-level `version`) as written; empty when not set.
    public var version: String

    /// Creates a reference.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}

/// A check the stateless engine cannot settle by itself (a rate limit, a budget), listed so the
/// gateway can enforce it. An action whose decision is `allow` with pending checks is allowed
/// only once the gateway has settled them; a local pre-check reports them and says so.
public struct PendingCheck: Sendable, Hashable {
    /// `rate_limit` or `budget`.
    public var kind: String
    /// The rule that asked for it (`tools.bash.limit_per_hour`, `budget`).
    public var rule: String
    /// The policy that holds the rule.
    public var policy: PolicyReference
    /// The check's settings, as a JSON object (limits, window, timezone, key...).
    public var settings: PolicyValue

    /// The check as a JSON object with a fixed field order.
    public var jsonText: String {
        var o = JSONObjectBuilder()
        o.field("kind", string: kind)
        o.field("rule", string: rule)
        o.field("policy", raw: policy.jsonText)
        o.field("settings", settings)
        return o.finish()
    }
}

extension PolicyReference {
    var jsonText: String {
        var o = JSONObjectBuilder()
        o.field("name", string: name)
        o.field("version", string: version)
        return o.finish()
    }
}

/// Content a policy's `data.pii | secrets | injection` detectors found in an action's strings.
///
/// Never carries the matched text, only where it is: `start..<end` are UTF-8 byte offsets into
/// the string at `path`.
public struct DataFinding: Sendable, Hashable {
    /// Where the string is in the action: `target`, `params.command`, `params.messages[0].content`.
    public var path: String
    /// `pii`, `secret` or `injection`.
    public var category: String
    /// The detector's kind: `email`, `aws_access_key_id`, `instruction_override`...
    public var kind: String
    /// UTF-8 byte offset of the match in the string at `path`.
    public var start: Int
    /// UTF-8 byte offset just past the match.
    public var end: Int
    /// How serious the finding is.
    public var severity: Risk
    /// What the policy does about it: `block` (the action is denied), `redact` (the caller must
    /// redact the span before the data goes on) or `warn`.
    public var action: String

    /// Creates a finding.
    public init(path: String, category: String, kind: String, start: Int, end: Int, severity: Risk, action: String) {
        self.path = path
        self.category = category
        self.kind = kind
        self.start = start
        self.end = end
        self.severity = severity
        self.action = action
    }

    /// The finding as a JSON object with a fixed field order.
    public var jsonText: String {
        var o = JSONObjectBuilder()
        o.field("path", string: path)
        o.field("category", string: category)
        o.field("kind", string: kind)
        o.field("start", .int(Int64(start)))
        o.field("end", .int(Int64(end)))
        o.field("severity", string: severity.rawValue)
        o.field("action", string: action)
        return o.finish()
    }
}

/// The engine's answer for one action.
///
/// A value type whose fields live in one shared, copy-on-write storage object: the engine
/// precomputes the decision of every rule that can decide alone, so returning it costs a single
/// reference-count increment instead of one per field.
public struct Decision: Sendable, Hashable {
    /// What the agent may do.
    public enum Outcome: String, Sendable, Hashable {
        case allow
        case deny
        /// A human must approve first (a `review` statement, `requires_approval_if`...).
        case requireApproval = "require_approval"
    }

    struct Fields: Sendable, Hashable {
        var outcome: Outcome
        var reason: String
        var rules: [String]
        var policy: PolicyReference?
        var risk: Risk
        var pendingChecks: [PendingCheck]
        var notes: [String]
        var approvalTimeoutSeconds: Int?
        var findings: [DataFinding] = []
    }

    final class Storage: @unchecked Sendable {
        // @unchecked: `fields` is only mutated through `Decision`'s setters, after
        // `isKnownUniquelyReferenced` has proven no other value (or thread) shares this object,
        // and only in a storage without `json` (a setter gives a memoized decision new storage).
        var fields: Fields
        /// `jsonText`, computed once for decisions the engine precomputes at compile time. A
        /// constant, so that it can be read where it lies, without a retain.
        let json: String?
        /// Non-zero only with `json`: see `Decision.serial`.
        let serial: UInt64
        /// `json`'s UTF-8, owned here, so that the C ABI reads it where it lies: going through
        /// the String retained and released it on every check.
        let utf8: UnsafeMutableBufferPointer<UInt8>?
        init(_ fields: Fields, json: String? = nil, serial: UInt64 = 0) {
            self.fields = fields
            self.json = json
            self.serial = serial
            if var json {
                utf8 = json.withUTF8 { text in
                    let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.count)
                    _ = copy.initialize(from: text)
                    return copy
                }
            } else {
                utf8 = nil
            }
        }
        deinit { utf8?.deallocate() }
    }

    /// The next serial number (`Decision.serial`): one counter for the process, so a number is
    /// never given twice, whichever engine asks.
    private static let serials = Atomic<UInt64>(1)
    private static func nextSerial() -> UInt64 { serials.wrappingAdd(1, ordering: .relaxed).oldValue }

    private var storage: Storage

    /// Creates a decision (the engine builds these; bindings and tests may too).
    public init(
        outcome: Outcome, reason: String, rules: [String], policy: PolicyReference?, risk: Risk,
        pendingChecks: [PendingCheck], notes: [String], approvalTimeoutSeconds: Int?, findings: [DataFinding] = []
    ) {
        storage = Storage(Fields(
            outcome: outcome, reason: reason, rules: rules, policy: policy, risk: risk,
            pendingChecks: pendingChecks, notes: notes, approvalTimeoutSeconds: approvalTimeoutSeconds, findings: findings))
    }

    private mutating func update(_ body: (inout Fields) -> Void) {
        // A memoized text (and its serial) no longer describes the changed fields.
        if storage.json != nil || !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        body(&storage.fields)
    }

    /// This decision with its JSON text computed now and kept, for decisions built once and
    /// returned many times (the engine's precomputed one-rule decisions).
    func withMemoizedJSON() -> Decision {
        Decision(storage: Storage(storage.fields, json: computeJSON(), serial: Self.nextSerial()))
    }

    /// `body` of `jsonText`'s UTF-8, read where it lies when the text is memoized (no copy of
    /// the String, no retain): what the C ABI copies out on every check.
    package func withJSONUTF8(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if let utf8 = storage.utf8 { return body(UnsafeBufferPointer(utf8)) }
        var text = jsonText
        return text.withUTF8(body)
    }

    /// A number that names this decision's JSON text for the life of the process, or 0.
    /// Non-zero only for decisions the engine makes once and returns again unchanged (a rule's
    /// own decision, the default decision it keeps for an action type): every decision that
    /// carries the same serial has the same `jsonText`, byte for byte, and a serial is never
    /// reused (not by another engine either). The C ABI passes it out so that a binding can
    /// keep what it made from a text (a string, an object) and skip making it again.
    package var serial: UInt64 { storage.serial }

    /// Allow, deny or require_approval.
    public var outcome: Outcome {
        get { storage.fields.outcome }
        set { update { $0.outcome = newValue } }
    }
    /// Why, in words a person can act on.
    public var reason: String {
        get { storage.fields.reason }
        set { update { $0.reason = newValue } }
    }
    /// The ids of the rules that decided: statement `sid`s, section paths such as
    /// `tools.bash.allow`, `default` when no rule matched, `no_policy` when no policy applied.
    public var rules: [String] {
        get { storage.fields.rules }
        set { update { $0.rules = newValue } }
    }
    /// The policy whose rule decided (nil when no policy applied).
    public var policy: PolicyReference? {
        get { storage.fields.policy }
        set { update { $0.policy = newValue } }
    }
    /// The highest risk declared by a deciding rule, else high / medium / low for deny / require_approval / allow.
    public var risk: Risk {
        get { storage.fields.risk }
        set { update { $0.risk = newValue } }
    }
    /// Checks left for the gateway (rate limits, budgets). Empty on deny.
    public var pendingChecks: [PendingCheck] {
        get { storage.fields.pendingChecks }
        set { update { $0.pendingChecks = newValue } }
    }
    /// Allow rules that could not be evaluated (a value of the wrong type, a regex out of
    /// budget) and were therefore not applied. Reported only on allow and default decisions:
    /// once a deny or review rule decides, weaker rules are not evaluated, so this is empty.
    public var notes: [String] {
        get { storage.fields.notes }
        set { update { $0.notes = newValue } }
    }
    /// For `require_approval`: how long an approval request may stay pending.
    public var approvalTimeoutSeconds: Int? {
        get { storage.fields.approvalTimeoutSeconds }
        set { update { $0.approvalTimeoutSeconds = newValue } }
    }

    /// What the policy's content detectors (`data.pii | secrets | injection`) found in the
    /// action's strings; empty when the applicable policies scan for nothing or nothing was found.
    public var findings: [DataFinding] {
        get { storage.fields.findings }
        set { update { $0.findings = newValue } }
    }

    public static func == (a: Decision, b: Decision) -> Bool {
        a.storage === b.storage || a.storage.fields == b.storage.fields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
    }

    /// True when the outcome is `allow`.
    public var isAllowed: Bool { outcome == .allow }

    /// The decision as one JSON object, field order fixed, identical across every binding:
    /// `decision, reason, rules, policy, risk, pending_checks, notes, approval_timeout_seconds`,
    /// then `findings` when there are any.
    public var jsonText: String {
        storage.json ?? computeJSON()
    }

    /// A decision from `template` with `reason` as its reason: its JSON text is the template's
    /// bytes around the quoted reason, written without going through the fields again.
    init(_ template: ReasonTemplate, reason: String, kept: Bool) {
        var fields = template.fields
        fields.reason = reason
        var bytes: [UInt8] = []
        bytes.reserveCapacity(template.head.count + reason.utf8.count + 2 + template.tail.count)
        bytes.append(contentsOf: template.head)
        JSONWriter.appendQuoted(reason, into: &bytes)
        bytes.append(contentsOf: template.tail)
        storage = Storage(fields, json: String(decoding: bytes, as: UTF8.self), serial: kept ? Self.nextSerial() : 0)
    }

    /// Decisions that differ only in their reason (a default decision names the action type):
    /// every other field, and the JSON text before and after the quoted reason, made once. A
    /// class: a struct this size was copied (every field retained, then released) each time a
    /// check read it out of its rule.
    final class ReasonTemplate: Sendable {
        let fields: Fields
        let head: [UInt8]
        let tail: [UInt8]
        private let made = MadeDecisions()

        /// The decision whose reason `reason()` gives for action type `type`: the one made for
        /// `type` before, when there is one (a reason is a function of the type), otherwise a
        /// new one, remembered for next time.
        func decision(naming type: String, reason: () -> String) -> Decision {
            if let known = made.decision(for: type) { return known }
            let decision = Decision(self, reason: reason(), kept: MadeDecisions.keeps(type))
            made.remember(decision, for: type)
            return decision
        }

        /// `decision(naming:reason:)` for a type given as its UTF-8 bytes: the String is made
        /// (by `type`) only when no decision for these bytes is remembered.
        func decision(naming bytes: UnsafeBufferPointer<UInt8>, type: () -> String, reason: (String) -> String) -> Decision {
            if let known = made.decision(for: bytes) { return known }
            let name = type()
            let decision = Decision(self, reason: reason(name), kept: MadeDecisions.keeps(name))
            made.remember(decision, for: name)
            return decision
        }

        init(outcome: Outcome, rules: [String], policy: PolicyReference?, risk: Risk, approvalTimeoutSeconds: Int?) {
            fields = Fields(
                outcome: outcome, reason: "", rules: rules, policy: policy, risk: risk, pendingChecks: [], notes: [],
                approvalTimeoutSeconds: approvalTimeoutSeconds)
            let json = Array(Decision(storage: Storage(fields)).computeJSON().utf8)
            // The reason is the second field; the outcome before it cannot contain this text.
            let marker = Array(#","reason":"""#.utf8)
            guard let at = (0...(json.count - marker.count)).first(where: { json[$0..<$0 + marker.count].elementsEqual(marker) }) else {
                preconditionFailure("a decision's JSON always has its reason as the second field")
            }
            head = Array(json[..<(at + marker.count - 2)])
            tail = Array(json[(at + marker.count)...])
        }
    }

    /// The default decisions a template has made, by action type: a direct-mapped cache of
    /// `slots` entries indexed by the type's hash (`TypeKey.hash`), so it is bounded (types come
    /// from callers) and a type evicts whichever shared its slot. A hit must have the type's
    /// exact bytes, not only an equal `String` (`==` equates canonically equivalent spellings,
    /// and the reason must echo the type as sent); a type longer than `maxTypeBytes` is not kept.
    final class MadeDecisions: Sendable {
        static let slots = 256
        static let maxTypeBytes = 128

        struct Entry: Sendable {
            let type: String
            let decision: Decision
        }

        private let entries = Mutex<[Entry?]>(Array(repeating: nil, count: slots))

        /// The slot of a type whose `TypeKey.hash` is `hash`.
        private static func slot(hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & (slots - 1) }

        func decision(for type: String) -> Decision? {
            var type = type
            return type.withUTF8 { decision(for: $0) }
        }

        func decision(for bytes: UnsafeBufferPointer<UInt8>) -> Decision? {
            let slot = Self.slot(hash: TypeKey.hash(bytes))
            return entries.withLock { entries in
                guard let entry = entries[slot], entry.type.utf8Equals(bytes) else { return nil }
                return entry.decision
            }
        }

        /// Whether `remember` keeps a decision for `type` (the decision then gets a serial).
        static func keeps(_ type: String) -> Bool { type.utf8.count <= maxTypeBytes }

        func remember(_ decision: Decision, for type: String) {
            guard Self.keeps(type) else { return }
            let slot = Self.slot(hash: TypeKey.hash(type))
            entries.withLock { $0[slot] = Entry(type: type, decision: decision) }
        }
    }

    private init(storage: Storage) { self.storage = storage }

    private func computeJSON() -> String {
        let f = storage.fields
        var o = JSONObjectBuilder()
        o.field("decision", string: f.outcome.rawValue)
        o.field("reason", string: f.reason)
        o.field("rules", strings: f.rules)
        o.field("policy", raw: f.policy?.jsonText ?? "null")
        o.field("risk", string: f.risk.rawValue)
        o.field("pending_checks", raw: "[" + f.pendingChecks.map(\.jsonText).joined(separator: ",") + "]")
        o.field("notes", strings: f.notes)
        o.field("approval_timeout_seconds", f.approvalTimeoutSeconds.map { .int(Int64($0)) } ?? .null)
        if !f.findings.isEmpty { o.field("findings", raw: "[" + f.findings.map(\.jsonText).joined(separator: ",") + "]") }
        return o.finish()
    }
}
