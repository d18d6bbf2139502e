import Testing
@testable import WardenPolicy

@Suite("JSON and YAML parsing")
struct ParserTests {
    @Test("JSON keeps integers exact and distinguishes floats")
    func numbers() throws {
        #expect(try PolicyValue(json: "9007199254740993") == .int(9_007_199_254_740_993))
        #expect(try PolicyValue(json: "1.0") == .double(1.0))
        #expect(try PolicyValue(json: "-0") == .int(0))
        #expect(try PolicyValue(json: "1e3") == .double(1000))
        #expect(try PolicyValue(json: "99999999999999999999") == .double(1e20))
    }

    @Test("JSON strings decode escapes and surrogate pairs")
    func strings() throws {
        #expect(try PolicyValue(json: #""a\n\"\\\/\u00e9\ud83d\ude00""#) == .string("a\n\"\\/é😀"))
    }

    @Test("a string reads the same wherever an escape, a multibyte character or a control character falls in the 8-byte words scanned at once")
    func stringWordBoundaries() throws {
        let pieces: [(json: String, decoded: String)] = [
            (#"\n"#, "\n"), (#"\""#, "\""), (#"\\"#, "\\"), (#"\u0001"#, "\u{01}"), ("é", "é"), ("😀", "😀"), ("~", "~"),
        ]
        for length in 0..<20 {
            let plain = String(repeating: "a", count: length)
            for offset in 0...length {
                let head = String(plain.prefix(offset)), tail = String(plain.dropFirst(offset))
                for piece in pieces {
                    let json = "\"" + head + piece.json + tail + "\""
                    let expected = head + piece.decoded + tail
                    #expect(try PolicyValue(json: json) == .string(expected), "\(json)")
                    // The action path (libwarden's), at another alignment in the buffer.
                    #expect(try Action(json: #"{"type":"x","target":"# + json + "}").target == expected, "\(json)")
                }
                let raw = "\"" + head + "\u{01}" + tail + "\""
                #expect(throws: JSONSyntaxError.self) { try PolicyValue(json: raw) }
                #expect(throws: ActionParseError.self) { try Action(json: #"{"type":"x","target":"# + raw + "}") }
                #expect(throws: ActionParseError.self) { try Action(json: #"{"type":"x","target":"# + "\"" + head + tail) }
            }
        }
    }

    static let badJSON: [(String, String)] = [
        ("{\"a\":1,\"a\":2}", "duplicate key \"a\""),
        ("[1,2", "unterminated array"),
        ("{\"a\" 1}", "expected ':'"),
        ("01", "leading zero"),
        ("\"\\ud800\"", "unpaired surrogate"),
        ("\"a\u{01}\"", "control character"),
        ("\"\\q\"", "invalid escape"),
        ("tru", "invalid literal"),
        ("1 2", "after the JSON value"),
        ("1e999", "number out of range"),
        (String(repeating: "[", count: 1000), "nesting deeper than 256 levels"),
    ]

    @Test("JSON errors are precise", arguments: badJSON)
    func badJSONInput(_ c: (String, String)) {
        do {
            _ = try PolicyValue(json: c.0)
            Issue.record("\(c.0) should not parse")
        } catch {
            #expect(error.message.contains(c.1), "\(error)")
        }
    }

    @Test("JSON errors carry line and column")
    func jsonPosition() {
        do {
            _ = try PolicyValue(json: "{\n  \"a\": 1,\n  \"b\": x\n}")
            Issue.record("should not parse")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 8)
        }
    }

