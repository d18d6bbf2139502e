import Testing
@testable import WardenPolicy

@Suite("Expressions")
struct ExpressionTests {
    static let action = Action(
        type: "payment.charge", target: "acct-1",
        params: [
            "amount": 5000, "ratio": 0.5, "label": "Invoice 42", "tags": ["urgent", "eu"], "n": 3,
            "nested": ["country": "DE", "items": [["sku": "A1"]]], "text_amount": "5000", "flag": true,
        ],
        context: ["user_role": "admin", "env": "prod"],
        agent: AgentIdentity(id: "bot-1", team: "payments", org: "acme"))

    static let truths: [(String, Bool)] = [
        ("params.amount > 1000", true),
        ("params.amount >= 5000 && params.amount <= 5000", true),
        ("params.amount == 5000.0", true),
        ("params.ratio < 1", true),
        ("params.amount != 5000", false),
        ("params.label.startsWith('Inv') && params.label.endsWith(\"42\")", true),
        ("params.label.contains('ice 4')", true),
        ("params.label.matches('^Invoice \\\\d+$')", true),
        ("params.amount.matches('^50+$')", true),
        ("params.amount.matches('^50+$')", true),
        ("params.tags.contains('eu')", true),
        ("'urgent' in params.tags", true),
        ("context.user_role in ['admin', 'owner']", true),
        ("!(context.user_role in ['admin'])", false),
        ("size(params.tags) == 2 && params.tags.size() == 2", true),
        ("size(params.label) == 10", true),
        ("params.nested.country == 'DE'", true),
        ("params.nested.items[0].sku == 'A1'", true),
        ("params.nested[\"country\"] == 'DE'", true),
        ("agent.team == 'payments' && agent.org == 'acme' && agent.id == 'bot-1'", true),
        ("target == 'acct-1' && type == 'payment.charge'", true),
        ("params.missing == null", true),
        ("params.missing > 5", false),
        ("params.label.contains(params.missing)", false),
        ("params.label in params.missing", false),
        ("!params.missing", true),
        ("size(params.missing) == 0", true),
        ("params.flag", true),
        ("true || false && false", true),
        ("(true || false) && false", false),
        ("false && params.text_amount > 1000", false),
        ("true || params.text_amount > 1000", true),
        ("params.amount > -1 && -2.5 < params.ratio", true),
        ("[1, -2] == [1, -2]", true),
    ]

    @Test("evaluates", arguments: truths)
    func evaluates(_ pair: (String, Bool)) throws {
        let expr = try PolicyExpression(pair.0)
        #expect(expr.evaluate(Self.action) == .success(pair.1), "\(pair.0)")
    }

    static let mismatches: [(String, String)] = [
        ("params.text_amount > 1000", "params.text_amount is string \"5000\", which cannot be compared with number 1000 using '>'"),
        ("params.amount == 'x'", "cannot be compared with string"),
        ("params.amount.startsWith('5')", "params.amount is number 5000"),
        ("params.label", "not true or false"),
        ("params.tags.matches('eu')", "params.tags is list [\"urgent\",\"eu\"], which cannot be matched against regex"),
        ("size(params.amount) > 1", "size() needs a string, list or map"),
        ("!params.label", "not true or false"),
        ("params.text_amount > 1000 && true", "cannot be compared"),
    ]

    @Test("type mismatches are errors that name the values", arguments: mismatches)
    func mismatch(_ pair: (String, String)) throws {
        let expr = try PolicyExpression(pair.0)
        guard case .failure(let e) = expr.evaluate(Self.action) else {
            Issue.record("\(pair.0) should not evaluate")
            return
        }
        #expect(e.message.contains(pair.1), "\(e.message)")
    }

    static let syntaxErrors: [(String, Int, String)] = [
        ("", 1, "empty expression"),
        ("params.a >", 11, "expected a value, found end of expression"),
        ("params.a = 1", 10, "use '==' to compare"),
        ("params.a & b", 10, "use '&&'"),
        ("foo == 1", 1, "unknown name 'foo'"),
        ("params.a < 1 < 2", 14, "comparisons cannot be chained"),
        ("params.a.frobnicate()", 10, "unknown method 'frobnicate'"),
        ("params.a.matches(params.b)", 18, "matches() takes a string literal pattern"),
        ("params.a.matches('(')", 18, "invalid regex"),
        ("params.a.contains()", 10, "contains() takes 1 argument, got 0"),
        ("'unterminated", 1, "unterminated string"),
        ("(params.a", 10, "expected ')'"),
        ("params.a # 1", 10, "unexpected character '#'"),
        ("params[-1]", 8, "an index must be a non-negative integer"),
        ("12abc", 1, "malformed number"),
        ("params.a ) ", 10, "unexpected ')'"),
        ("'x'.startsWith", 5, "field access '.startsWith' needs a path"),
        ("params.a - 1", 10, "expressions have no arithmetic"),
        ("params.a > - x", 14, "'-' must be followed by a number"),
    ]

    @Test("syntax errors name the column", arguments: syntaxErrors)
    func syntax(_ c: (String, Int, String)) {
        do {
            _ = try PolicyExpression(c.0)
            Issue.record("\(c.0) should not parse")
        } catch {
            #expect(error.column == c.1, "\(c.0): \(error)")
            #expect(error.message.contains(c.2), "\(c.0): \(error)")
        }
    }

    @Test("deep nesting is refused, not a stack overflow")
    func deepNesting() {
        let deep = String(repeating: "(", count: 10_000) + "true" + String(repeating: ")", count: 10_000)
        #expect(throws: ExpressionError.self) { try PolicyExpression(deep) }
        let nots = String(repeating: "!", count: 10_000) + "true"
        #expect(throws: ExpressionError.self) { try PolicyExpression(nots) }
    }
}
