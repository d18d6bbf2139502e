/// A compiled condition expression, as used by `when:` and `requires_approval_if:`.
///
/// The language is a small, side-effect-free subset of CEL:
/// ```
/// params.amount > 1000 && !(context.user_role in ["admin", "owner"])
/// params.url.startsWith("https://") || params.command.matches("^git (status|log)")
/// size(params.recipients) > 50
/// ```
/// Evaluation is total: it returns true, false or an error (a type mismatch such as comparing
/// the string `"5000"` with a number); it never traps. See docs/policy.md for the grammar.
public struct PolicyExpression: Sendable, CustomStringConvertible {
    /// The source text.
    public let source: String
    let root: ExpressionNode

    /// Parses and compiles `source`.
    /// - Throws: `ExpressionError` naming the problem and its 1-based column.
    public init(_ source: String) throws(ExpressionError) {
        self.source = source
        var parser = ExpressionParser(source)
        self.root = try parser.parseAll()
    }

    public var description: String { source }

    /// Evaluates the expression against `action`.
    ///
    /// - Returns: `.success(true/false)`, or `.failure` with a message naming the mismatch.
    public func evaluate(_ action: Action) -> Result<Bool, ExpressionEvaluationError> {
        switch ExpressionEvaluator.evaluate(root, action) {
        case .value(.bool(let b)): return .success(b)
        case .value(.null): return .success(false)
        case .value(let other):
            return .failure(ExpressionEvaluationError(message: "expression produced \(other.typeName) \(other.shortDescription()), not true or false"))
        case .error(let message): return .failure(ExpressionEvaluationError(message: message))
        }
    }
}

/// A syntax error in an expression.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// 1-based column in Unicode scalars.
    public var column: Int
    public var description: String { "column \(column): \(message)" }
}

/// Why an expression could not be evaluated for a given action (a type mismatch, a regex that
/// ran out of budget).
public struct ExpressionEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

indirect enum ExpressionNode: Sendable {
    case literal(PolicyValue)
    case list([ExpressionNode])
    case path(FieldPath)
    case not(ExpressionNode)
    case and(ExpressionNode, ExpressionNode)
    case or(ExpressionNode, ExpressionNode)
    case compare(CompareOperator, ExpressionNode, ExpressionNode)
    case member(ExpressionNode, ExpressionNode)
    case contains(ExpressionNode, ExpressionNode)
    case startsWith(ExpressionNode, ExpressionNode)
    case endsWith(ExpressionNode, ExpressionNode)
    case matches(ExpressionNode, PolicyRegex)
    case size(ExpressionNode)
}

enum CompareOperator: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
}
