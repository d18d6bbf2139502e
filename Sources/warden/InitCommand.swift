import ArgumentParser
import Foundation
import WardenPolicy

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter policy set with safe defaults.",
        discussion: """
            Creates DIR (default: policies) with four policies: default deny; reads allowed \
            except secrets; rm -rf, DROP TABLE and git push --force blocked; writes to .env, \
            .ssh/ and /etc/ blocked; external web fetches require approval. Existing files are \
            never overwritten unless --force is given.
            """)

    @Argument(help: "Directory to create.")
    var directory: String = "policies"

    @Flag(help: "Overwrite starter files that already exist.")
    var force = false

    func run() throws {
        try reportingErrors {
            let fm = FileManager.default
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: directory, isDirectory: &isDir), !isDir.boolValue {
                throw CLIError("'\(directory)' exists and is not a directory")
            }
            if !force {
                let clashes = StarterPolicies.files.map { (directory as NSString).appendingPathComponent($0.name) }.filter { fm.fileExists(atPath: $0) }
                if !clashes.isEmpty {
                    throw CLIError("refusing to overwrite \(clashes.joined(separator: ", ")) (use --force)")
                }
            }
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
                for file in StarterPolicies.files {
                    let path = (directory as NSString).appendingPathComponent(file.name)
                    try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
                }
            } catch {
                throw CLIError("cannot write starter policies to '\(directory)': \(error.localizedDescription)")
            }
            // The starter set must always validate; check it the same way users will.
            _ = try PolicyFiles.engine(at: [directory])
            Console.out("wrote \(StarterPolicies.files.count) starter policies to \(directory)/:")
            for file in StarterPolicies.files { Console.out("  \(file.name)") }
            Console.out("next: warden validate \(directory)")
            Console.out("      warden check --policy \(directory) --action bash.execute --param command='rm -rf /'")
        }
    }
}
