/// Recursive-descent parser for `PolicyExpression`.
///
/// Grammar (lowest precedence first):
/// ```
/// expr     := or
/// or       := and ( "||" and )*
/// and      := rel ( "&&" rel )*
/// rel      := unary ( ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" ) unary )?
/// unary    := "!" unary | postfix
/// postfix  := primary ( "." IDENT | "." METHOD "(" args ")" | "[" (INT | STRING) "]" )*
/// primary  := literal | path | "(" expr ")" | "[" ( expr ( "," expr )* )? "]" | "size" "(" expr ")"
/// literal  := STRING | "-"? INT | "-"? FLOAT | "true" | "false" | "null"
/// path     := ( "params" | "context" | "agent" | "target" | "type" ) ...
/// METHOD   := contains | startsWith | endsWith | matches | size
/// ```
struct ExpressionParser {
    private enum Token: Equatable {
        case ident(String)
        case string(String)
        case int(Int64)
        case double(Double)
        case symbol(String)
        case end
    }

    private var scalars: [Unicode.Scalar]
    private var pos = 0
    private var token: Token = .end
    private var tokenColumn = 1
    private var depth = 0
    private static let maxDepth = 64

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    mutating func parseAll() throws(ExpressionError) -> ExpressionNode {
        try advance()
        if token == .end { throw ExpressionError(message: "empty expression", column: 1) }
        let node = try parseOr()
        if token == .symbol("-") { throw error("unexpected '-': expressions have no arithmetic") }
        guard token == .end else { throw error("unexpected \(describe(token))") }
        return node
    }

    private func error(_ message: String) -> ExpressionError {
        ExpressionError(message: message, column: tokenColumn)
    }

    private func describe(_ t: Token) -> String {
        switch t {
        case .ident(let s): return "'\(s)'"
        case .string(let s): return "string \"\(s)\""
        case .int(let i): return "number \(i)"
        case .double(let d): return "number \(d)"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of expression"
        }
    }

    // MARK: Lexer

