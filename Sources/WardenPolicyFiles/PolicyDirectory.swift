import Foundation
import WardenPolicy

/// Reads policy files from disk for the engine (which does no I/O itself).
public enum PolicyDirectory {
    /// Why policy files could not be read (not why they are invalid: that is `PolicyLoadError`).
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Every policy file under `paths`: a directory contributes its `*.yaml`, `*.yml` and `*.json`
    /// files (not subdirectories) in byte-wise name order; a file is taken as it is.
    public static func sources(at paths: [String]) throws(ReadError) -> [PolicySource] {
        var out: [PolicySource] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw ReadError(message: "policy path '\(path)' does not exist")
            }
            if isDir.boolValue {
                let names: [String]
                do { names = try fm.contentsOfDirectory(atPath: path) } catch {
                    throw ReadError(message: "cannot list policy directory '\(path)': \(error.localizedDescription)")
                }
                for name in names.filter(PolicySource.isPolicyFileName).sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
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

    static func read(_ path: String) throws(ReadError) -> PolicySource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(message: "cannot read policy file '\(path)'")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadError(message: "policy file '\(path)' is not valid UTF-8")
        }
        return PolicySource(name: path, text: text)
    }
}
