extension ToolArgumentScanner {
    /// Shell injection in command-line arguments, read through `ShellLexer`.
    ///
    /// Reported as `shell_injection`: destructive commands (`rm -rf /`, `mkfs`, `dd of=/dev/sda`,
    /// `chmod -R 777 /`, the fork bomb), reverse shells (`/dev/tcp/`, `nc -e`, socket one-liners)
    /// and downloaded or decoded code piped into a shell (critical); writes to sensitive files
    /// (critical); command and process substitution (high); `eval` (high); a shell reading a
    /// program from another pipe stage (high); chaining two commands (medium, lower score).
    /// Words that name sensitive files are reported as `sensitive_path`, URLs to internal
    /// hosts as `ssrf`.
    enum ShellCheck {
        private static let baseDecoders = WordSet(["base64", "base32", "basenc", "gbase64"])
        private static let codeRunners = WordSet(["eval", "source", ".", "iex", "invoke-expression"])
        private static let compressors = WordSet(["gzip", "bzip2", "xz", "zstd"])
        private static let copiers = WordSet(["cp", "mv", "install", "ln", "rsync", "scp"])
        private static let decoders = WordSet(["uudecode", "gunzip", "zcat", "bzcat", "xzcat", "rev", "unzstd"])
        private static let envValueOptions = WordSet(["-u", "-c", "-s", "--unset", "--chdir"])
        private static let fetchers = WordSet(["curl", "wget", "http", "https", "aria2c", "fetch", "lwp-request"])
        private static let formatters = WordSet(["mke2fs", "mkswap", "wipefs", "mkntfs", "mkdosfs"])
        private static let interpreterCodeOptions = WordSet(["-c", "-e", "-r", "--eval", "-command"])
        private static let interpreterProgramOptions = WordSet(["-c", "-e", "-m", "-r", "--eval", "--print", "-p", "-command", "-encodedcommand", "-file", "-f", "-x"])
        private static let netcatExecOptions = WordSet(["-e", "-c", "--exec", "--sh-exec", "--lua-exec"])
        private static let netcats = WordSet(["nc", "ncat", "netcat", "nc.traditional", "nc.openbsd"])
        private static let opensslDecoders = WordSet(["base64", "enc"])
        private static let optionWrappers = WordSet(["timeout", "xargs", "watch", "strace", "ltrace"])
        private static let permissionChangers = WordSet(["chmod", "chown", "chgrp"])
        private static let powershellEval = WordSet(["iex", "invoke-expression"])
        private static let privilegeWrappers = WordSet(["sudo", "doas"])
        private static let shellFileOptions = WordSet(["--rcfile", "--init-file"])
        private static let shellOptionFlags = WordSet(["-o", "+o"])
        private static let sourceCommands = WordSet(["source", "."])
        private static let standardInputFiles = WordSet(["/dev/stdin", "-", "/dev/fd/0", "/proc/self/fd/0"])
        private static let sudoValueOptions = WordSet(["-u", "-g", "-c", "-h", "-p", "-r", "-t", "-c", "-d", "-t", "-U"])
        private static let wrapperValueOptions = WordSet(["-i", "-n", "-p", "-l", "-d", "-e", "-s", "-k", "-o", "-a"])
        typealias Word = ShellLexer.Word

