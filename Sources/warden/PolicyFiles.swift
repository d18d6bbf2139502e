import Foundation
import WardenGateway
import WardenPolicy
import WardenPolicyFiles

/// Reads policy files for the engine (which does no I/O itself).
enum PolicyFiles {
    /// Loads every policy file under the given paths: a directory contributes its `*.yaml`,
    /// `*.yml` and `*.json` files (not subdirectories) in name order; a file is taken as is.
    ///
    /// - Throws: `CLIError` naming a path that does not exist, is unreadable or is not UTF-8.
    static func sources(at paths: [String]) throws -> [PolicySource] {
        do {
            return try PolicyDirectory.sources(at: paths)
        } catch {
            throw CLIError(error.message)
        }
    }

    /// Loads and compiles, printing every validation error to stderr on failure.
    static func engine(at paths: [String]) throws -> PolicyEngine {
        let sources = try sources(at: paths)
        if sources.isEmpty {
            throw CLIError("no policy files (*.yaml, *.yml, *.json) in \(paths.map { "'\($0)'" }.joined(separator: ", "))")
        }
        do {
            return try PolicyEngine(sources: sources)
        } catch {
            for d in error.diagnostics { Console.error(d.description) }
            throw CLIError("policies are invalid (\(error.diagnostics.count) error\(error.diagnostics.count == 1 ? "" : "s")); run `warden validate` for details")
        }
    }
}
