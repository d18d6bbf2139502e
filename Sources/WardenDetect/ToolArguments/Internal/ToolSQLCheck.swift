extension ToolArgumentScanner {
    /// Destructive SQL: statements that drop, truncate or wholesale rewrite data, change
    /// privileges, or reach the operating system.
    ///
    /// The text is tokenized first, so string literals (`'DROP TABLE x'`), quoted identifiers
    /// and comments are data. Dialects disagree about backslashes in strings (MySQL escapes
    /// with them, standard SQL does not) and about `#` comments and `/*! … */` (MySQL runs
    /// the inside): when the text holds any of these it is tokenized both ways and what
    /// either reading finds is reported, so a string cannot be closed early under one dialect
    /// and hide a statement from the other. Statement grammar is checked strictly enough that
    /// prose (`drop table tennis tips`) is not a statement.
    enum SQLCheck {
        private static let copyDirections = WordSet(["to", "from"])
        private static let cteVerbs = WordSet(["select", "insert", "update", "delete", "merge"])
        private static let deleteClauses = WordSet(["where", "using", "returning", "order", "limit"])
        private static let deleteClausesWithoutWhere = WordSet(["using", "returning", "order", "limit"])
        private static let deleteModifiers = WordSet(["low_priority", "quick", "ignore"])
        private static let dropOptions = WordSet(["cascade", "restrict", "purge", "force"])
        private static let fileExports = WordSet(["outfile", "dumpfile"])
        private static let identityOptions = WordSet(["restart", "continue"])
        private static let truncateOptions = WordSet(["cascade", "restrict"])
        private static let updateModifiers = WordSet(["low_priority", "ignore", "only"])
        private static let readVerbs = WordSet(["select", "with", "show", "values", "explain", "describe", "desc"])
        private static let stringPrefixes = WordSet(["n", "x", "b", "e"])
        enum TokenKind: Equatable {
            case word, number, string, identifier, semicolon, comment, symbol
        }

        struct Token {
            var kind: TokenKind
            var start: Int
            var end: Int
            /// For strings and quoted identifiers, the range of the content.
            var content: Range<Int>
        }

        static func check(_ bytes: [UInt8], into sink: inout FindingSink) {
            var results: [URLCheck.Result] = []
            analyze(bytes, tokens: tokenize(bytes, mysql: false), into: &results)
            if bytes.contains(UInt8(ascii: "\\")) || bytes.contains(UInt8(ascii: "#")) || Bytes.contains(bytes, "/*!") {
                analyze(bytes, tokens: tokenize(bytes, mysql: true), into: &results)
            }
            for r in results { sink.add(r.kind, r.range, r.severity, r.score) }
        }

        // MARK: - Tokenizer

        /// Splits `b` into tokens. `mysql` turns on backslash escapes in strings, `#` line
        /// comments and executable `/*! … */` comments.
        static func tokenize(_ b: [UInt8], mysql: Bool) -> [Token] {
            var tokens: [Token] = []
            let n = b.count
            var i = 0
            var executableComment = false
            func isWordByte(_ c: UInt8) -> Bool { Bytes.isLetter(c) || Bytes.isDigit(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "$") || c >= 0x80 }
            /// The end of a quoted run opened at `i` by `quote` (doubled quotes escape; with
            /// `backslash`, so does `\`).
            func quoted(_ i: Int, _ quote: UInt8, backslash: Bool) -> Int {
                var j = i + 1
                while j < n {
                    if backslash, b[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if b[j] == quote {
                        if j + 1 < n, b[j + 1] == quote { j += 2; continue }
                        return j + 1
                    }
                    j += 1
                }
                return n
            }
            while i < n {
                let c = b[i]
                let next: UInt8 = i + 1 < n ? b[i + 1] : 0
                if Bytes.isSpace(c) { i += 1; continue }
                if c == UInt8(ascii: "-"), next == UInt8(ascii: "-") {
                    var j = i
                    while j < n, b[j] != 0x0A { j += 1 }
                    tokens.append(Token(kind: .comment, start: i, end: j, content: i..<j))
                    i = j
                    continue
                }
                if mysql, c == UInt8(ascii: "#") {
                    var j = i
                    while j < n, b[j] != 0x0A { j += 1 }
                    tokens.append(Token(kind: .comment, start: i, end: j, content: i..<j))
                    i = j
                    continue
                }
                if c == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                    if mysql, i + 2 < n, b[i + 2] == UInt8(ascii: "!") {
                        // MySQL runs what is inside /*! … */ (after an optional version number).
                        var j = i + 3
                        while j < n, Bytes.isDigit(b[j]) { j += 1 }
                        executableComment = true
                        i = j
                        continue
                    }
                    var j = i + 2
                    while j + 1 < n, !(b[j] == UInt8(ascii: "*") && b[j + 1] == UInt8(ascii: "/")) { j += 1 }
                    j = min(n, j + 2)
                    tokens.append(Token(kind: .comment, start: i, end: j, content: i..<j))
                    i = j
                    continue
                }
                if executableComment, c == UInt8(ascii: "*"), next == UInt8(ascii: "/") {
                    executableComment = false
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "'") {
                    // E'…' (PostgreSQL escape strings) honours backslashes in either reading.
                    let escape = mysql || (i > 0 && b[i - 1] | 0x20 == UInt8(ascii: "e") && (i < 2 || !isWordByte(b[i - 2])))
                    let j = quoted(i, c, backslash: escape)
                    tokens.append(Token(kind: .string, start: i, end: j, content: (i + 1)..<max(i + 1, j - 1)))
                    i = j
                    continue
                }
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "`") {
                    let j = quoted(i, c, backslash: mysql && c == UInt8(ascii: "\""))
                    tokens.append(Token(kind: .identifier, start: i, end: j, content: (i + 1)..<max(i + 1, j - 1)))
                    i = j
                    continue
                }
                if c == UInt8(ascii: "[") {
                    var j = i + 1
                    while j < n, j - i < 256, b[j] != UInt8(ascii: "]"), b[j] != 0x0A { j += 1 }
                    if j < n, b[j] == UInt8(ascii: "]") {
                        tokens.append(Token(kind: .identifier, start: i, end: j + 1, content: (i + 1)..<j))
                        i = j + 1
                        continue
                    }
                }
                if c == UInt8(ascii: "$"), !(i > 0 && isWordByte(b[i - 1])) {
                    // PostgreSQL dollar quoting: $tag$ … $tag$.
                    var j = i + 1
                    while j < n, j - i <= 32, Bytes.isLetter(b[j]) || b[j] == UInt8(ascii: "_") || (j > i + 1 && Bytes.isDigit(b[j])) { j += 1 }
                    if j < n, b[j] == UInt8(ascii: "$") {
                        let tag = i..<(j + 1)
                        var k = j + 1
                        var close = n
                        while k + tag.count <= n {
                            if b[k] == UInt8(ascii: "$"), b[k..<(k + tag.count)].elementsEqual(b[tag]) { close = k; break }
                            k += 1
                        }
                        let end = min(n, close + tag.count)
                        tokens.append(Token(kind: .string, start: i, end: end, content: (j + 1)..<close))
                        i = end
                        continue
                    }
                }
                if isWordByte(c) {
                    var j = i + 1
                    while j < n, isWordByte(b[j]) { j += 1 }
                    let kind: TokenKind = Bytes.isDigit(c) ? .number : .word
                    // N'…', X'…', B'…' are strings with a prefix.
                    if j - i == 1, j < n, b[j] == UInt8(ascii: "'"), Bytes.isOne(b, i..<j, of: stringPrefixes) {
                        i = j
                        continue
                    }
                    tokens.append(Token(kind: kind, start: i, end: j, content: i..<j))
                    i = j
                    continue
                }
                if c == UInt8(ascii: ";") {
                    tokens.append(Token(kind: .semicolon, start: i, end: i + 1, content: i..<(i + 1)))
                } else {
                    tokens.append(Token(kind: .symbol, start: i, end: i + 1, content: i..<(i + 1)))
                }
                i += 1
            }
            return tokens
        }

        // MARK: - Statements

        private static let dropCritical = WordSet(["table", "database", "schema", "keyspace", "tablespace", "owned"])
        private static let dropOther = WordSet([            "index", "view", "user", "role", "trigger", "function", "procedure", "sequence", "materialized",
            "collection", "extension", "type", "domain", "event", "login", "temporary", "temp", "policy", "publication",
        ])
        private static let clauseEnds = WordSet(["order", "group", "limit", "returning", "having", "offset", "fetch", "for", "window", "union", "option"])

        static func analyze(_ b: [UInt8], tokens all: [Token], into results: inout [URLCheck.Result]) {
            // Statements, comments dropped; remember where `;` was followed by a line comment.
            var statements: [[Token]] = []
            var current: [Token] = []
            var semicolons: [Int] = []
            var endsWithCommentAfterSemicolon = false
            let lastCode = all.lastIndex { $0.kind != .comment && $0.kind != .semicolon } ?? -1
            for (index, t) in all.enumerated() {
                switch t.kind {
                case .comment:
                    continue
                case .semicolon:
                    if !current.isEmpty { statements.append(current) }
                    current = []
                    semicolons.append(t.start)
                    // `; --` (or `; #`) on one line with nothing after but comments.
                    if index > lastCode, index + 1 < all.count, all[index + 1].kind == .comment,
                       !b[t.end..<all[index + 1].start].contains(0x0A) {
                        endsWithCommentAfterSemicolon = true
                    }
                default:
                    current.append(t)
                }
            }
            if !current.isEmpty { statements.append(current) }

            for statement in statements {
                check(statement: statement, b, into: &results)
            }

            // Stacked queries: a read followed by more statements.
            if statements.count >= 2, let first = statements.first?.first, first.kind == .word,
               Bytes.isOne(b, first.start..<first.end, of: readVerbs),
               let firstSemicolon = semicolons.first, let lastToken = statements.last?.last {
                let severity: Severity = endsWithCommentAfterSemicolon ? .high : .medium
                results.append(URLCheck.Result(kind: .destructiveSQL, range: firstSemicolon..<lastToken.end, severity: severity, score: endsWithCommentAfterSemicolon ? 0.8 : 0.6))
            }
        }

        private static func check(statement s: [Token], _ b: [UInt8], into results: inout [URLCheck.Result]) {
            func isWord(_ k: Int, _ literal: StaticString) -> Bool { k < s.count && s[k].kind == .word && Bytes.equals(b, s[k].start..<s[k].end, literal) }
            func isWord(_ k: Int, of literals: WordSet) -> Bool { k < s.count && s[k].kind == .word && Bytes.isOne(b, s[k].start..<s[k].end, of: literals) }
            func isSymbol(_ k: Int, _ c: UInt8) -> Bool { k < s.count && s[k].kind == .symbol && b[s[k].start] == c }
            /// After a (possibly qualified) name at `k`, the index past it, or nil.
            func name(_ k: Int) -> Int? {
                guard k < s.count, s[k].kind == .word || s[k].kind == .identifier else { return nil }
                var j = k + 1
                while isSymbol(j, UInt8(ascii: ".")), j + 1 < s.count, s[j + 1].kind == .word || s[j + 1].kind == .identifier { j += 2 }
                return j
            }
            /// A comma-separated list of names at `k`.
            func names(_ k: Int) -> Int? {
                guard var j = name(k) else { return nil }
                while isSymbol(j, UInt8(ascii: ",")), let next = name(j + 1) { j = next }
                return j
            }
            let whole = s[0].start..<s[s.count - 1].end
            func report(_ severity: Severity, _ score: Double, _ range: Range<Int>? = nil) {
                results.append(URLCheck.Result(kind: .destructiveSQL, range: range ?? whole, severity: severity, score: score))
            }

            // Calls that reach the operating system or the file system, wherever they appear.
            for k in s.indices where s[k].kind == .word {
                let r = s[k].start..<s[k].end
                if Bytes.equals(b, r, "xp_cmdshell") {
                    report(.critical, 1.0, r)
                } else if Bytes.equals(b, r, "into"), isWord(k + 1, of: fileExports) {
                    report(.critical, 0.95, s[k].start..<s[k + 1].end)
                } else if Bytes.equals(b, r, "program"), k > 0, isWord(k - 1, of: copyDirections), isWord(0, "copy") {
                    report(.critical, 0.95, s[k - 1].start..<s[k].end)
                } else if Bytes.equals(b, r, "load_file"), isSymbol(k + 1, UInt8(ascii: "(")) {
                    report(.high, 0.8, r)
                }
            }

            var v = 0
            if isWord(0, "with") {
                // Find the statement a CTE introduces: the first verb at depth 0.
                var depth = 0
                v = -1
                for k in 1..<s.count {
                    if isSymbol(k, UInt8(ascii: "(")) { depth += 1 } else if isSymbol(k, UInt8(ascii: ")")) { depth = max(0, depth - 1) }
                    if depth == 0, isWord(k, of: cteVerbs) { v = k; break }
                }
                if v < 0 { return }
            }
            let end = s.count
            func isEnd(_ k: Int) -> Bool { k >= end }

            if isWord(v, "drop") {
                var k = v + 1
                let critical = isWord(k, of: dropCritical)
                guard critical || isWord(k, of: dropOther) else { return }
                k += 1
                if isWord(k - 1, "materialized") || isWord(k - 1, "temporary") || isWord(k - 1, "temp") {
                    guard isWord(k, "view") || isWord(k, "table") else { return }
                    k += 1
                }
                if isWord(k - 1, "owned") { guard isWord(k, "by") else { return }; k += 1 }
                if isWord(k, "if"), isWord(k + 1, "exists") { k += 2 }
                if isWord(k, "concurrently") { k += 1 }
                guard let afterNames = names(k) else { return }
                k = afterNames
                if isWord(k, "on"), let afterTable = name(k + 1) { k = afterTable }
                while isWord(k, of: dropOptions) { k += 1 }
                if isEnd(k) { report(critical ? .critical : .high, 1.0) }
                return
            }
            if isWord(v, "truncate") {
                var k = v + 1
                if isWord(k, "table") { k += 1 }
                if isWord(k, "only") { k += 1 }
                guard let afterNames = names(k) else { return }
                k = afterNames
                if isWord(k, of: identityOptions), isWord(k + 1, "identity") { k += 2 }
                while isWord(k, of: truncateOptions) { k += 1 }
                if isEnd(k) { report(.critical, 1.0) }
                return
            }
            if isWord(v, "delete") {
                var k = v + 1
                while isWord(k, of: deleteModifiers) { k += 1 }
                if isWord(k, "from") { k += 1 }
                if isWord(k, "only") { k += 1 }
                guard let afterName = name(k) else { return }
                k = afterName
                if isWord(k, "as") { k += 1 }
                if k < end, s[k].kind == .word || s[k].kind == .identifier,
                   !isWord(k, of: deleteClauses) { k += 1 }  // alias
                if isEnd(k) { report(.critical, 1.0); return }
                if let w = whereIndex(s, from: k, b) {
                    if isTautology(s, from: w + 1, b) { report(.critical, 0.9) }
                } else if isWord(k, of: deleteClausesWithoutWhere) {
                    report(.critical, 0.9)
                }
                return
            }
            if isWord(v, "update") {
                var k = v + 1
                while isWord(k, of: updateModifiers) { k += 1 }
                guard let afterName = name(k) else { return }
                k = afterName
                if isWord(k, "as") { k += 1 }
                if !isWord(k, "set"), k < end, s[k].kind == .word || s[k].kind == .identifier { k += 1 }  // alias
                guard isWord(k, "set"), k + 1 < end else { return }
                if let w = whereIndex(s, from: k, b) {
                    if isTautology(s, from: w + 1, b) { report(.high, 0.85) }
                } else if !isWord(k + 1, "current") {
                    report(.high, 0.9)
                }
                return
            }
            if isWord(v, "alter"), isWord(v + 1, "table") {
                var depth = 0
                for k in (v + 2)..<end {
                    if isSymbol(k, UInt8(ascii: "(")) { depth += 1 } else if isSymbol(k, UInt8(ascii: ")")) { depth = max(0, depth - 1) }
                    if depth == 0, isWord(k, "drop") { report(.high, 1.0); return }
                }
                return
            }
            if isWord(v, "grant"), isWord(v + 1, "all") {
                report(.high, 1.0)
                return
            }
            if isWord(v, "revoke"), v + 1 < end {
                report(.high, 0.9)
            }
        }

        /// The index of the statement's `WHERE` at parenthesis depth 0 from `k`, if any.
        private static func whereIndex(_ s: [Token], from k: Int, _ b: [UInt8]) -> Int? {
            var depth = 0
            var j = k
            while j < s.count {
                let t = s[j]
                if t.kind == .symbol, b[t.start] == UInt8(ascii: "(") { depth += 1 }
                if t.kind == .symbol, b[t.start] == UInt8(ascii: ")") { depth = max(0, depth - 1) }
                if depth == 0, t.kind == .word, Bytes.equals(b, t.start..<t.end, "where") { return j }
                j += 1
            }
            return nil
        }

        /// True when the predicate from `k` is always true: a tautology (`1=1`, `'a'='a'`,
        /// `TRUE`, `1`, `x=x`, `1<>2`) that is the whole condition or is OR-ed in at the top level.
        /// A tautology AND-ed with a real condition (`WHERE 1=1 AND id = 5`) restricts nothing
        /// away and is not reported.
        private static func isTautology(_ s: [Token], from k: Int, _ b: [UInt8]) -> Bool {
            var end = s.count
            var depth = 0
            for j in k..<s.count {
                let t = s[j]
                if t.kind == .symbol, b[t.start] == UInt8(ascii: "(") { depth += 1 }
                if t.kind == .symbol, b[t.start] == UInt8(ascii: ")") { depth -= 1; if depth < 0 { end = j; break } }
                if depth == 0, t.kind == .word, Bytes.isOne(b, t.start..<t.end, of: clauseEnds) { end = j; break }
            }
            func symbol(_ j: Int) -> UInt8? { j < end && s[j].kind == .symbol ? b[s[j].start] : nil }
            func isWord(_ j: Int, _ literal: StaticString) -> Bool { j < end && s[j].kind == .word && Bytes.equals(b, s[j].start..<s[j].end, literal) }
            func sameLiteral(_ x: Token, _ y: Token) -> Bool {
                guard x.kind == y.kind, x.kind == .number || x.kind == .string || x.kind == .word || x.kind == .identifier else { return false }
                guard x.content.count == y.content.count else { return false }
                if x.kind == .word { return zip(b[x.content], b[y.content]).allSatisfy { Bytes.lower($0) == Bytes.lower($1) } }
                return b[x.content].elementsEqual(b[y.content])
            }
            /// The index past an always-true atom at `j`, or nil.
            func atom(_ j: Int) -> Int? {
                var j = j
                var opened = 0
                while symbol(j) == UInt8(ascii: "(") { opened += 1; j += 1 }
                guard j < end else { return nil }
                var after: Int?
                let t = s[j]
                let literal = t.kind == .number || t.kind == .string
                // x = x, x == x, 1 <> 2, 'a' != 'b'
                if let op = symbol(j + 1) {
                    if op == UInt8(ascii: "="), j + 2 < end, sameLiteral(t, s[j + 2]) {
                        after = j + 3
                        if symbol(j + 2) == UInt8(ascii: "=") { after = nil }
                    } else if op == UInt8(ascii: "="), symbol(j + 2) == UInt8(ascii: "="), j + 3 < end, sameLiteral(t, s[j + 3]) {
                        after = j + 4
                    } else if literal, op == UInt8(ascii: "<"), symbol(j + 2) == UInt8(ascii: ">"), j + 3 < end,
                              s[j + 3].kind == t.kind, !b[t.content].elementsEqual(b[s[j + 3].content]) {
                        after = j + 4
                    } else if literal, op == UInt8(ascii: "!"), symbol(j + 2) == UInt8(ascii: "="), j + 3 < end,
                              s[j + 3].kind == t.kind, !b[t.content].elementsEqual(b[s[j + 3].content]) {
                        after = j + 4
                    }
                }
                if after == nil {
                    if isWord(j, "true") {
                        after = j + 1
                    } else if t.kind == .number, b[t.content].contains(where: { $0 != UInt8(ascii: "0") && $0 != UInt8(ascii: ".") }),
                              symbol(j + 1) == nil || j + 1 >= end {
                        after = j + 1
                    }
                }
                guard var a = after else { return nil }
                while opened > 0, symbol(a) == UInt8(ascii: ")") { opened -= 1; a += 1 }
                return opened == 0 ? a : nil
            }
            var j = k
            var atStart = true
            var depth0 = 0
            while j < end {
                if atStart, let a = atom(j), a >= end || !isWord(a, "and") {
                    return true
                }
                atStart = false
                let t = s[j]
                if t.kind == .symbol, b[t.start] == UInt8(ascii: "(") { depth0 += 1 }
                if t.kind == .symbol, b[t.start] == UInt8(ascii: ")") { depth0 -= 1 }
                if depth0 == 0, isWord(j, "or") { atStart = true }
                j += 1
            }
            return false
        }
    }
}
