import WardenCrypto
import WardenDetect
import WardenPolicy

/// How MCP server and tool names become Warden action types: `mcp.<server>.<tool>`.
///
/// Server names (from `--server-name` or the server's `serverInfo.name`) are lowercased; every
/// run of characters other than ASCII letters, digits, `-` and `_` becomes one `_` (so the
/// server part never contains a dot), leading and trailing `_` are dropped, and an empty result
/// is `server`: `Demo Server/v2` → `demo_server_v2`, `@acme/github` → `acme_github`.
///
/// Tool names keep their spelling (action types are matched case-insensitively anyway); each
/// character other than ASCII letters, digits, `_`, `-` and `.` becomes `_`, and an empty name
/// is `_`. MCP tool names are normally already in that alphabet, so `create_issue` stays
/// `create_issue` and a policy can say `mcp.github.create_issue` or `mcp.*.delete_*`.
enum MCPNames {
    static func server(_ raw: String) -> String {
        var out: [UInt8] = []
        var gap = false
        for b in raw.utf8 {
            let c = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) ? b + 32 : b
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "-") {
                if gap && !out.isEmpty { out.append(UInt8(ascii: "_")) }
                gap = false
                out.append(c)
            } else {
                gap = true
            }
        }
        return out.isEmpty ? "server" : String(decoding: out, as: UTF8.self)
    }

    static func tool(_ raw: String) -> String {
        var out = ""
        for scalar in raw.unicodeScalars {
            let allowed = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-" || scalar == ".")
            out.unicodeScalars.append(allowed ? scalar : "_")
        }
        return out.isEmpty ? "_" : out
    }

    static func actionType(server: String, tool: String) -> String {
        "mcp.\(server).\(self.tool(tool))"
    }
}

/// A tool name as the server spells it, compared byte for byte (Swift's `String` equality would
/// merge canonically equivalent spellings that an MCP server treats as two different tools).
struct MCPToolKey: Hashable, Sendable, Comparable {
    let name: String
    private let bytes: [UInt8]

    init(_ name: String) {
        self.name = name
        bytes = Array(name.utf8)
    }

    static func == (a: Self, b: Self) -> Bool { a.bytes == b.bytes }
    func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
    static func < (a: Self, b: Self) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}

/// One tool of a `tools/list` reply: its pinned identity and what the injection scan found.
struct MCPToolDefinition: Sendable, Equatable {
    /// The tool's name as the server spells it.
    let name: String
    /// What is pinned: `{"name", "description", "inputSchema"}` (the members present).
    let pinned: PolicyValue
    /// Lowercase hex SHA-256 of `pinned` as canonical JSON (keys sorted by UTF-8 bytes, no
    /// whitespace, `PolicyValue.jsonText`).
    let sha256: String
    /// The prompt injection found in the tool's texts, if any.
    let injection: MCPInjection?

    /// Reads one entry of `result.tools`; nil when it has no string `name`.
    init?(tool: PolicyValue, scanner: ContentScanner) {
        guard case .object(let members) = tool, case .string(let name)? = members["name"] else { return nil }
        self.name = name
        var pinned: [String: PolicyValue] = ["name": .string(name)]
        if let d = members["description"] { pinned["description"] = d }
        if let s = members["inputSchema"] { pinned["inputSchema"] = s }
        self.pinned = .object(pinned)
        sha256 = Self.hash(self.pinned)
        injection = MCPInjection.scan(members, scanner: scanner)
    }

    /// A definition read back from the pins file.
    init(name: String, pinned: PolicyValue, injection: MCPInjection?) {
        self.name = name
        self.pinned = pinned
        sha256 = Self.hash(pinned)
        self.injection = injection
    }

    static func hash(_ value: PolicyValue) -> String {
        Hex.encode(Digest.sha256(value.jsonText))
    }

    /// The description, for listings.
    var description: String? { pinned["description"]?.stringValue }
}

/// Prompt injection found in a tool definition's texts.
struct MCPInjection: Sendable, Equatable {
    /// The injection kinds found (`instruction_override`, `exfiltration`...), sorted, unique.
    var kinds: [String]
    /// The highest injection score of any one text.
    var score: Double
    /// Where the worst one is: `description`, `inputSchema.properties.path.description`...
    var field: String

    /// `instruction_override, exfiltration (score 0.985, in description)`.
    var summary: String {
        "\(kinds.joined(separator: ", ")); score \(String(format: "%.3f", score)), in \(field)"
    }

    /// Scans the texts a client shows the model: `title`, `description`, `annotations.title`,
    /// and every string inside `inputSchema` and `outputSchema` (descriptions, titles, defaults,
    /// enum values, examples).
    static func scan(_ tool: [String: PolicyValue], scanner: ContentScanner) -> MCPInjection? {
        var texts: [(field: String, text: String)] = []
        for key in ["title", "description"] {
            if case .string(let s)? = tool[key] { texts.append((key, s)) }
        }
        if case .string(let s)? = tool["annotations"]?["title"] { texts.append(("annotations.title", s)) }
        for key in ["inputSchema", "outputSchema"] {
            if let schema = tool[key] { collectStrings(schema, path: key, into: &texts) }
        }
        var kinds: Set<String> = []
        var best: (score: Double, field: String)?
        for (field, text) in texts where !text.isEmpty {
            let result = scanner.scan(text)
            let found = result.findings(in: .injection)
            if !found.isEmpty {
                kinds.formUnion(found.map(\.kind))
                if best == nil || result.injectionScore > best!.score { best = (result.injectionScore, field) }
            }
            // The covert style (read a secret file, pass it along, keep quiet): see MCPPoisoning.
            if let covert = MCPPoisoning.check(text) {
                kinds.insert("tool_poisoning")
                if best == nil || covert.score > best!.score { best = (covert.score, field) }
            }
        }
        guard let best else { return nil }
        return MCPInjection(kinds: kinds.sorted(), score: best.score, field: best.field)
    }

    private static func collectStrings(_ value: PolicyValue, path: String, into texts: inout [(field: String, text: String)], depth: Int = 0) {
        guard depth < 64 else { return }
        switch value {
        case .string(let s): texts.append((path, s))
        case .array(let items):
            for (i, item) in items.enumerated() { collectStrings(item, path: "\(path)[\(i)]", into: &texts, depth: depth + 1) }
        case .object(let members):
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                collectStrings(members[key]!, path: "\(path).\(key)", into: &texts, depth: depth + 1)
            }
        default: break
        }
    }

    /// The scanner the proxy uses: prompt injection only, from the default score of 0.5.
    static let scanner = ContentScanner(configuration: .init(categories: [.injection]))
}
