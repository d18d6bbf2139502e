import Foundation
import Testing
@testable import WardenPolicy

/// Shared helpers for the WardenPolicy tests.
enum Fixtures {
    /// The package root, found from this file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Compiles one YAML policy, failing the test with every diagnostic if it is invalid.
    static func engine(_ yaml: String, name: String = "test.yaml", sourceLocation: SourceLocation = #_sourceLocation) throws -> PolicyEngine {
        do {
            return try PolicyEngine(sources: [PolicySource(name: name, text: yaml)])
        } catch {
            Issue.record("policy did not compile:\n\(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Compiles several named sources.
    static func engine(_ sources: [(String, String)]) throws -> PolicyEngine {
        try PolicyEngine(sources: sources.map { PolicySource(name: $0.0, text: $0.1) })
    }

    /// The diagnostics for an invalid policy (empty when it compiles).
    static func diagnostics(_ yaml: String, name: String = "test.yaml") -> [PolicyDiagnostic] {
        PolicyEngine.validate([PolicySource(name: name, text: yaml)])
    }

    /// Reads every policy file in a directory, in name order, as the CLI does.
    static func sources(inDirectory dir: URL) throws -> [PolicySource] {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter(PolicySource.isPolicyFileName)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return try names.map { name in
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            return PolicySource(name: name, text: text)
        }
    }
}
