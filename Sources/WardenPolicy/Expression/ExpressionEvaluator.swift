/// Evaluates an `ExpressionNode` tree. Missing fields are `null`; `null` never satisfies an
/// ordering, string or regex test, and `!null` is true. Mixed types are an error, which
/// `&&` and `||` absorb only when the other side already decides (`false && error` is false).
enum ExpressionEvaluator {
    enum Outcome {
        case value(PolicyValue)
        case error(String)
    }

    static func evaluate(_ node: ExpressionNode, _ action: Action) -> Outcome {
        switch node {
        case .literal(let v):
            return .value(v)
        case .list(let items):
            var values: [PolicyValue] = []
            values.reserveCapacity(items.count)
            for item in items {
                switch evaluate(item, action) {
                case .value(let v): values.append(v)
                case .error(let e): return .error(e)
                }
            }
            return .value(.array(values))
        case .path(let path):
            return .value(path.resolve(in: action) ?? .null)
        case .not(let inner):
            switch truth(inner, action) {
            case .yes: return .value(.bool(false))
            case .no: return .value(.bool(true))
            case .unknown(let e): return .error(e)
            }
        case .and(let l, let r):
            let a = truth(l, action)
            if a == .no { return .value(.bool(false)) }
            let b = truth(r, action)
            if b == .no { return .value(.bool(false)) }
            if case .unknown(let e) = a { return .error(e) }
            if case .unknown(let e) = b { return .error(e) }
            return .value(.bool(true))
        case .or(let l, let r):
            let a = truth(l, action)
            if a == .yes { return .value(.bool(true)) }
            let b = truth(r, action)
            if b == .yes { return .value(.bool(true)) }
            if case .unknown(let e) = a { return .error(e) }
            if case .unknown(let e) = b { return .error(e) }
            return .value(.bool(false))
        case .compare(let op, let l, let r):
            return binary(l, r, action) { a, b in
                let name = label(l)
                switch op {
                case .eq, .ne:
                    if a.isNull || b.isNull { return Truth((a.isNull && b.isNull) == (op == .eq)) }
                    let t = ValueOperations.equals(name, a, b, op: op.rawValue)
                    if op == .ne, case .yes = t { return .no }
                    if op == .ne, case .no = t { return .yes }
                    return t
                default:
                    if a.isNull || b.isNull { return .no }
                    return ValueOperations.order(name, a, op, b)
                }
            }
        case .member(let l, let r):
            return binary(l, r, action) { a, b in
                if a.isNull || b.isNull { return .no }
                return ValueOperations.member(label(l), a, in: b)
            }
        case .contains(let l, let r):
            return binary(l, r, action) { a, b in
                if a.isNull || b.isNull { return .no }
                return ValueOperations.contains(label(l), a, b)
            }
        case .startsWith(let l, let r):
            return binary(l, r, action) { a, b in
                if a.isNull || b.isNull { return .no }
                return ValueOperations.startsWith(label(l), a, b, op: "startsWith")
            }
        case .endsWith(let l, let r):
            return binary(l, r, action) { a, b in
                if a.isNull || b.isNull { return .no }
                return ValueOperations.endsWith(label(l), a, b, op: "endsWith")
            }
        case .matches(let l, let regex):
            switch evaluate(l, action) {
            case .error(let e): return .error(e)
            case .value(let v):
                if v.isNull { return .value(.bool(false)) }
                // Same rule as the `regex` condition: numbers and booleans match their JSON
                // text; lists and maps are an error.
                return outcome(ValueOperations.regex(label(l), v, regex))
            }
        case .size(let inner):
            switch evaluate(inner, action) {
            case .error(let e): return .error(e)
            case .value(let v):
                switch v {
                case .null: return .value(.int(0))
                case .string(let s): return .value(.int(Int64(s.unicodeScalars.count)))
                case .array(let a): return .value(.int(Int64(a.count)))
                case .object(let o): return .value(.int(Int64(o.count)))
                default: return .error("size() needs a string, list or map, but \(label(inner)) is \(v.typeName)")
                }
            }
        }
    }

    private static func binary(
        _ l: ExpressionNode, _ r: ExpressionNode, _ action: Action, _ test: (PolicyValue, PolicyValue) -> Truth
    ) -> Outcome {
        let a: PolicyValue
        switch evaluate(l, action) {
        case .value(let v): a = v
        case .error(let e): return .error(e)
        }
        switch evaluate(r, action) {
        case .value(let b): return outcome(test(a, b))
        case .error(let e): return .error(e)
        }
    }

    private static func outcome(_ t: Truth) -> Outcome {
        switch t {
        case .yes: return .value(.bool(true))
        case .no: return .value(.bool(false))
        case .unknown(let e): return .error(e)
        }
    }

    /// Evaluates a node that must be a boolean (`null` counts as false).
    static func truth(_ node: ExpressionNode, _ action: Action) -> Truth {
        switch evaluate(node, action) {
        case .value(.bool(let b)): return Truth(b)
        case .value(.null): return .no
        case .value(let v): return .unknown("\(label(node)) is \(v.typeName) \(v.shortDescription()), not true or false")
        case .error(let e): return .unknown(e)
        }
    }

    /// How a node is named in messages: its path, or "the value".
    static func label(_ node: ExpressionNode) -> String {
        switch node {
        case .path(let p): return p.text
        case .literal(let v): return v.shortDescription()
        case .size(let inner): return "size(\(label(inner)))"
        default: return "the value"
        }
    }
}
