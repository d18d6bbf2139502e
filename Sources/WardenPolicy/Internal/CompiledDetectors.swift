import Synchronization
import WardenDetect

/// What a policy does with content findings of one category (`data.pii: redact`).
enum DetectorMode: String, Sendable {
    /// Deny the action.
    case block
    /// Let other rules decide, and list the findings so the caller (and the audit log) redact them.
    case redact
    /// Let other rules decide, and list the findings.
    case warn
    /// Do not scan for this category.
    case off

    /// block > redact > warn > off, for merging findings reported under several policies.
    var rank: Int {
        switch self {
        case .block: 3
        case .redact: 2
        case .warn: 1
        case .off: 0
        }
    }
}

/// A policy's `data.pii | secrets | injection | tool_arguments` settings, with the scanners they need.
struct CompiledDetectors: Sendable {
    enum Category: CaseIterable, Sendable {
        case pii, secrets, injection, toolArguments

        /// The key under `data:`.
        var key: String {
            switch self {
            case .pii: "pii"
            case .secrets: "secrets"
            case .injection: "injection"
            case .toolArguments: "tool_arguments"
            }
        }

        var detection: DetectionCategory {
            switch self {
            case .pii: .pii
            case .secrets: .secret
            case .injection: .injection
            case .toolArguments: .tool
            }
        }

        /// How a reason names what was found.
        var noun: String {
            switch self {
            case .pii: "personal data"
            case .secrets: "a secret"
            case .injection: "prompt injection"
            case .toolArguments: "a dangerous tool argument"
            }
        }
    }

    struct Setting: Sendable {
        var mode: DetectorMode
        var minimumSeverity: Severity
        /// Action globs this setting applies to; nil = every action.
        var actions: [Glob]?
        var injectionThreshold: Double
        var info: RuleInfo

        func applies(to typeKey: String) -> Bool {
            guard mode != .off else { return false }
            guard let actions else { return true }
            return actions.contains { $0.matches(typeKey) }
        }
    }

    let settings: [Category: Setting]
    /// The text categories that are on, each with its bit in a scanner mask.
    private let textSettings: [(bit: Int, category: Category, setting: Setting)]
    private let scanners: ScannerCache

    /// The scanner for each combination of text categories (a mask of `textSettings` bits),
    /// made when a check first needs it and kept: which categories apply depends on the action
    /// type, and making a scanner per check (a set of categories and three detectors) cost more
    /// than scanning a short param.
    private final class ScannerCache: Sendable {
        let byMask = Mutex<[ContentScanner?]>(Array(repeating: nil, count: 8))
    }

    /// nil when no category is on (nothing to scan).
    init?(_ settings: [Category: Setting]) {
        let on = settings.filter { $0.value.mode != .off }
        if on.isEmpty { return nil }
        self.settings = on
        textSettings = [(1, Category.pii), (2, .secrets), (4, .injection)].compactMap { bit, category in
            on[category].map { (bit, category, $0) }
        }
        scanners = ScannerCache()
    }

    /// The text detectors whose settings apply to actions of `typeKey` (nil when none does), so
    /// a detector scoped away from an action type (`injection: {actions: ["llm.*"]}`) costs it
    /// nothing.
    func scanner(for typeKey: String) -> ContentScanner? {
        var mask = 0
        for entry in textSettings where entry.setting.applies(to: typeKey) { mask |= entry.bit }
        if mask == 0 { return nil }
        return scanners.byMask.withLock { byMask in
            if let made = byMask[mask] { return made }
            let categories = Set(textSettings.filter { mask & $0.bit != 0 }.map(\.category.detection))
            let made = ContentScanner(configuration: .init(categories: categories, injectionThreshold: settings[.injection]?.injectionThreshold ?? 0.5))
            byMask[mask] = made
            return made
        }
    }

    /// The tool-argument checks, when `tool_arguments` applies to actions of `typeKey`.
    func toolScanner(for typeKey: String) -> ToolArgumentScanner? {
        settings[.toolArguments]?.applies(to: typeKey) == true ? ToolArgumentScanner() : nil
    }

    func setting(for category: DetectionCategory) -> Setting? {
        switch category {
        case .pii: settings[.pii]
        case .secret: settings[.secrets]
        case .injection: settings[.injection]
        case .tool: settings[.toolArguments]
        }
    }
}

extension Risk {
    init(_ severity: Severity) {
        switch severity {
        case .low: self = .low
        case .medium: self = .medium
        case .high: self = .high
        case .critical: self = .critical
        }
    }
}

extension ToolArgumentScanner.ArgumentKind {
    /// How an action's `target` is read by the tool-argument checks, from the action type's
    /// first segment: `web.fetch` / `http.*` → URL, `file.*` → path, `bash.*` / `shell.*` →
    /// shell, `sql.*` / `db.*` → SQL, anything else → text.
    static func target(ofType typeKey: String) -> Self {
        let first = typeKey.split(separator: ".", maxSplits: 1).first.map(String.init) ?? typeKey
        switch first {
        case "web", "http", "https", "url", "browser", "fetch": return .url
        case "file", "fs", "dir", "directory": return .path
        case "bash", "shell", "sh", "zsh", "process", "exec", "command", "terminal": return .shell
        case "sql", "db", "database", "postgres", "mysql", "sqlite": return .sql
        default: return .text
        }
    }
}
