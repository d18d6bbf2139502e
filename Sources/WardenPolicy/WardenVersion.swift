/// The Warden release, shared by the CLI, the gateway and libwarden.
public enum WardenVersion {
    public static let current = "0.1.0"
}
