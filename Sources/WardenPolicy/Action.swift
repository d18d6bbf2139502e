/// Who is acting: the agent and the team and organisation it belongs to.
///
/// In the gateway these come from the verified agent token, never from request fields.
public struct AgentIdentity: Sendable, Hashable {
    /// The agent's id (selects `agent:<id>` policies).
    public var id: String?
    /// The agent's team (selects `team:<id>` policies).
    public var team: String?
    /// The agent's organisation (selects `org:<id>` policies).
    public var org: String?

    /// Creates an identity; every part is optional.
    public init(id: String? = nil, team: String? = nil, org: String? = nil) {
        self.id = id
        self.team = team
        self.org = org
    }
}

/// Something an agent wants to do, described before it happens.
///
/// Action types are dotted names (`bash.execute`, `file.write`, `web.fetch`, `llm.call`,
/// `tool.call`, `mcp.<server>.<tool>`; see docs/policy.md). `params` and `context` hold arbitrary
/// JSON-shaped values that conditions and expressions can reach with dot paths.
public struct Action: Sendable, Hashable {
    /// The dotted action type (`bash.execute`); matched case-insensitively.
    public var type: String
    /// What the action acts on (a path, URL, tool name, model...), if anything.
    public var target: String?
    /// The action's arguments, reachable as `params.<path>`.
    public var params: [String: PolicyValue] {
        get { paramMap.dictionary }
        set { paramMap = ActionMap(newValue) }
    }
    /// Facts about the situation, reachable as `context.<path>`.
    public var context: [String: PolicyValue] {
        get { contextMap.dictionary }
        set { contextMap = ActionMap(newValue) }
    }
    /// Who acts.
    public var agent: AgentIdentity

    /// `params` and `context` as the engine reads them: a JSON action's few members without a
    /// dictionary (see `ActionMap`).
    var paramMap: ActionMap
    var contextMap: ActionMap

    // No initialiser is declared here, so the struct keeps its implicit memberwise one
    // (`Action(type:target:agent:paramMap:contextMap:)`), which builds the value directly. A
    // declared one built each action on the stack and then copied it out: a retain and a
    // release of every field that the optimiser did not cancel (~400 instructions per check).
}

extension Action {
    /// Creates an action; only the type is required.
    public init(
        type: String, target: String? = nil, params: [String: PolicyValue] = [:],
        context: [String: PolicyValue] = [:], agent: AgentIdentity = AgentIdentity()
    ) {
        self.init(type: type, target: target, agent: agent, paramMap: ActionMap(params), contextMap: ActionMap(context))
    }
}

/// Why an action's JSON could not be read.
public struct ActionParseError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field or the JSON position.
    public var message: String
    public var description: String { message }
}

extension Action {
    /// Reads an action from its JSON form:
    /// `{"type": "...", "target": "...", "params": {...}, "context": {...}, "agent": {"id", "team", "org"}}`.
    ///
    /// Unknown top-level keys are rejected so that a misspelt `parms` cannot silently drop the
    /// parameters a policy depends on.
    /// - Throws: `ActionParseError` naming the bad field (or the JSON line and column).
    public init(json text: String) throws(ActionParseError) {
        let members: JSONParser.ActionMembers
        do {
            members = try JSONParser.parseAction(text)
        } catch {
            throw Self.syntaxError(error)
        }
        try self.init(members: members)
    }

    /// `init(json:)` over UTF-8 bytes where they lie (libwarden's C strings), without making a
    /// String of the whole text first.
    ///
    /// - Precondition: `bytes` is valid UTF-8 (the caller has checked; it is not checked again).
    package init(validUTF8 bytes: UnsafeBufferPointer<UInt8>) throws(ActionParseError) {
        let members: JSONParser.ActionMembers
        do {
            members = try JSONParser.parseAction(validUTF8: bytes)
        } catch {
            throw Self.syntaxError(error)
        }
        try self.init(members: members)
    }

    private static func syntaxError(_ error: JSONParser.Failure) -> ActionParseError {
        ActionParseError(message: "invalid JSON at line \(error.mark.line), column \(error.mark.column): \(error.message)")
    }

