import Foundation  // TimeZone: the IANA database lookup and UTC offsets (no file access of ours)

/// `schedule:` — when actions may happen at all. Outside the window the answer is deny.
struct ScheduleRule: Sendable {
    /// Minutes since midnight; `end` may be less than `start` for an overnight window
    /// (22:00–06:00), and 1440 stands for "24:00".
    var start: Int?
    var end: Int?
    var startText: String
    var endText: String
    /// Allowed weekdays, 1 = Monday ... 7 = Sunday.
    var weekdays: Set<Int>?
    var timeZone: TimeZone
    var timeZoneName: String

    static let weekdayNames = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7,
                               "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
                               "saturday": 6, "sunday": 7]
    static let shortNames = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Parses `HH:MM` (00:00–24:00).
    static func parseClock(_ s: String) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m)
        else { return nil }
        if h == 24 && m != 0 { return nil }
        return h * 60 + m
    }

    /// Read once: listing the zone database is slow and it does not change while we run.
    private static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)

    static func timeZone(named name: String) -> TimeZone? {
        if name == "UTC" || name == "Etc/UTC" { return TimeZone(identifier: "UTC") }
        // Foundation also accepts abbreviations like "EST" for identifier lookups on some
        // platforms; policies must name a real IANA zone, so insist on a known identifier.
        guard knownZones.contains(name) else { return nil }
        return TimeZone(identifier: name)
    }

    /// Local weekday (1 = Monday) and minute of day at `unixSeconds`.
    func localTime(_ unixSeconds: Int64) -> (weekday: Int, minute: Int) {
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(unixSeconds))))
        let local = unixSeconds + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        // 1970-01-01 was a Thursday (weekday 4).
        let weekday = Int(((days % 7) + 7 + 3) % 7) + 1
        return (weekday, Int(secondOfDay / 60))
    }

    /// Nil when the action is inside the schedule; otherwise why not, with the rule id.
    func violation(at unixSeconds: Int64) -> (rule: String, reason: String)? {
        let (weekday, minute) = localTime(unixSeconds)
        let now = String(format: "%@ %02d:%02d %@", ScheduleRule.shortNames[weekday], minute / 60, minute % 60, timeZoneName)
        var effectiveDay = weekday
        if let start, let end {
            let inside: Bool
            if start < end {
                inside = minute >= start && minute < end
            } else {
                // Overnight window: the hours after midnight belong to the previous day's shift.
                inside = minute >= start || minute < end
                if minute < end { effectiveDay = weekday == 1 ? 7 : weekday - 1 }
            }
            if !inside {
                return ("schedule.active_hours", "outside active hours \(startText)–\(endText) \(timeZoneName) (now \(now))")
            }
        }
        if let weekdays, !weekdays.contains(effectiveDay) {
            let allowed = weekdays.sorted().map { ScheduleRule.shortNames[$0] }.joined(separator: ", ")
            return ("schedule.weekdays", "not an allowed weekday (allowed: \(allowed); now \(now))")
        }
        return nil
    }
}

/// The current wall-clock time, for `schedule` rules when the caller gives none.
enum WallClock {
    static func nowUnixSeconds() -> Int64 {
        Int64(Date().timeIntervalSince1970.rounded(.down))
    }
}