    private mutating func advance() throws(ExpressionError) {
        while pos < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[pos]) { pos += 1 }
        tokenColumn = pos + 1
        guard pos < scalars.count else { token = .end; return }
        let c = scalars[pos]
        if c == "_" || c.properties.isAlphabetic && c.isASCII {
            let start = pos
            while pos < scalars.count, scalars[pos] == "_" || (scalars[pos].isASCII && (scalars[pos].properties.isAlphabetic || ("0"..."9").contains(scalars[pos]))) {
                pos += 1
            }
            token = .ident(String(String.UnicodeScalarView(scalars[start..<pos])))
            return
        }
        if ("0"..."9").contains(c) {
            try lexNumber()
            return
        }
        if c == "\"" || c == "'" {
            token = .string(try lexString(quote: c))
            return
        }
        let two = pos + 1 < scalars.count ? String(String.UnicodeScalarView([c, scalars[pos + 1]])) : ""
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
            pos += 2
            token = .symbol(two)
            return
        }
        if "()[],.<>!-".unicodeScalars.contains(c) {
            pos += 1
            token = .symbol(String(c))
            return
        }
        if c == "=" { throw error("'=' is not an operator; use '==' to compare") }
        if c == "&" { throw error("'&' is not an operator; use '&&'") }
        if c == "|" { throw error("'|' is not an operator; use '||'") }
        throw error("unexpected character '\(c)'")
    }

    private mutating func lexNumber() throws(ExpressionError) {
        let start = pos
        var isFloat = false
        while pos < scalars.count, ("0"..."9").contains(scalars[pos]) { pos += 1 }
        if pos + 1 < scalars.count, scalars[pos] == ".", ("0"..."9").contains(scalars[pos + 1]) {
            isFloat = true
            pos += 1
            while pos < scalars.count, ("0"..."9").contains(scalars[pos]) { pos += 1 }
        }
        if pos < scalars.count, scalars[pos] == "e" || scalars[pos] == "E" {
            isFloat = true
            pos += 1
            if pos < scalars.count, scalars[pos] == "+" || scalars[pos] == "-" { pos += 1 }
            let expStart = pos
            while pos < scalars.count, ("0"..."9").contains(scalars[pos]) { pos += 1 }
            if pos == expStart { throw error("malformed number: missing exponent digits") }
        }
        if pos < scalars.count, scalars[pos].properties.isAlphabetic {
            throw error("malformed number")
        }
        let text = String(String.UnicodeScalarView(scalars[start..<pos]))
        if !isFloat, let i = Int64(text) {
            token = .int(i)
        } else if let d = Double(text), d.isFinite {
            token = .double(d)
        } else {
            throw error("number out of range: \(text)")
        }
    }

    private mutating func lexString(quote: Unicode.Scalar) throws(ExpressionError) -> String {
        pos += 1
        var out = String.UnicodeScalarView()
        while true {
            guard pos < scalars.count else { throw error("unterminated string") }
            let c = scalars[pos]
            pos += 1
            if c == quote { break }
            if c != "\\" { out.append(c); continue }
            guard pos < scalars.count else { throw error("unterminated string") }
            let e = scalars[pos]
            pos += 1
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "\\": out.append("\\")
            case "\"": out.append("\"")
            case "'": out.append("'")
            case "u":
                guard pos + 4 <= scalars.count,
                      let v = UInt32(String(String.UnicodeScalarView(scalars[pos..<pos + 4])), radix: 16),
                      let s = Unicode.Scalar(v)
                else { throw ExpressionError(message: "invalid \\u escape in string", column: pos - 1) }
                pos += 4
                out.append(s)
            default:
                // Keep unknown escapes as written: regex patterns such as "\\d" or "\s" need them.
                out.append("\\")
                out.append(e)
            }
        }
        return String(out)
    }

    // MARK: Grammar

    private mutating func expectSymbol(_ s: String) throws(ExpressionError) {
        guard token == .symbol(s) else { throw error("expected '\(s)', found \(describe(token))") }
        try advance()
    }

    private mutating func nested<T>(_ body: (inout ExpressionParser) throws(ExpressionError) -> T) throws(ExpressionError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= ExpressionParser.maxDepth else { throw error("expression nested too deeply") }
        return try body(&self)
    }

    private mutating func parseOr() throws(ExpressionError) -> ExpressionNode {
        var lhs = try parseAnd()
        while token == .symbol("||") {
            try advance()
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    private mutating func parseAnd() throws(ExpressionError) -> ExpressionNode {
        var lhs = try parseRelation()
        while token == .symbol("&&") {
            try advance()
            lhs = .and(lhs, try parseRelation())
        }
        return lhs
    }

    private mutating func parseRelation() throws(ExpressionError) -> ExpressionNode {
        let lhs = try parseUnary()
        var op: CompareOperator?
        var isIn = false
        switch token {
        case .symbol(let s): op = CompareOperator(rawValue: s)
        case .ident("in"): isIn = true
        default: break
        }
        guard op != nil || isIn else { return lhs }
        try advance()
        let rhs = try parseUnary()
        switch token {
        case .symbol(let s) where CompareOperator(rawValue: s) != nil:
            throw error("comparisons cannot be chained; use && to combine them")
        case .ident("in"):
            throw error("comparisons cannot be chained; use && to combine them")
        default: break
        }
        if isIn { return .member(lhs, rhs) }
        return .compare(op!, lhs, rhs)
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        if token == .symbol("!") {
            try advance()
            return try nested { (p: inout ExpressionParser) throws(ExpressionError) in .not(try p.parseUnary()) }
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(ExpressionError) -> ExpressionNode {
        var node = try parsePrimary()
        while true {
            if token == .symbol(".") {
                try advance()
                guard case .ident(let name) = token else { throw error("expected a field or method name after '.', found \(describe(token))") }
                let nameColumn = tokenColumn
                try advance()
                if token == .symbol("(") {
                    node = try parseMethod(name, receiver: node, column: nameColumn)
                } else {
                    guard case .path(var path) = node else {
                        throw ExpressionError(message: "field access '.\(name)' needs a path such as params.\(name)", column: nameColumn)
                    }
                    if path.root == .target || path.root == .type {
                        throw ExpressionError(message: "'\(path.text)' is a string and has no fields", column: nameColumn)
                    }
                    path.segments.append(.key(name))
                    path.text += "." + name
                    node = .path(path)
                }
            } else if token == .symbol("[") {
                guard case .path(var path) = node else { throw error("indexing needs a path such as params.items[0]") }
                if path.root == .target || path.root == .type { throw error("'\(path.text)' is a string and cannot be indexed") }
                try advance()
                switch token {
                case .int(let i) where i >= 0 && i < Int64(Int32.max):
                    path.segments.append(.index(Int(i)))
                    path.text += "[\(i)]"
                case .string(let s):
                    path.segments.append(.key(s))
                    path.text += "[\"\(s)\"]"
                default:
                    throw error("an index must be a non-negative integer or a string literal, found \(describe(token))")
                }
                try advance()
                try expectSymbol("]")
                node = .path(path)
            } else {
                return node
            }
        }
    }

    private mutating func parseMethod(_ name: String, receiver: ExpressionNode, column: Int) throws(ExpressionError) -> ExpressionNode {
        try expectSymbol("(")
        var args: [ExpressionNode] = []
        let argColumn = tokenColumn
        if token != .symbol(")") {
            args.append(try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseOr() })
            while token == .symbol(",") {
                try advance()
                args.append(try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseOr() })
            }
        }
        try expectSymbol(")")
        func arity(_ n: Int) throws(ExpressionError) {
            guard args.count == n else {
                throw ExpressionError(message: "\(name)() takes \(n) argument\(n == 1 ? "" : "s"), got \(args.count)", column: column)
            }
        }
        switch name {
        case "contains": try arity(1); return .contains(receiver, args[0])
        case "startsWith": try arity(1); return .startsWith(receiver, args[0])
        case "endsWith": try arity(1); return .endsWith(receiver, args[0])
        case "size": try arity(0); return .size(receiver)
        case "matches":
            try arity(1)
            guard case .literal(.string(let pattern)) = args[0] else {
                throw ExpressionError(message: "matches() takes a string literal pattern", column: argColumn)
            }
            do {
                return .matches(receiver, try PolicyRegex(pattern))
            } catch {
                throw ExpressionError(message: "invalid regex \"\(pattern)\": \(error.description)", column: argColumn)
            }
        default:
            throw ExpressionError(message: "unknown method '\(name)' (expected contains, startsWith, endsWith, matches, size)", column: column)
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        switch token {
        case .string(let s): try advance(); return .literal(.string(s))
        case .int(let i): try advance(); return .literal(.int(i))
        case .double(let d): try advance(); return .literal(.double(d))
        case .symbol("-"):
            // Negative number literals; there is no arithmetic.
            try advance()
            switch token {
            case .int(let i): try advance(); return .literal(.int(-i))
            case .double(let d): try advance(); return .literal(.double(-d))
            default: throw error("'-' must be followed by a number (there is no arithmetic)")
            }
        case .symbol("("):
            try advance()
            let inner = try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseOr() }
            try expectSymbol(")")
            return inner
        case .symbol("["):
            try advance()
            var items: [ExpressionNode] = []
            if token != .symbol("]") {
                items.append(try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseOr() })
                while token == .symbol(",") {
                    try advance()
                    items.append(try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseOr() })
                }
            }
            try expectSymbol("]")
            return .list(items)
        case .ident(let name):
            let column = tokenColumn
            try advance()
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            case "size":
                try expectSymbol("(")
                let arg = try nested { (p: inout ExpressionParser) throws(ExpressionError) in try p.parseOr() }
                try expectSymbol(")")
                return .size(arg)
            case "params": return .path(FieldPath(root: .params, segments: [], text: name))
            case "context": return .path(FieldPath(root: .context, segments: [], text: name))
            case "agent": return .path(FieldPath(root: .agent, segments: [], text: name))
            case "target": return .path(FieldPath(root: .target, segments: [], text: name))
            case "type": return .path(FieldPath(root: .type, segments: [], text: name))
            default:
                throw ExpressionError(
                    message: "unknown name '\(name)' (paths start with params, context, agent, target or type)", column: column)
            }
        default:
            throw error("expected a value, found \(describe(token))")
        }
    }
}
