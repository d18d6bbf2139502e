/// Numbers: dates and times (skipped, or dates of birth next to a keyword), IPv4 addresses,
/// payment cards, SSNs, national ids written as digits, and phone numbers.
extension PIIScan {
    /// Classifies the number starting at digit `p` and returns where to resume.
    mutating func number(at p: Int) -> Int {
        if let end = standaloneShortNumber(at: p) { return end }
        let g = DigitGroups(b, at: p)
        if g.overflow && g.count == 1 { return g.end }  // a digit run longer than any id
        if !startsCleanly(p) { return skipAll(g) }
        if let end = spacedNINO(g) { return end }
        let e0 = g.runEnd(0)
        if g.count == 1 && e0 < n && b[e0] == UInt8(ascii: ":") {
            if let range = ipv6(around: p) {
                emit("ip_address", range, .low, 0.9)
                return floor
            }
            return timeEnd(at: p) ?? e0  // 10:30, 10:00:00
        }
        if let end = date(g) { return end }
        if let end = ipv4(g) { return end }
        if let end = card(g) { return end }
        if let end = formattedIds(g) { return end }
        if let end = contextualRun(g) { return end }
        if let (runs, score) = phone(g) {
            emit("phone", p..<g.runEnd(runs - 1), .medium, Double(score) / 100)
            return floor
        }
        return skip(after: g)
    }