        private static let curlFlagsWithoutValue = WordSet(["--silent", "--location", "--insecure", "--fail", "--include", "--verbose", "--compressed", "--head", "--quiet", "--no-check-certificate", "--show-error", "--globoff", "--ipv4", "--ipv6", "--",])
        static let shells = WordSet(["sh", "bash", "zsh", "dash", "ksh", "mksh", "pdksh", "fish", "csh", "tcsh", "ash", "rbash", "yash"])
        static let interpreters = WordSet(["perl", "ruby", "node", "nodejs", "php", "lua", "luajit", "tclsh", "osascript", "pwsh", "powershell", "r", "rscript"])
        static let downloaders = WordSet([            "curl", "wget", "fetch", "nc", "ncat", "netcat", "telnet", "socat", "http", "https", "aria2c", "lwp-download",
            "lwp-request", "iwr", "irm", "invoke-webrequest", "invoke-restmethod", "tftp", "ftp",
        ])
        private static let reservedWords = WordSet(["then", "do", "done", "fi", "else", "elif", "esac", "}", "{", "in"])
        /// Every command name `commandName(of:)` looks past.
        private static let allWrappers = WordSet([
            "sudo", "doas", "env", "timeout", "xargs", "watch", "strace", "ltrace", "nohup", "time", "exec", "command",
            "builtin", "nice", "stdbuf", "ionice", "setsid", "unbuffer", "caffeinate", "torsocks", "proxychains",
            "proxychains4", "chronic", "busybox", "then", "do", "else",
        ])
        private static let wrappers = WordSet([            "nohup", "time", "exec", "command", "builtin", "nice", "stdbuf", "ionice", "setsid", "unbuffer", "caffeinate",
            "torsocks", "proxychains", "proxychains4", "chronic", "busybox", "then", "do", "else", "!", "{",
        ])
        private static let systemRoots = WordSet([            "/", "~", "$home", "${home}", "/home", "/users", "/root", "/etc", "/usr", "/var", "/bin", "/sbin", "/lib",
            "/lib64", "/boot", "/opt", "/srv", "/dev", "/sys", "/proc", "/system", "/library", "/applications", "c:",
            "c:\\", "c:/windows", "c:\\windows",
        ])
        private static let harmlessTargets = WordSet(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero", "-"])

        static func check(_ bytes: [UInt8], into sink: inout FindingSink) {
            var lexer = ShellLexer(bytes)
            lexer.run()
            for s in lexer.substitutions {
                sink.add(.shellInjection, s.range, .high, s.kind == .processSubstitution ? 0.75 : 0.8)
            }
            let commands = lexer.commands
            var chains: [Range<Int>] = []
            for index in commands.indices {
                analyze(commands[index], in: commands, chains: &chains, into: &sink)
            }
            forkBomb(bytes, into: &sink)
            // Chaining inside a critical finding (the fork bomb's `:|:&`) adds nothing.
            let critical = sink.findings.filter { $0.severity == .critical }.map(\.range)
            for chain in chains {
                let r = sink.text.originalRange(chain)
                if critical.contains(where: { $0.lowerBound <= r.lowerBound && r.upperBound <= $0.upperBound }) { continue }
                let isWeak = bytes[chain.lowerBound] == UInt8(ascii: "|") || bytes[chain.lowerBound] == 0x0A
                sink.add(.shellInjection, chain, .medium, isWeak ? 0.4 : 0.5)
            }
        }

        // MARK: - Command names

        /// The index and lower-cased basename of the command a simple command runs, past
        /// assignments (`A=1 cmd`) and wrappers (`sudo`, `env`, `timeout 5`, `xargs`).
        static func commandName(of words: [Word]) -> (index: Int, name: [UInt8])? {
            // Fast path: a plain command name (no assignment, no wrapper, no slash).
            if let first = words.first, !first.cooked.isEmpty, first.cooked.count <= 12,
               first.cooked.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || Bytes.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }),
               !Bytes.isOne(first.cooked, of: allWrappers) {
                return (0, first.cooked)
            }
            var k = 0
            var guardSteps = 0
            while k < words.count, guardSteps < 32 {
                guardSteps += 1
                let w = words[k].cooked
                if isAssignment(w) { k += 1; continue }
                let name = basename(w)
                if Bytes.isOne(name, of: privilegeWrappers) {
                    k += 1
                    while k < words.count, words[k].cooked.first == UInt8(ascii: "-") {
                        let takesValue = Bytes.isOne(words[k].cooked, of: sudoValueOptions)
                        k += takesValue ? 2 : 1
                    }
                    continue
                }
                if Bytes.equals(name, "env") {
                    k += 1
                    while k < words.count, words[k].cooked.first == UInt8(ascii: "-") || isAssignment(words[k].cooked) {
                        let takesValue = Bytes.isOne(words[k].cooked, of: envValueOptions)
                        k += takesValue ? 2 : 1
                    }
                    continue
                }
                if Bytes.isOne(name, of: optionWrappers) {
                    k += 1
                    while k < words.count, words[k].cooked.first == UInt8(ascii: "-") {
                        let takesValue = Bytes.isOne(words[k].cooked, of: wrapperValueOptions)
                        k += takesValue ? 2 : 1
                    }
                    if Bytes.equals(name, "timeout"), k < words.count { k += 1 }  // the duration
                    continue
                }
                if Bytes.isOne(name, of: wrappers) {
                    k += 1
                    while k < words.count, words[k].cooked.first == UInt8(ascii: "-") || words[k].cooked.allSatisfy(Bytes.isDigit) {
                        if words[k].cooked.isEmpty { break }
                        k += 1
                    }
                    continue
                }
                return name.isEmpty ? nil : (k, name)
            }
            return nil
        }

