import Testing
@testable import WardenPolicy

/// The direct JSON reader (actions, `PolicyValue(json:)`) must agree exactly with the tree
/// parser the policy loader uses: same values, same errors at the same line and column.
@Suite("JSON reader paths")
struct JSONReaderTests {
    static let inputs: [String] = [
        #"{"type":"bash.execute","params":{"command":"rm -rf /","n":42,"neg":-7,"f":1.5,"e":1e3,"z":-0}}"#,
        #"{"a":[1,2,[3,[4]]],"b":{"c":{"d":null}},"t":true,"f":false}"#,
        #"{"big":123456789012345678,"bigger":1234567890123456789,"huge":12345678901234567890123,"min":-9223372036854775808}"#,
        #"{"esc":"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00","plain":"héllo wörld ✓"}"#,
        "  {\n \"x\" : [ ] , \"y\" : { } }  ",
        #"{"a":1,"a":2}"#,
        #"{"a":1,"a":}"#,
        #"{"a":01}"#,
        #"{"a":1.}"#,
        #"{"a":1e}"#,
        #"{"a":"\x"}"#,
        #"{"a":"\ud800"}"#,
        #"{"a":"\udc00x"}"#,
        #"{"a":"\u12"}"#,
        "{\"a\":\"tab\there\"}",
        #"{"a":tru}"#,
        #"{"a" 1}"#,
        #"{"a":1,}"#,
        #"[1,2"#,
        #"{"a":1} x"#,
        "",
        "\n\n  {\"k\": [1, 2,\n  oops]}",
        #"{"a":1e400}"#,
        #"{"unicode-key-✓":"v"}"#,
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    ]

    @Test("values and errors are identical on both paths", arguments: inputs)
    func samePaths(_ text: String) {
        let tree: Result<PolicyValue, JSONParser.Failure>
        do { tree = .success(try JSONParser.parse(text).value) } catch { tree = .failure(error) }
        let direct: Result<PolicyValue, JSONParser.Failure>
        do { direct = .success(try JSONParser.parseValue(text)) } catch { direct = .failure(error) }
        switch (tree, direct) {
        case (.success(let a), .success(let b)):
            #expect(a == b)
        case (.failure(let a), .failure(let b)):
            #expect(a.message == b.message)
            #expect(a.mark.line == b.mark.line && a.mark.column == b.mark.column, "\(a.message)")
        default:
            Issue.record("paths disagree: tree \(tree), direct \(direct)")
        }
    }
}
