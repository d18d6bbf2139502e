/// Formats Unix seconds as an RFC 3339 UTC time, for error messages (`2023-11-14T22:13:20Z`).
///
/// Uses the proleptic Gregorian calendar (Howard Hinnant's `civil_from_days`), so it needs no
/// calendar library; times outside years 0–9999 fall back to the raw number.
func rfc3339(unixSeconds: Int64) -> String {
    // 0000-01-01 and 9999-12-31T23:59:59 in Unix seconds.
    guard unixSeconds >= -62_167_219_200, unixSeconds <= 253_402_300_799 else { return "\(unixSeconds) (Unix seconds)" }
    let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
    let secondsOfDay = unixSeconds - days * 86_400
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

    func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay / 60 % 60, 2)):\(pad(secondsOfDay % 60, 2))Z"
}