        private static func isAssignment(_ w: [UInt8]) -> Bool {
            guard let eq = w.firstIndex(of: UInt8(ascii: "=")), eq > 0, Bytes.isLetter(w[0]) || w[0] == UInt8(ascii: "_") else { return false }
            return w[..<eq].allSatisfy { Bytes.isLetter($0) || Bytes.isDigit($0) || $0 == UInt8(ascii: "_") }
        }

        private static func basename(_ w: [UInt8]) -> [UInt8] {
            var start = 0
            for (k, c) in w.enumerated() where c == UInt8(ascii: "/") || c == UInt8(ascii: "\\") { start = k + 1 }
            var name = Bytes.lowercased(Array(w[start...]))
            if Bytes.hasSuffix(name, ".exe") { name.removeLast(4) }
            return name
        }

        private static func isShell(_ name: [UInt8]) -> Bool { Bytes.isOne(name, of: shells) }

        private static func isInterpreter(_ name: [UInt8]) -> Bool { Bytes.hasPrefix(name, "python") || Bytes.isOne(name, of: interpreters) }

        private static func isOption(_ w: [UInt8]) -> Bool { w.count > 1 && w[0] == UInt8(ascii: "-") }

        /// A cluster of short options (`-rf`), not a long option.
        private static func isShortCluster(_ w: [UInt8]) -> Bool { w.count > 1 && w[0] == UInt8(ascii: "-") && w[1] != UInt8(ascii: "-") }

        // MARK: - Analysis