    @Test("JSON columns count Unicode scalars and stay right on long lines")
    func jsonColumns() {
        // "é" is two UTF-8 bytes but one column; the bad escape is reported where it starts.
        let cases: [(String, Int, Int)] = [
            (#"{"é": "\q"}"#, 1, 9),
            (#"["é", "é", x]"#, 1, 12),
            ("{\n  \"a\": [1,\n 2, 3,, 4]}", 3, 7),
            ("[" + String(repeating: "\"é\",", count: 50_000) + "x]", 1, 200_002),
        ]
        for (text, line, column) in cases {
            do {
                _ = try PolicyValue(json: text)
                Issue.record("should not parse: \(text.prefix(40))")
            } catch {
                #expect(error.line == line && error.column == column, "\(text.prefix(40)): \(error)")
            }
        }
    }

    @Test("YAML uses the 1.2 core schema: NO, yes and on stay strings")
    func yamlSchema() {
        #expect(DocumentParser.resolvePlain("NO") == .string("NO"))
        #expect(DocumentParser.resolvePlain("yes") == .string("yes"))
        #expect(DocumentParser.resolvePlain("on") == .string("on"))
        #expect(DocumentParser.resolvePlain("true") == .bool(true))
        #expect(DocumentParser.resolvePlain("~") == .null)
        #expect(DocumentParser.resolvePlain("0x1F") == .int(31))
        #expect(DocumentParser.resolvePlain("0o17") == .int(15))
        #expect(DocumentParser.resolvePlain("-12") == .int(-12))
        #expect(DocumentParser.resolvePlain("1.5e3") == .double(1500))
        #expect(DocumentParser.resolvePlain(".5") == .double(0.5))
        #expect(DocumentParser.resolvePlain("1.2.3") == .string("1.2.3"))
        #expect(DocumentParser.resolvePlain("2024-01-01") == .string("2024-01-01"))
    }

    @Test("quoted YAML scalars are strings and flat-form versions keep their spelling")
    func quotedAndVersion() throws {
        let engine = try Fixtures.engine("version: 1.10\ndefault: deny\nstatements:\n  - {sid: A, effect: allow, actions: [x], conditions: {params.v: '5000'}}\n", name: "v.yaml")
        #expect(engine.policies.first?.reference == PolicyReference(name: "v", version: "1.10"))
        #expect(engine.evaluate(Action(type: "x", params: ["v": "5000"])).outcome == .allow)
        // "5000" (string) vs 5000 (number) is a mismatch: the allow does not apply.
        let d = engine.evaluate(Action(type: "x", params: ["v": 5000]))
        #expect(d.outcome == .deny)
        #expect(d.notes.first?.contains("cannot be compared") == true)
    }

    @Test("JSON policy files keep a numeric version's spelling")
    func jsonVersion() throws {
        let engine = try PolicyEngine(sources: [PolicySource(name: "j.json", text: #"{"version": 1.10, "default": "deny"}"#)])
        #expect(engine.policies.first?.reference.version == "1.10")
    }

    @Test("several documents in one file get numbered names")
    func multiDocument() throws {
        let engine = try Fixtures.engine("default: deny\n---\n# only a comment\n---\nstatements: [{sid: A, effect: allow, actions: [x]}]\n", name: "dir/multi.yml")
        #expect(engine.policies.map(\.reference.name) == ["multi", "multi#2"])
    }

    @Test("actions parse strictly")
    func actions() throws {
        let a = try Action(json: #"{"type":"bash.execute","target":"t","params":{"command":"ls"},"context":{"x":1},"agent":{"id":"a","team":"t","org":"o"}}"#)
        #expect(a.type == "bash.execute")
        #expect(a.agent == AgentIdentity(id: "a", team: "t", org: "o"))
        #expect(try Action(value: a.value) == a)
        // A member name written with escapes is still that member.
        #expect(try Action(json: #"{"\u0074ype":"x","t\u0061rget":"t"}"#) == Action(type: "x", target: "t"))
        let bad: [(String, String)] = [
            (#"{"params":{}}"#, "action field \"type\" is required"),
            (#"{"type":""}"#, "must be a non-empty string"),
            (#"{"type":"x","parms":{}}"#, "unknown action field \"parms\""),
            (#"{"type":"x","params":[1]}"#, "\"params\" must be an object, got list"),
            (#"{"type":"x","agent":{"name":"n"}}"#, "unknown agent field \"name\""),
            (#"{"type":"x","agent":{"id":"a","team":7}}"#, "agent field \"team\" must be a string, got number"),
            (#"{"type":"x","agent":"a"}"#, "action field \"agent\" must be an object, got string"),
            (#"{"type":"x","context":true}"#, "action field \"context\" must be an object, got bool"),
            // Names that start like, or contain, the five member names are other names.
            (#"{"type":"x","types":1}"#, "unknown action field \"types\""),
            (#"{"typ":"x"}"#, "unknown action field \"typ\""),
            (#"{"type":"x","targe":"t"}"#, "unknown action field \"targe\""),
            (#"{"type":"x","paramsX":{}}"#, "unknown action field \"paramsX\""),
            (#"{"type":"x","agen":{}}"#, "unknown action field \"agen\""),
            (#"{"type":"x","contex"#, "invalid JSON at line 1"),
            (#"{"type":"x","target":5}"#, "\"target\" must be a string, got number"),
            (#"[1]"#, "an action must be a JSON object, got list"),
            (#"{"type":"x""#, "invalid JSON at line 1"),
        ]
        for (text, message) in bad {
            #expect(throws: ActionParseError.self) { try Action(json: text) }
            do { _ = try Action(json: text) } catch { #expect(error.message.contains(message), "\(text): \(error.message)") }
        }
    }

    @Test("params and context read the same from JSON (kept in an array up to eight members) and from a dictionary")
    func actionMapsAgree() throws {
        let engine = try Fixtures.engine("""
            default: allow
            statements:
              - {sid: K7, effect: deny, actions: [x], conditions: {params.k7: {op: "==", value: 7}}}
              - {sid: K10, effect: review, actions: [x], conditions: {params.k10: {op: "==", value: 10}}}
              - {sid: C3, effect: deny, actions: [y], conditions: {context.k3: {op: "==", value: 3}}}
              - {sid: BARE, effect: deny, actions: [z], conditions: {k8: {op: "==", value: 8}}}
              - {sid: DEEP, effect: deny, actions: [w], when: 'params.k1.inner == "v" && size(params) > 2'}
            """)
        for count in [0, 1, 2, 3, 8, 9, 11, 16] {
            var map: [String: PolicyValue] = [:]
            for i in 0..<count { map["k\(i)"] = .int(Int64(i)) }
            if count > 1 { map["k1"] = ["inner": "v"] }
            let members = map.keys.sorted().map { "\(PolicyValue.string($0).jsonText):\(map[$0]!.jsonText)" }.joined(separator: ",")
            for type in ["x", "y", "z", "w"] {
                let fromJSON = try Action(json: #"{"type":"\#(type)","params":{\#(members)},"context":{\#(members)}}"#)
                let fromDictionary = Action(type: type, params: map, context: map)
                #expect(fromJSON == fromDictionary, "\(count) \(type)")
                #expect(fromJSON.hashValue == fromDictionary.hashValue, "\(count) \(type)")
                #expect(fromJSON.params == map && fromJSON.context == map)
                #expect(engine.evaluate(fromJSON).jsonText == engine.evaluate(fromDictionary).jsonText, "\(count) \(type)")
            }
        }
        // The decisions the rules above make, so the comparison is not between two wrong answers.
        let nine = (0..<9).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        #expect(engine.evaluate(try Action(json: #"{"type":"x","params":{\#(nine)}}"#)).outcome == .deny)
        #expect(engine.evaluate(try Action(json: #"{"type":"y","context":{\#(nine)}}"#)).outcome == .deny)
        #expect(engine.evaluate(try Action(json: #"{"type":"z","context":{\#(nine)}}"#)).outcome == .deny)
        #expect(engine.evaluate(try Action(json: #"{"type":"x","params":{"k10":10}}"#)).outcome == .requireApproval)
        #expect(engine.evaluate(try Action(json: #"{"type":"w","params":{"k0":0,"k1":{"inner":"v"},"k2":2}}"#)).outcome == .deny)
        #expect(engine.evaluate(try Action(json: #"{"type":"w","params":{"k1":{"inner":"v"},"k2":2}}"#)).outcome == .allow)

        // No member and one member are held without an array: lookups there find exactly their key
        // (an absent key is nil, not `.null`, which is what a bare `nil` would be as a PolicyValue).
        let one = try Action(json: #"{"type":"x","params":{"k":null}}"#)
        #expect(one.paramMap["k"] == Optional(PolicyValue.null))
        #expect(one.paramMap["other"] == Optional<PolicyValue>.none)
        #expect(one.paramMap.contains("k") && !one.paramMap.contains("other") && !one.paramMap.isEmpty)
        let none = try Action(json: #"{"type":"x","params":{}}"#)
        #expect(none.paramMap["k"] == Optional<PolicyValue>.none && none.paramMap.isEmpty && none.contextMap.isEmpty)
        #expect(try Action(json: #"{"type":"x","params":{"a":1,"b":2}}"#).params == ["a": 1, "b": 2])

        // Setting params replaces them, whichever way they were stored.
        var action = try Action(json: #"{"type":"x","params":{"k7":7,"a":1}}"#)
        action.params["k7"] = 8
        #expect(action.params == ["k7": 8, "a": 1])
        #expect(engine.evaluate(action).outcome == .allow)
    }
}
