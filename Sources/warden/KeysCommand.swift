import ArgumentParser
import Foundation
import WardenStore

/// `warden keys`: enrollment and admin secrets, and signing-key rotation.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create enrollment and admin secrets, and rotate token signing keys.",
        subcommands: [CreateEnrollment.self, CreateAdmin.self, Rotate.self])

    struct DataOption: ParsableArguments {
        @Option(help: ArgumentHelp("Data directory. Default .warden.", valueName: "dir"))
        var data: String = ".warden"

        func registry() throws -> AgentRegistry {
            do {
                try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CLIError("cannot create data directory '\(data)': \(error.localizedDescription)")
            }
            return try AgentRegistry(path: (data as NSString).appendingPathComponent("gateway.db"))
        }
    }

    static func create(_ kind: AgentRegistry.SecretKind, name: String, options: DataOption, json: Bool) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("--name must not be empty") }
        let (id, secret) = try options.registry().createSecret(kind: kind, name: name, now: Int64(Date().timeIntervalSince1970))
        if json {
            Console.out("{\"id\":\(quoted(id)),\"name\":\(quoted(name)),\"secret\":\(quoted(secret))}")
        } else {
            Console.out(secret)
            Console.error("\(kind == .enrollment ? "enrollment" : "admin") secret '\(name)' (id \(id)) created; it is shown only this once and stored hashed")
        }
    }

    struct CreateEnrollment: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-enrollment",
            abstract: "Print a new enrollment secret (agents register with it). Shown once; stored hashed.")
        @OptionGroup var options: DataOption
        @Option(help: "A name for the secret (who or what it is for).") var name: String
        @Flag(help: "Print {id, name, secret} as JSON.") var json = false
        func run() throws { try reportingErrors { try KeysCommand.create(.enrollment, name: name, options: options, json: json) } }
    }

    struct CreateAdmin: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-admin",
            abstract: "Print a new admin secret (for the Admin API). Shown once; stored hashed.")
        @OptionGroup var options: DataOption
        @Option(help: "A name for the secret (who holds it).") var name: String
        @Flag(help: "Print {id, name, secret} as JSON.") var json = false
        func run() throws { try reportingErrors { try KeysCommand.create(.admin, name: name, options: options, json: json) } }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new token signing key; older keys keep verifying until their tokens expire.",
            discussion: "A running gateway picks the new key up on SIGHUP.")
        @OptionGroup var options: DataOption
        func run() throws {
            try reportingErrors {
                let ring = try KeyRing.rotate(directory: (options.data as NSString).appendingPathComponent("signing-keys"),
                                              now: Int64(Date().timeIntervalSince1970))
                Console.out("signing key \(ring.current.kid) added; \(ring.keys.count) key\(ring.keys.count == 1 ? "" : "s") in the ring")
            }
        }
    }
}
