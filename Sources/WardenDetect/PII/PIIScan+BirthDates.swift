/// Dates of birth written with a month name, after a birth keyword: `5 March 1990`,
/// `5th March 1990`, `March 5, 1990`, `12 de marzo de 1990`, `1er janvier 1985`,
/// `3. März 1985` (EN, ES, FR, DE month names and the usual English abbreviations).
extension PIIScan {
    /// Month names, normalised (no accents) and lower-case, with their number.
    private static let months: [([UInt8], Int)] = [
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12),
        ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9),
        ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
        ("enero", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("mayo", 5), ("junio", 6), ("julio", 7),
        ("agosto", 8), ("septiembre", 9), ("setiembre", 9), ("octubre", 10), ("noviembre", 11), ("diciembre", 12),
        ("janvier", 1), ("fevrier", 2), ("mars", 3), ("avril", 4), ("mai", 5), ("juin", 6), ("juillet", 7),
        ("aout", 8), ("septembre", 9), ("octobre", 10), ("novembre", 11), ("decembre", 12),
        ("januar", 1), ("janner", 1), ("februar", 2), ("marz", 3), ("maerz", 3), ("juni", 6), ("juli", 7),
        ("oktober", 10), ("dezember", 12),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The month named by the letters `ws..<we`, or nil.
    private func monthNumber(_ ws: Int, _ we: Int) -> Int? {
        let length = we - ws
        guard (3...10).contains(length) else { return nil }
        for (name, month) in Self.months where name.count == length {
            var same = true
            for k in 0..<length where PIIBytes.lower(b[ws + k]) != name[k] {
                same = false
                break
            }
            if same { return month }
        }
        return nil
    }

    /// Skips one or two spaces at `q`; nil when there is none.
    private func spaces(_ q: Int) -> Int? {
        guard q < n, b[q] == UInt8(ascii: " ") else { return nil }
        return q + 1 < n && b[q + 1] == UInt8(ascii: " ") ? q + 2 : q + 1
    }

    /// Skips a connecting `de ` or `of ` at `q`.
    private func connector(_ q: Int) -> Int {
        guard q + 3 <= n, b[q + 2] == UInt8(ascii: " ") else { return q }
        if matchesWord(q, q + 2, "de") || matchesWord(q, q + 2, "of") { return q + 3 }
        return q
    }

    /// ` [de|of] Month[.]` at `q`: the month and where it ends.
    private func monthAfter(_ q: Int) -> (month: Int, end: Int)? {
        guard var r = spaces(q) else { return nil }
        r = connector(r)
        let ws = r
        while r < n && r - ws <= 10 && PIIBytes.isLetter(b[r]) { r += 1 }
        guard let month = monthNumber(ws, r) else { return nil }
        if r < n && b[r] == UInt8(ascii: ".") { r += 1 }
        return (month, r)
    }

    /// `[,] [de] YYYY` at `q`: the year and where it ends.
    private func yearAfter(_ q: Int) -> (year: Int, end: Int)? {
        var r = q
        if r < n && b[r] == UInt8(ascii: ",") { r += 1 }
        guard let s = spaces(r) else { return nil }
        r = connector(s)
        guard r + 4 <= n else { return nil }
        var year = 0
        for k in r..<(r + 4) {
            guard PIIBytes.isDigit(b[k]) else { return nil }
            year = year * 10 + Int(b[k] - 0x30)
        }
        guard endsCleanly(r + 4) else { return nil }
        return (year, r + 4)
    }

    /// A word such as `5th` or `1er`: the day of a written date of birth.
    mutating func ordinalBirthDate(_ ts: Int, _ te: Int) -> Int? {
        var de = ts
        while de < te && PIIBytes.isDigit(b[de]) { de += 1 }
        guard (1...2).contains(de - ts), te - de == 2 else { return nil }
        let suffixes: [StaticString] = ["st", "nd", "rd", "th", "er"]
        guard suffixes.contains(where: { matchesWord(de, te, $0) }) else { return nil }
        return writtenBirthDate(dayAt: ts, dayEnd: de, textAfter: te)
    }

    /// A written date of birth whose day is the digits `p..<e` (text resumes at `textAfter`,
    /// past any ordinal suffix), with the month after the day or before it.
    mutating func writtenBirthDate(dayAt p: Int, dayEnd e: Int, textAfter: Int? = nil) -> Int? {
        var day = 0
        for k in p..<e { day = day * 10 + Int(b[k] - 0x30) }
        guard (1...31).contains(day) else { return nil }
        let after = textAfter ?? e
        // Day first: 5 March 1990, 3. März 1985, 12 de marzo de 1990.
        var r = after
        if r < n && b[r] == UInt8(ascii: ".") { r += 1 }
        if let (month, monthEnd) = monthAfter(r), let (year, end) = yearAfter(monthEnd) {
            if Self.isBirthDate(year, month, day) && context(at: p).contains(.dateOfBirth) {
                emit("date_of_birth", p..<end, .medium, 0.9)
                return end
            }
            return end
        }
        // Month first: March 5, 1990.
        guard p >= 2, b[p - 1] == UInt8(ascii: " ") else { return nil }
        var we = p - 1
        if we > 0 && b[we - 1] == UInt8(ascii: ".") { we -= 1 }
        var ws = we
        while ws > max(floor, we - 10) && PIIBytes.isLetter(b[ws - 1]) { ws -= 1 }
        guard ws < we, ws == 0 || !PIIBytes.isWord(b[ws - 1]), let month = monthNumber(ws, we),
              let (year, end) = yearAfter(after) else { return nil }
        if Self.isBirthDate(year, month, day) && context(at: ws).contains(.dateOfBirth) {
            emit("date_of_birth", ws..<end, .medium, 0.9)
        }
        return end
    }
}