    /// Builds an action from an already-parsed JSON value (see `init(json:)`).
    public init(value: PolicyValue) throws(ActionParseError) {
        guard case .object(let obj) = value else {
            throw ActionParseError(message: "an action must be a JSON object, got \(value.typeName)")
        }
        // One pass over the fields (no hashing: this runs for every action an SDK sends).
        var members = JSONParser.ActionMembers()
        for (key, v) in obj {
            switch key {
            case "type": members.type = v
            case "target": members.target = v
            case "params": members.params = .init(v)
            case "context": members.context = .init(v)
            case "agent": members.agent = v
            default: members.unknown.append(key)
            }
        }
        try self.init(members: members)
    }

    /// The checks shared by `init(json:)` and `init(value:)`, on the object's members.
    private init(members: consuming JSONParser.ActionMembers) throws(ActionParseError) {
        if let value = members.notAnObject {
            throw ActionParseError(message: "an action must be a JSON object, got \(value.typeName)")
        }
        if !members.unknown.isEmpty, let first = members.unknown.min() {
            throw ActionParseError(message: "unknown action field \"\(first)\" (expected type, target, params, context, agent)")
        }
        // Moved out, not copied: this runs for every action an SDK sends.
        let targetValue = members.target.take(), paramsValue = members.params.take()
        let contextValue = members.context.take(), agentValue = members.agent.take()
        guard let typeValue = members.type.take() else { throw ActionParseError(message: "action field \"type\" is required") }
        guard case .string(let type) = typeValue, !type.isEmpty else {
            throw ActionParseError(message: "action field \"type\" must be a non-empty string, got \(typeValue.typeName)")
        }
        var target: String?
        switch targetValue {
        case nil, .null?: target = nil
        case .string(let t)?: target = t
        case let other?: throw ActionParseError(message: "action field \"target\" must be a string, got \(other.typeName)")
        }
        let params = try Self.map("params", paramsValue)
        let context = try Self.map("context", contextValue)
        let agent: AgentIdentity
        switch agentValue {
        case nil, .null?: agent = AgentIdentity()
        case .object(let o)?: agent = try Self.identity(o)
        case let other?: throw ActionParseError(message: "action field \"agent\" must be an object, got \(other.typeName)")
        }
        self.init(type: type, target: target, agent: agent, paramMap: params, contextMap: context)
    }

    /// `params` or `context`: an object, or absent or null (empty).
    private static func map(_ key: String, _ member: consuming JSONParser.MapMember?) throws(ActionParseError) -> ActionMap {
        switch member {
        case nil, .other(.null)?: return ActionMap()
        case .object(let map)?: return map
        case .other(let other)?: throw ActionParseError(message: "action field \"\(key)\" must be an object, got \(other.typeName)")
        }
    }

    /// The `agent` object: `id`, `team` and `org`, each a string or null.
    private static func identity(_ object: [String: PolicyValue]) throws(ActionParseError) -> AgentIdentity {
        if let unknown = object.keys.filter({ $0 != "id" && $0 != "team" && $0 != "org" }).sorted().first {
            throw ActionParseError(message: "unknown agent field \"\(unknown)\" (expected id, team, org)")
        }
        func field(_ key: String) throws(ActionParseError) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case let other?: throw ActionParseError(message: "agent field \"\(key)\" must be a string, got \(other.typeName)")
            }
        }
        return AgentIdentity(id: try field("id"), team: try field("team"), org: try field("org"))
    }

    /// The action as a JSON value (the inverse of `init(value:)`).
    public var value: PolicyValue {
        var agentMap: [String: PolicyValue] = [:]
        if let id = agent.id { agentMap["id"] = .string(id) }
        if let team = agent.team { agentMap["team"] = .string(team) }
        if let org = agent.org { agentMap["org"] = .string(org) }
        var o: [String: PolicyValue] = ["type": .string(type), "params": .object(params), "context": .object(context)]
        if let target { o["target"] = .string(target) }
        if !agentMap.isEmpty { o["agent"] = .object(agentMap) }
        return .object(o)
    }
}
