import Yams

/// Turns policy text (YAML or JSON) into `SourceNode` trees, one per document.
enum DocumentParser {
    /// Parses every document in `source`. Syntax errors become diagnostics.
    static func documents(in source: PolicySource) -> Result<[SourceNode], PolicyDiagnostic> {
        switch source.format {
        case .json:
            do {
                return .success([try JSONParser.parse(source.text)])
            } catch {
                return .failure(PolicyDiagnostic(
                    file: source.name, path: "", line: error.mark.line, column: error.mark.column,
                    message: "invalid JSON: \(error.message)"))
            }
        case .yaml:
            return yamlDocuments(source)
        }
    }

    private static func yamlDocuments(_ source: PolicySource) -> Result<[SourceNode], PolicyDiagnostic> {
        do {
            // `.basic` resolves nothing: plain scalars are typed below by the YAML 1.2 core
            // schema, so `NO` (Norway) and `on` stay strings instead of turning into booleans.
            let parser = try Parser(yaml: source.text, resolver: .basic)
            var docs: [SourceNode] = []
            while let root = try parser.nextRoot() {
                var budget = maxNodesPerDocument
                docs.append(try convert(root, source: source, depth: 0, budget: &budget))
            }
            return .success(docs)
        } catch let error as ConversionError {
            return .failure(error.diagnostic)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, source: source))
        } catch {
            return .failure(PolicyDiagnostic(file: source.name, path: "", message: "invalid YAML: \(error)"))
        }
    }

    private struct ConversionError: Error {
        var diagnostic: PolicyDiagnostic
    }

    private static func mark(_ m: Mark?) -> SourceMark? {
        m.map { SourceMark(line: $0.line, column: $0.column) }
    }

    /// YAML aliases are expanded by the parser; a document of a few lines can alias its way to
    /// billions of nodes ("billion laughs"), so conversion stops at this many.
    static let maxNodesPerDocument = 200_000

    private static func convert(_ node: Node, source: PolicySource, depth: Int, budget: inout Int) throws -> SourceNode {
        budget -= 1
        if budget < 0 {
            throw ConversionError(diagnostic: PolicyDiagnostic(
                file: source.name, path: "", line: node.mark?.line, column: node.mark?.column,
                message: "document too large: more than \(maxNodesPerDocument) nodes (YAML aliases expand into copies)"))
        }
        if depth > JSONParser.maxDepth {
            throw ConversionError(diagnostic: PolicyDiagnostic(
                file: source.name, path: "", line: node.mark?.line, column: node.mark?.column,
                message: "nesting deeper than \(JSONParser.maxDepth) levels"))
        }
        switch node {
        case .scalar(let scalar):
            return SourceNode(kind: .scalar(resolve(scalar), raw: scalar.string), mark: mark(scalar.mark))
        case .sequence(let seq):
            var items: [SourceNode] = []
            for child in seq { items.append(try convert(child, source: source, depth: depth + 1, budget: &budget)) }
            return SourceNode(kind: .sequence(items), mark: mark(seq.mark))
        case .mapping(let map):
            var entries: [SourceNode.Entry] = []
            var seen: Set<String> = []
            for (k, v) in map {
                guard case .scalar(let keyScalar) = k else {
                    throw ConversionError(diagnostic: PolicyDiagnostic(
                        file: source.name, path: "", line: k.mark?.line, column: k.mark?.column,
                        message: "mapping keys must be plain strings"))
                }
                let key = keyScalar.string
                if key == "<<" {
                    throw ConversionError(diagnostic: PolicyDiagnostic(
                        file: source.name, path: "", line: k.mark?.line, column: k.mark?.column,
                        message: "YAML merge keys (<<) are not supported in policies"))
                }
                // libyaml accepts duplicate keys; a policy must not, or the second value would
                // silently replace the first.
                if !seen.insert(key).inserted {
                    throw ConversionError(diagnostic: PolicyDiagnostic(
                        file: source.name, path: "", line: k.mark?.line, column: k.mark?.column,
                        message: "duplicate key \"\(key)\""))
                }
                entries.append(.init(key: key, keyMark: mark(k.mark), value: try convert(v, source: source, depth: depth + 1, budget: &budget)))
            }
            return SourceNode(kind: .mapping(entries), mark: mark(map.mark))
        case .alias:
            // Yams expands aliases while composing, so this case does not arise; the node budget
            // above is what bounds alias expansion.
            throw ConversionError(diagnostic: PolicyDiagnostic(
                file: source.name, path: "", line: node.mark?.line, column: node.mark?.column,
                message: "unexpected unexpanded YAML alias"))
        }
    }

    /// Types a scalar by the YAML 1.2 core schema; quoted scalars are always strings.
    static func resolve(_ scalar: Node.Scalar) -> PolicyValue {
        let s = scalar.string
        guard scalar.style == .plain else { return .string(s) }
        return resolvePlain(s)
    }

    static func resolvePlain(_ s: String) -> PolicyValue {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let u = Array(s.utf8)
        if isDecimalInt(u) {
            if let i = Int64(s.hasPrefix("+") ? String(s.dropFirst()) : s) { return .int(i) }
            if let d = Double(s) { return .double(d) }
        }
        if u.count > 2, u[0] == UInt8(ascii: "0") {
            if u[1] == UInt8(ascii: "x"), let i = Int64(String(s.dropFirst(2)), radix: 16) { return .int(i) }
            if u[1] == UInt8(ascii: "o"), let i = Int64(String(s.dropFirst(2)), radix: 8) { return .int(i) }
        }
        if isFloat(u), let d = Double(s) { return .double(d) }
        return .string(s)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func isDecimalInt(_ u: [UInt8]) -> Bool {
        var i = 0
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        guard i < u.count else { return false }
        while i < u.count { if !isDigit(u[i]) { return false }; i += 1 }
        return true
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
    private static func isFloat(_ u: [UInt8]) -> Bool {
        var i = 0
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        var digits = 0
        while i < u.count, isDigit(u[i]) { i += 1; digits += 1 }
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            var frac = 0
            while i < u.count, isDigit(u[i]) { i += 1; frac += 1 }
            if digits == 0 && frac == 0 { return false }
        } else if digits == 0 {
            return false
        }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            var exp = 0
            while i < u.count, isDigit(u[i]) { i += 1; exp += 1 }
            if exp == 0 { return false }
        }
        return i == u.count
    }

    private static func diagnostic(for error: YamlError, source: PolicySource) -> PolicyDiagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            return PolicyDiagnostic(file: source.name, path: "", line: mark.line, column: mark.column, message: message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PolicyDiagnostic(
                file: source.name, path: "", line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in the mapping that starts here")
        case .reader(let problem, _, _, _):
            return PolicyDiagnostic(file: source.name, path: "", message: "invalid YAML: \(problem)")
        default:
            return PolicyDiagnostic(file: source.name, path: "", message: "invalid YAML: \(error)")
        }
    }
}
