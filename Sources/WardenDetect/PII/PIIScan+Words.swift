/// Words that mix letters and digits: IBANs, codici fiscali, Spanish DNI/NIE, UK National
/// Insurance numbers, and (after their keyword) passport and driver's licence numbers.
/// Anything else with letters and digits is an identifier, a hash or a version and is skipped
/// whole, with the `-`/`.`-joined pieces around it (UUIDs, `v1.2.3.4`, `build-2026-12-01`).
extension PIIScan {
    /// Classifies the word `ts..<te` (which holds a digit) and returns where to resume.
    mutating func word(from ts: Int, to te: Int) -> Int {
        if te < n && b[te] == UInt8(ascii: "@") { return te }  // an e-mail's local part
        let length = te - ts
        if (te < n && b[te] == UInt8(ascii: ":")) || (ts > 0 && b[ts - 1] == UInt8(ascii: ":")) {
            if let range = ipv6(around: ts) {
                emit("ip_address", range, .low, 0.9)
                return floor
            }
        }
        if length >= 4 && PIIBytes.isUpper(b[ts]) && PIIBytes.isUpper(b[ts + 1]) && PIIBytes.isDigit(b[ts + 2])
            && PIIBytes.isDigit(b[ts + 3]), let end = iban(at: ts) {
            return end
        }
        guard endsCleanly(te) else { return skipCompound(from: te) }
        var upperOrDigit = true
        for k in ts..<te where PIIBytes.isLower(b[k]) { upperOrDigit = false; break }
        if !upperOrDigit {
            if let end = ordinalBirthDate(ts, te) { return end }
            return skipCompound(from: te)
        }
        if length == 16 && isCodiceFiscaleShape(ts) {
            if withBytes(ts..<te, { PIIChecksums.codiceFiscale($0) }) {
                emit("it_codice_fiscale", ts..<te, .high, 1)
                return floor
            }
            return te
        }
        if length == 9, let kind = spanishId(ts) {
            emit(kind, ts..<te, .high, 1)
            return floor
        }
        if (length == 8 || length == 9) && Self.isNINOPrefix(b[ts], b[ts + 1]) && (ts + 2..<ts + 8).allSatisfy({ PIIBytes.isDigit(b[$0]) }) {
            let suffix = length == 9 && (0x41...0x44).contains(b[ts + 8])
            if suffix || length == 8 {
                let hasContext = context(at: ts).contains(.nino)
                if suffix || hasContext {
                    emit("uk_nino", ts..<te, .high, hasContext ? 0.9 : 0.7)
                    return floor
                }
            }
        }
        if (5...15).contains(length) {
            let context = context(at: ts)
            if (6...9).contains(length) && context.contains(.passport) {
                emit("passport_number", ts..<te, .high, 0.85)
                return floor
            }
            if context.contains(.driversLicense) {
                emit("drivers_license", ts..<te, .high, 0.8)
                return floor
            }
        }
        return skipCompound(from: te)
    }

    /// Calls `body` with bytes `range` of the text.
    private func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        body(UnsafeBufferPointer(rebasing: b[range]))
    }

    /// An IBAN at `ts` (country code and check digits already seen): the country's length of
    /// uppercase letters and digits, compact or in groups of four. Returns the end when the
    /// shape matched (reporting it when mod 97 holds, skipping it otherwise), nil when not.
    private mutating func iban(at ts: Int) -> Int? {
        let length = IBANLengths.length(b[ts], b[ts + 1])
        guard length > 0 else { return nil }
        var chars = InlineArray<34, UInt8>(repeating: 0)
        var count = 0
        var q = ts
        while count < length && q < n {
            let c = b[q]
            if PIIBytes.isUpper(c) || PIIBytes.isDigit(c) {
                chars[count] = c
                count += 1
                q += 1
            } else if c == UInt8(ascii: " ") && count % 4 == 0 && q + 1 < n && PIIBytes.isAlnum(b[q + 1]) {
                q += 1
            } else {
                break
            }
        }
        guard count == length, endsCleanly(q) else { return nil }
        let valid = withUnsafeBytes(of: chars) { raw in
            PIIChecksums.ibanIsValid(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<length]))
        }
        if valid { emit("iban", ts..<q, .medium, 1) }
        return q
    }

    /// Letters where a codice fiscale has letters, digits (or their omocodia letters
    /// L M N P Q R S T U V) where it has digits, and a month letter at position 9.
    private func isCodiceFiscaleShape(_ ts: Int) -> Bool {
        func digitLike(_ c: UInt8) -> Bool {
            if PIIBytes.isDigit(c) { return true }
            switch c {
            case 0x4C, 0x4D, 0x4E, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56: return true
            default: return false
            }
        }
        for k in 0..<6 where !PIIBytes.isUpper(b[ts + k]) { return false }
        for k in [6, 7, 9, 10, 12, 13, 14] where !digitLike(b[ts + k]) { return false }
        switch b[ts + 8] {
        case 0x41, 0x42, 0x43, 0x44, 0x45, 0x48, 0x4C, 0x4D, 0x50, 0x52, 0x53, 0x54: break  // A B C D E H L M P R S T
        default: return false
        }
        return PIIBytes.isUpper(b[ts + 11]) && PIIBytes.isUpper(b[ts + 15])
    }

    /// `es_dni` for `12345678Z`, or `es_dni` for the NIE `X1234567L` (X/Y/Z read as 0/1/2),
    /// when the control letter matches.
    private func spanishId(_ ts: Int) -> String? {
        guard PIIBytes.isUpper(b[ts + 8]) else { return nil }
        var number = 0
        switch b[ts] {
        case UInt8(ascii: "X"): number = 0
        case UInt8(ascii: "Y"): number = 1
        case UInt8(ascii: "Z"): number = 2
        default:
            guard PIIBytes.isDigit(b[ts]) else { return nil }
            number = Int(b[ts] - 0x30)
        }
        for k in 1..<8 {
            guard PIIBytes.isDigit(b[ts + k]) else { return nil }
            number = number * 10 + Int(b[ts + k] - 0x30)
        }
        return PIIChecksums.dniLetter(number) == b[ts + 8] ? "es_dni" : nil
    }
}
