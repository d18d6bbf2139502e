extension ToolArgumentScanner {
    /// What an argument's name says about its value.
    enum ArgumentNames {
        private static let shellWords = WordSet(["command", "commands", "cmd", "cmds", "cmdline", "commandline", "script", "shell", "bash"])
        private static let pathWords = WordSet([            "path", "paths", "pathname", "file", "files", "filename", "filepath", "dir", "dirs", "dirname",
            "directory", "folder", "cwd", "workdir", "destination", "dest", "src", "dst",
        ])
        private static let urlWords = WordSet(["url", "urls", "uri", "href", "endpoint", "link", "webhook", "host", "hostname", "baseurl"])
        private static let sqlWords = WordSet(["sql", "query", "statement", "stmt"])
        /// Words that make a path argument a place written to.
        private static let writeWords = WordSet(["destination", "dest", "dst", "output", "out", "outfile", "target", "to", "save", "write", "new"])

        /// The kind named by the last word of the last component of `name` that names one.
        static func kind(of name: [UInt8]) -> ArgumentKind? {
            let words = self.words(ofLastComponent: name)
            for w in words.reversed() {
                if Bytes.isOne(w, of: shellWords) { return .shell }
                if Bytes.isOne(w, of: pathWords) { return .path }
                if Bytes.isOne(w, of: urlWords) { return .url }
                if Bytes.isOne(w, of: sqlWords) { return .sql }
            }
            return nil
        }

        /// True when the field's name says it is written to (`dst_path`, `outputFile`).
        static func isWriteTarget(_ name: [UInt8]) -> Bool {
            words(ofLastComponent: name).contains { Bytes.isOne($0, of: writeWords) }
        }

        /// The words of the last dotted component (`options.filePath[0]` → `file`, `path`):
        /// split at non-alphanumerics, at lower-to-upper case changes and at the end of an
        /// upper-case run (`URLPath` → `URL`, `Path`).
        static func words(ofLastComponent name: [UInt8]) -> [[UInt8]] {
            var end = name.count
            // Drop trailing indices and separators: `files[0]`, `path.`.
            while end > 0, !Bytes.isLetter(name[end - 1]) { end -= 1 }
            var start = end
            while start > 0, name[start - 1] != UInt8(ascii: ".") && name[start - 1] != UInt8(ascii: "/") { start -= 1 }
            var words: [[UInt8]] = []
            var current: [UInt8] = []
            var i = start
            while i < end {
                let b = name[i]
                let isUpper = b >= 0x41 && b <= 0x5A
                let isAlnum = Bytes.isLetter(b) || Bytes.isDigit(b)
                if !isAlnum {
                    if !current.isEmpty { words.append(current); current = [] }
                    i += 1
                    continue
                }
                if isUpper, let last = current.last {
                    let lastIsLower = (last >= 0x61 && last <= 0x7A) || Bytes.isDigit(last)
                    let nextIsLower = i + 1 < end && name[i + 1] >= 0x61 && name[i + 1] <= 0x7A
                    let lastIsUpper = last >= 0x41 && last <= 0x5A
                    if lastIsLower || (lastIsUpper && nextIsLower) {
                        words.append(current)
                        current = []
                    }
                }
                current.append(b)
                i += 1
            }
            if !current.isEmpty { words.append(current) }
            return words
        }
    }
}
