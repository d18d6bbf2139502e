/// A dotted path into an action: `params.recipient.country`, `context.user_role`, `agent.team`,
/// `target`, `type`. Numeric segments index lists (`params.files.0`).
struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    enum Root: Sendable, Hashable {
        case params, context, agent, target, type
        /// A bare key (`amount`): looked up in params, then context (agsec compatibility).
        case bare
    }

    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    var root: Root
    var segments: [Segment] {
        didSet { singleKey = FieldPath.singleKey(segments) }
    }
    /// The path as written, for messages.
    var text: String
    /// A compile-time id shared by every condition that names the same path in one policy set
    /// (-1 when not assigned), so an evaluation can reuse a value it has already looked up.
    var id: Int = -1
    /// The key when the path is one key below its root (`params.command`), the common case,
    /// resolved with a single dictionary lookup.
    private(set) var singleKey: String?

    private static func singleKey(_ segments: [Segment]) -> String? {
        if segments.count == 1, case .key(let k) = segments[0] { return k }
        return nil
    }

    var description: String { text }

    /// Parses a condition key. Always succeeds: an unknown first segment is a bare key.
    init(conditionKey key: String) {
        text = key
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "params": root = .params; segments = parts.dropFirst().map(FieldPath.segment)
        case "context": root = .context; segments = parts.dropFirst().map(FieldPath.segment)
        case "agent": root = .agent; segments = parts.dropFirst().map(FieldPath.segment)
        case "target" where parts.count == 1: root = .target; segments = []
        case "type" where parts.count == 1: root = .type; segments = []
        default: root = .bare; segments = parts.map(FieldPath.segment)
        }
        singleKey = FieldPath.singleKey(segments)
    }

    init(root: Root, segments: [Segment], text: String) {
        self.root = root
        self.segments = segments
        self.text = text
        self.singleKey = FieldPath.singleKey(segments)
    }

    private static func segment(_ s: String) -> Segment {
        if let i = Int(s), i >= 0, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return .index(i) }
        return .key(s)
    }

    /// The value at this path, or nil when any step is missing (JSON `null` counts as missing).
    func resolve(in action: Action) -> PolicyValue? {
        if let key = singleKey {
            let found: PolicyValue?
            switch root {
            case .params: found = action.paramMap[key]
            case .context: found = action.contextMap[key]
            default: found = nil
            }
            if root == .params || root == .context {
                if case .null? = found { return nil }
                return found
            }
        }
        switch root {
        case .params: return FieldPath.walk(action.paramMap, segments[...])
        case .context: return FieldPath.walk(action.contextMap, segments[...])
        case .target: return action.target.map(PolicyValue.string)
        // Lowercased, like action matching, so `type == "bash.execute"` also holds for `Bash.Execute`.
        case .type: return .string(Glob.asciiLowercased(action.type))
        case .agent:
            guard let first = segments.first else {
                var o: [String: PolicyValue] = [:]
                if let v = action.agent.id { o["id"] = .string(v) }
                if let v = action.agent.team { o["team"] = .string(v) }
                if let v = action.agent.org { o["org"] = .string(v) }
                return .object(o)
            }
            guard segments.count == 1, case .key(let k) = first else { return nil }
            switch k {
            case "id": return action.agent.id.map(PolicyValue.string)
            case "team": return action.agent.team.map(PolicyValue.string)
            case "org": return action.agent.org.map(PolicyValue.string)
            default: return nil
            }
        case .bare:
            return FieldPath.walk(action.paramMap, segments[...]) ?? FieldPath.walk(action.contextMap, segments[...])
        }
    }

    private static func walk(_ map: ActionMap, _ segs: ArraySlice<Segment>) -> PolicyValue? {
        guard let first = segs.first else { return .object(map.dictionary) }
        let key: String
        switch first {
        case .key(let k): key = k
        case .index(let i): key = String(i)
        }
        guard let next = map[key] else { return nil }
        return walk(next, segs.dropFirst())
    }

    private static func walk(_ value: PolicyValue, _ segs: ArraySlice<Segment>) -> PolicyValue? {
        var current = value
        for seg in segs {
            switch (current, seg) {
            case (.object(let o), .key(let k)):
                guard let v = o[k] else { return nil }
                current = v
            case (.object(let o), .index(let i)):
                guard let v = o[String(i)] else { return nil }
                current = v
            case (.array(let a), .index(let i)):
                guard i < a.count else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        if case .null = current { return nil }
        return current
    }
}
