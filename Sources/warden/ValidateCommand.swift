import ArgumentParser
import WardenPolicy

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check policy files and report every error with file, YAML path and line.",
        discussion: """
            Each PATH is a policy file or a directory of them (*.yaml, *.yml, *.json, loaded in \
            name order). All paths are validated together as one policy set. Unknown keys, invalid \
            regexes, timezones, scopes, capability names, operators and expressions are errors.

            Exit status: 0 when valid, 1 when anything is wrong.
            """)

    @Argument(help: "Policy files or directories.")
    var paths: [String] = []

    @Flag(help: "Print one JSON object: {\"valid\": bool, \"policies\": [...], \"errors\": [...]}.")
    var json = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one policy file or directory") }
    }

    func run() throws {
        try reportingErrors {
            let sources = try PolicyFiles.sources(at: paths)
            var diagnostics: [PolicyDiagnostic] = []
            var engine: PolicyEngine?
            if sources.isEmpty {
                diagnostics = [PolicyDiagnostic(file: paths.joined(separator: ", "), path: "", message: "no policy files (*.yaml, *.yml, *.json) found")]
            } else {
                do { engine = try PolicyEngine(sources: sources) } catch let e as PolicyLoadError { diagnostics = e.diagnostics }
            }
            if json {
                let policies = (engine?.policies ?? []).map { p in
                    "{\"name\":\(quoted(p.reference.name)),\"version\":\(quoted(p.reference.version)),\"scope\":\(quoted(p.scope)),\"statements\":\(p.statementCount)}"
                }
                Console.out("{\"valid\":\(diagnostics.isEmpty),\"files\":\(sources.count),\"policies\":[\(policies.joined(separator: ","))],\"errors\":[\(diagnostics.map(\.jsonText).joined(separator: ","))]}")
            } else if diagnostics.isEmpty, let engine {
                Console.out("ok: \(engine.policies.count) polic\(engine.policies.count == 1 ? "y" : "ies") in \(sources.count) file\(sources.count == 1 ? "" : "s") valid")
                for p in engine.policies {
                    Console.out("  \(p.reference.name)\(p.reference.version.isEmpty ? "" : " v\(p.reference.version)")  scope=\(p.scope)  statements=\(p.statementCount)")
                }
            } else {
                for d in diagnostics { Console.out(d.description) }
                Console.out("\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s")")
            }
            if !diagnostics.isEmpty { throw ExitCode(1) }
        }
    }
}

func quoted(_ s: String) -> String {
    PolicyValue.string(s).jsonText
}
