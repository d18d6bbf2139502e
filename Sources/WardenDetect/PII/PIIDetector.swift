/// Personal data in text: e-mail addresses, phone numbers, payment cards, IBANs, IP
/// addresses, US social security numbers, national ids with check digits and, next to a
/// context keyword, passport numbers, driver's licence numbers and dates of birth.
///
/// Kinds, severities and scores:
///
/// | kind | severity | score |
/// |---|---|---|
/// | `email` | medium | 0.95 |
/// | `phone` | medium | 0.9 international, 0.85 North American, 0.8 national or bare after a keyword |
/// | `us_ssn` | high | 0.85 grouped, 0.8 bare 9 digits (only after "SSN"/"social security") |
/// | `credit_card` | high | 1 (Luhn and brand prefix verified) |
/// | `iban` | medium | 1 (mod 97 verified) |
/// | `ip_address` | low | 0.9 |
/// | `passport_number` | high | 0.85, only after a passport keyword |
/// | `drivers_license` | high | 0.8, only after a driver's licence keyword |
/// | `date_of_birth` | medium | 0.9, only after a birth keyword |
/// | `in_aadhaar`, `es_dni`, `br_cpf`, `nl_bsn`, `fr_nir`, `it_codice_fiscale` | high | 1 (check digit verified) |
/// | `uk_nino` | high | 0.9 after a keyword, else 0.7 (format and prefix rules only) |
///
/// Decisions worth knowing:
/// - `user@localhost` is not an e-mail address (a domain needs a dot and a 2+ letter TLD):
///   in code and configuration it names a host. Asset names such as `icon@2x.png` and
///   package pins such as `pkg@1.2.3` are not addresses either, and neither is the user
///   of a URL (`ssh://git@github.com/…`, a Sentry DSN's key): `mailto:` addresses are.
/// - A dotted quad glued to a word (`v1.2.3.4`, `build-1.2.3.4`) or after the word
///   "version"/"ver"/"release" is a version, not an IP address; a bare `1.2.3.4` is an address.
/// - Dates of birth must be real calendar dates with a year in 1896...2026: the reference
///   year is the fixed constant 2026, so the detector reads no clock and stays deterministic.
/// - Bare digit runs are never phone numbers, SSNs, BSNs, CPFs or Aadhaar numbers without
///   their keyword; grouped forms (`415-555-0132`, `123-45-6789`, `2345 6789 0124`,
///   `123.456.789-09`) stand on their own. A run of an id's length after the id's keyword
///   whose check fails is skipped, not read as a phone number (`CPF 00972009018`).
/// - Dates, times, versions, prices (`$`, `€`, `£`), `#` numbers, masked values (`****1111`),
///   digits inside identifiers, UUIDs and hashes are read once and skipped.
///
/// Speed: the scan stops only at digits, `@`, `+`, `(` and `::`; every look-around is bounded
/// (64 bytes around `@`, 45 around an IPv6 address, 24 back into a word), each number is read
/// once into `DigitGroups` and classified, and the context keywords (an `AhoCorasick`
/// automaton) are searched only near values that need one.
struct PIIDetector: Sendable {
    private let keywords: AhoCorasick
    private let keywordContexts: [PIIContext]
    private let maxKeywordLength: Int

    /// Built once per process, on first use: every detector shares the same immutable automaton.
    private static let compiled: (keywords: AhoCorasick, contexts: [PIIContext], maxLength: Int) = {
        let entries = PIIContext.keywords
        return (AhoCorasick(entries.map(\.0)), entries.map(\.1), entries.map { NormalizedText.normalize($0.0).count }.max() ?? 1)
    }()

    init() {
        (keywords, keywordContexts, maxKeywordLength) = Self.compiled
    }

    /// Appends a finding (category `.pii`) for each piece of personal data in `text`, in text
    /// order.
    func detect(in text: NormalizedText, into findings: inout [Finding]) {
        text.bytes.withUnsafeBufferPointer { bytes in
            var scan = PIIScan(bytes: bytes, text: text, keywords: keywords, keywordContexts: keywordContexts, maxKeywordLength: maxKeywordLength)
            // The scan appends straight into the caller's array (no second array, no copy).
            swap(&scan.found, &findings)
            scan.run()
            swap(&scan.found, &findings)
        }
    }
}
