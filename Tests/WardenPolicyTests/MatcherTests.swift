import Testing
@testable import WardenPolicy

@Suite("Globs, network destinations and schedules")
struct MatcherTests {
    static let nameGlobs: [(String, String, Bool)] = [
        ("payment.*", "payment.charge", true),
        ("payment.*", "payment", false),
        ("*.delete", "file.delete", true),
        ("mcp.*", "mcp.github.create_issue", true),
        ("file.[rw]*", "file.read", true),
        ("file.[!rw]*", "file.read", false),
        ("file.?dit", "file.edit", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("caf?", "café", true),
        ("🙂*", "🙂 hello", true),
        ("*", "", true),
        // The exact, prefix and suffix shapes compare bytes directly.
        ("file.read", "file.read", true), ("file.read", "file.rea", false), ("file.read", "file.reads", false),
        ("payment.*", "payment.", true), ("payment.*", "payment", false), ("payment.*", "xpayment.charge", false),
        ("*.delete", ".delete", true), ("*.delete", "delete", false), ("*.delete", "x.deletex", false),
        ("*é", "café", true), ("é*", "é", true), ("*é", "e", false), ("x", "", false), ("*x", "", false),
    ]

    @Test("name globs", arguments: nameGlobs)
    func nameGlob(_ c: (String, String, Bool)) throws {
        #expect(try Glob(c.0, flavor: .name).matches(c.1) == c.2, "\(c.0) vs \(c.1)")
    }

    static let pathGlobs: [(String, String, Bool)] = [
        ("/tmp/*", "/tmp/a", true),
        ("/tmp/*", "/tmp/a/b", false),
        ("/tmp/**", "/tmp/a/b", true),
        ("**/.env", "/home/u/app/.env", true),
        ("src/**/*.swift", "src/a/b/c.swift", true),
        ("src/*.swift", "src/a/c.swift", false),
    ]

    @Test("path globs: * stays within a segment, ** crosses", arguments: pathGlobs)
    func pathGlob(_ c: (String, String, Bool)) throws {
        #expect(try Glob(c.0, flavor: .path).matches(c.1) == c.2, "\(c.0) vs \(c.1)")
    }

    @Test("globs see the whole input however long")
    func longGlobInput() throws {
        let long = String(repeating: "a", count: 1_000_000) + ".delete"
        #expect(try Glob("*.delete", flavor: .name).matches(long))
        #expect(try Glob("a*b*.delete", flavor: .name).matches(long) == false)
        #expect(try Glob("a*a*.delete", flavor: .name).matches(long))
    }

    static let destinations: [(String, String, String?)] = [
        ("https://Example.COM./x", "example.com", nil),
        ("http://good.com@evil.com/", "evil.com", nil),
        ("http://user:pw@evil.com:8443/path?q=1#f", "evil.com", nil),
        ("https://[::1]:8080/", "::1", "::1"),
        ("http://2130706433/", "2130706433", "127.0.0.1"),
        ("http://0x7f.1/", "0x7f.1", "127.0.0.1"),
        ("http://0177.0.0.1/", "0177.0.0.1", "127.0.0.1"),
        ("http://127.1/", "127.1", "127.0.0.1"),
        ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254", "169.254.169.254"),
        ("http://evil%2ecom/", "evil.com", nil),
        ("example.org:443", "example.org", nil),
        ("http://a.com\\@b.com/", "a.com", nil),
    ]

    @Test("destination hosts are normalised", arguments: destinations)
    func destination(_ c: (String, String, String?)) throws {
        let d = try #require(Destination(c.0))
        #expect(d.host == c.1)
        if let ip = c.2 {
            let expected = try #require(IPAddress(ip))
            #expect(d.address == expected, "\(c.0)")
        } else {
            #expect(d.address == nil)
        }
    }

    @Test("CIDR ranges")
    func cidr() throws {
        let v4 = try #require(CIDRRange("169.254.0.0/16"))
        #expect(v4.contains(try #require(IPAddress("169.254.169.254"))))
        #expect(v4.contains(try #require(IPAddress("::ffff:169.254.1.1"))))
        #expect(!v4.contains(try #require(IPAddress("169.255.0.1"))))
        let v6 = try #require(CIDRRange("fd00::/8"))
        #expect(v6.contains(try #require(IPAddress("fd12:3456::1"))))
        #expect(!v6.contains(try #require(IPAddress("fe80::1"))))
        #expect(CIDRRange("10.0.0.0/33") == nil)
        #expect(CIDRRange("010.0.0.0/8") == nil)  // ambiguous octal spelling is not a valid range
        #expect(CIDRRange("::/0") != nil)
    }

    @Test("schedule: overnight windows and the previous-day rule")
    func overnight() throws {
        let rule = ScheduleRule(start: 22 * 60, end: 6 * 60, startText: "22:00", endText: "06:00", weekdays: [1, 2, 3, 4, 5],
                                timeZone: ScheduleRule.timeZone(named: "UTC")!, timeZoneName: "UTC")
        // 2026-11-20 is a Friday.
        let friday2300: Int64 = 1_795_215_600  // Fri 2026-11-20 23:00 UTC
        #expect(rule.violation(at: friday2300) == nil)
        #expect(rule.violation(at: friday2300 + 3 * 3600) == nil)  // Sat 02:00 belongs to Friday night
        #expect(rule.violation(at: friday2300 + 12 * 3600)?.rule == "schedule.active_hours")  // Sat 11:00
        #expect(rule.violation(at: friday2300 + 23 * 3600)?.rule == "schedule.weekdays")  // Sat 22:00
        #expect(rule.violation(at: friday2300 + 2 * 86_400 + 3 * 3600)?.rule == "schedule.weekdays")  // Mon 02:00 is Sunday night
    }

    @Test("schedule: timezones with daylight saving")
    func timezones() throws {
        let rule = ScheduleRule(start: 9 * 60, end: 17 * 60, startText: "09:00", endText: "17:00", weekdays: nil,
                                timeZone: ScheduleRule.timeZone(named: "America/New_York")!, timeZoneName: "America/New_York")
        // 2026-07-01 13:30 UTC = 09:30 EDT (inside); 2026-01-15 13:30 UTC = 08:30 EST (outside).
        #expect(rule.violation(at: 1_782_912_600) == nil)
        let winter = rule.violation(at: 1_768_483_800)
        #expect(winter?.rule == "schedule.active_hours")
        #expect(winter?.reason.contains("now Thu 08:30 America/New_York") == true, "\(winter?.reason ?? "")")
        #expect(ScheduleRule.timeZone(named: "EST5EDTX") == nil)
    }
}
