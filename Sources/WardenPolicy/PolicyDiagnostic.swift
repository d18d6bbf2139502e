/// One problem found in a policy: where it is and what is wrong.
///
/// Rendered as `file:line: path: message`, for example
/// `policies/bash.yaml:7: spec.tools.bash.limit_per_hour: must be > 0`.
public struct PolicyDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source the problem is in (usually a file path).
    public var file: String
    /// The YAML path of the offending node (`spec.statements[2].effect`); empty for the document.
    public var path: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column in Unicode scalars, when known.
    public var column: Int?
    /// What is wrong, in words that name the bad value.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var out = file
        if let line { out += ":\(line)" }
        out += ": "
        if !path.isEmpty { out += path + ": " }
        return out + message
    }

    /// The diagnostic as a JSON object (`file`, `line`, `column`, `path`, `message`).
    public var jsonText: String {
        var o = JSONObjectBuilder()
        o.field("file", string: file)
        o.field("line", line.map { PolicyValue.int(Int64($0)) } ?? .null)
        o.field("column", column.map { PolicyValue.int(Int64($0)) } ?? .null)
        o.field("path", string: path)
        o.field("message", string: message)
        return o.finish()
    }
}

/// Thrown when a policy set does not validate; carries every problem found, not just the first.
public struct PolicyLoadError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in source order.
    public var diagnostics: [PolicyDiagnostic]

    /// Wraps a list of problems.
    public init(diagnostics: [PolicyDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