        private static func analyze(_ c: ShellLexer.Command, in all: [ShellLexer.Command], chains: inout [Range<Int>], into sink: inout FindingSink) {
            // The command's span, without the keyword of a compound command (`do rm -rf ~`).
            let first = c.words.first { !Bytes.isOne($0.cooked, of: reservedWords) }
            let whole = min(first?.start ?? c.start, c.redirects.first?.operatorStart ?? Int.max)..<c.end
            var pipedIntoShell = false
            var writeTargets: [Int] = []  // indices in `c.words`
            if let ni = c.nameIndex {
                let name = c.name
                let args = c.words[(ni + 1)...]

                if c.separator == .pipe, let previous = c.previous, readsProgramFromStdin(name, args) {
                    var severity = Severity.high
                    var score = 0.75
                    var start = all[previous].start
                    var p: Int? = previous
                    var steps = 0
                    while let q = p, steps < 16 {
                        if let ui = all[q].nameIndex {
                            let upstream = all[q].name
                            let upstreamArgs = all[q].words[(ui + 1)...]
                            if Bytes.isOne(upstream, of: downloaders) {
                                severity = .critical; score = 1.0; start = all[q].start
                                break
                            }
                            if score < 0.95, isDecoder(upstream, upstreamArgs) {
                                severity = .critical; score = 0.95; start = all[q].start
                            }
                        }
                        p = all[q].separator == .pipe ? all[q].previous : nil
                        steps += 1
                    }
                    sink.add(.shellInjection, start..<c.end, severity, score)
                    pipedIntoShell = true
                }
                if let parent = c.parentName, Bytes.isOne(name, of: downloaders),
                   isShell(parent) || isInterpreter(parent) || Bytes.isOne(parent, of: codeRunners) {
                    sink.add(.shellInjection, whole, .critical, 1.0)
                }
                if Bytes.equals(name, "eval") || Bytes.isOne(name, of: powershellEval) {
                    sink.add(.shellInjection, whole, .high, 0.7)
                }
                destructive(name, args, whole, into: &sink)
                reverseShell(name, args, whole, into: &sink)

                // Files the command writes.
                if Bytes.equals(name, "tee") {
                    for k in args.indices where !isOption(args[k].cooked) { writeTargets.append(k) }
                } else if Bytes.isOne(name, of: copiers) {
                    var plain = 0
                    var last = -1
                    for k in args.indices where !isOption(args[k].cooked) { plain += 1; last = k }
                    if plain >= 2 { writeTargets.append(last) }
                }
                for k in writeTargets {
                    checkWrite(c.words[k].cooked, c.words[k].start..<c.words[k].end, into: &sink)
                }
                if Bytes.equals(name, "dd") {
                    for w in args where Bytes.hasPrefix(w.cooked, "of=") && !isBlockDevice(Array(w.cooked[3...])) {
                        checkWrite(Array(w.cooked[3...]), w.start..<w.end, into: &sink)
                    }
                }

                // Files the command reads, and URLs it fetches.
                let fetches = Bytes.isOne(name, of: fetchers)
                for k in args.indices where !writeTargets.contains(k) {
                    let w = args[k]
                    var value = w.cooked
                    if isOption(value) {
                        guard let eq = value.firstIndex(of: UInt8(ascii: "=")) else { continue }
                        value = Array(value[(eq + 1)...])
                    }
                    let span = w.start..<w.end
                    if Bytes.contains(value, "://") {
                        checkURL(value, span, onlySSRF: false, into: &sink)
                    } else if fetches, !(k > args.startIndex && optionTakesValue(args[k - 1].cooked)) {
                        checkURL(value, span, onlySSRF: true, into: &sink)
                    } else if looksLikePath(value), let (severity, score) = PathCheck.sensitivity(of: value, isWrite: false) {
                        sink.add(.sensitivePath, span, severity, score * 0.9)
                    }
                }
            }
            for r in c.redirects {
                let target = r.target.cooked
                if r.isWrite {
                    checkWrite(target, r.operatorStart..<r.target.end, into: &sink)
                } else if let (severity, score) = PathCheck.sensitivity(of: target, isWrite: false) {
                    sink.add(.sensitivePath, r.target.start..<r.target.end, severity, score * 0.9)
                }
            }
            // Reverse shells through bash's network pseudo-files, as a word or a redirection.
            func isNetworkFile(_ w: [UInt8]) -> Bool { Bytes.hasPrefix(w, "/dev/tcp/") || Bytes.hasPrefix(w, "/dev/udp/") }
            if c.words.contains(where: { isNetworkFile($0.cooked) }) || c.redirects.contains(where: { isNetworkFile($0.target.cooked) }) {
                sink.add(.shellInjection, whole, .critical, 0.95)
            }
            // `if …; then …; fi`, `for …; do …; done`: the separators belong to the compound
            // command, not to a second command.
            let opensClause = c.words.first.map { Bytes.isOne($0.cooked, of: reservedWords) } ?? false
            if c.previous != nil, c.separator != .none, !pipedIntoShell, !opensClause {
                chains.append(c.separatorStart..<c.end)
            }
        }

