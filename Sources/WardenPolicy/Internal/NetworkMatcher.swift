/// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped into `::ffff:a.b.c.d`).
struct IPAddress: Sendable, Hashable {
    var bytes: [UInt8]
    var isV4: Bool

    /// Parses a literal address. IPv4 accepts every spelling `inet_aton` does — `127.1`,
    /// `2130706433`, `0x7f.0.0.1`, `0177.0.0.1` — because an HTTP client will connect to them,
    /// so a denylist must recognise them too.
    init?(_ text: String) {
        var t = text
        if t.hasPrefix("[") && t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
        if let v4 = IPAddress.parseV4(t) {
            bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + v4
            isV4 = true
            return
        }
        guard t.contains(":"), let v6 = IPAddress.parseV6(t) else { return nil }
        bytes = v6
        // ::ffff:a.b.c.d is an IPv4 destination in disguise.
        isV4 = v6[0..<10].allSatisfy { $0 == 0 } && v6[10] == 0xFF && v6[11] == 0xFF
    }

    static func parseV4(_ t: String) -> [UInt8]? {
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return nil }
        var nums: [UInt64] = []
        for p in parts {
            guard !p.isEmpty else { return nil }
            let s = p.lowercased()
            let v: UInt64?
            if s.hasPrefix("0x") {
                v = s.count == 2 ? 0 : UInt64(s.dropFirst(2), radix: 16)
            } else if s.count > 1 && s.hasPrefix("0") {
                v = UInt64(s.dropFirst(), radix: 8)
            } else {
                v = s.allSatisfy(\.isASCII) ? UInt64(s, radix: 10) : nil
            }
            guard let n = v, n <= 0xFFFF_FFFF else { return nil }
            nums.append(n)
        }
        var value: UInt64 = 0
        for (i, n) in nums.enumerated() {
            if i < nums.count - 1 {
                guard n <= 255 else { return nil }
                value |= n << (8 * UInt64(3 - i))
            } else {
                let remaining = UInt64(4 - i)
                guard n < (1 << (8 * remaining)) else { return nil }
                value |= n
            }
        }
        return [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func parseV6(_ text: String) -> [UInt8]? {
        var t = Substring(text)
        if let pct = t.firstIndex(of: "%") { t = t[..<pct] }  // zone id
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        var halves: [String] = [String(t)]
        if let gap = t.range(of: "::") {
            let after = t[gap.upperBound...]
            guard after.range(of: "::") == nil else { return nil }
            halves = [String(t[..<gap.lowerBound]), String(after)]
        }
        func groups(_ s: String, allowV4Tail: Bool) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, p) in parts.enumerated() {
                if i == parts.count - 1, allowV4Tail, p.contains(".") {
                    guard let v4 = parseStrictV4(String(p)) else { return nil }
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(p.count), let g = UInt16(p, radix: 16) else { return nil }
                out.append(g)
            }
            return out
        }
        if halves.count == 2 {
            sawGap = true
            guard let h = groups(halves[0], allowV4Tail: false), let tl = groups(halves[1], allowV4Tail: true) else { return nil }
            head = h
            tail = tl
            guard head.count + tail.count <= 7 else { return nil }
        } else {
            guard let h = groups(halves[0], allowV4Tail: true), h.count == 8 else { return nil }
            head = h
        }
        let all = sawGap ? head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail : head
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    private static func parseStrictV4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard let n = UInt8(p) else { return nil }
            out.append(n)
        }
        return out
    }
}

/// A CIDR range (`10.0.0.0/8`, `fd00::/8`) or a single address.
struct CIDRRange: Sendable, Hashable {
    var base: IPAddress
    var prefixLength: Int  // over the 128-bit form

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let addressText = String(parts[0])
        // Ranges must be written canonically; the lenient inet_aton forms are only for
        // recognising destinations.
        let strictV4 = IPAddress.parseV4(addressText) != nil && addressText.split(separator: ".").count == 4
            && addressText.split(separator: ".").allSatisfy { UInt8($0) != nil && ($0 == "0" || !$0.hasPrefix("0")) }
        guard strictV4 || addressText.contains(":"), let addr = IPAddress(addressText) else { return nil }
        let maxLen = addr.isV4 && !addressText.contains(":") ? 32 : 128
        var len = maxLen
        if parts.count == 2 {
            guard let l = Int(parts[1]), (0...maxLen).contains(l) else { return nil }
            len = l
        }
        base = addr
        prefixLength = maxLen == 32 ? len + 96 : len
    }

    func contains(_ addr: IPAddress) -> Bool {
        var remaining = prefixLength
        var i = 0
        while remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if addr.bytes[i] & mask != base.bytes[i] & mask { return false }
            remaining -= bits
            i += 1
        }
        return true
    }
}

/// One `network.allowlist` / `network.denylist` entry: a domain glob or a CIDR range.
struct NetworkEntry: Sendable {
    enum Kind: Sendable {
        case domain(Glob)
        case cidr(CIDRRange)
    }

    var text: String
    var kind: Kind

    /// Parses an entry. Domains are case-insensitive; `*.example.com` matches every subdomain
    /// but not `example.com` itself.
    static func parse(_ text: String) -> Result<NetworkEntry, Glob.SyntaxError> {
        let trimmed = text.trimmingASCIIWhitespace()
        if trimmed.isEmpty { return .failure(.init(message: "empty entry")) }
        if let cidr = CIDRRange(trimmed) { return .success(NetworkEntry(text: text, kind: .cidr(cidr))) }
        if trimmed.contains("/") || trimmed.contains(":") {
            return .failure(.init(message: "\"\(text)\" is neither a domain nor a valid CIDR range"))
        }
        if trimmed.contains(" ") { return .failure(.init(message: "\"\(text)\" contains a space")) }
        var domain = Glob.asciiLowercased(trimmed)
        if domain.hasSuffix(".") { domain.removeLast() }
        do {
            return .success(NetworkEntry(text: text, kind: .domain(try Glob(domain, flavor: .name))))
        } catch {
            return .failure(error)
        }
    }

    func matches(_ destination: Destination) -> Bool {
        switch kind {
        case .domain(let glob): return glob.matches(destination.host)
        case .cidr(let range): return destination.address.map(range.contains) ?? false
        }
    }
}

/// Where a network action goes: its normalised host and, for IP literals, the address.
struct Destination: Sendable {
    var host: String
    var address: IPAddress?

    /// Extracts the host from a URL (`https://user@Example.COM.:8443/x` → `example.com`) or a
    /// bare `host[:port]`. Userinfo is dropped (it is the classic way to disguise a host),
    /// percent-escapes in the host are decoded, and IP literals in any spelling are recognised.
    init?(_ text: String) {
        var rest = Substring(text.trimmingASCIIWhitespace())
        if let schemeEnd = rest.range(of: "://") {
            rest = rest[schemeEnd.upperBound...]
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
        }
        // Authority ends at the first '/', '?', '#' or '\' (browsers treat '\' as '/').
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" || $0 == "\\" }) {
            rest = rest[..<end]
        }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        var host: String
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
        } else if let colon = rest.lastIndex(of: ":"), rest.filter({ $0 == ":" }).count == 1 {
            host = String(rest[..<colon])
        } else {
            host = String(rest)
        }
        host = Destination.percentDecoded(host)
        host = Glob.asciiLowercased(host)
        while host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.address = IPAddress(host)
    }

    private static func percentDecoded(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count,
               let v = UInt8(String(decoding: u[i + 1...i + 2], as: UTF8.self), radix: 16) {
                bytes.append(v)
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
