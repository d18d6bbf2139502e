extension ToolArgumentScanner {
    /// Path traversal and sensitive paths.
    ///
    /// Traversal: a `..` segment (however encoded) in a path argument is reported when it is
    /// encoded, when the path is absolute (it defeats prefix rules such as `/workspace/**`),
    /// or when a relative path climbs above its start; a relative path that stays inside
    /// (`src/../src/main.swift`) is not. Segments of three or more dots followed by a separator
    /// (`....//`, which a naive `../` stripper turns into `../`) and null bytes are reported too.
    enum PathCheck {
        private static let passwdFiles = WordSet(["passwd", "passwd-"])
        private static let processFiles = WordSet(["environ", "mem", "cmdline"])
        private static let registryHives = WordSet(["sam", "system", "security"])
        private static let shadowFiles = WordSet(["shadow", "shadow-", "gshadow", "gshadow-", "master.passwd"])
        /// How a value holding a path is read.
        enum TraversalMode {
            /// A path argument: see the type's discussion.
            case path
            /// The path of a URL: any `..` segment (raw ones at medium severity: clients
            /// resolve them, servers may not).
            case url
            /// Free text: runs of two or more `../`, or any encoded one.
            case text
        }

        /// Checks a path argument: traversal, null bytes and sensitivity.
        static func checkPathArgument(_ bytes: [UInt8], isWrite: Bool, into sink: inout FindingSink) {
            var lo = 0
            var hi = bytes.count
            while lo < hi, Bytes.isSpace(bytes[lo]) || bytes[lo] == UInt8(ascii: "\"") || bytes[lo] == UInt8(ascii: "'") { lo += 1 }
            while hi > lo, Bytes.isSpace(bytes[hi - 1]) || bytes[hi - 1] == UInt8(ascii: "\"") || bytes[hi - 1] == UInt8(ascii: "'") { hi -= 1 }
            guard lo < hi else { return }
            var decoded = PercentDecoding.decode(DecodedByte.plain(bytes, lo..<hi))
            if decoded.count > 7, Bytes.hasPrefix(decoded.map(\.byte), "file://") {
                decoded.removeFirst(7)  // a file URL given as a path
            }
            traversals(in: decoded, mode: .path, into: &sink)
            if let (severity, score) = sensitivity(of: decoded.map(\.byte), isWrite: isWrite) {
                sink.add(.sensitivePath, lo..<hi, severity, score)
            }
        }

        @inline(__always)
        private static func isSeparator(_ b: UInt8) -> Bool { b == UInt8(ascii: "/") || b == UInt8(ascii: "\\") }

        /// Bytes that end a path in free text.
        @inline(__always)
        private static func breaksPath(_ b: UInt8) -> Bool {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "="),
                 UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "|"), UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }

        /// Reports traversal runs and null bytes in `d` read as `mode`.
        static func traversals<Receiver: FindingReceiver>(in d: [DecodedByte], mode: TraversalMode, into sink: inout Receiver) {
            let n = d.count
            if mode != .text {
                for i in 0..<n where d[i].byte == 0 {
                    sink.add(.pathTraversal, decoded: d, i..<(i + 1), .high, 0.9)
                }
            }
            var isAbsolute = false
            if mode == .path, n > 0 {
                let b0 = d[0].byte
                isAbsolute = isSeparator(b0) || b0 == UInt8(ascii: "~") || b0 == UInt8(ascii: "$")
                    || (n > 1 && Bytes.isLetter(b0) && d[1].byte == UInt8(ascii: ":"))
            }
            var depth = 0
            var runStart = -1
            var runEnd = 0
            var runCount = 0
            var runEncoded = false
            var runEscapes = false

            func flush(_ sink: inout Receiver) {
                defer { runStart = -1; runCount = 0; runEncoded = false; runEscapes = false }
                guard runStart >= 0 else { return }
                switch mode {
                case .path:
                    if runEncoded {
                        sink.add(.pathTraversal, decoded: d, runStart..<runEnd, .high, 0.95)
                    } else if runEscapes {
                        sink.add(.pathTraversal, decoded: d, runStart..<runEnd, .high, 0.9)
                    } else if isAbsolute {
                        sink.add(.pathTraversal, decoded: d, runStart..<runEnd, .high, 0.8)
                    }
                case .url:
                    sink.add(.pathTraversal, decoded: d, runStart..<runEnd, runEncoded ? .high : .medium, runEncoded ? 0.95 : 0.6)
                case .text:
                    if runEncoded {
                        sink.add(.pathTraversal, decoded: d, runStart..<runEnd, .high, 0.9)
                    } else if runCount >= 2 {
                        sink.add(.pathTraversal, decoded: d, runStart..<runEnd, .medium, 0.6)
                    }
                }
            }

            var i = 0
            while i < n {
                // One segment: [i, e).
                var e = i
                var dots = 0
                var onlyDots = true
                var encoded = false
                var brokeAt = -1
                while e < n, !isSeparator(d[e].byte) {
                    if mode == .text, breaksPath(d[e].byte) { brokeAt = e; break }
                    if d[e].byte == UInt8(ascii: ".") { dots += 1 } else { onlyDots = false }
                    encoded = encoded || d[e].isEncoded
                    e += 1
                }
                if brokeAt >= 0 {
                    // Free text: a new path starts after the breaking byte.
                    flush(&sink)
                    depth = 0
                    i = brokeAt + 1
                    continue
                }
                let followedBySeparator = e < n
                if followedBySeparator { encoded = encoded || d[e].isEncoded }
                var segmentEnd = followedBySeparator ? e + 1 : e
                if e > i, onlyDots, dots == 2, followedBySeparator || mode != .text {
                    if runStart < 0 { runStart = i }
                    runEnd = segmentEnd
                    runCount += 1
                    runEncoded = runEncoded || encoded
                    depth -= 1
                    if depth < 0 { runEscapes = true }
                } else if e > i, onlyDots, dots >= 3, followedBySeparator {
                    // `....//` and friends: a filter-stripping evasion, whatever the depth.
                    flush(&sink)
                    var end = segmentEnd
                    while end < n, isSeparator(d[end].byte) || d[end].byte == UInt8(ascii: ".") { end += 1 }
                    sink.add(.pathTraversal, decoded: d, i..<end, .high, 0.9)
                    depth -= 1
                    segmentEnd = end
                } else if e > i, !(onlyDots && dots == 1) {
                    flush(&sink)
                    depth += 1
                }
                i = segmentEnd
            }
            flush(&sink)
        }

        // MARK: - Sensitive paths

        private static let privateKeyNames = WordSet(["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"])
        private static let credentialFiles = WordSet([".git-credentials", ".npmrc", ".pypirc", ".netrc", "_netrc", ".pgpass", ".my.cnf", ".s3cfg", ".boto", ".dockercfg"])
        private static let startupFiles = WordSet([            ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zprofile", ".zshenv",
            ".zlogin", ".cshrc", ".tcshrc", ".kshrc", ".inputrc",
        ])
        private static let envTemplates = WordSet(["example", "sample", "template", "dist", "defaults", "default", "schema", "test"])

        /// A path lower-cased, `\` read as `/`, with `.` and `..` resolved.
        struct ResolvedPath {
            var p: [UInt8] = []
            var segments: [Range<Int>] = []
            var isAbsolute = false
            var isHome = false
            /// How many `..` climbed above the start of a relative path.
            var escapes = 0

            init?(_ path: [UInt8]) {
                p = Bytes.lowercased(path)
                for k in p.indices where p[k] == UInt8(ascii: "\\") { p[k] = UInt8(ascii: "/") }
                let n = p.count
                guard n > 0 else { return nil }
                var i = 0
                if p[0] == UInt8(ascii: "~") {
                    isHome = true
                    i = 1
                    while i < n, p[i] != UInt8(ascii: "/") { i += 1 }  // ~user
                } else if Bytes.hasPrefix(p, "${home}") {
                    isHome = true; i = 7
                } else if Bytes.hasPrefix(p, "$home") {
                    isHome = true; i = 5
                } else if Bytes.hasPrefix(p, "%userprofile%") {
                    isHome = true; i = 13
                } else if p[0] == UInt8(ascii: "/") {
                    isAbsolute = true
                }
                while i < n {
                    while i < n, p[i] == UInt8(ascii: "/") { i += 1 }
                    let s = i
                    while i < n, p[i] != UInt8(ascii: "/") { i += 1 }
                    if s == i { break }
                    if i - s == 1, p[s] == UInt8(ascii: ".") { continue }
                    if i - s == 2, p[s] == UInt8(ascii: "."), p[s + 1] == UInt8(ascii: ".") {
                        if segments.isEmpty { escapes += 1 } else { segments.removeLast() }
                        continue
                    }
                    if segments.count < 256 { segments.append(s..<i) }
                }
            }

            func isSegment(_ k: Int, _ literal: StaticString) -> Bool { k < segments.count && Bytes.equals(p, segments[k], literal) }
        }

        /// True when writing `path` changes how the system or the user's shell behaves or who
        /// can log in: `/etc`, `/boot`, cron and systemd directories, `~/.ssh`, shell start-up
        /// files, git hooks, launch agents.
        static func isPersistenceTarget(_ path: [UInt8]) -> Bool {
            guard let r = ResolvedPath(path) else { return false }
            let rooted = r.isAbsolute || (!r.isHome && r.escapes > 0)
            if rooted, r.isSegment(0, "etc") || r.isSegment(0, "boot") || r.isSegment(0, "root")
                || (r.isSegment(0, "var") && r.isSegment(1, "spool") && r.isSegment(2, "cron"))
                || ((r.isSegment(0, "usr") && r.isSegment(1, "lib")) || r.isSegment(0, "lib")) && r.segments.contains(where: { Bytes.equals(r.p, $0, "systemd") }) {
                return true
            }
            for k in r.segments.indices {
                if r.isSegment(k, ".ssh") || r.isSegment(k, "launchagents") || r.isSegment(k, "launchdaemons") { return true }
                if r.isSegment(k, ".git"), r.isSegment(k + 1, "hooks") || r.isSegment(k + 1, "config") { return true }
                if r.isSegment(k, ".config"), r.isSegment(k + 1, "autostart") || (r.isSegment(k + 1, "fish") && r.isSegment(k + 2, "config.fish")) { return true }
            }
            if let last = r.segments.last, Bytes.isOne(r.p, last, of: startupFiles) { return true }
            return false
        }

        /// How sensitive the file at `path` is, or `nil` when it is not (case-insensitive, `\`
        /// read as `/`, `.` and `..` resolved, `~`, `$HOME` and `/home/<user>` read as home).
        /// A relative path that climbs above its start is matched as if absolute.
        static func sensitivity(of path: [UInt8], isWrite: Bool) -> (Severity, Double)? {
            guard let resolved = ResolvedPath(path) else { return nil }
            let p = resolved.p
            let segments = resolved.segments
            let isAbsolute = resolved.isAbsolute
            let isHome = resolved.isHome
            let escapes = resolved.escapes
            func seg(_ k: Int) -> Range<Int> { segments[k] }
            func isSeg(_ k: Int, _ literal: StaticString) -> Bool { k < segments.count && Bytes.equals(p, segments[k], literal) }
            let count = segments.count
            let rooted = isAbsolute || (!isHome && escapes > 0)
            let rootFactor = isAbsolute ? 1.0 : 0.9

            var best: (Severity, Double)?
            func consider(_ severity: Severity, _ score: Double) {
                let s = isWrite ? Severity.critical : severity
                if let b = best, b.0 > s || (b.0 == s && b.1 >= score) { return }
                best = (s, score)
            }

            if rooted, count >= 1 {
                if isSeg(0, "etc"), count >= 2 {
                    let name = seg(1)
                    if Bytes.isOne(p, name, of: shadowFiles) {
                        consider(.high, 0.95 * rootFactor)
                    } else if Bytes.isOne(p, name, of: passwdFiles) {
                        consider(.medium, 0.8 * rootFactor)
                    } else if Bytes.equals(p, name, "sudoers") || Bytes.equals(p, name, "sudoers.d") {
                        consider(.high, 0.9 * rootFactor)
                    } else if Bytes.equals(p, name, "ssh"), count >= 3, Bytes.hasPrefix(p, seg(2), "ssh_host_"), Bytes.hasSuffix(p, seg(2), "_key") {
                        consider(.high, 0.9 * rootFactor)
                    } else if isWrite {
                        consider(.high, 0.85 * rootFactor)
                    }
                }
                if isSeg(0, "proc"), count >= 3, Bytes.isOne(p, seg(2), of: processFiles) {
                    consider(.high, 0.9 * rootFactor)
                }
                if isAbsolute, isSeg(0, "root") {
                    consider(.medium, 0.7)
                }
                if (isSeg(0, "var") && isSeg(1, "run") && isSeg(2, "docker.sock")) || (isSeg(0, "run") && isSeg(1, "docker.sock")) {
                    consider(.high, 0.95 * rootFactor)
                }
                if isWrite, isSeg(0, "boot") || (isSeg(0, "var") && isSeg(1, "spool") && isSeg(2, "cron")) {
                    consider(.high, 0.85)
                }
            }
            if count >= 5, Bytes.hasSuffix(p, seg(0), ":") || isSeg(0, "windows") {
                // C:\Windows\System32\config\SAM (also with the drive left off).
                let w = isSeg(0, "windows") ? 0 : 1
                if isSeg(w, "windows"), isSeg(w + 1, "system32"), isSeg(w + 2, "config"), w + 3 < count,
                   Bytes.isOne(p, seg(w + 3), of: registryHives) {
                    consider(.high, 0.95)
                }
            }
            for k in 0..<count {
                let s = seg(k)
                if Bytes.equals(p, s, ".ssh") {
                    if k + 1 < count {
                        let name = seg(count - 1)
                        if Bytes.isOne(p, name, of: privateKeyNames) || Bytes.equals(p, name, "identity") {
                            consider(.high, 0.95)
                        } else if Bytes.equals(p, name, "authorized_keys") || Bytes.equals(p, name, "authorized_keys2") {
                            consider(.high, 0.9)
                        } else if !isWrite, Bytes.hasSuffix(p, name, ".pub") || Bytes.equals(p, name, "known_hosts") {
                            continue
                        } else {
                            consider(.high, 0.85)
                        }
                    } else {
                        consider(.high, 0.85)
                    }
                } else if Bytes.equals(p, s, ".aws"), k + 1 < count {
                    if isSeg(k + 1, "credentials") { consider(.high, 0.95) }
                    else if isSeg(k + 1, "config") { consider(.medium, 0.7) }
                } else if Bytes.equals(p, s, ".config"), isSeg(k + 1, "gcloud") {
                    consider(.high, 0.9)
                } else if Bytes.equals(p, s, ".kube"), isSeg(k + 1, "config") {
                    consider(.high, 0.9)
                } else if Bytes.equals(p, s, ".docker"), isSeg(k + 1, "config.json") {
                    consider(.high, 0.9)
                } else if Bytes.equals(p, s, ".git"), isSeg(k + 1, "config") {
                    consider(.medium, 0.7)
                } else if Bytes.equals(p, s, ".gnupg") {
                    consider(.high, 0.85)
                } else if Bytes.equals(p, s, ".config"), isWrite, isSeg(k + 1, "fish"), isSeg(k + 2, "config.fish") {
                    consider(.high, 0.85)
                }
            }
            if count >= 1 {
                let name = seg(count - 1)
                if Bytes.isOne(p, name, of: credentialFiles) {
                    consider(.high, 0.85)
                } else if Bytes.equals(p, name, ".env") {
                    consider(.high, 0.85)
                } else if Bytes.hasPrefix(p, name, ".env.") {
                    let suffix = (name.lowerBound + 5)..<name.upperBound
                    if !Bytes.isOne(p, suffix, of: envTemplates) { consider(.high, 0.8) }
                } else if Bytes.isOne(p, name, of: privateKeyNames), count >= 2 || isHome || isAbsolute {
                    consider(.high, 0.9)
                } else if Bytes.hasSuffix(p, name, ".pem") || Bytes.hasSuffix(p, name, ".p12") || Bytes.hasSuffix(p, name, ".pfx")
                            || Bytes.hasSuffix(p, name, ".ppk") || Bytes.hasSuffix(p, name, ".jks") {
                    consider(.high, 0.8)
                } else if Bytes.hasSuffix(p, name, ".key"), name.count > 4 {
                    consider(.medium, 0.6)
                } else if isWrite, Bytes.isOne(p, name, of: startupFiles) {
                    consider(.high, 0.85)
                }
            }
            return best
        }
    }
}
