/// E-mail addresses (found from their `@`) and IPv6 addresses.
extension PIIScan {
    /// File extensions that follow `@` in asset and package names (`icon@2x.png`,
    /// `bundle@1.0.js`) and are not top-level domains people have mail at, each packed
    /// little-endian into a `UInt64` (so the check compares integers, not arrays).
    private static let fileExtensions: [UInt64] = [
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic", "pdf", "css", "scss",
        "less", "js", "mjs", "cjs", "jsx", "ts", "tsx", "json", "yml", "yaml", "xml", "txt", "swift", "kt", "java",
        "lock", "map", "woff", "woff2", "ttf", "otf", "mp3", "mp4", "wav", "zip", "gz", "tgz", "toml", "html", "htm",
    ].map { word in word.utf8.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }

    /// Bytes `s..<e` (at most 8) lower-cased and packed like `fileExtensions`.
    private func packedLowercase(_ s: Int, _ e: Int) -> UInt64 {
        var v: UInt64 = 0
        var k = e
        while k > s {
            k -= 1
            v = v << 8 | UInt64(PIIBytes.lower(b[k]))
        }
        return v
    }

    @inline(__always) private static func isLocalByte(_ c: UInt8) -> Bool {
        PIIBytes.isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "%")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
    }

    /// An e-mail address around the `@` at `a`: a local part of letters, digits and `._%+-`
    /// (at most 64 bytes, no leading, trailing or doubled dot) and a domain of at least two
    /// labels (at most 64 bytes) whose last label is 2+ letters. Not: `user@localhost` (no
    /// dot: in code and configs that is a host, not a mailbox), `icon@2x.png` and other file
    /// names, `pkg@1.2.3`, `git@github.com:org/repo` (an SSH remote), the user of a URL
    /// (`ssh://git@github.com/org/repo.git`).
    mutating func email(at a: Int) -> Int {
        // Domain first, so that whatever happens the scan resumes past it.
        var q = a + 1
        let hi = min(n, a + 1 + 64)
        while q < hi && (PIIBytes.isAlnum(b[q]) || b[q] == UInt8(ascii: "-") || b[q] == UInt8(ascii: ".")) { q += 1 }
        let scanned = q
        if q == hi && q < n && PIIBytes.isAlnum(b[q]) { return skipCompound(from: q) }  // longer than a domain
        var de = q
        while de > a + 1 && (b[de - 1] == UInt8(ascii: ".") || b[de - 1] == UInt8(ascii: "-")) { de -= 1 }
        guard de > a + 1 else { return a + 1 }

        var ls = a
        let lo = max(floor, a - 64)
        while ls > lo && Self.isLocalByte(b[ls - 1]) { ls -= 1 }
        if ls == lo && ls > floor && Self.isLocalByte(b[ls - 1]) { return scanned }  // longer than a local part
        if isURLUserinfo(ls) { return scanned }  // ssh://git@host, https://key@o1.ingest.sentry.io
        while ls < a && (b[ls] == UInt8(ascii: ".") || b[ls] == UInt8(ascii: "-") || b[ls] == UInt8(ascii: "+")) { ls += 1 }
        guard ls < a, b[a - 1] != UInt8(ascii: ".") else { return scanned }
        for k in ls..<(a - 1) where b[k] == UInt8(ascii: ".") && b[k + 1] == UInt8(ascii: ".") { return scanned }

        guard isMailDomain(a + 1, de) else { return scanned }
        if de < n && b[de] == UInt8(ascii: ":") && de + 1 < n && (PIIBytes.isWord(b[de + 1]) || b[de + 1] == UInt8(ascii: "~")) {
            return scanned  // git@host:path
        }
        if de < n && b[de] == UInt8(ascii: "@") { return scanned }
        emit("email", ls..<de, .medium, 0.95)
        return de
    }

    /// True when the local part starting at `ls` is the userinfo of a URL's authority
    /// (`ssh://git@host/…`, `https://<key>@host/…`, `ftp://user:pw@host`): an account on
    /// that host, not a mailbox. `mailto:` has no `//`, so its address stays an address.
    private func isURLUserinfo(_ ls: Int) -> Bool {
        var p = ls
        if p > 0 && b[p - 1] == UInt8(ascii: ":") {
            // `user:password@`: step back over the user name.
            p -= 1
            let lo = max(0, p - 64)
            while p > lo && Self.isLocalByte(b[p - 1]) { p -= 1 }
        }
        return p >= 3 && b[p - 1] == UInt8(ascii: "/") && b[p - 2] == UInt8(ascii: "/") && b[p - 3] == UInt8(ascii: ":")
    }

    /// Labels of letters, digits and inner `-`, at least two, the last 2+ letters (or a
    /// punycode `xn--` label) and not a file extension after a `2x`-style first label or a
    /// bare name.
    private func isMailDomain(_ s: Int, _ e: Int) -> Bool {
        var labels = 0
        var ls = s
        var firstEnd = e
        var q = s
        while q <= e {
            if q == e || b[q] == UInt8(ascii: ".") {
                let length = q - ls
                guard (1...63).contains(length), b[ls] != UInt8(ascii: "-"), b[q - 1] != UInt8(ascii: "-") else { return false }
                if labels == 0 { firstEnd = q }
                labels += 1
                if q < e { ls = q + 1 }
            }
            q += 1
        }
        guard labels >= 2 else { return false }
        // Top-level domain: ls..<e.
        let tld = ls
        let tldLength = e - tld
        let punycode = tldLength > 4 && matchesWord(tld, tld + 4, "xn--")
        if !punycode {
            guard tldLength >= 2 else { return false }
            for k in tld..<e where !PIIBytes.isLetter(b[k]) { return false }
        }
        if labels == 2 && tldLength <= 8 && Self.fileExtensions.contains(packedLowercase(tld, e)) { return false }
        // `@2x`, `@3x`: an asset scale, whatever follows.
        if firstEnd - s >= 2 && PIIBytes.lower(b[firstEnd - 1]) == UInt8(ascii: "x")
            && (s..<(firstEnd - 1)).allSatisfy({ PIIBytes.isDigit(b[$0]) }) {
            return false
        }
        return true
    }

    @inline(__always) private static func isIPv6Byte(_ c: UInt8) -> Bool {
        PIIBytes.isHex(c) || c == UInt8(ascii: ":") || c == UInt8(ascii: ".")
    }

    /// An IPv6 address in the hex/colon/dot run around `p` (at most 45 bytes each way): eight
    /// groups, or fewer with one `::`, the last two optionally a dotted IPv4 address; with at
    /// least one decimal digit (so `dead::beef` and `std::` are not addresses) and no word
    /// byte on either side (so `file.swift:12:5` and `Foo::bar` are not). MAC addresses
    /// (six groups) and times (`10:00:00`) fail the group count.
    mutating func ipv6(around p: Int) -> Range<Int>? {
        var rs = p
        let lo = max(floor, p - 45)
        while rs > lo && Self.isIPv6Byte(b[rs - 1]) { rs -= 1 }
        if rs == lo && rs > floor && Self.isIPv6Byte(b[rs - 1]) { return nil }  // too long
        var re = p
        let hi = min(n, p + 45)
        while re < hi && Self.isIPv6Byte(b[re]) { re += 1 }
        if re == hi && re < n && Self.isIPv6Byte(b[re]) { return nil }
        while re > rs && b[re - 1] == UInt8(ascii: ".") { re -= 1 }
        if re - rs >= 2 && b[re - 1] == UInt8(ascii: ":") && b[re - 2] != UInt8(ascii: ":") { re -= 1 }
        if re - rs >= 2 && b[rs] == UInt8(ascii: ":") && b[rs + 1] != UInt8(ascii: ":") { rs += 1 }
        guard re - rs >= 3 else { return nil }
        if rs > 0 && PIIBytes.isWord(b[rs - 1]) { return nil }
        if re < n && PIIBytes.isWord(b[re]) { return nil }

        var groups = 0
        var compressed = false
        var decimal = false
        var q = rs
        if b[q] == UInt8(ascii: ":") {
            guard b[q + 1] == UInt8(ascii: ":") else { return nil }
            compressed = true
            q += 2
        }
        while q < re {
            let gs = q
            while q < re && PIIBytes.isHex(b[q]) && q - gs <= 4 {
                if PIIBytes.isDigit(b[q]) { decimal = true }
                q += 1
            }
            let length = q - gs
            guard (1...4).contains(length) else { return nil }
            if q < re && b[q] == UInt8(ascii: ".") {
                guard dottedQuadEnd(gs, re) == re else { return nil }
                groups += 2
                q = re
                break
            }
            groups += 1
            if q == re { break }
            guard b[q] == UInt8(ascii: ":") else { return nil }
            q += 1
            if q < re && b[q] == UInt8(ascii: ":") {
                guard !compressed else { return nil }
                compressed = true
                q += 1
            } else if q == re {
                return nil
            }
        }
        guard decimal, compressed ? groups <= 7 : groups == 8 else { return nil }
        return rs..<re
    }

    /// The end of four decimal octets (0–255, no leading zeros) joined by dots at `s`, when
    /// they end at or before `limit`.
    private func dottedQuadEnd(_ s: Int, _ limit: Int) -> Int? {
        var q = s
        for octet in 0..<4 {
            let os = q
            var v = 0
            while q < limit && PIIBytes.isDigit(b[q]) && q - os < 3 {
                v = v * 10 + Int(b[q] - 0x30)
                q += 1
            }
            let length = q - os
            guard length >= 1, v <= 255, length == 1 || b[os] != UInt8(ascii: "0") else { return nil }
            if octet < 3 {
                guard q < limit, b[q] == UInt8(ascii: ".") else { return nil }
                q += 1
            }
        }
        return q
    }
}
