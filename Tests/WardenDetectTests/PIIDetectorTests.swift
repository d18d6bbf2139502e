import Testing
@testable import WardenDetect

@Suite("PII detector")
struct PIIDetectorTests {
    private static let detector = PIIDetector()

    private static func scan(_ text: String) -> [Finding] {
        var findings: [Finding] = []
        detector.detect(in: NormalizedText(text), into: &findings)
        return findings
    }

    /// The byte range of the first occurrence of `value` in `text`.
    private static func span(of value: String, in text: String) -> Range<Int>? {
        let t = Array(text.utf8), v = Array(value.utf8)
        guard !v.isEmpty, v.count <= t.count else { return nil }
        for i in 0...(t.count - v.count) where Array(t[i..<(i + v.count)]) == v { return i..<(i + v.count) }
        return nil
    }

    private static func expectSingle(_ text: String, kind: String, value: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = scan(text)
        #expect(found.map(\.kind) == [kind], "in: \(text)", sourceLocation: sourceLocation)
        if let f = found.first, let expected = span(of: value, in: text) {
            #expect(f.range == expected, "span of \(kind) in: \(text)", sourceLocation: sourceLocation)
            #expect(f.category == .pii, sourceLocation: sourceLocation)
        }
    }

    // MARK: - Positives

    @Test("finds e-mail addresses", arguments: [
        ("mail me at ana@example.com.", "ana@example.com"),
        ("Contact: first.last+tag@mail.example.co.uk, thanks", "first.last+tag@mail.example.co.uk"),
        ("<john_doe42@sub-domain.example.org>", "john_doe42@sub-domain.example.org"),
        ("mailto:j.smith@example.io?subject=hi", "j.smith@example.io"),
        ("USER%ops@EXAMPLE.NET", "USER%ops@EXAMPLE.NET"),
    ])
    func email(text: String, value: String) {
        Self.expectSingle(text, kind: "email", value: value)
    }