        /// True when `name args` runs a program it reads from standard input.
        private static func readsProgramFromStdin(_ name: [UInt8], _ args: ArraySlice<Word>) -> Bool {
            if isShell(name) {
                var k = args.startIndex
                while k < args.endIndex {
                    let w = args[k].cooked
                    if Bytes.equals(w, "-") { return true }
                    if Bytes.equals(w, "--") { return k + 1 == args.endIndex }  // `bash -- script` runs a file
                    if w.count > 1, w[0] == UInt8(ascii: "-") || w[0] == UInt8(ascii: "+") {
                        if w[1] != UInt8(ascii: "-") {
                            if w.contains(UInt8(ascii: "c")) { return false }
                            if w.contains(UInt8(ascii: "s")) { return true }
                            if Bytes.isOne(w, of: shellOptionFlags) { k += 1 }
                        } else if Bytes.isOne(w, of: shellFileOptions) {
                            k += 1
                        }
                        k += 1
                        continue
                    }
                    return false  // a script file
                }
                return true
            }
            if isInterpreter(name) {
                for word in args {
                    let w = word.cooked
                    if Bytes.equals(w, "-") { return true }
                    if isOption(w) {
                        if Bytes.isOne(w, of: interpreterProgramOptions) { return false }
                        if isShortCluster(w), w.contains(UInt8(ascii: "e")) || w.contains(UInt8(ascii: "c")) { return false }
                        continue
                    }
                    return false  // a script file
                }
                return true
            }
            if Bytes.isOne(name, of: powershellEval) { return true }
            if Bytes.isOne(name, of: sourceCommands), let first = args.first {
                return Bytes.isOne(first.cooked, of: standardInputFiles)
            }
            return false
        }

        private static func isDecoder(_ name: [UInt8], _ args: ArraySlice<Word>) -> Bool {
            func hasFlag(_ letter: UInt8, _ long: StaticString) -> Bool {
                args.contains { (isShortCluster($0.cooked) && $0.cooked.contains(letter)) || Bytes.equals($0.cooked, long) }
            }
            if Bytes.isOne(name, of: baseDecoders) {
                return hasFlag(UInt8(ascii: "d"), "--decode") || hasFlag(UInt8(ascii: "D"), "--decode")
            }
            if Bytes.equals(name, "xxd") { return hasFlag(UInt8(ascii: "r"), "--revert") }
            if Bytes.equals(name, "openssl") { return args.contains { Bytes.isOne($0.cooked, of: opensslDecoders) } && hasFlag(UInt8(ascii: "d"), "-d") }
            if Bytes.isOne(name, of: compressors) { return hasFlag(UInt8(ascii: "d"), "--decompress") }
            return Bytes.isOne(name, of: decoders)
        }

        private static func isSystemRoot(_ w: [UInt8]) -> Bool {
            var x = Bytes.lowercased(w)
            if x.count >= 2, x[x.count - 1] == UInt8(ascii: "*"), x[x.count - 2] == UInt8(ascii: "/") {
                x.removeLast(2)
                if x.isEmpty { return true }
            }
            while x.count > 1, x.last == UInt8(ascii: "/") { x.removeLast() }
            return Bytes.isOne(x, of: systemRoots)
        }

        private static func isBlockDevice(_ w: [UInt8]) -> Bool {
            guard Bytes.hasPrefix(w, "/dev/") else { return false }
            let rest = Array(w[5...])
            for prefix: StaticString in ["sd", "hd", "vd", "xvd", "nvme", "mmcblk", "disk", "rdisk", "mapper/", "md", "dm-"] where Bytes.hasPrefix(rest, prefix) {
                return true
            }
            return false
        }

