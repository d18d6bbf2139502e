import Foundation
import Testing
@testable import WardenPolicy

/// Runs every case in `conformance/fixtures/policy/` (format: conformance/README.md).
/// Later issues add a runner per language binding over the same files.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    var suite: String
    var name: String
    var action: PolicyValue
    var at: Int64?
    var expect: PolicyValue

    var testDescription: String { "\(suite): \(name)" }
}

struct ConformanceSuite: Sendable {
    var name: String
    var directory: URL
    var cases: [ConformanceCase]
    /// For suites whose policies must be rejected: expected diagnostics.
    var expectInvalid: [PolicyValue]?
}

enum ConformanceFixtures {
    static let root = Fixtures.packageRoot.appendingPathComponent("conformance/fixtures/policy")

    static let suites: [ConformanceSuite] = {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        return names.sorted().compactMap { name -> ConformanceSuite? in
            let dir = root.appendingPathComponent(name)
            let casesURL = dir.appendingPathComponent("cases.json")
            guard let text = try? String(contentsOf: casesURL, encoding: .utf8) else { return nil }
            guard let doc = try? PolicyValue(json: text), case .object(let o) = doc else {
                return ConformanceSuite(name: name, directory: dir, cases: [
                    ConformanceCase(suite: name, name: "cases.json parses", action: .null, at: nil, expect: .null),
                ], expectInvalid: nil)
            }
            var cases: [ConformanceCase] = []
            if case .array(let list)? = o["cases"] {
                for (i, c) in list.enumerated() {
                    let caseName = c["name"]?.stringValue ?? "case \(i)"
                    var at: Int64?
                    if case .int(let t)? = c["at"] { at = t }
                    cases.append(ConformanceCase(suite: name, name: caseName, action: c["action"] ?? .null, at: at, expect: c["expect"] ?? .null))
                }
            }
            var invalid: [PolicyValue]?
            if case .array(let list)? = o["expect_invalid"] { invalid = list }
            return ConformanceSuite(name: name, directory: dir, cases: cases, expectInvalid: invalid)
        }
    }()

    static let validCases: [ConformanceCase] = suites.filter { $0.expectInvalid == nil }.flatMap(\.cases)
    static let invalidSuites: [String] = suites.filter { $0.expectInvalid != nil }.map(\.name)

    static func engine(for suite: String) throws -> PolicyEngine {
        let dir = root.appendingPathComponent(suite).appendingPathComponent("policies")
        return try PolicyEngine(sources: try Fixtures.sources(inDirectory: dir))
    }
}

/// Compiled engines, one per suite, built once.
final class EngineCache: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    static let shared = EngineCache()
    private let lock = NSLock()
    private var engines: [String: Result<PolicyEngine, PolicyLoadError>] = [:]

    func engine(_ suite: String) throws -> PolicyEngine {
        lock.lock()
        defer { lock.unlock() }
        if let cached = engines[suite] { return try cached.get() }
        let result: Result<PolicyEngine, PolicyLoadError>
        do { result = .success(try ConformanceFixtures.engine(for: suite)) } catch let e as PolicyLoadError {
            result = .failure(e)
        } catch {
            result = .failure(PolicyLoadError(diagnostics: [PolicyDiagnostic(file: suite, path: "", message: "\(error)")]))
        }
        engines[suite] = result
        return try result.get()
    }
}

@Suite("Conformance fixtures")
struct ConformanceTests {
    @Test("there are at least 150 policy cases")
    func enoughCases() {
        let total = ConformanceFixtures.suites.reduce(0) { $0 + $1.cases.count + ($1.expectInvalid?.count ?? 0) }
        #expect(total >= 150, "only \(total) conformance cases")
    }

    @Test("each case decides as the fixture expects", arguments: ConformanceFixtures.validCases)
    func decides(_ c: ConformanceCase) throws {
        let engine = try EngineCache.shared.engine(c.suite)
        let action = try Action(value: c.action)
        let decision = engine.evaluate(action, at: c.at)
        try ConformanceTests.check(decision, against: c.expect)
    }

    static func check(_ d: Decision, against expect: PolicyValue) throws {
        guard case .object(let e) = expect else {
            Issue.record("case has no expect object")
            return
        }
        let json = try PolicyValue(json: d.jsonText)
        if let want = e["decision"]?.stringValue { #expect(d.outcome.rawValue == want, "\(d.jsonText)") }
        if case .array(let rules)? = e["rules"] {
            #expect(d.rules == rules.compactMap(\.stringValue), "\(d.jsonText)")
        }
        if let sub = e["reason_contains"]?.stringValue { #expect(d.reason.contains(sub), "reason: \(d.reason)") }
        if case .array(let subs)? = e["reason_contains_all"] {
            for s in subs.compactMap(\.stringValue) { #expect(d.reason.contains(s), "reason: \(d.reason)") }
        }
        if let sub = e["reason_excludes"]?.stringValue { #expect(!d.reason.contains(sub), "reason: \(d.reason)") }
        if let p = e["policy"] {
            if case .null = p { #expect(d.policy == nil) } else { #expect(d.policy?.name == p.stringValue, "\(d.jsonText)") }
        }
        if let r = e["risk"]?.stringValue { #expect(d.risk.rawValue == r, "\(d.jsonText)") }
        if case .array(let kinds)? = e["pending_checks"] {
            #expect(d.pendingChecks.map(\.rule) == kinds.compactMap(\.stringValue), "\(d.jsonText)")
        }
        if let n = e["notes_contains"]?.stringValue { #expect(d.notes.contains { $0.contains(n) }, "notes: \(d.notes)") }
        if let t = e["approval_timeout_seconds"] { #expect(json["approval_timeout_seconds"] == t, "\(d.jsonText)") }
    }

    @Test("invalid policy suites are rejected with the expected errors", arguments: ConformanceFixtures.invalidSuites)
    func rejects(_ suite: String) throws {
        let s = ConformanceFixtures.suites.first { $0.name == suite }!
        let dir = s.directory.appendingPathComponent("policies")
        let diagnostics = PolicyEngine.validate(try Fixtures.sources(inDirectory: dir))
        #expect(!diagnostics.isEmpty)
        for expected in s.expectInvalid ?? [] {
            let found = diagnostics.contains { d in
                (expected["file"]?.stringValue.map { d.file == $0 } ?? true)
                    && (expected["path"]?.stringValue.map { d.path == $0 } ?? true)
                    && (expected["line"].map { if case .int(let l) = $0 { return d.line == Int(l) } else { return true } } ?? true)
                    && (expected["message_contains"]?.stringValue.map { d.message.contains($0) } ?? true)
            }
            #expect(found, "expected \(expected.jsonText) among:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        }
    }
}
