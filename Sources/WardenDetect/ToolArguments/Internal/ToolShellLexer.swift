extension ToolArgumentScanner {
    /// A shell command line split into simple commands, with quoting, substitutions,
    /// redirections and here-documents read the way a POSIX shell (and bash) reads them.
    ///
    /// `;` `|` `&` inside single or double quotes are data; `$(…)` and backticks run in
    /// double quotes too; the inside of a substitution is lexed as commands of its own,
    /// remembering the command it was substituted into (`bash <(curl …)`). Nesting is bounded
    /// (64 levels); past that, openers are read as plain characters.
    struct ShellLexer {
        /// One word after quote removal (`cooked`), with its span in the input.
        struct Word {
            var start: Int
            var end: Int
            var cooked: [UInt8]
            var isQuoted: Bool
        }

        /// What separates a command from the one before it.
        enum Separator {
            case none, sequence, and, or, pipe, background, newline
        }

        /// `>`, `>>`, `&>`, `<`... with its target word.
        struct Redirect {
            var isWrite: Bool
            var operatorStart: Int
            var target: Word
        }

        /// A simple command.
        struct Command {
            var words: [Word]
            var redirects: [Redirect]
            /// The separator before this command, when another command in the same nesting
            /// level came before it.
            var separator: Separator
            var separatorStart: Int
            /// The index in `commands` of the command before, in the same nesting level.
            var previous: Int?
            /// For a command inside a substitution, the name of the command it was substituted
            /// into (`bash` in `bash <(curl …)`).
            var parentName: [UInt8]?
            /// The index in `words` of the command run, past assignments and wrappers, and its
            /// lower-cased basename (see `ShellCheck.commandName(of:)`).
            var nameIndex: Int?
            var name: [UInt8]
            var start: Int
            var end: Int
        }

        enum FrameKind {
            case top, substitution, backtick, processSubstitution, group, arithmetic
        }

        private struct Frame {
            var kind: FrameKind
            var start: Int
            var parentName: [UInt8]?
            var words: [Word] = []
            var redirects: [Redirect] = []
            /// The frame's unfinished word, put aside while a nested context is open.
            var savedWord: Word?
            var inDoubleQuote = false
            var pendingRedirect: (isWrite: Bool, start: Int)?
            var pendingHeredoc: (stripTabs: Bool, start: Int)?
            var separator: Separator = .none
            var separatorStart = 0
            var lastCommand: Int?
            var parenDepth = 0
        }

        private struct Heredoc {
            var delimiter: [UInt8]
            var expands: Bool
            var stripTabs: Bool
        }

        static let maximumDepth = 64

        private let b: [UInt8]
        private var frames: [Frame]
        /// The innermost frame's unfinished word (kept out of `frames` so appending a byte
        /// does not go through the frame array).
        private var word: Word?
        private var heredocs: [Heredoc] = []
        /// Every simple command, inner commands before the ones they are substituted into.
        private(set) var commands: [Command] = []
        /// Command and process substitutions (`$(…)`, backticks, `<(…)`), with their spans.
        private(set) var substitutions: [(range: Range<Int>, kind: FrameKind)] = []

        init(_ bytes: [UInt8]) {
            b = bytes
            frames = [Frame(kind: .top, start: 0, parentName: nil)]
        }

        private var top: Int { frames.count - 1 }

        mutating func run() {
            let n = b.count
            var i = 0
            while i < n {
                if frames[top].kind == .arithmetic {
                    i = arithmetic(i)
                } else if frames[top].inDoubleQuote {
                    i = doubleQuoted(i)
                } else {
                    i = unquoted(i)
                }
            }
            while frames.count > 1 { close(at: n) }
            endCommand(.none, at: n)
        }

        // MARK: - Words and commands

        private mutating func touchWord(_ start: Int, _ end: Int, quoted: Bool = false) {
            if word == nil {
                var cooked: [UInt8] = []
                cooked.reserveCapacity(24)
                word = Word(start: start, end: end, cooked: cooked, isQuoted: quoted)
                return
            }
            word!.end = end
            if quoted { word!.isQuoted = true }
        }

        private mutating func append(_ c: UInt8, _ start: Int, _ end: Int, quoted: Bool = false) {
            touchWord(start, end, quoted: quoted)
            word!.cooked.append(c)
        }

        private mutating func endWord() {
            guard let w = word else { return }
            word = nil
            if let h = frames[top].pendingHeredoc {
                heredocs.append(Heredoc(delimiter: w.cooked, expands: !w.isQuoted, stripTabs: h.stripTabs))
                frames[top].pendingHeredoc = nil
            } else if let r = frames[top].pendingRedirect {
                frames[top].redirects.append(Redirect(isWrite: r.isWrite, operatorStart: r.start, target: w))
                frames[top].pendingRedirect = nil
            } else {
                if frames[top].words.isEmpty { frames[top].words.reserveCapacity(8) }
                frames[top].words.append(w)
            }
        }

        private mutating func endCommand(_ separator: Separator, at position: Int) {
            endWord()
            frames[top].pendingRedirect = nil
            frames[top].pendingHeredoc = nil
            if !frames[top].words.isEmpty || !frames[top].redirects.isEmpty {
                var start = Int.max
                var end = 0
                for w in frames[top].words { start = min(start, w.start); end = max(end, w.end) }
                for r in frames[top].redirects { start = min(start, r.operatorStart); end = max(end, r.target.end) }
                let previous = frames[top].lastCommand
                let resolved = ShellCheck.commandName(of: frames[top].words)
                commands.append(Command(
                    words: frames[top].words, redirects: frames[top].redirects,
                    separator: previous == nil ? .none : frames[top].separator, separatorStart: frames[top].separatorStart,
                    previous: previous, parentName: frames[top].parentName, nameIndex: resolved?.index, name: resolved?.name ?? [],
                    start: start, end: end))
                frames[top].lastCommand = commands.count - 1
                frames[top].words = []
                frames[top].redirects = []
            }
            if separator != .none {
                frames[top].separator = separator
                frames[top].separatorStart = position
            }
        }

        /// Opens a nested context at `i`; false when nesting is too deep.
        private mutating func push(_ kind: FrameKind, at i: Int) -> Bool {
            guard frames.count < Self.maximumDepth else { return false }
            var parentName: [UInt8]?
            if kind != .group {
                touchWord(i, i + 1)
                parentName = ShellCheck.commandName(of: frames[top].words)?.name
            }
            frames[top].savedWord = word
            word = nil
            frames.append(Frame(kind: kind, start: i, parentName: parentName))
            return true
        }

        /// Closes the innermost context; `end` is just past its closing character.
        private mutating func close(at end: Int) {
            let kind = frames[top].kind
            let start = frames[top].start
            endCommand(.none, at: end)
            frames.removeLast()
            word = frames[top].savedWord
            frames[top].savedWord = nil
            switch kind {
            case .substitution, .backtick, .processSubstitution:
                substitutions.append((start..<end, kind))
                append(UInt8(ascii: "$"), start, end)
            case .arithmetic:
                append(UInt8(ascii: "0"), start, end)
            case .group:
                append(UInt8(ascii: "("), start, end)
            case .top:
                break
            }
        }

        // MARK: - Contexts

        private mutating func arithmetic(_ i: Int) -> Int {
            let n = b.count
            let c = b[i]
            let next: UInt8 = i + 1 < n ? b[i + 1] : 0
            switch c {
            case UInt8(ascii: "$") where next == UInt8(ascii: "("):
                if i + 2 < n, b[i + 2] == UInt8(ascii: "(") { return push(.arithmetic, at: i) ? i + 3 : i + 1 }
                return push(.substitution, at: i) ? i + 2 : i + 1
            case UInt8(ascii: "`"):
                _ = push(.backtick, at: i)
                return i + 1
            case UInt8(ascii: "("):
                frames[top].parenDepth += 1
                return i + 1
            case UInt8(ascii: ")"):
                if frames[top].parenDepth > 0 {
                    frames[top].parenDepth -= 1
                    return i + 1
                }
                let end = next == UInt8(ascii: ")") ? i + 2 : i + 1
                close(at: end)
                return end
            default:
                return i + 1
            }
        }

        private mutating func doubleQuoted(_ i: Int) -> Int {
            let n = b.count
            let c = b[i]
            let next: UInt8 = i + 1 < n ? b[i + 1] : 0
            switch c {
            case UInt8(ascii: "\""):
                frames[top].inDoubleQuote = false
                touchWord(i, i + 1, quoted: true)
                return i + 1
            case UInt8(ascii: "\\"):
                switch next {
                case UInt8(ascii: "$"), UInt8(ascii: "`"), UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    append(next, i, i + 2, quoted: true)
                    return i + 2
                case 0x0A:
                    touchWord(i, i + 2, quoted: true)
                    return i + 2
                default:
                    append(c, i, i + 1, quoted: true)
                    return i + 1
                }
            case UInt8(ascii: "$") where next == UInt8(ascii: "("):
                if i + 2 < n, b[i + 2] == UInt8(ascii: "(") {
                    if push(.arithmetic, at: i) { return i + 3 }
                } else if push(.substitution, at: i) {
                    return i + 2
                }
                append(c, i, i + 1, quoted: true)
                return i + 1
            case UInt8(ascii: "`"):
                if frames[top].kind == .backtick {
                    close(at: i + 1)
                    return i + 1
                }
                if push(.backtick, at: i) { return i + 1 }
                append(c, i, i + 1, quoted: true)
                return i + 1
            default:
                append(c, i, i + 1, quoted: true)
                return i + 1
            }
        }

        private mutating func unquoted(_ i: Int) -> Int {
            let n = b.count
            let c = b[i]
            let next: UInt8 = i + 1 < n ? b[i + 1] : 0
            let kind = frames[top].kind
            switch c {
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C:
                endWord()
                return i + 1
            case 0x0A:
                endCommand(.newline, at: i)
                return heredocs.isEmpty ? i + 1 : readHeredocs(after: i)
            case UInt8(ascii: "#") where word == nil:
                var j = i
                while j < n, b[j] != 0x0A { j += 1 }
                return j
            case UInt8(ascii: "'"):
                touchWord(i, i + 1, quoted: true)
                var j = i + 1
                while j < n, b[j] != UInt8(ascii: "'") {
                    j += 1
                }
                word!.cooked.append(contentsOf: b[(i + 1)..<j])
                let end = min(n, j + 1)
                touchWord(i, end, quoted: true)
                return end
            case UInt8(ascii: "\""):
                touchWord(i, i + 1, quoted: true)
                frames[top].inDoubleQuote = true
                return i + 1
            case UInt8(ascii: "\\"):
                if next == 0x0A {
                    return i + 2  // line continuation
                }
                if i + 1 < n {
                    append(next, i, i + 2, quoted: true)
                    return i + 2
                }
                append(c, i, i + 1)
                return i + 1
            case UInt8(ascii: "$"):
                if next == UInt8(ascii: "(") {
                    if i + 2 < n, b[i + 2] == UInt8(ascii: "(") {
                        if push(.arithmetic, at: i) { return i + 3 }
                    } else if push(.substitution, at: i) {
                        return i + 2
                    }
                } else if next == UInt8(ascii: "'") {
                    return ansiC(i)
                }
                append(c, i, i + 1)
                return i + 1
            case UInt8(ascii: "`"):
                if kind == .backtick {
                    close(at: i + 1)
                    return i + 1
                }
                if push(.backtick, at: i) { return i + 1 }
                append(c, i, i + 1)
                return i + 1
            case UInt8(ascii: "<") where next == UInt8(ascii: "("), UInt8(ascii: ">") where next == UInt8(ascii: "("):
                endWord()
                if push(.processSubstitution, at: i) { return i + 2 }
                append(c, i, i + 1)
                return i + 1
            case UInt8(ascii: "("):
                if next == UInt8(ascii: ")") {
                    endWord()  // a function definition: name()
                    return i + 2
                }
                if word == nil, push(.group, at: i) { return i + 1 }
                endWord()
                return i + 1
            case UInt8(ascii: ")"):
                if kind == .substitution || kind == .processSubstitution || kind == .group {
                    close(at: i + 1)
                    return i + 1
                }
                endWord()  // a `case` pattern
                return i + 1
            case UInt8(ascii: ";"):
                endCommand(.sequence, at: i)
                return next == UInt8(ascii: ";") || next == UInt8(ascii: "&") ? i + 2 : i + 1
            case UInt8(ascii: "&"):
                if next == UInt8(ascii: "&") {
                    endCommand(.and, at: i)
                    return i + 2
                }
                if next == UInt8(ascii: ">") {
                    endWord()
                    frames[top].pendingRedirect = (true, i)
                    return i + 2 < n && b[i + 2] == UInt8(ascii: ">") ? i + 3 : i + 2
                }
                endCommand(.background, at: i)
                return i + 1
            case UInt8(ascii: "|"):
                if next == UInt8(ascii: "|") {
                    endCommand(.or, at: i)
                    return i + 2
                }
                endCommand(.pipe, at: i)
                return next == UInt8(ascii: "&") ? i + 2 : i + 1
            case UInt8(ascii: ">"):
                dropDescriptorNumber()
                endWord()
                var j = i + 1
                if next == UInt8(ascii: ">") || next == UInt8(ascii: "|") {
                    j += 1
                } else if next == UInt8(ascii: "&") {
                    j += 1
                    if j < n, Bytes.isDigit(b[j]) || b[j] == UInt8(ascii: "-") {
                        while j < n, Bytes.isDigit(b[j]) || b[j] == UInt8(ascii: "-") { j += 1 }
                        return j  // 2>&1: descriptor duplication
                    }
                }
                frames[top].pendingRedirect = (true, i)
                return j
            case UInt8(ascii: "<"):
                dropDescriptorNumber()
                endWord()
                if next == UInt8(ascii: "<") {
                    if i + 2 < n, b[i + 2] == UInt8(ascii: "<") {
                        frames[top].pendingRedirect = (false, i)  // here-string: the word is data
                        return i + 3
                    }
                    let strip = i + 2 < n && b[i + 2] == UInt8(ascii: "-")
                    frames[top].pendingHeredoc = (strip, i)
                    return strip ? i + 3 : i + 2
                }
                if next == UInt8(ascii: "&") {
                    var j = i + 2
                    while j < n, Bytes.isDigit(b[j]) || b[j] == UInt8(ascii: "-") { j += 1 }
                    return j
                }
                if next == UInt8(ascii: ">") {
                    frames[top].pendingRedirect = (true, i)
                    return i + 2
                }
                frames[top].pendingRedirect = (false, i)
                return i + 1
            default:
                // A run of ordinary bytes joins the word in one step.
                var j = i + 1
                while j < n, Self.isOrdinary[Int(b[j])] { j += 1 }
                touchWord(i, j)
                word!.cooked.append(contentsOf: b[i..<j])
                return j
            }
        }

        /// Bytes with no meaning to the shell outside quotes (inside a word).
        private static let isOrdinary: [Bool] = (0..<256).map { c in
            !" \t\r\n\u{0B}\u{0C}'\"\\$`<>();&|".utf8.contains(UInt8(c))
        }

        /// `2>file`: the digits before a redirection name a descriptor, not a word.
        private mutating func dropDescriptorNumber() {
            guard let w = word, !w.isQuoted, !w.cooked.isEmpty, w.cooked.count <= 3,
                  w.cooked.allSatisfy(Bytes.isDigit) else { return }
            word = nil
        }

        /// `$'…'` (ANSI-C quoting), decoding the escapes that spell characters.
        private mutating func ansiC(_ i: Int) -> Int {
            let n = b.count
            touchWord(i, i + 2, quoted: true)
            var j = i + 2
            while j < n, b[j] != UInt8(ascii: "'") {
                if b[j] == UInt8(ascii: "\\"), j + 1 < n {
                    let e = b[j + 1]
                    j += 2
                    switch e {
                    case UInt8(ascii: "n"): word!.cooked.append(0x0A)
                    case UInt8(ascii: "t"): word!.cooked.append(0x09)
                    case UInt8(ascii: "x"):
                        var v: UInt8 = 0
                        var k = 0
                        while k < 2, j < n, let h = Bytes.hexValue(b[j]) { v = v << 4 | h; j += 1; k += 1 }
                        word!.cooked.append(v)
                    case UInt8(ascii: "0")...UInt8(ascii: "7"):
                        var v = Int(e - 0x30)
                        var k = 1
                        while k < 3, j < n, b[j] >= 0x30, b[j] <= 0x37 { v = v * 8 + Int(b[j] - 0x30); j += 1; k += 1 }
                        word!.cooked.append(UInt8(truncatingIfNeeded: v))
                    default:
                        word!.cooked.append(e)
                    }
                } else {
                    word!.cooked.append(b[j])
                    j += 1
                }
            }
            let end = min(n, j + 1)
            touchWord(i, end, quoted: true)
            return end
        }

        /// Skips the bodies of pending here-documents after the newline at `newline`,
        /// recording the substitutions an unquoted delimiter lets run inside them.
        private mutating func readHeredocs(after newline: Int) -> Int {
            let n = b.count
            var j = newline + 1
            let pending = heredocs
            heredocs = []
            for h in pending {
                while j < n {
                    var lineEnd = j
                    while lineEnd < n, b[lineEnd] != 0x0A { lineEnd += 1 }
                    var s = j
                    if h.stripTabs { while s < lineEnd, b[s] == 0x09 { s += 1 } }
                    var e = lineEnd
                    if e > s, b[e - 1] == 0x0D { e -= 1 }
                    let isDelimiter = b[s..<e].elementsEqual(h.delimiter)
                    if !isDelimiter, h.expands { recordExpansions(in: j..<lineEnd) }
                    j = lineEnd + 1
                    if isDelimiter { break }
                }
            }
            return min(j, n)
        }

        private mutating func recordExpansions(in line: Range<Int>) {
            var k = line.lowerBound
            while k < line.upperBound {
                if b[k] == UInt8(ascii: "$"), k + 1 < line.upperBound, b[k + 1] == UInt8(ascii: "("),
                   !(k + 2 < line.upperBound && b[k + 2] == UInt8(ascii: "(")) {
                    var depth = 0
                    var e = k + 1
                    while e < line.upperBound {
                        if b[e] == UInt8(ascii: "(") { depth += 1 }
                        if b[e] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { e += 1; break } }
                        e += 1
                    }
                    substitutions.append((k..<e, .substitution))
                    k = e
                } else if b[k] == UInt8(ascii: "`") {
                    var e = k + 1
                    while e < line.upperBound, b[e] != UInt8(ascii: "`") { e += 1 }
                    e = min(line.upperBound, e + 1)
                    substitutions.append((k..<e, .backtick))
                    k = e
                } else {
                    k += 1
                }
            }
        }
    }
}
