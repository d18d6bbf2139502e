import Testing
@testable import WardenPolicy

/// Seeded mutation fuzzing of every parser the engine exposes to untrusted text. A crash fails
/// the whole test process; every input must produce a value or a precise error. (Coverage-guided
/// fuzzing with libFuzzer is still to do; these are the cheap, always-on version.)
@Suite("Robustness against malformed input")
struct RobustnessTests {
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let alphabet: [Unicode.Scalar] = Array("{}[]()\"':,-. \n\t*?!&|=<>\\^$+#%@~0123456789abcdefxyzé😀\u{0}\u{200B}".unicodeScalars)

    /// Deletes, duplicates, replaces or inserts a few scalars.
    static func mutate(_ text: String, _ rng: inout RNG) -> String {
        var s = Array(text.unicodeScalars)
        for _ in 0...rng.below(4) {
            let i = s.isEmpty ? 0 : rng.below(s.count)
            switch rng.below(4) {
            case 0 where !s.isEmpty: s.remove(at: i)
            case 1 where !s.isEmpty: s.insert(contentsOf: s[i..<min(s.count, i + rng.below(12))], at: i)
            case 2 where !s.isEmpty: s[i] = alphabet[rng.below(alphabet.count)]
            default: s.insert(alphabet[rng.below(alphabet.count)], at: i)
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s)
        return String(out)
    }

    static let seedPolicy = """
        apiVersion: warden/v1
        kind: Policy
        metadata: {name: p, version: "1"}
        spec:
          default: deny
          statements:
            - sid: A
              effect: deny
              actions: ["bash.*", "file.[rw]*"]
              targets: ["/tmp/**"]
              match: any
              conditions:
                params.command: {op: regex, value: '(?i)\\brm\\s+-rf'}
                params.amount: {op: ">", value: 1000}
                context.role: {op: in, value: [admin, ops]}
              when: 'params.url.startsWith("https://") && size(params.tags) < 3 || !(agent.team == "x")'
          tools: {bash: {allow: true, limit_per_hour: 5, requires_approval_if: 'params.command.contains("sudo")'}}
          network: {allowlist: ["*.github.com", "10.0.0.0/8"], denylist: ["::1/128"]}
          schedule: {active_hours: {start: "22:00", end: "06:00", timezone: Europe/Berlin}, weekdays: [mon, fri]}
          data: {sensitive_patterns: ['AKIA[0-9A-Z]{4}']}
        """

    static let seedAction = #"{"type":"bash.execute","target":"/tmp/x","params":{"command":"rm -rf /","amount":5000.5,"tags":["a"],"url":"https://a.github.com"},"context":{"role":"dev"},"agent":{"id":"a","team":"t","org":"o"}}"#

    @Test("mutated policies either compile or report diagnostics, and compiled ones evaluate")
    func policies() throws {
        var rng = RNG(state: 1)
        let action = try Action(json: Self.seedAction)
        var compiled = 0
        for i in 0..<1000 {
            let text = Self.mutate(Self.seedPolicy, &rng)
            let source = PolicySource(name: i % 5 == 0 ? "p.json" : "p.yaml", text: text)
            do {
                let engine = try PolicyEngine(sources: [source])
                compiled += 1
                _ = engine.evaluate(action, at: 1_795_215_600).jsonText
            } catch {
                #expect(!error.diagnostics.isEmpty)
                for d in error.diagnostics { #expect(!d.message.isEmpty) }
            }
        }
        #expect(compiled > 30, "mutations should not all be fatal; \(compiled) compiled")
    }

    @Test("mutated action JSON parses or is rejected with a message")
    func actions() throws {
        var rng = RNG(state: 2)
        let engine = try Fixtures.engine(Self.seedPolicy)
        for _ in 0..<5000 {
            let text = Self.mutate(Self.seedAction, &rng)
            do {
                let action = try Action(json: text)
                _ = engine.evaluate(action, at: 0)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("mutated expressions and regexes compile or fail with a column")
    func expressionsAndRegexes() {
        var rng = RNG(state: 3)
        let expr = #"params.a > -1.5 && (params.b in ['x', "y"] || !params.c.matches('^a+$')) && size(params.d) == 2"#
        let regex = #"(?i)^(?:https?://)?([a-z0-9-]+\.)*ex\d{2,5}[^/\s]*(?=/|$)|\bfoo\B|(a|b)\1"#
        let action = Action(type: "x", params: ["a": 1, "b": "x", "c": "aaa", "d": [1, 2]])
        for _ in 0..<4000 {
            let e = Self.mutate(expr, &rng)
            do { _ = try PolicyExpression(e).evaluate(action) } catch { #expect(error.column >= 1) }
            let r = Self.mutate(regex, &rng)
            do { _ = try PolicyRegex(r).matches("https://www.ex123.com/foo aa") } catch { #expect(!error.message.isEmpty) }
        }
    }
}
