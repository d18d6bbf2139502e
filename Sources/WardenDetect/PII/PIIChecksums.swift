/// The check-digit algorithms behind the PII kinds that carry one: Luhn (payment cards),
/// ISO 7064 mod 97-10 (IBAN), Verhoeff (Aadhaar), the CPF and BSN weighted sums, the French NIR
/// key, the Spanish DNI/NIE letter and the Italian codice fiscale letter.
///
/// Every function reads ASCII digits (and letters where the format has them) from a buffer and
/// allocates nothing.
enum PIIChecksums {
    /// Luhn over `digits` (values 0...9).
    static func luhn(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        var sum = 0
        var double = false
        var i = digits.count - 1
        while i >= 0 {
            var d = Int(digits[i])
            if double {
                d &*= 2
                if d > 9 { d -= 9 }
            }
            sum &+= d
            double.toggle()
            i -= 1
        }
        return sum % 10 == 0
    }

    /// The payment-card brand prefixes: Visa, Mastercard, Amex, Discover, JCB, Diners Club,
    /// UnionPay and Maestro, each with the lengths it is issued in.
    static func isCardBrand(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = digits.count
        guard n >= 13 else { return false }
        func prefix(_ k: Int) -> Int {
            var v = 0
            for i in 0..<k { v = v &* 10 &+ Int(digits[i]) }
            return v
        }
        let p1 = prefix(1), p2 = prefix(2), p3 = prefix(3), p4 = prefix(4)
        if p1 == 4 { return n == 13 || n == 16 || n == 19 }                          // Visa
        if (51...55).contains(p2) || (2221...2720).contains(p4) { return n == 16 }    // Mastercard
        if p2 == 34 || p2 == 37 { return n == 15 }                                    // Amex
        if p4 == 6011 || p2 == 65 || (644...649).contains(p3) { return n >= 16 }      // Discover
        if (3528...3589).contains(p4) { return n >= 16 }                              // JCB
        if p2 == 36 || p2 == 38 || (300...305).contains(p3) { return n >= 14 }        // Diners Club
        if p2 == 62 { return n >= 16 }                                                // UnionPay
        // Maestro: 50, 56–58, 6304, 6759, 6761–6763, 5893 (lengths 12–19; 13+ here).
        if p2 == 50 || (56...58).contains(p2) || p4 == 6304 || p4 == 6759 || (6761...6763).contains(p4) || p4 == 5893 {
            return true
        }
        return false
    }

    /// ISO 7064 mod 97-10 over an IBAN held as uppercase ASCII letters and digits (no spaces):
    /// the first four characters move to the end, letters count as 10...35, and the number
    /// must leave 1 modulo 97.
    static func ibanIsValid(_ chars: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = chars.count
        guard n >= 5 else { return false }
        var r = 0
        for k in 0..<n {
            let c = chars[(k + 4) % n]
            if c >= 0x30 && c <= 0x39 {
                r = (r &* 10 &+ Int(c - 0x30)) % 97
            } else if c >= 0x41 && c <= 0x5A {
                r = (r &* 100 &+ Int(c - 0x41) &+ 10) % 97
            } else {
                return false
            }
        }
        return r == 1
    }

    private static let verhoeffD: [[UInt8]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    private static let verhoeffP: [[UInt8]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]

    /// Verhoeff over `digits`, the last being the check digit.
    static func verhoeff(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        var c = 0
        var position = 0
        var i = digits.count - 1
        while i >= 0 {
            c = Int(verhoeffD[c][Int(verhoeffP[position & 7][Int(digits[i])])])
            position += 1
            i -= 1
        }
        return c == 0
    }

    /// Brazilian CPF: 11 digits, the last two mod-11 check digits over weights 10...2 and
    /// 11...2; numbers of one repeated digit are invalid.
    static func cpf(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
        guard d.count == 11 else { return false }
        if (1..<11).allSatisfy({ d[$0] == d[0] }) { return false }
        func check(_ count: Int) -> UInt8 {
            var sum = 0
            for i in 0..<count { sum &+= Int(d[i]) &* (count + 1 - i) }
            let r = sum * 10 % 11
            return UInt8(r == 10 ? 0 : r)
        }
        return check(9) == d[9] && check(10) == d[10]
    }

    /// Dutch BSN "11-proof": 9 digits, weights 9...2 and −1 for the last, sum a non-zero
    /// multiple of 11.
    static func bsn(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
        guard d.count == 9 else { return false }
        var sum = 0
        for i in 0..<8 { sum &+= Int(d[i]) &* (9 - i) }
        sum -= Int(d[8])
        return sum > 0 && sum % 11 == 0
    }

    /// French NIR (numéro de sécurité sociale): 13 digits and a 2-digit key equal to
    /// 97 − (number mod 97), with a plausible sex digit and birth month.
    static func nir(_ d: UnsafeBufferPointer<UInt8>) -> Bool {
        guard d.count == 15 else { return false }
        guard [1, 2, 3, 4, 7, 8].contains(d[0]) else { return false }
        let month = Int(d[3]) * 10 + Int(d[4])
        guard (1...12).contains(month) || (20...42).contains(month) || (50...99).contains(month) else { return false }
        var r = 0
        for i in 0..<13 { r = (r &* 10 &+ Int(d[i])) % 97 }
        let key = Int(d[13]) * 10 + Int(d[14])
        return key == 97 - r
    }

    /// The DNI/NIE control letters, indexed by the number modulo 23.
    private static let dniLetters: [UInt8] = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)

    /// The control letter of a Spanish DNI number (or NIE number with X/Y/Z read as 0/1/2).
    static func dniLetter(_ number: Int) -> UInt8 { dniLetters[number % 23] }

    /// Values of the characters in odd positions (1st, 3rd…) of a codice fiscale, for
    /// digits 0–9 and letters A–Z alike (a digit counts as the letter of the same rank).
    private static let codiceOdd: [Int] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

    /// Italian codice fiscale: 16 uppercase characters, the last a check letter computed from
    /// the first 15 (odd positions by a table, even positions by rank, sum mod 26).
    static func codiceFiscale(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
        guard c.count == 16 else { return false }
        var sum = 0
        for i in 0..<15 {
            let ch = c[i]
            let rank: Int
            if ch >= 0x30 && ch <= 0x39 { rank = Int(ch - 0x30) } else if ch >= 0x41 && ch <= 0x5A { rank = Int(ch - 0x41) } else { return false }
            sum &+= i % 2 == 0 ? codiceOdd[rank] : rank
        }
        return Int(c[15]) - 0x41 == sum % 26
    }
}
