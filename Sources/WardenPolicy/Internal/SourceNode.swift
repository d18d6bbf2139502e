/// A position in a policy or JSON text: 1-based line and column (in Unicode scalars).
public struct SourceMark: Sendable, Hashable {
    /// 1-based line.
    public var line: Int
    /// 1-based column in Unicode scalars.
    public var column: Int

    /// Creates a mark.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A parsed document tree that remembers where each node came from, whether it was YAML or JSON.
///
/// The validator walks this tree so that every error can name its file, YAML path and line.
struct SourceNode: Sendable {
    struct Entry: Sendable {
        var key: String
        var keyMark: SourceMark?
        var value: SourceNode
    }

    enum Kind: Sendable {
        /// A scalar with its resolved value; `raw` keeps the text as written (YAML), so that
        /// `version: 1.10` can be read back as "1.10" rather than the float 1.1.
        case scalar(PolicyValue, raw: String?)
        case mapping([Entry])
        case sequence([SourceNode])
    }

    var kind: Kind
    var mark: SourceMark?

    /// The node as a plain value (mappings become objects; later duplicate keys never reach here
    /// because the parsers reject them).
    var value: PolicyValue {
        switch kind {
        case .scalar(let v, _): return v
        case .sequence(let items): return .array(items.map(\.value))
        case .mapping(let entries):
            var map: [String: PolicyValue] = [:]
            map.reserveCapacity(entries.count)
            for e in entries { map[e.key] = e.value.value }
            return .object(map)
        }
    }

    var typeName: String {
        switch kind {
        case .scalar(let v, _): return v.typeName
        case .mapping: return "map"
        case .sequence: return "list"
        }
    }
}