        private static func destructive(_ name: [UInt8], _ args: ArraySlice<Word>, _ whole: Range<Int>, into sink: inout FindingSink) {
            let words = args.lazy.map(\.cooked)
            let targets = words.filter { !isOption($0) }
            func recursive(_ letters: [UInt8]) -> Bool {
                words.contains { w in (isShortCluster(w) && letters.contains(where: { w.contains($0) })) || Bytes.equals(w, "--recursive") }
            }
            if Bytes.equals(name, "rm") {
                if words.contains(where: { Bytes.equals($0, "--no-preserve-root") }) {
                    sink.add(.shellInjection, whole, .critical, 1.0)
                } else if recursive([UInt8(ascii: "r"), UInt8(ascii: "R")]), targets.contains(where: isSystemRoot) {
                    sink.add(.shellInjection, whole, .critical, 0.95)
                }
            } else if Bytes.hasPrefix(name, "mkfs") || Bytes.isOne(name, of: formatters) {
                sink.add(.shellInjection, whole, .critical, 0.9)
            } else if Bytes.equals(name, "dd") {
                if words.contains(where: { Bytes.hasPrefix($0, "of=") && isBlockDevice(Array($0[3...])) }) {
                    sink.add(.shellInjection, whole, .critical, 0.95)
                }
            } else if Bytes.equals(name, "shred") {
                if targets.contains(where: { Bytes.hasPrefix($0, "/dev/") }) { sink.add(.shellInjection, whole, .critical, 0.9) }
            } else if Bytes.isOne(name, of: permissionChangers) {
                // `chmod -r` removes read permission; only -R is recursive.
                if recursive([UInt8(ascii: "R")]), targets.contains(where: isSystemRoot) {
                    sink.add(.shellInjection, whole, .critical, 0.9)
                }
            } else if Bytes.equals(name, "find") {
                if let first = targets.first, isSystemRoot(first), words.contains(where: { Bytes.equals($0, "-delete") }) {
                    sink.add(.shellInjection, whole, .critical, 0.85)
                }
            }
        }

        private static func reverseShell(_ name: [UInt8], _ args: ArraySlice<Word>, _ whole: Range<Int>, into sink: inout FindingSink) {
            let words = args.lazy.map(\.cooked)
            if Bytes.isOne(name, of: netcats) {
                let executes = words.contains { w in
                    Bytes.isOne(w, of: netcatExecOptions) || (isShortCluster(w) && w.contains(UInt8(ascii: "e")))
                }
                if executes { sink.add(.shellInjection, whole, .critical, 0.95) }
            } else if Bytes.equals(name, "socat") {
                let executes = words.contains { Bytes.contains($0, "exec:") || Bytes.contains($0, "system:") }
                let network = words.contains { Bytes.contains($0, "tcp") || Bytes.contains($0, "udp") || Bytes.contains($0, "ssl") }
                if executes && network { sink.add(.shellInjection, whole, .critical, 0.9) }
            } else if isInterpreter(name) {
                for k in words.indices where k + 1 < words.endIndex && Bytes.isOne(words[k], of: interpreterCodeOptions) {
                    let payload = words[k + 1]
                    let socket = Bytes.contains(payload, "socket") || Bytes.contains(payload, "sockopen")
                    let spawns = ["pty", "dup2", "subprocess", "/bin/sh", "/bin/bash", "exec", "spawn", "popen", "system"].contains { Bytes.contains(payload, $0) }
                    if socket && spawns {
                        sink.add(.shellInjection, whole, .critical, 0.9)
                        return
                    }
                }
            }
        }

        /// A write to `target` (a redirection, `tee`, the destination of `cp`).
        private static func checkWrite(_ target: [UInt8], _ span: Range<Int>, into sink: inout FindingSink) {
            if Bytes.isOne(target, of: harmlessTargets) || Bytes.hasPrefix(target, "/dev/fd/") || Bytes.hasPrefix(target, "/dev/tcp/")
                || Bytes.hasPrefix(target, "/dev/udp/") {
                return
            }
            if isBlockDevice(target) {
                sink.add(.shellInjection, span, .critical, 0.95)
            } else if PathCheck.isPersistenceTarget(target) {
                sink.add(.shellInjection, span, .critical, 0.9)
            } else if let (severity, score) = PathCheck.sensitivity(of: target, isWrite: false) {
                // Overwriting a credentials file (`cp .env.example .env`) touches it but
                // plants nothing.
                sink.add(.sensitivePath, span, severity, score * 0.9)
            }
        }

