import ArgumentParser
import Foundation
import WardenPolicy
import WardenStore

/// The `warden` command line: policy tooling now, the gateway daemon later.
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "A policy gateway for AI agents: decide before an agent acts, record what happened.",
        discussion: """
            Policies are YAML or JSON files (see docs/policy.md). Start with `warden init`, check \
            them with `warden validate`, and ask for decisions with `warden check`.

            Exit codes: 0 success (or allow), 1 error or invalid input, 2 deny, 3 require_approval.
            """,
        version: WardenVersion.current,
        subcommands: [
            InitCommand.self, ValidateCommand.self, CheckCommand.self, ServeCommand.self, KeysCommand.self, AgentsCommand.self,
            AuditCommand.self, ApprovalsCommand.self, BudgetsCommand.self, RegisterCommand.self, ScanCommand.self,
            HookCommand.self, InstallCommand.self, UninstallCommand.self, MCPProxyCommand.self, MCPPinsCommand.self,
            BenchCommand.self,
        ]
    )

    /// Usage errors exit 1 (not ArgumentParser's 64) so that scripts see one "error" code,
    /// distinct from 2 (deny) and 3 (require_approval).
    static func launch() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Warden.exit(withError: error)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 1 : (code.rawValue == 0 ? 1 : code.rawValue))
        }
    }
}

/// A failure the CLI reports in one line and exits 1 for.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("warden: " + message + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

/// The one place an expected failure (`CLIError`, `StoreError`) becomes a message on stderr
/// and exit code 1; any other error is returned unchanged.
func reported(_ error: any Error) -> any Error {
    switch error {
    case let e as CLIError:
        Console.error(e.description)
        return ExitCode(1)
    case let e as StoreError:
        Console.error(e.message)
        return ExitCode(1)
    default:
        return error
    }
}

extension ParsableCommand {
    /// Runs `body`, reporting expected failures (see `reported`).
    func reportingErrors(_ body: () throws -> Void) throws {
        do { try body() } catch { throw reported(error) }
    }
}

/// `reportingErrors` for async commands.
func reportingAsyncErrors(_ body: () async throws -> Void) async throws {
    do { try await body() } catch { throw reported(error) }
}
