extension ToolArgumentScanner {
    /// The cheap checks for arguments of unknown kind: command substitution of a known
    /// command (`$(curl …)`, `$(whoami)`) and traversal sequences (`../../`, any encoded one).
    ///
    /// Backticks are not checked in text: they are how Markdown marks code. `$(` must be
    /// followed by a known command, so jQuery's `$(document)` and `$(".x")` are not reported.
    enum TextCheck {
        /// Commands whose substitution in free text is reported.
        static let substitutedCommands = WordSet([            "curl", "wget", "whoami", "id", "cat", "echo", "bash", "sh", "zsh", "nc", "ncat", "rm", "python", "python3",
            "perl", "ruby", "php", "node", "base64", "uname", "env", "printenv", "hostname", "ls", "ping", "nslookup",
            "dig", "sleep", "touch", "chmod", "eval", "powershell", "pwsh",
        ])

        static func check(_ bytes: [UInt8], into sink: inout FindingSink) {
            var mayTraverse = false
            bytes.withUnsafeBufferPointer { b in
                let n = b.count
                var i = 0
                while i < n {
                    let c = b[i]
                    if c == UInt8(ascii: "%") {
                        mayTraverse = true
                    } else if c == UInt8(ascii: "."), i + 2 < n, b[i + 1] == UInt8(ascii: "."), b[i + 2] == UInt8(ascii: "/") || b[i + 2] == UInt8(ascii: "\\") {
                        mayTraverse = true
                    } else if c == UInt8(ascii: "$"), i + 1 < n, b[i + 1] == UInt8(ascii: "(") {
                        substitution(b, at: i, into: &sink)
                    }
                    i += 1
                }
            }
            if mayTraverse {
                PathCheck.traversals(in: PercentDecoding.decode(DecodedByte.plain(bytes, 0..<bytes.count)), mode: .text, into: &sink)
            }
        }

        /// Reports `$(` at `i` when a known command follows; the span runs to the matching `)`
        /// within 256 bytes, or to the end of the command name.
        private static func substitution(_ b: UnsafeBufferPointer<UInt8>, at i: Int, into sink: inout FindingSink) {
            let n = b.count
            var j = i + 2
            guard j < n, b[j] != UInt8(ascii: "(") else { return }
            while j < n, b[j] == 0x20 { j += 1 }
            let nameStart = j
            while j < n, j - nameStart < 32, Bytes.isLetter(b[j]) || Bytes.isDigit(b[j]) || b[j] == UInt8(ascii: "/") || b[j] == UInt8(ascii: "_") || b[j] == UInt8(ascii: "-") { j += 1 }
            guard j > nameStart, j == n || b[j] == 0x20 || b[j] == UInt8(ascii: ")") || b[j] == UInt8(ascii: "|") || b[j] == UInt8(ascii: ";") else { return }
            var baseStart = nameStart
            for k in nameStart..<j where b[k] == UInt8(ascii: "/") { baseStart = k + 1 }
            let name = Array(b[baseStart..<j])
            guard Bytes.isOne(name, of: substitutedCommands) else { return }
            var end = j
            var depth = 1
            var k = i + 2
            while k < n, k - i < 256 {
                if b[k] == UInt8(ascii: "(") { depth += 1 }
                if b[k] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { end = k + 1; break } }
                k += 1
            }
            sink.add(.shellInjection, i..<end, .high, 0.7)
        }
    }
}
