/// The fast road for a check from JSON text: most checks are a flat action (`FlatAction`)
/// against global policies made of statements, and for those this decides without building an
/// `Action`, a `PolicyValue` or a String for any param, running the same statements with the
/// same conditions and handing back the same precomputed decisions. The full path cost ~6,500
/// instructions a check, most of them building and destroying values this never needs.
///
/// It has no behaviour of its own: whenever the full path would do anything else — a scoped
/// policy, a policy section other than statements and a default, a statement with `targets` or
/// `when`, a condition it cannot test on bytes or that would not answer yes or no, more than
/// one rule of the deciding kind, an action it does not read (see `FlatAction`) — it answers
/// nil and the caller takes the full path. Tests hold both to the same bytes.
final class FastPlan: Sendable {
    private let policies: [CompiledPolicy]
    /// The same, unretained (kept alive by `policies`): the loop over them retains nothing.
    private let unmanagedPolicies: [Unmanaged<CompiledPolicy>]
    private let shortestApprovalTimeout: Int?
    /// The decision when no rule applies, made as `Evaluation.finish` makes it (nil when it
    /// would not come from the default's template: the full path decides then).
    private let defaultTemplate: Decision.ReasonTemplate?
    private let defaultReason: String

    /// Nil when the policies use anything the fast road does not evaluate.
    init?(global: [CompiledPolicy], hasScopedPolicies: Bool) {
        guard !hasScopedPolicies, !global.isEmpty else { return nil }
        for p in global where !p.tools.isEmpty || p.capabilities != nil || p.network != nil || p.schedule != nil
            || !p.sensitivePatterns.isEmpty || p.detectors != nil || p.budget != nil {
            return nil
        }
        // What `Evaluation.contribute` gathers from every applicable policy (here: all of them).
        var shortest: Int?
        var strongest: (effect: Effect, info: RuleInfo)?
        for p in global {
            if let t = p.approvalTimeoutSeconds, shortest == nil || t < shortest! { shortest = t }
            if let d = p.defaultEffect, let info = p.defaultInfo,
               strongest == nil || Evaluation.rank(d) < Evaluation.rank(strongest!.effect) {
                strongest = (d, info)
            }
        }
        policies = global
        unmanagedPolicies = global.map { .passUnretained($0) }
        shortestApprovalTimeout = shortest
        // `Evaluation.finish` with no hit, no notes, no findings and no pending checks.
        var template: Decision.ReasonTemplate?
        if let d = strongest, let t = d.info.defaultTemplate {
            let outcome = d.effect.outcome
            let timeout = d.effect == .review ? (d.info.approvalTimeoutSeconds ?? shortest) : nil
            if t.fields.outcome == outcome, t.fields.risk == (outcome == .allow ? .low : .medium), t.fields.approvalTimeoutSeconds == timeout {
                template = t
            }
        }
        defaultTemplate = template
        defaultReason = strongest?.info.reason ?? ""
    }

    /// The decision's JSON text for an action's JSON (valid UTF-8), or nil for the full path.
    func decision(_ bytes: UnsafeBufferPointer<UInt8>) -> Decision? {
        withUnsafeTemporaryAllocation(of: FlatMember.self, capacity: 2 * FlatAction.capacity) { scratch in
            guard let action = FlatAction(bytes, scratch: scratch) else { return nil }
            return decide(action)
        }
    }

    /// The first rule of each kind that applied, and how many did.
    private struct Hits {
        var deny: Unmanaged<RuleInfo>?
        var review: Unmanaged<RuleInfo>?
        var allow: Unmanaged<RuleInfo>?
        var denies = 0, reviews = 0, allows = 0

        mutating func add(_ effect: Effect, _ info: RuleInfo) {
            switch effect {
            case .deny:
                if deny == nil { deny = .passUnretained(info) }
                denies += 1
            case .review:
                if review == nil { review = .passUnretained(info) }
                reviews += 1
            case .allow:
                if allow == nil { allow = .passUnretained(info) }
                allows += 1
            }
        }
    }

