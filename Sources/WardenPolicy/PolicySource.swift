/// The text of one policy file, handed to the engine by whoever read it (the engine itself does no I/O).
public struct PolicySource: Sendable {
    /// How the text is written.
    public enum Format: Sendable {
        /// YAML 1.2 (core schema); JSON documents are valid YAML and accepted too.
        case yaml
        /// Strict JSON: one document per source.
        case json
    }

    /// A name used in diagnostics and as the default policy name (usually the file path).
    public var name: String
    /// The policy text.
    public var text: String
    /// How to parse `text`.
    public var format: Format

    /// - Parameters:
    ///   - name: shown in diagnostics; a name ending in `.json` selects the JSON parser unless
    ///     `format` says otherwise.
    ///   - text: the policy text.
    ///   - format: overrides the format inferred from `name`.
    public init(name: String, text: String, format: Format? = nil) {
        self.name = name
        self.text = text
        self.format = format ?? (name.lowercased().hasSuffix(".json") ? .json : .yaml)
    }

    /// True for the file names a policy directory loads: `*.yaml`, `*.yml` and `*.json`.
    public static func isPolicyFileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return !lower.hasPrefix(".") && (lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json"))
    }
}
