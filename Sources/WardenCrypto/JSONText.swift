/// JSON string literals, for the other Warden modules that write small JSON by hand.
public enum JSONText {
    /// `value` as a quoted, escaped JSON string (no truncation).
    public static func quoted(_ value: String) -> String {
        WardenCrypto.quoted(value, limit: nil)
    }
}