    @Test("finds phone numbers in international and national formats", arguments: [
        ("call +1 415 555 0132 now", "+1 415 555 0132"),
        ("US (415) 555-0132 office", "(415) 555-0132"),
        ("US 415-555-0132", "415-555-0132"),
        ("US 415.555.0132", "415.555.0132"),
        ("US 1-415-555-0132", "1-415-555-0132"),
        ("US 1 (415) 555-0132", "1 (415) 555-0132"),
        ("+1 (415) 555-0132", "+1 (415) 555-0132"),
        ("UK 07700 900123", "07700 900123"),
        ("UK 020 7946 0958", "020 7946 0958"),
        ("UK +44 20 7946 0958", "+44 20 7946 0958"),
        ("UK +44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        ("UK +44 7700 900123", "+44 7700 900123"),
        ("DE 030 1234567", "030 1234567"),
        ("DE 0151 12345678", "0151 12345678"),
        ("DE 030/1234567", "030/1234567"),
        ("DE +49 30 1234567", "+49 30 1234567"),
        ("DE 0049 30 1234567", "0049 30 1234567"),
        ("FR 01 23 45 67 89", "01 23 45 67 89"),
        ("FR 06 12 34 56 78", "06 12 34 56 78"),
        ("FR 01.23.45.67.89", "01.23.45.67.89"),
        ("FR +33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("IN +91 98765 43210", "+91 98765 43210"),
        ("IN 098765 43210", "098765 43210"),
        ("E.164 +14155550132.", "+14155550132"),
        ("call me on 07700900123", "07700900123"),
        ("tel: 4155550132", "4155550132"),
        ("between 20 415-555-0132", "415-555-0132"),
        ("CN +86 138 0013 8000", "+86 138 0013 8000"),
        ("RU +7 495 123-45-67", "+7 495 123-45-67"),
        ("DE +49 (0)30 1234567", "+49 (0)30 1234567"),
        ("Phone:415-555-0132", "415-555-0132"),
    ])
    func phone(text: String, value: String) {
        Self.expectSingle(text, kind: "phone", value: value)
    }

    @Test("finds US social security numbers", arguments: [
        ("SSN 123-45-6789", "123-45-6789"),
        ("SSN:123-45-6789", "123-45-6789"),
        ("her number is 536 90 4321.", "536 90 4321"),
        ("SSN: 536904321", "536904321"),
        ("social security number 536904321", "536904321"),
    ])
    func ssn(text: String, value: String) {
        Self.expectSingle(text, kind: "us_ssn", value: value)
    }

    @Test("finds Luhn-valid payment cards of the major brands", arguments: [
        ("visa 4111111111111111 exp", "4111111111111111"),
        ("visa 4111 1111 1111 1111", "4111 1111 1111 1111"),
        ("mc 5555-5555-5555-4444", "5555-5555-5555-4444"),
        ("mc2 2221 0000 0000 0009", "2221 0000 0000 0009"),
        ("amex 3782 822463 10005", "3782 822463 10005"),
        ("amex 378282246310005", "378282246310005"),
        ("discover 6011 1111 1111 1117", "6011 1111 1111 1117"),
        ("jcb 3530111333300000", "3530111333300000"),
        ("diners 3056 930902 5904", "3056 930902 5904"),
        ("unionpay 6200000000000005", "6200000000000005"),
        ("visa13 4222222222222", "4222222222222"),
        ("card 4111 1111 1111 1111 123", "4111 1111 1111 1111"),
    ])
    func card(text: String, value: String) {
        Self.expectSingle(text, kind: "credit_card", value: value)
    }

    @Test("finds IBANs, compact and grouped", arguments: [
        ("IBAN DE89370400440532013000.", "DE89370400440532013000"),
        ("IBAN: DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
        ("GB29 NWBK 6016 1331 9268 19", "GB29 NWBK 6016 1331 9268 19"),
        ("pay FR1420041010050500013M02606 today", "FR1420041010050500013M02606"),
        ("NO9386011117947", "NO9386011117947"),
        ("CH93 0076 2011 6238 5295 7", "CH93 0076 2011 6238 5295 7"),
        ("FR76 3000 6000 0112 3456 7890 189", "FR76 3000 6000 0112 3456 7890 189"),
        ("IT60 X054 2811 1010 0000 0123 456", "IT60 X054 2811 1010 0000 0123 456"),
        ("ES91 2100 0418 4502 0005 1332", "ES91 2100 0418 4502 0005 1332"),
        ("NL91 ABNA 0417 1643 00 BIC ABNANL2A", "NL91 ABNA 0417 1643 00"),
    ])
    func iban(text: String, value: String) {
        Self.expectSingle(text, kind: "iban", value: value)
    }

    @Test("finds IPv4 and IPv6 addresses", arguments: [
        ("host 192.168.0.1 is up", "192.168.0.1"),
        ("IP:10.0.0.1", "10.0.0.1"),
        ("http://192.168.1.1:8080/path", "192.168.1.1"),
        ("from 10.0.0.255:8080", "10.0.0.255"),
        ("route 172.16.0.0/12", "172.16.0.0"),
        ("addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
        ("addr 2001:db8::1.", "2001:db8::1"),
        ("loopback ::1 ok", "::1"),
        ("link fe80::1ff:fe23:4567:890a%eth0", "fe80::1ff:fe23:4567:890a"),
        ("mapped ::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("[2001:db8::8a2e:370:7334]:443", "2001:db8::8a2e:370:7334"),
    ])
    func ipAddress(text: String, value: String) {
        Self.expectSingle(text, kind: "ip_address", value: value)
    }

    @Test("finds passport, licence and birth dates after their keywords", arguments: [
        ("Passport: X1234567", "passport_number", "X1234567"),
        ("passport no. 123456789", "passport_number", "123456789"),
        ("Pasaporte: AB123456", "passport_number", "AB123456"),
        ("Numéro de passeport 12AB34567", "passport_number", "12AB34567"),
        ("Reisepass C01X00T47", "passport_number", "C01X00T47"),
        ("Driver's license: D1234567", "drivers_license", "D1234567"),
        ("DL# S53041283456", "drivers_license", "S53041283456"),
        ("Führerschein B072RRE2I55", "drivers_license", "B072RRE2I55"),
        ("permis de conduire 123456789012", "drivers_license", "123456789012"),
        ("DOB: 1990-05-17", "date_of_birth", "1990-05-17"),
        ("date of birth 17/05/1990", "date_of_birth", "17/05/1990"),
        ("born 05/17/1990 in Ohio", "date_of_birth", "05/17/1990"),
        ("geboren am 17.05.1990", "date_of_birth", "17.05.1990"),
        ("Birthday: 5 March 1990", "date_of_birth", "5 March 1990"),
        ("born on March 5, 1990", "date_of_birth", "March 5, 1990"),
        ("fecha de nacimiento: 12 de marzo de 1990", "date_of_birth", "12 de marzo de 1990"),
        ("née le 1er janvier 1985", "date_of_birth", "1er janvier 1985"),
        ("Geburtsdatum 3. März 1985", "date_of_birth", "3. März 1985"),
        ("DOB 29/02/2000", "date_of_birth", "29/02/2000"),
    ])
    func contextual(text: String, kind: String, value: String) {
        Self.expectSingle(text, kind: kind, value: value)
    }

    @Test("finds national ids with verified check digits", arguments: [
        ("Aadhaar 2345 6789 0124", "in_aadhaar", "2345 6789 0124"),
        ("aadhaar no 234567890124", "in_aadhaar", "234567890124"),
        ("DNI 12345678Z", "es_dni", "12345678Z"),
        ("DNI 12345678-Z", "es_dni", "12345678-Z"),
        ("NIE X1234567L", "es_dni", "X1234567L"),
        ("NIE Y7654321G.", "es_dni", "Y7654321G"),
        ("CPF 123.456.789-09", "br_cpf", "123.456.789-09"),
        ("CPF: 12345678909", "br_cpf", "12345678909"),
        ("BSN 111222333", "nl_bsn", "111222333"),
        ("burgerservicenummer: 123456782", "nl_bsn", "123456782"),
        ("NIR 1 85 05 78 006 084 91", "fr_nir", "1 85 05 78 006 084 91"),
        ("sécu 185057800608491", "fr_nir", "185057800608491"),
        ("CF RSSMRA85T10A562S", "it_codice_fiscale", "RSSMRA85T10A562S"),
        ("NINO AB123456C", "uk_nino", "AB123456C"),
        ("national insurance AB 12 34 56 C", "uk_nino", "AB 12 34 56 C"),
        ("ni number AB123456", "uk_nino", "AB123456"),
    ])
    func nationalIds(text: String, kind: String, value: String) {
        Self.expectSingle(text, kind: kind, value: value)
    }

    // MARK: - Severity and score

    @Test("severity and score follow the kind and the evidence", arguments: [
        ("4111111111111111", "credit_card", Severity.high, 1.0),
        ("DE89370400440532013000", "iban", .medium, 1.0),
        ("ana@example.com", "email", .medium, 0.95),
        ("192.168.0.1", "ip_address", .low, 0.9),
        ("123-45-6789", "us_ssn", .high, 0.85),
        ("SSN: 536904321", "us_ssn", .high, 0.8),
        ("+44 20 7946 0958", "phone", .medium, 0.9),
        ("phone 020 7946 0958", "phone", .medium, 0.8),
        ("(415) 555-0132", "phone", .medium, 0.85),
        ("DNI 12345678Z", "es_dni", .high, 1.0),
        ("AB123456C", "uk_nino", .high, 0.7),
        ("DOB 1990-05-17", "date_of_birth", .medium, 0.9),
        ("passport X1234567", "passport_number", .high, 0.85),
    ])
    func severityAndScore(text: String, kind: String, severity: Severity, score: Double) {
        let found = Self.scan(text)
        #expect(found.count == 1)
        #expect(found.first?.kind == kind)
        #expect(found.first?.severity == severity)
        #expect(found.first?.score == score)
    }

    // MARK: - Hard negatives

    @Test("ignores look-alikes", arguments: [
        // Identifiers, hashes, versions
        "id 550e8400-e29b-41d4-a716-446655440000 done",
        "id 12345678-1234-1234-1234-123456789012",
        "sha d41d8cd98f00b204e9800998ecf8427e",
        "sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
        "commit 4111111111111111abc",
        "release v1.2.3.4 is out",
        "build-1.2.3.4 and lib-2.0.1",
        "version 1.2.3.4",
        "version: 10.2.3.4 and build 1.2.3.4-beta",
        "chrome/120.0.6099.109",
        "user_4111111111111111",
        "order-4155550132",
        // Dates, times
        "at 2026-12-01T10:00:00Z the job ran",
        "at 2026-12-01 10:00:00.123+02:00",
        "on 01/12/2026 and 12.01.26",
        "at 10:30 or 23:59:59",
        "expires 12/28 or 05/2026",
        // Numbers that are not PII
        "order 100234567 shipped",
        "invoice INV-2026-000123 and #4111111111111111",
        "total $1,234.56 or €4111111111111111",
        "price £4111 1111 1111 1111",
        "card 4111111111111112",
        "card 1234 5678 9012 3456",
        "masked **** **** **** 1111",
        "masked ****************1111",
        "masked XXXX-XXXX-XXXX-1111",
        "ZIP 94103 and 94103-1234",
        "zip 10001, 90210",
        "  at main.swift:123:45\n  at Foo.bar (file.js:1234:56)",
        "File \"app.py\", line 4155550132",
        "count 1234567890123456789012345",
        "ts 1764583200 and 1764583200000",
        "ratio 3.14159 and 2.5",
        // SSN rules
        "bad 000-12-3456, 666-12-3456, 900-12-3456",
        "bad 123-00-4567, 123-45-0000",
        "ad 078-05-1120 and 219-09-9999",
        "nine 536904321 without a keyword",
        // Ids without their keyword or with a bad check
        "bsn 123456789",
        "passport photo tomorrow",
        "aadhaar 2345 6789 0125",
        "234567890124",
        "DNI 12345678A",
        "CPF 123.456.789-00",
        "CF RSSMRA85T10A562T",
        "IBAN DE89370400440532013001",
        "GB29 NWBK 6016 1331 9268 18",
        "DOB 1990-02-30",
        "born 1820-01-01",
        "DOB 2027-01-01",
        "QQ123456C",
        // Network look-alikes
        "mac 00:1A:2B:3C:4D:5E",
        "ip 256.1.1.1 and 01.2.3.4",
        "five 1.2.3.4.5",
        "std::vector and Foo::bar and a::b",
        "dead::beef",
        // E-mail look-alikes
        "icon@2x.png and logo@3x.webp",
        "lodash@4.17.21 and @types/node",
        "user@localhost",
        "git@github.com:org/repo.git",
        "@testable import",
        "a@b",
        // Phones that are not
        "+5 points",
        "+2026-12-01",
        "UTC+05:30",
        "1 2 3 4 5 6 7 8 9 10 11 12",
        "call 555-0132",
        "f(415) 555",
        "phone 123 456 7890",
        "Ticket 415-5550",
        "CVE-2024-12345 and RFC 5321 and PR #12345",
        "line 42, column 7 and 1920x1080 at 60Hz",
        "port 8080, 1,234,567,890 units",
        "ISBN 978-3-16-148410-0",
        "tracking 1Z999AA10123456784",
        "5 March 1990",
        "for i in 0..<10 { a[123] = 0x1234567890abcdef }",
        "UUID 123e4567-e89b-12d3-a456-426614174000",
    ])
    func negatives(text: String) {
        let found = Self.scan(text)
        #expect(found.isEmpty, "\(found.map(\.kind)) in: \(text)")
    }

    @Test("the user of a URL is an account on its host, not a mailbox", arguments: [
        "git clone ssh://git@github.com/fabrikam/infra.git",
        "SENTRY_DSN=https://406f9482724c09bf839477b3b4c11d61@o446312.ingest.sentry.io/3472238",
        "see https://ana@example.com/path and ftp://ana:pw@files.example.com/pub",
        "git+ssh://deploy@git.example.org/repo.git",
    ])
    func urlUserinfo(text: String) {
        let found = Self.scan(text)
        #expect(found.isEmpty, "\(found.map(\.kind)) in: \(text)")
    }

    @Test("an address in a URL path or after mailto: is still an address", arguments: [
        ("mailto:ana@example.com", "ana@example.com"),
        ("https://example.com/users/ana@example.com", "ana@example.com"),
        ("write to: ana@example.com", "ana@example.com"),
    ])
    func emailNotUserinfo(text: String, value: String) {
        Self.expectSingle(text, kind: "email", value: value)
    }

    @Test("a national id whose check fails is not read as a phone number", arguments: [
        "CPF 00972009018", "CPF: 00972009018 inválido", "Aadhaar 009720090181", "NIR 004912345678901",
        "numéro de sécurité sociale 0033123456789",
    ])
    func failedIdIsNotPhone(text: String) {
        let found = Self.scan(text)
        #expect(found.isEmpty, "\(found.map(\.kind)) in: \(text)")
    }

    @Test("without an id keyword the same digits are still a phone number")
    func phoneWithoutIdKeyword() {
        for value in ["00972009018", "009720090181", "004912345678901", "0033123456789"] {
            Self.expectSingle("dial \(value) now", kind: "phone", value: value)
        }
    }

    @Test("keywords count only within 40 bytes and as whole words")
    func contextWindow() {
        #expect(Self.scan("SSN: 536904321").map(\.kind) == ["us_ssn"])
        #expect(Self.scan("SSN" + String(repeating: " ", count: 41) + "536904321").isEmpty)
        #expect(Self.scan("SSNs 536904321").isEmpty)
        #expect(Self.scan("handle 123456789").isEmpty)  // "dl" inside a word
        #expect(Self.scan("stubborn 1990-05-17").isEmpty)
    }

    // MARK: - Unicode evasion

    @Test("sees through zero-width and fullwidth characters, spans in original bytes")
    func evasion() {
        let zw = "mail ana\u{200B}@example.com now"
        let found = Self.scan(zw)
        #expect(found.map(\.kind) == ["email"])
        #expect(found.first?.range == 5..<(5 + "ana\u{200B}@example.com".utf8.count))

        let full = "card ４１１１ １１１１ １１１１ １１１１!"
        let cards = Self.scan(full)
        #expect(cards.map(\.kind) == ["credit_card"])
        #expect(cards.first?.range == 5..<(full.utf8.count - 1))

        let hidden = "card 4111\u{200B}1111\u{200D}1111\u{2060}1111"
        #expect(Self.scan(hidden).map(\.kind) == ["credit_card"])
        #expect(Self.scan(hidden).first?.range == 5..<hidden.utf8.count)

        let ssn = "SSN 123\u{2011}45\u{2011}6789"  // non-breaking hyphens
        #expect(Self.scan(ssn).map(\.kind) == ["us_ssn"])
        #expect(Self.scan(ssn).first?.range == 4..<ssn.utf8.count)

        let phone = "tel ＋４４ ２０ ７９４６ ０９５８"
        #expect(Self.scan(phone).map(\.kind) == ["phone"])
        #expect(Self.scan(phone).first?.range == 4..<phone.utf8.count)

        let dob = "Geburtsdatum 3. März 1985"
        #expect(Self.scan(dob).first?.range == 13..<dob.utf8.count)
    }

    // MARK: - Idempotence

    @Test("redaction labels and masks scan clean", arguments: [
        "[EMAIL_REDACTED]", "[PHONE_REDACTED] and [CREDIT_CARD_REDACTED]", "SSN: [US_SSN_REDACTED]",
        "DOB: [DATE_OF_BIRTH_REDACTED]", "password=[PASSWORD_ASSIGNMENT_REDACTED]",
        "[AWS_SECRET_ACCESS_KEY_REDACTED]", "**** **** **** 1111", "****************1111",
        "***-**-****", "(***) ***-****", "**** **** **** **** **** 3000", "***@*******.***",
    ])
    func redactedIsClean(text: String) {
        #expect(Self.scan(text).isEmpty)
    }

    @Test("redacted and masked output of the scanner finds no more PII", arguments: [RedactionMode.redact, .mask, .remove])
    func redactionIdempotent(mode: RedactionMode) {
        let scanner = ContentScanner(configuration: .init(categories: [.pii]))
        let text = "Ana <ana@example.com>, +44 20 7946 0958, card 4111 1111 1111 1111, SSN 123-45-6789, "
            + "IBAN DE89 3704 0044 0532 0130 00, DOB: 1990-05-17, host 10.0.0.1, CPF 123.456.789-09"
        let (redacted, result) = scanner.redact(text, mode: mode)
        #expect(result.findings.count == 8)
        #expect(Self.scan(redacted).isEmpty, "\(redacted)")
    }

    // MARK: - Determinism and bounds

    @Test("findings are deterministic and in text order")
    func order() {
        let text = "a@example.com 415-555-0132 4111111111111111 10.0.0.1 b@example.org"
        let first = Self.scan(text)
        #expect(first.map(\.kind) == ["email", "phone", "credit_card", "ip_address", "email"])
        #expect(first == Self.scan(text))
        #expect(first.map(\.start) == first.map(\.start).sorted())
    }

    @Test("pathological inputs finish and find what they hold")
    func pathological() {
        let digits = String(repeating: "1", count: 200_000)
        #expect(Self.scan(digits).isEmpty)
        let spaced = String(repeating: "1 ", count: 100_000)
        #expect(Self.scan(spaced).isEmpty)
        let ats = String(repeating: "a@", count: 100_000)
        #expect(Self.scan(ats).isEmpty)
        let colons = String(repeating: "1:", count: 100_000)
        #expect(Self.scan(colons).isEmpty)
        let keywords = String(repeating: "ssn dob ", count: 20_000) + "SSN 536904321"
        #expect(Self.scan(keywords).map(\.kind) == ["us_ssn"])
        let many = String(repeating: "ana@example.com ", count: 10_000)
        #expect(Self.scan(many).count == 10_000)
    }
}
