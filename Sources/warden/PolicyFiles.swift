import Foundation
import WardenPolicy

/// Reads policy files for the engine (which does no I/O itself).
enum PolicyFiles {
    /// Loads every policy file under the given paths: a directory contributes its `*.yaml`,
    /// `*.yml` and `*.json` files (not subdirectories) in name order; a file is taken as is.
    ///
    /// - Throws: `CLIError` naming a path that does not exist, is unreadable or is not UTF-8.
    static func sources(at paths: [String]) throws -> [PolicySource] {
        var out: [PolicySource] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw CLIError("policy path '\(path)' does not exist")
            }
            if isDir.boolValue {
                let names: [String]
                do { names = try fm.contentsOfDirectory(atPath: path) } catch {
                    throw CLIError("cannot list policy directory '\(path)': \(error.localizedDescription)")
                }
                let files = names.filter(PolicySource.isPolicyFileName).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                for name in files {
                    let full = (path as NSString).appendingPathComponent(name)
                    var sub: ObjCBool = false
                    if fm.fileExists(atPath: full, isDirectory: &sub), sub.boolValue { continue }
                    out.append(try read(full))
                }
            } else {
                out.append(try read(path))
            }
        }
        return out
    }

    static func read(_ path: String) throws -> PolicySource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read policy file '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("policy file '\(path)' is not valid UTF-8")
        }
        return PolicySource(name: path, text: text)
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
