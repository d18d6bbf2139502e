extension ToolArgumentScanner {
    /// Server-side request forgery: URLs and hosts that reach internal destinations.
    ///
    /// The authority is parsed the way browsers and `curl` do (WHATWG URL rules for the
    /// special schemes): tabs and newlines are dropped, `http:\\host`, `http:/host` and
    /// `http:host` all name `host`, the authority ends at the first `/ ? #` (or `\`), the host
    /// follows the last `@` in it, and a host whose last label is a number is an IPv4 address
    /// in `inet_aton` spelling. When an `@` appears after the authority ends
    /// (`http://evil.com#@127.0.0.1`), the host after it is checked too, at a lower score: a
    /// parser that disagrees about where the authority ends would connect there.
    enum URLCheck {
        private static let loopbackNames = WordSet(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"])
        private static let metadataNames = WordSet(["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"])
        private static let specialSchemes = WordSet(["http", "https", "ws", "wss", "ftp", "file"])
        /// Schemes that let a fetcher speak raw protocols to internal services.
        private static let smugglingSchemes = WordSet(["gopher", "dict", "ldap", "ldaps", "tftp", "jar", "netdoc", "sftp", "telnet"])

        /// One result, over the normalised bytes the analysed bytes came from.
        struct Result {
            var kind: FindingKind
            var range: Range<Int>
            var severity: Severity
            var score: Double
        }

        /// Checks a URL (or host) argument.
        static func checkURLArgument(_ bytes: [UInt8], into sink: inout FindingSink) {
            var filtered: [DecodedByte] = []
            filtered.reserveCapacity(bytes.count)
            for (i, b) in bytes.enumerated() where b != 0x09 && b != 0x0A && b != 0x0D {
                filtered.append(DecodedByte(byte: b, start: Int32(i), end: Int32(i + 1)))
            }
            for r in analyze(filtered) {
                sink.add(r.kind, r.range, r.severity, r.score)
            }
        }

        /// Parses `url` (tabs and newlines already removed) and reports internal hosts,
        /// `file:` URLs, sensitive `file:` paths and traversal in the path.
        static func analyze(_ url: [DecodedByte]) -> [Result] {
            var results: [Result] = []
            var lo = 0
            var hi = url.count
            while lo < hi, url[lo].byte <= 0x20 || url[lo].byte == UInt8(ascii: "\"") || url[lo].byte == UInt8(ascii: "'") { lo += 1 }
            while hi > lo, url[hi - 1].byte <= 0x20 || url[hi - 1].byte == UInt8(ascii: "\"") || url[hi - 1].byte == UInt8(ascii: "'") { hi -= 1 }
            guard lo < hi else { return results }
            let b = url.map(\.byte)
            func origin(_ r: Range<Int>) -> Range<Int> { Int(url[r.lowerBound].start)..<Int(url[r.upperBound - 1].end) }

            // Scheme.
            var scheme: Range<Int>?
            let p = lo
            if Bytes.isLetter(b[p]) {
                var q = p + 1
                while q < hi, Bytes.isLetter(b[q]) || Bytes.isDigit(b[q]) || b[q] == UInt8(ascii: "+") || b[q] == UInt8(ascii: "-") || b[q] == UInt8(ascii: ".") { q += 1 }
                if q < hi, b[q] == UInt8(ascii: ":") {
                    // `localhost:8080` is a host and port, not a scheme.
                    let portFollows = q + 1 < hi && Bytes.isDigit(b[q + 1])
                    if !portFollows { scheme = p..<q }
                }
            }
            var authorityStart: Int
            var isSpecial = true
            if let s = scheme {
                isSpecial = Bytes.isOne(b, s, of: specialSchemes)
                authorityStart = s.upperBound + 1
                if isSpecial {
                    while authorityStart < hi, b[authorityStart] == UInt8(ascii: "/") || b[authorityStart] == UInt8(ascii: "\\") { authorityStart += 1 }
                } else if authorityStart + 1 < hi, b[authorityStart] == UInt8(ascii: "/"), b[authorityStart + 1] == UInt8(ascii: "/") {
                    authorityStart += 2
                } else {
                    return results  // mailto:, data:, urn:... have no host.
                }
            } else {
                authorityStart = lo
                while authorityStart < hi, authorityStart < lo + 2, b[authorityStart] == UInt8(ascii: "/") || b[authorityStart] == UInt8(ascii: "\\") { authorityStart += 1 }
            }
            let isFile = scheme.map { Bytes.equals(b, $0, "file") } ?? false
            let isSmuggling = scheme.map { Bytes.isOne(b, $0, of: smugglingSchemes) } ?? false
            var hasAuthority = true
            if isFile, let s = scheme {
                // file://host/path has an authority; file:/path and file:///path do not.
                let afterColon = s.upperBound + 1
                hasAuthority = afterColon + 1 < hi && b[afterColon] == UInt8(ascii: "/") && b[afterColon + 1] == UInt8(ascii: "/")
                authorityStart = hasAuthority ? afterColon + 2 : afterColon
            }

            var authorityEnd = authorityStart
            while authorityEnd < hi, hasAuthority {
                let c = b[authorityEnd]
                if c == UInt8(ascii: "/") || c == UInt8(ascii: "?") || c == UInt8(ascii: "#") || (isSpecial && c == UInt8(ascii: "\\")) { break }
                authorityEnd += 1
            }
            var hostStart = authorityStart
            for k in authorityStart..<authorityEnd where b[k] == UInt8(ascii: "@") { hostStart = k + 1 }
            var hostEnd = hostStart
            if hostStart < authorityEnd, b[hostStart] == UInt8(ascii: "[") {
                while hostEnd < authorityEnd, b[hostEnd] != UInt8(ascii: "]") { hostEnd += 1 }
                if hostEnd < authorityEnd { hostEnd += 1 }
            } else {
                // A bare IPv6 address given as a host (`::1`, `fe80::1`): two or more colons.
                var colons = 0
                for k in hostStart..<authorityEnd where b[k] == UInt8(ascii: ":") { colons += 1 }
                if scheme == nil, colons >= 2 {
                    hostEnd = authorityEnd
                } else {
                    while hostEnd < authorityEnd, b[hostEnd] != UInt8(ascii: ":") { hostEnd += 1 }
                }
            }

            var primaryInternal = false
            if hostStart < hostEnd, let (cls, evasive) = classifyHost(url, hostStart..<hostEnd) {
                primaryInternal = true
                var severity = cls.severity
                if isSmuggling || evasive { severity = .critical }
                results.append(Result(kind: .ssrf, range: origin(hostStart..<hostEnd), severity: severity, score: cls.score))
            }
            // A later `@` that a disagreeing parser would read as the end of the userinfo.
            if !primaryInternal {
                var at = -1
                for k in authorityEnd..<hi where b[k] == UInt8(ascii: "@") { at = k }
                if at >= 0 {
                    var e = at + 1
                    while e < hi, b[e] != UInt8(ascii: "/"), b[e] != UInt8(ascii: "?"), b[e] != UInt8(ascii: "#"),
                          b[e] != UInt8(ascii: "\\"), b[e] != UInt8(ascii: ":") { e += 1 }
                    if at + 1 < e, let (cls, _) = classifyHost(url, (at + 1)..<e) {
                        primaryInternal = true
                        results.append(Result(kind: .ssrf, range: origin((at + 1)..<e), severity: cls.severity, score: 0.7))
                    }
                }
            }
            if isFile {
                results.append(Result(kind: .ssrf, range: origin(lo..<hi), severity: .high, score: 0.9))
                let path = PercentDecoding.decode(Array(url[min(hostEnd, authorityEnd)..<hi]))
                if let (severity, score) = PathCheck.sensitivity(of: path.map(\.byte), isWrite: false) {
                    results.append(Result(kind: .sensitivePath, range: origin(authorityEnd < hi ? authorityEnd..<hi : lo..<hi), severity: severity, score: score))
                }
            } else if isSmuggling, !primaryInternal, hostStart < hostEnd {
                results.append(Result(kind: .ssrf, range: origin(lo..<hostEnd), severity: .medium, score: 0.5))
            }

            // Traversal in the path (query and fragment excluded).
            var pathEnd = authorityEnd
            while pathEnd < hi, b[pathEnd] != UInt8(ascii: "?"), b[pathEnd] != UInt8(ascii: "#") { pathEnd += 1 }
            if authorityEnd < pathEnd, !isFile {
                var traversal = FindingCollector()
                let decodedPath = PercentDecoding.decode(Array(url[authorityEnd..<pathEnd]))
                PathCheck.traversals(in: decodedPath, mode: .url, into: &traversal)
                results.append(contentsOf: traversal.results)
            }
            return results
        }

        /// Public names that resolve to 127.0.0.1 (and every subdomain of them).
        private static let loopbackDomains = WordSet(["localtest.me", "lvh.me", "vcap.me", "lacolhost.com", "127.0.0.1.nip.io"])
        /// Wildcard DNS services that resolve a name to the address written in it:
        /// `10.0.0.1.nip.io`, `10-0-0-1.sslip.io`, `app.192.168.1.5.xip.io`.
        private static let wildcardDNSSuffixes: [StaticString] = [".nip.io", ".sslip.io", ".xip.io", ".traefik.me", ".local.gd"]

        /// The IPv4 address a wildcard-DNS name stands for, if `host` is one.
        static func addressInWildcardDNS(_ host: [UInt8]) -> UInt32? {
            guard let suffix = wildcardDNSSuffixes.first(where: { Bytes.hasSuffix(host, $0) }) else { return nil }
            let name = Array(host[..<(host.count - suffix.utf8CodeUnitCount)])
            // Dotted: the last four labels; dashed: the last label.
            var dots = 0
            var start = name.count
            while start > 0 {
                if name[start - 1] == UInt8(ascii: ".") {
                    dots += 1
                    if dots == 4 { break }
                }
                start -= 1
            }
            if let (a, canonical) = InternalHost.parseIPv4(Array(name[start...])), canonical { return a }
            var labelStart = name.count
            while labelStart > 0, name[labelStart - 1] != UInt8(ascii: ".") { labelStart -= 1 }
            let dashed = name[labelStart...].map { $0 == UInt8(ascii: "-") ? UInt8(ascii: ".") : $0 }
            if let (a, canonical) = InternalHost.parseIPv4(dashed), canonical { return a }
            return nil
        }

        /// The internal class of the host at `range` (brackets included for IPv6), and whether
        /// it was spelled to evade a literal match (non-canonical IPv4, IPv4 inside IPv6).
        static func classifyHost(_ url: [DecodedByte], _ range: Range<Int>) -> (InternalHost, Bool)? {
            // Hosts are percent-decoded once, lower-cased, ideographic full stops read as dots.
            let decoded = PercentDecoding.decode(Array(url[range]), rounds: 1)
            var host: [UInt8] = []
            host.reserveCapacity(decoded.count)
            var k = 0
            while k < decoded.count {
                let c = decoded[k].byte
                if c == 0xE3, k + 2 < decoded.count, decoded[k + 1].byte == 0x80, decoded[k + 2].byte == 0x82 {
                    host.append(UInt8(ascii: ".")); k += 3; continue  // U+3002
                }
                if c == 0xEF, k + 2 < decoded.count, decoded[k + 1].byte == 0xBD, decoded[k + 2].byte == 0xA1 {
                    host.append(UInt8(ascii: ".")); k += 3; continue  // U+FF61
                }
                host.append(Bytes.lower(c))
                k += 1
            }
            guard !host.isEmpty else { return nil }
            if host[0] == UInt8(ascii: "[") || host.contains(UInt8(ascii: ":")) {
                var inner = host
                if inner.first == UInt8(ascii: "[") { inner.removeFirst() }
                if inner.last == UInt8(ascii: "]") { inner.removeLast() }
                if let zone = inner.firstIndex(of: UInt8(ascii: "%")) { inner.removeSubrange(zone...) }
                guard let address = InternalHost.parseIPv6(inner), let (cls, embeds) = InternalHost.classify(ipv6: address) else { return nil }
                return (cls, embeds)
            }
            while host.count > 1, host.last == UInt8(ascii: ".") { host.removeLast() }
            if InternalHost.endsInNumber(host) {
                guard let (address, canonical) = InternalHost.parseIPv4(host), let cls = InternalHost.classify(ipv4: address) else { return nil }
                return (cls, !canonical)
            }
            if Bytes.isOne(host, of: loopbackNames) || Bytes.hasSuffix(host, ".localhost") {
                return (.loopback, false)
            }
            if Bytes.isOne(host, of: loopbackDomains) || loopbackDomains.containsSuffix(of: host) {
                return (.loopback, true)
            }
            if let embedded = addressInWildcardDNS(host), let cls = InternalHost.classify(ipv4: embedded) {
                return (cls, true)
            }
            if Bytes.isOne(host, of: metadataNames)
                || (Bytes.hasPrefix(host, "metadata.") && Bytes.hasSuffix(host, ".internal")) {
                return (.metadata, false)
            }
            return nil
        }
    }
}