    /// The end of a run of at most four digits that nothing joins to another number (`in 2024
    /// they`, `42%`): no kind can start there, so prose with years and counts skips the
    /// classifiers. A run of one or two digits before a space stays (it may be the day of a
    /// written date of birth, `5 March 1990`).
    private func standaloneShortNumber(at p: Int) -> Int? {
        var e = p
        while e < n && e - p < 5 && PIIBytes.isDigit(b[e]) { e += 1 }
        let length = e - p
        guard length <= 4 else { return nil }
        guard e < n else { return e }
        switch b[e] {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ":"), UInt8(ascii: ","):
            return nil
        case UInt8(ascii: " "):
            guard length >= 3, e + 1 < n else { return length >= 3 ? e : nil }
            let c = b[e + 1]
            return PIIBytes.isDigit(c) || c == UInt8(ascii: "(") ? nil : e
        default:
            return e
        }
    }

    /// True unless the byte before `p` makes the number a price, an order or line number, a
    /// masked value, or the tail of a time or a thousands-separated figure.
    private func startsCleanly(_ p: Int) -> Bool {
        guard p > 0 else { return true }
        let c = b[p - 1]
        switch c {
        case UInt8(ascii: "$"), UInt8(ascii: "#"), UInt8(ascii: "*"), UInt8(ascii: "\\"):
            return false
        case UInt8(ascii: ":"), UInt8(ascii: ","):  // 10:30, 1,234 (but "SSN:" is a label)
            return !(p >= 2 && PIIBytes.isDigit(b[p - 2]))
        case UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "-"):  // /users/123, v1.2, id-123
            return !(p >= 2 && PIIBytes.isAlnum(b[p - 2]))
        case 0xA3, 0xA5:  // £ ¥ (C2 A3, C2 A5)
            return !(p >= 2 && b[p - 2] == 0xC2)
        case 0xAC, 0xB9:  // € ₹ (E2 82 AC, E2 82 B9)
            return !(p >= 3 && b[p - 2] == 0x82 && b[p - 3] == 0xE2)
        default:
            return true
        }
    }

    /// Skips every run read, as one unit.
    private func skipAll(_ g: DigitGroups) -> Int { g.end }

    /// Where to resume after a number nothing claimed: past the whole number when it is
    /// written one way throughout (`1234 5678 9012 3456` is not re-read from `5678`), else past
    /// its first space-separated part, so that `20 415-555-0132` still finds the phone.
    func skip(after g: DigitGroups) -> Int {
        if g.count <= 1 || g.overflow || g.uniformRuns == g.count { return g.end }
        for k in 0..<(g.count - 1) where g.gap(k) == .space || g.gap(k) == .open {
            return g.runEnd(k)
        }
        return g.end
    }

    // MARK: - Dates and times

    /// A date (`2026-12-01`, `01/12/2026`, `12.01.26`) or a card expiry (`12/28`): skipped with
    /// any time that follows, and reported as a date of birth when a birth keyword precedes
    /// it and it is a real calendar date from the last 130 years.
    mutating func date(_ g: DigitGroups) -> Int? {
        guard g.count >= 2 else { return nil }
        let gap = g.gap(0)
        guard gap == .dash || gap == .slash || gap == .dot else { return nil }
        let m = g.uniformRuns
        // Up to two readings (DD/MM and MM/DD) of a date with a 4-digit year; none for 2-digit
        // years and expiries, which are only skipped.
        var first: (year: Int, month: Int, day: Int)?
        var second: (year: Int, month: Int, day: Int)?
        if m == 3 {
            let l0 = g.length(0), l1 = g.length(1), l2 = g.length(2)
            let v0 = g.value(0), v1 = g.value(1), v2 = g.value(2)
            if l0 == 4 && (1...2).contains(l1) && (1...2).contains(l2) {
                guard (1...12).contains(v1) && (1...31).contains(v2) else { return nil }
                first = (v0, v1, v2)
            } else if (1...2).contains(l0) && (1...2).contains(l1) && (l2 == 4 || l2 == 2) {
                guard v0 >= 1 && v1 >= 1 && v0 <= 31 && v1 <= 31 && (v0 <= 12 || v1 <= 12) else { return nil }
                if l2 == 4 {
                    first = (v2, v1, v0)
                    second = (v2, v0, v1)
                }
            } else {
                return nil
            }
        } else if m == 2 && gap == .slash && (1...2).contains(g.length(0)) && (g.length(1) == 2 || g.length(1) == 4)
                    && (1...12).contains(g.value(0)) {
            // A card expiry or month/year: skipped.
        } else {
            return nil
        }
        var end = g.runEnd(m - 1)
        if end < n && b[end] != UInt8(ascii: "T") && !endsCleanly(end) { return nil }
        let isBirthDate = first.map { Self.isBirthDate($0.year, $0.month, $0.day) } == true
            || second.map { Self.isBirthDate($0.year, $0.month, $0.day) } == true
        if isBirthDate && context(at: g.start).contains(.dateOfBirth) {
            emit("date_of_birth", g.start..<end, .medium, 0.9)
            return end
        }
        if end < n && (b[end] == UInt8(ascii: "T") || b[end] == UInt8(ascii: " ")), let t = timeEnd(at: end + 1) {
            end = t
        }
        return end
    }

    /// The end of a time of day at `p` (`10:30`, `10:00:00.123Z`, `23:59:59+02:00`), or nil.
    func timeEnd(at p: Int) -> Int? {
        func digits(_ q: Int, _ count: Int) -> Bool {
            guard q + count <= n else { return false }
            for k in q..<(q + count) where !PIIBytes.isDigit(b[k]) { return false }
            return true
        }
        var q = p
        guard digits(q, 1) else { return nil }
        q += digits(q, 2) ? 2 : 1
        guard q < n, b[q] == UInt8(ascii: ":"), digits(q + 1, 2) else { return nil }
        q += 3
        if q < n, b[q] == UInt8(ascii: ":"), digits(q + 1, 2) { q += 3 }
        if q < n, b[q] == UInt8(ascii: "."), digits(q + 1, 1) {
            q += 1
            var k = 0
            while q < n && PIIBytes.isDigit(b[q]) && k < 9 { q += 1; k += 1 }
        }
        if q < n, b[q] == UInt8(ascii: "Z") {
            q += 1
        } else if q < n, b[q] == UInt8(ascii: "+") || b[q] == UInt8(ascii: "-"), digits(q + 1, 2) {
            q += 3
            if q < n, b[q] == UInt8(ascii: ":"), digits(q + 1, 2) { q += 3 } else if digits(q, 2) { q += 2 }
        }
        return q
    }

    /// A real calendar date with a year in `1896...2026` (the 130 years up to the fixed
    /// reference year 2026; the detector reads no clock, so results never depend on the day).
    static func isBirthDate(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        guard (1896...2026).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let days: Int
        switch month {
        case 2: days = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }

    // MARK: - IPv4

    /// A dotted quad (`192.168.0.1`): four decimal octets 0–255 without leading zeros, not a
    /// fifth dotted part, and not a version (`version 1.2.3.4`, `1.2.3.4-beta`; `v1.2.3.4`
    /// never gets here).
    private mutating func ipv4(_ g: DigitGroups) -> Int? {
        guard g.count >= 4, g.gap(0) == .dot, g.uniformRuns == 4 else { return nil }
        for k in 0..<4 {
            let l = g.length(k)
            guard (1...3).contains(l), g.value(k) <= 255 else { return nil }
            if l > 1 && g.digits[g.digitStart(k)] == 0 { return nil }
        }
        let end = g.runEnd(3)
        if end < n {
            let c = b[end]
            if PIIBytes.isWord(c) || c == UInt8(ascii: "@") { return nil }
            if c == UInt8(ascii: ".") && end + 1 < n && PIIBytes.isAlnum(b[end + 1]) { return nil }
            if c == UInt8(ascii: "-") && end + 1 < n && PIIBytes.isLetter(b[end + 1]) { return end }  // 1.2.3.4-beta
        }
        if followsVersionWord(g.start) { return end }
        emit("ip_address", g.start..<end, .low, 0.9)
        return end
    }

    /// True when the word before `p` (within 16 bytes, past spaces and a colon) is "version",
    /// "ver" or "release".
    private func followsVersionWord(_ p: Int) -> Bool {
        var we = p
        while we > max(0, p - 3) && (b[we - 1] == UInt8(ascii: " ") || b[we - 1] == UInt8(ascii: ":")) { we -= 1 }
        var ws = we
        while ws > max(0, p - 16) && PIIBytes.isLetter(b[ws - 1]) { ws -= 1 }
        return matchesWord(ws, we, "version") || matchesWord(ws, we, "ver") || matchesWord(ws, we, "release")
    }

    /// True when bytes `ws..<we` are `word`, ASCII case-insensitively.
    func matchesWord(_ ws: Int, _ we: Int, _ word: StaticString) -> Bool {
        guard we - ws == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<(we - ws) where PIIBytes.lower(b[ws + k]) != w[k] { return false }
        return true
    }

    // MARK: - Payment cards

    /// A payment card: 13–19 digits, bare or in consistent groups (`4-4-4-4`, `4-4-4-4-3`,
    /// Amex `4-6-5`, Diners `4-6-4`) joined by spaces or dashes, Luhn-valid, with a brand prefix.
    private mutating func card(_ g: DigitGroups) -> Int? {
        if (13...19).contains(g.length(0)) && (g.count == 1 || g.gap(0) == .space) && endsCleanly(g.runEnd(0)) {
            let valid = g.withDigits(0..<g.length(0)) { PIIChecksums.luhn($0) && PIIChecksums.isCardBrand($0) }
            if valid {
                emit("credit_card", g.start..<g.runEnd(0), .high, 1)
                return floor
            }
            return nil
        }
        guard g.count >= 3, g.gap(0) == .space || g.gap(0) == .dash, g.length(0) == 4 else { return nil }
        let m = g.uniformRuns
        for runs in stride(from: m, through: max(3, m - 1), by: -1) {
            if runs < m && g.length(runs) > 4 { continue }
            if runs == m && !(runs == g.count ? endsCleanly(g.runEnd(runs - 1)) : true) { continue }
            let total = g.digitCount(runs: runs)
            guard (13...19).contains(total) else { continue }
            var shaped = (1..<(runs - 1)).allSatisfy { g.length($0) == 4 } && (1...4).contains(g.length(runs - 1)) && runs >= 4
            if runs == 3 && g.length(1) == 6 && (4...5).contains(g.length(2)) { shaped = true }
            guard shaped else { continue }
            if g.withDigits(0..<total, { PIIChecksums.luhn($0) && PIIChecksums.isCardBrand($0) }) {
                emit("credit_card", g.start..<g.runEnd(runs - 1), .high, 1)
                return floor
            }
        }
        return nil
    }

    // MARK: - Formatted ids

    /// Ids with a fixed written form: CPF `000.000.000-00`, Aadhaar `2345 6789 0123`, SSN
    /// `123-45-6789`, NIR `1 85 05 78 006 084 36`, DNI `12345678-Z`.
    private mutating func formattedIds(_ g: DigitGroups) -> Int? {
        let start = g.start
        // CPF
        if g.count >= 4 && g.length(0) == 3 && g.length(1) == 3 && g.length(2) == 3 && g.length(3) == 2
            && g.gap(0) == .dot && g.gap(1) == .dot && g.gap(2) == .dash && (g.count == 4 || g.gap(3) == .space)
            && endsCleanly(g.runEnd(3)) {
            if g.withDigits(0..<11, { PIIChecksums.cpf($0) }) {
                emit("br_cpf", start..<g.runEnd(3), .high, 1)
                return floor
            }
            return g.runEnd(3)
        }
        // Aadhaar, grouped
        if g.count >= 3 && g.uniformRuns == 3 && (g.gap(0) == .space || g.gap(0) == .dash)
            && g.length(0) == 4 && g.length(1) == 4 && g.length(2) == 4 && g.digits[0] >= 2 && endsCleanly(g.runEnd(2)) {
            if g.withDigits(0..<12, { PIIChecksums.verhoeff($0) }) {
                emit("in_aadhaar", start..<g.runEnd(2), .high, 1)
                return floor
            }
        }
        // SSN, grouped
        if g.count >= 3 && g.length(0) == 3 && g.length(1) == 2 && g.length(2) == 4
            && (g.gap(0) == .dash || g.gap(0) == .space) && g.gap(1) == g.gap(0)
            && g.endsSegment(runs: 3, joinedBy: g.gap(0)) && endsCleanly(g.runEnd(2)) {
            if Self.isSSN(area: g.value(0), group: g.value(1), serial: g.value(2)) {
                emit("us_ssn", start..<g.runEnd(2), .high, 0.85)
                return floor
            }
            return g.runEnd(2)
        }
        // NIR: bare 15 digits, `1 85 05 78 006 084 36`, or 13 digits and the key.
        let nirRuns: Int?
        if g.length(0) == 15 && (g.count == 1 || g.gap(0) == .space) {
            nirRuns = 1
        } else if g.count >= 7 && g.allJoins(runs: 7, are: .space) && g.endsSegment(runs: 7, joinedBy: .space)
                    && (0..<7).allSatisfy({ g.length($0) == Self.nirGroups[$0] }) {
            nirRuns = 7
        } else if g.count >= 2 && g.length(0) == 13 && g.length(1) == 2 && g.gap(0) == .space && g.endsSegment(runs: 2, joinedBy: .space) {
            nirRuns = 2
        } else {
            nirRuns = nil
        }
        if let runs = nirRuns, endsCleanly(g.runEnd(runs - 1)), g.withDigits(0..<15, { PIIChecksums.nir($0) }) {
            emit("fr_nir", start..<g.runEnd(runs - 1), .high, 1)
            return floor
        }
        // DNI with its letter after a dash or space.
        let e0 = g.runEnd(0)
        if g.count == 1 && g.length(0) == 8 && e0 + 1 < n && (b[e0] == UInt8(ascii: "-") || b[e0] == UInt8(ascii: " "))
            && PIIBytes.isUpper(b[e0 + 1]) && endsCleanly(e0 + 2) && PIIChecksums.dniLetter(g.value(0)) == b[e0 + 1] {
            emit("es_dni", start..<(e0 + 2), .high, 1)
            return floor
        }
        return nil
    }

    /// The run lengths of a NIR written in its usual groups: sex, year, month, department,
    /// commune, order, key.
    private static let nirGroups = [1, 2, 2, 2, 3, 3, 2]

    /// A US SSN outside the never-issued ranges (area 000, 666, 900–999; group 00; serial
    /// 0000) and not one of the numbers printed in advertising (078-05-1120, 219-09-9999).
    static func isSSN(area: Int, group: Int, serial: Int) -> Bool {
        guard area != 0, area != 666, area < 900, group != 0, serial != 0 else { return false }
        if area == 78 && group == 5 && serial == 1120 { return false }
        if area == 219 && group == 9 && serial == 9999 { return false }
        return true
    }

    /// A UK National Insurance number written `AB 12 34 56 C`, the letters just before `g`.
    private mutating func spacedNINO(_ g: DigitGroups) -> Int? {
        let p = g.start
        guard p >= 3, p - 3 >= floor, b[p - 1] == UInt8(ascii: " "), PIIBytes.isUpper(b[p - 2]), PIIBytes.isUpper(b[p - 3]),
              p == 3 || !PIIBytes.isWord(b[p - 4]),
              g.count >= 3, g.allJoins(runs: 3, are: .space), g.endsSegment(runs: 3, joinedBy: .space),
              g.length(0) == 2, g.length(1) == 2, g.length(2) == 2,
              Self.isNINOPrefix(b[p - 3], b[p - 2]) else { return nil }
        var end = g.runEnd(2)
        var suffix = false
        if end + 1 < n && b[end] == UInt8(ascii: " ") && (0x41...0x44).contains(b[end + 1]) && endsCleanly(end + 2) {
            end += 2
            suffix = true
        } else if !endsCleanly(end) {
            return nil
        }
        let hasContext = context(at: p - 3).contains(.nino)
        guard suffix || hasContext else { return nil }
        emit("uk_nino", (p - 3)..<end, .high, hasContext ? 0.9 : 0.7)
        return floor
    }

    /// The NINO prefix rules: first letter not D, F, I, Q, U, V; second not D, F, I, O, Q, U,
    /// V; and not BG, GB, KN, NK, NT, TN or ZZ.
    static func isNINOPrefix(_ a: UInt8, _ c: UInt8) -> Bool {
        guard PIIBytes.isUpper(a), PIIBytes.isUpper(c) else { return false }
        switch a {
        case 0x44, 0x46, 0x49, 0x51, 0x55, 0x56: return false  // D F I Q U V
        default: break
        }
        switch c {
        case 0x44, 0x46, 0x49, 0x4F, 0x51, 0x55, 0x56: return false  // D F I O Q U V
        default: break
        }
        switch (a, c) {
        case (0x42, 0x47), (0x47, 0x42), (0x4B, 0x4E), (0x4E, 0x4B), (0x4E, 0x54), (0x54, 0x4E), (0x5A, 0x5A): return false
        default: return true
        }
    }

    // MARK: - Values that need a keyword

    /// A bare digit run that is personal data only after its keyword: SSN or BSN (9 digits),
    /// CPF (11), Aadhaar (12), passport (6–9), driver's licence (5–15), phone (10–11), and
    /// a written-out date of birth (`5 March 1990`, `March 5, 1990`).
    private mutating func contextualRun(_ g: DigitGroups) -> Int? {
        let l = g.length(0)
        let e0 = g.runEnd(0)
        let single = g.count == 1 || g.gap(0) == .space
        // BSN also comes as 123.456.782 or 1234 56 782.
        if g.count >= 3 && g.uniformRuns == 3 && g.digitCount(runs: 3) == 9 && endsCleanly(g.runEnd(2))
            && ((g.length(0) == 3 && g.length(1) == 3) || (g.length(0) == 4 && g.length(1) == 2))
            && g.withDigits(0..<9, { PIIChecksums.bsn($0) }) && context(at: g.start).contains(.bsn) {
            emit("nl_bsn", g.start..<g.runEnd(2), .high, 1)
            return floor
        }
        guard single else { return nil }
        if l <= 2 {
            guard e0 < n, b[e0] == UInt8(ascii: " ") || b[e0] == UInt8(ascii: ".") || b[e0] == UInt8(ascii: ",")
                    || PIIBytes.isLetter(b[e0]) else { return nil }
            return writtenBirthDate(dayAt: g.start, dayEnd: e0)
        }
        guard (5...15).contains(l), endsCleanly(e0) else { return nil }
        let context = context(at: g.start)
        guard !context.isEmpty else { return nil }
        let range = g.start..<e0
        if l == 9 && context.contains(.ssn) && Self.isSSN(area: g.value(0) / 1_000_000, group: g.value(0) / 10_000 % 100, serial: g.value(0) % 10_000) {
            emit("us_ssn", range, .high, 0.8)
            return floor
        }
        if (l == 9 || l == 8) && context.contains(.bsn) {
            var d = InlineArray<9, UInt8>(repeating: 0)
            for k in 0..<l { d[9 - l + k] = g.digits[k] }
            if withUnsafeBytes(of: d, { PIIChecksums.bsn($0.bindMemory(to: UInt8.self)) }) {
                emit("nl_bsn", range, .high, 1)
                return floor
            }
        }
        if l == 11 && context.contains(.cpf) && g.withDigits(0..<11, { PIIChecksums.cpf($0) }) {
            emit("br_cpf", range, .high, 1)
            return floor
        }
        if l == 12 && context.contains(.aadhaar) && g.digits[0] >= 2 && g.withDigits(0..<12, { PIIChecksums.verhoeff($0) }) {
            emit("in_aadhaar", range, .high, 1)
            return floor
        }
        if (6...9).contains(l) && context.contains(.passport) {
            emit("passport_number", range, .high, 0.85)
            return floor
        }
        if context.contains(.driversLicense) {
            emit("drivers_license", range, .high, 0.8)
            return floor
        }
        if context.contains(.phone) && (10...11).contains(l) {
            let d0 = g.digits[0], d1 = g.digits[1]
            let national = d0 == 0 && d1 != 0
            let nanp = (l == 10 && d0 >= 2 && g.digits[3] >= 2) || (l == 11 && d0 == 1 && d1 >= 2 && g.digits[4] >= 2)
            if national || nanp {
                emit("phone", range, .medium, 0.8)
                return floor
            }
        }
        // An id's length after the id's keyword, with a failed check: a mistyped or made-up
        // id, not a phone number to be read out of it (`CPF 00972009018` is not `00 972…`).
        if Self.isNationalIdLength(l, context) { return e0 }
        return nil
    }

    /// True when a bare run of `length` digits has the length of an id that `context` names
    /// (SSN 9, BSN 8–9, CPF 11, Aadhaar 12, NIR 13 without its key or 15).
    private static func isNationalIdLength(_ length: Int, _ context: PIIContext) -> Bool {
        (length == 9 && context.contains(.ssn)) || ((length == 8 || length == 9) && context.contains(.bsn))
            || (length == 11 && context.contains(.cpf)) || (length == 12 && context.contains(.aadhaar))
            || ((length == 13 || length == 15) && context.contains(.nir))
    }
}
