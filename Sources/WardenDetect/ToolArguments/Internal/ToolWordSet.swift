extension ToolArgumentScanner {
    /// A fixed set of short ASCII words, matched ignoring case: the words are grouped by
    /// length, so a lookup compares only the few of the probe's length.
    struct WordSet: Sendable {
        private let byLength: [[[UInt8]]]

        init(_ words: [String]) {
            var groups: [[[UInt8]]] = []
            for w in words {
                let bytes = Bytes.lowercased(Array(w.utf8))
                while groups.count <= bytes.count { groups.append([]) }
                groups[bytes.count].append(bytes)
            }
            byLength = groups
        }

        func contains(_ b: [UInt8], _ range: Range<Int>) -> Bool {
            let n = range.count
            guard n < byLength.count else { return false }
            return b.withUnsafeBufferPointer { p in
                candidates: for w in byLength[n] {
                    var i = range.lowerBound
                    for c in w {
                        if Bytes.lower(p[i]) != c { continue candidates }
                        i += 1
                    }
                    return true
                }
                return false
            }
        }

        func contains(_ b: [UInt8]) -> Bool { contains(b, 0..<b.count) }

        /// True when `b` ends with `.` followed by one of the words (`api.lvh.me` for `lvh.me`).
        func containsSuffix(of b: [UInt8]) -> Bool {
            for length in 1..<byLength.count where length < b.count && b[b.count - length - 1] == UInt8(ascii: ".") {
                if contains(b, (b.count - length)..<b.count) { return true }
            }
            return false
        }
    }
}
