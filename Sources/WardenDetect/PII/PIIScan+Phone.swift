/// Phone numbers: E.164 (`+` or `00`, country code, 8–15 digits in all), North American
/// (`(415) 555-0132`, `415-555-0132`, `1-415-555-0132`) and national numbers with a trunk `0`
/// (UK `020 7946 0958`, `07700 900123`; DE `030 1234567`, `0151 12345678`; FR
/// `01 23 45 67 89`; IN `098765 43210`).
///
/// A number without separators is a phone only after a phone keyword (see `contextualRun`);
/// here the grouping itself is the evidence, and no keyword is looked for (that would cost a
/// keyword search for every phone number). Scores: 0.9 international, 0.85 North American,
/// 0.8 national.
extension PIIScan {
    /// The number of leading runs of `g` that form a phone number, and its score in percent.
    func phone(_ g: DigitGroups) -> (runs: Int, percent: Int)? {
        guard g.count > 0, !g.overflow else { return nil }
        let found: (runs: Int, percent: Int)?
        if g.plus {
            found = international(g, skipping: 0)
        } else if g.length(0) >= 2 && g.digits[0] == 0 && g.digits[1] == 0 && g.digitCount(runs: g.count) > 2 {
            found = international(g, skipping: 2)  // 0049 30 1234567
        } else {
            found = northAmerican(g) ?? national(g)
        }
        return found
    }

    /// True when runs `0..<runs` may end a phone number: at the end of what was read (and
    /// then cleanly), or before a space.
    private func phoneEnds(_ g: DigitGroups, runs: Int) -> Bool {
        runs == g.count ? endsCleanly(g.runEnd(runs - 1)) : g.gap(runs - 1) == .space
    }

    /// Parentheses enclose exactly one run each and all are closed within `runs`.
    private func parensBalanced(_ g: DigitGroups, runs: Int) -> Bool {
        var inside = g.leadingParen
        for k in 0..<(runs - 1) {
            let gap = g.gap(k)
            if inside {
                if gap != .close { return false }
                inside = false
            } else if gap == .close {
                return false
            } else if gap == .open {
                inside = true
            }
        }
        return !inside
    }

    /// Joins allowed in phone numbers: no `/` in international ones, dots only throughout.
    private func joinsArePhoneLike(_ g: DigitGroups, runs: Int, slash: Bool) -> Bool {
        var dots = 0
        for k in 0..<(runs - 1) {
            switch g.gap(k) {
            case .dot: dots += 1
            case .slash: if !slash { return false }
            default: break
            }
        }
        return dots == 0 || dots == runs - 1
    }

    /// `+CC …` (or `00CC …` with `skipping` 2): 8–15 digits, with the lengths of the NANP,
    /// UK, DE, FR and IN plans checked, and a `(0)` trunk allowed after the country code.
    private func international(_ g: DigitGroups, skipping lead: Int) -> (runs: Int, percent: Int)? {
        var runs = g.count
        while runs >= 1 {
            defer { runs -= 1 }
            guard phoneEnds(g, runs: runs), parensBalanced(g, runs: runs), joinsArePhoneLike(g, runs: runs, slash: false) else { continue }
            // A "(0)" run right after the country code is the trunk prefix, not dialled.
            let trunk = runs >= 3 && g.length(1) == 1 && g.value(1) == 0 && g.gap(0) == .open && g.gap(1) == .close
            if runs > 2 && (2..<runs).contains(where: { g.length($0) == 1 }) { continue }
            guard g.digitCount(runs: runs) > lead else { continue }
            var d = InlineArray<16, UInt8>(repeating: 0)
            var count = 0
            var tooLong = false
            for k in lead..<g.digitCount(runs: runs) {
                if trunk && k == g.digitStart(1) { continue }
                if count == 16 { tooLong = true; break }
                d[count] = g.digits[k]
                count += 1
            }
            guard !tooLong, (8...15).contains(count), d[0] != 0 else { continue }
            let plausible: Bool
            switch (d[0], d[1]) {
            case (1, _): plausible = count == 11 && d[1] >= 2 && d[4] >= 2
            case (4, 4): plausible = (11...12).contains(count) && d[2] != 0
            case (4, 9): plausible = (9...15).contains(count) && d[2] != 0
            case (3, 3): plausible = count == 11 && d[2] != 0
            case (9, 1): plausible = count == 12 && d[2] != 0
            case (7, _): plausible = count == 11
            default: plausible = true
            }
            guard plausible else { continue }
            return (runs, 90)
        }
        return nil
    }

    /// `(415) 555-0132`, `415-555-0132`, `415.555.0132`, `415 555 0132`, with an optional
    /// leading `1`; area code and exchange start with 2–9.
    private func northAmerican(_ g: DigitGroups) -> (runs: Int, percent: Int)? {
        let k0 = (g.count >= 4 && g.length(0) == 1 && g.value(0) == 1 && !g.leadingParen) ? 1 : 0
        let runs = k0 + 3
        guard g.count >= runs, g.length(k0) == 3, g.length(k0 + 1) == 3, g.length(k0 + 2) == 4 else { return nil }
        guard g.digits[g.digitStart(k0)] >= 2, g.digits[g.digitStart(k0 + 1)] >= 2 else { return nil }
        let lastJoin = g.gap(k0 + 1)
        guard lastJoin == .dash || lastJoin == .dot || lastJoin == .space else { return nil }
        let areaJoin = g.gap(k0)
        let parenthesised = k0 == 0 ? g.leadingParen : g.gap(0) == .open
        if parenthesised {
            guard areaJoin == .close else { return nil }
        } else {
            guard areaJoin == lastJoin else { return nil }
        }
        if k0 == 1 {
            let j = g.gap(0)
            guard j == .dash || j == .space || j == .dot || j == .open else { return nil }
        }
        guard phoneEnds(g, runs: runs), parensBalanced(g, runs: runs) else { return nil }
        return (runs, 85)
    }

    /// A national number with a trunk `0`: 9–12 digits in 2–6 runs of at least two digits,
    /// the first (the area or mobile code) of 2–6 digits.
    private func national(_ g: DigitGroups) -> (runs: Int, percent: Int)? {
        guard g.count >= 2, g.digits[0] == 0, g.digits[1] != 0, (2...6).contains(g.length(0)) else { return nil }
        var runs = min(g.count, 6)
        while runs >= 2 {
            defer { runs -= 1 }
            guard (9...12).contains(g.digitCount(runs: runs)),
                  (0..<runs).allSatisfy({ g.length($0) >= 2 }),
                  phoneEnds(g, runs: runs), parensBalanced(g, runs: runs),
                  joinsArePhoneLike(g, runs: runs, slash: true) else { continue }
            if (1..<(runs - 1)).contains(where: { g.gap($0) == .open }) { continue }
            if !g.leadingParen && g.gap(0) == .open { continue }
            return (runs, 80)
        }
        return nil
    }
}