        /// A URL in a command line. Developers fetch their own local and private services all
        /// the time, so plainly spelled loopback and private hosts are medium here; metadata
        /// services, evasive spellings and raw-protocol schemes stay critical.
        private static func checkURL(_ value: [UInt8], _ span: Range<Int>, onlySSRF: Bool, into sink: inout FindingSink) {
            for r in URLCheck.analyze(DecodedByte.spanning(value, origin: span)) where !onlySSRF || r.kind == .ssrf {
                if r.kind == .ssrf, r.severity == .high {
                    sink.add(r.kind, r.range, .medium, 0.6)
                } else {
                    sink.add(r.kind, r.range, r.severity, r.kind == .ssrf ? r.score : r.score * 0.9)
                }
            }
        }

        private static func looksLikePath(_ w: [UInt8]) -> Bool {
            guard let first = w.first else { return false }
            return first == UInt8(ascii: ".") || first == UInt8(ascii: "~") || first == UInt8(ascii: "$")
                || w.contains(UInt8(ascii: "/")) || w.contains(UInt8(ascii: "\\"))
        }

        /// True when `option` (the word before an argument of `curl` or `wget`) takes a value,
        /// so the argument is that value rather than a URL.
        private static func optionTakesValue(_ option: [UInt8]) -> Bool {
            guard isOption(option), !option.contains(UInt8(ascii: "=")) else { return false }
            if option[1] == UInt8(ascii: "-") {
                return !Bytes.isOne(option, of: curlFlagsWithoutValue)
            }
            let noValue = Array("sSLkfiIvqgGN46#".utf8)
            return !option[1...].allSatisfy { noValue.contains($0) }
        }

        /// `:(){ :|:& };:` and the same with any function name and spacing.
        private static func forkBomb(_ b: [UInt8], into sink: inout FindingSink) {
            let n = b.count
            var i = 0
            while i + 1 < n {
                guard b[i] == UInt8(ascii: "("), b[i + 1] == UInt8(ascii: ")") else { i += 1; continue }
                var nameEnd = i
                while nameEnd > 0, b[nameEnd - 1] == 0x20 { nameEnd -= 1 }
                var nameStart = nameEnd
                while nameStart > 0, nameEnd - nameStart < 32, !Bytes.isSpace(b[nameStart - 1]), b[nameStart - 1] != UInt8(ascii: ";") { nameStart -= 1 }
                guard nameStart < nameEnd else { i += 2; continue }
                // The body, spaces dropped, within 64 bytes: {name|name&
                var body: [UInt8] = []
                var j = i + 2
                while j < n, j - i < 66 + 2 * (nameEnd - nameStart) {
                    if !Bytes.isSpace(b[j]) { body.append(b[j]) }
                    j += 1
                }
                let name = Array(b[nameStart..<nameEnd])
                let pattern = [UInt8(ascii: "{")] + name + [UInt8(ascii: "|")] + name + [UInt8(ascii: "&")]
                if body.count >= pattern.count, body[0..<pattern.count].elementsEqual(pattern) {
                    var end = i + 2
                    while end < n, b[end] != UInt8(ascii: "}") { end += 1 }
                    end = min(n, end + 1)
                    // The call that sets it off: `;:`.
                    var k = end
                    while k < n, b[k] == 0x20 { k += 1 }
                    if k < n, b[k] == UInt8(ascii: ";") {
                        k += 1
                        while k < n, b[k] == 0x20 { k += 1 }
                        if k + name.count <= n, b[k..<(k + name.count)].elementsEqual(name) { end = k + name.count }
                    }
                    sink.add(.shellInjection, nameStart..<end, .critical, 1.0)
                }
                i += 2
            }
        }
    }
}