    private func decide(_ action: FlatAction) -> Decision? {
        let typeBytes = action.typeBytes
        // The type's lowercased form is looked up by its bytes; a String of it is made only for
        // wildcard statements' globs.
        let (hash, hasUpper) = TypeKey.lowercasedHash(typeBytes)
        var lowercased: String?
        var hits = Hits()
        // `Evaluation.contributeStatements` for each policy, in order. Every reference here is
        // borrowed (the plan keeps the policies, and they their statements): the loop retains
        // and releases nothing, where a policy, its table's arrays and each statement array
        // taken as values cost an atomic retain and release apiece.
        let decided = unmanagedPolicies.withUnsafeBufferPointer { policies -> Bool in
            for unmanaged in policies {
                let ok = unmanaged._withUnsafeGuaranteedRef { policy -> Bool in
                    if let index = policy.statementsByType.index(lowercasing: typeBytes, hash: hash) {
                        return policy.statementsByType.withValue(at: index) { statements in
                            statements.withUnsafeBufferPointer { buffer in
                                for s in buffer where !s._withUnsafeGuaranteedRef({ consider($0, action, &hits) }) { return false }
                                return true
                            }
                        }
                    }
                    if policy.wildcardStatements.isEmpty { return true }
                    if lowercased == nil { lowercased = hasUpper ? Glob.asciiLowercased(action.type) : action.type }
                    let key = lowercased!
                    return policy.wildcardStatements.withUnsafeBufferPointer { buffer in
                        for unmanaged in buffer {
                            let ok = unmanaged._withUnsafeGuaranteedRef { s in
                                !s.actions.contains(where: { $0.matches(key) }) || consider(s, action, &hits)
                            }
                            if !ok { return false }
                        }
                        return true
                    }
                }
                if !ok { return false }
            }
            return true
        }
        if !decided { return nil }
        // `Evaluation.finish`: only decisions a single rule makes alone, or the default.
        if let deny = hits.deny {
            return hits.denies == 1 ? deny._withUnsafeGuaranteedRef { $0.soleDecision(.deny) } : nil
        }
        if let review = hits.review {
            return review._withUnsafeGuaranteedRef { info in
                hits.reviews == 1 && (info.approvalTimeoutSeconds != nil || shortestApprovalTimeout == nil)
                    ? info.soleDecision(.requireApproval) : nil
            }
        }
        if let allow = hits.allow {
            return hits.allows == 1 ? allow._withUnsafeGuaranteedRef { $0.soleDecision(.allow) } : nil
        }
        guard let defaultTemplate else { return nil }
        return defaultTemplate.decision(naming: typeBytes, type: { action.type }, reason: { Evaluation.defaultReason($0, defaultReason) })
    }

    /// `Evaluation.consider`: false when the statement cannot be evaluated here.
    private func consider(_ statement: CompiledStatement, _ action: FlatAction, _ hits: inout Hits) -> Bool {
        switch statement.effect {
        case .allow where hits.deny != nil || hits.review != nil: return true
        case .review where hits.deny != nil: return true
        default: break
        }
        guard statement.targets == nil, statement.when == nil else { return false }
        guard let applies = statement.applies(to: action) else { return false }
        if applies { hits.add(statement.effect, statement.info) }
        return true
    }
}

extension CompiledStatement {
    /// `applies(to:cache:)` for a statement without targets or `when`: nil when a condition
    /// cannot answer yes or no on the flat action.
    func applies(to action: FlatAction) -> Bool? {
        if conditions.isEmpty { return true }
        return unmanagedConditions.withUnsafeBufferPointer { buffer -> Bool? in
            // `all` stops at the first no and `any` at the first yes; an unknown before that
            // would have been remembered, so it gives up here.
            for c in buffer {
                guard let t = c._withUnsafeGuaranteedRef({ $0.test(action) }) else { return nil }
                if t == matchAny { return t }
            }
            return !matchAny
        }
    }
}
