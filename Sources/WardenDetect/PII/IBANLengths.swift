/// The IBAN length of each country that issues them, for the SEPA area (EU/EEA, GB, CH, NO,
/// MC, SM, VA, AD, GI) and the common non-SEPA IBAN countries.
enum IBANLengths {
    private static let countries: [(String, UInt8)] = [
        // SEPA
        ("AD", 24), ("AT", 20), ("BE", 16), ("BG", 22), ("CH", 21), ("CY", 28), ("CZ", 24), ("DE", 22),
        ("DK", 18), ("EE", 20), ("ES", 24), ("FI", 18), ("FR", 27), ("GB", 22), ("GI", 23), ("GR", 27),
        ("HR", 21), ("HU", 28), ("IE", 22), ("IS", 26), ("IT", 27), ("LI", 21), ("LT", 20), ("LU", 20),
        ("LV", 21), ("MC", 27), ("MT", 31), ("NL", 18), ("NO", 15), ("PL", 28), ("PT", 25), ("RO", 24),
        ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27), ("VA", 22),
        // Elsewhere
        ("AE", 23), ("AL", 28), ("AZ", 28), ("BA", 20), ("BH", 22), ("BR", 29), ("CR", 22), ("DO", 28),
        ("EG", 29), ("FO", 18), ("GE", 22), ("GL", 18), ("GT", 28), ("IL", 23), ("IQ", 23), ("JO", 30),
        ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("MD", 24), ("ME", 22), ("MK", 19), ("MR", 27),
        ("MU", 30), ("PK", 24), ("PS", 29), ("QA", 29), ("RS", 22), ("SA", 24), ("SC", 31), ("TN", 24),
        ("TR", 26), ("UA", 29), ("VG", 24), ("XK", 20),
    ]

    /// Length by `(first letter − A) * 26 + (second letter − A)`; 0 for no IBAN country.
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 26 * 26)
        for (code, length) in countries {
            let u = Array(code.utf8)
            t[Int(u[0] - 0x41) * 26 + Int(u[1] - 0x41)] = length
        }
        return t
    }()

    /// The IBAN length for the country code `a b` (uppercase ASCII letters), or 0 when that
    /// country issues none.
    static func length(_ a: UInt8, _ b: UInt8) -> Int {
        guard a >= 0x41, a <= 0x5A, b >= 0x41, b <= 0x5A else { return 0 }
        return Int(table[Int(a - 0x41) * 26 + Int(b - 0x41)])
    }
}
