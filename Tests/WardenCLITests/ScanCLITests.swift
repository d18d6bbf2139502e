import Foundation
import Testing

@Suite("warden scan")
struct ScanCLITests {
    static let text = "mail ana.lopez@example.com, key AKIAQ3EGRUAJHRAMBSXB\n"

    @Test("reports findings with line, column and byte span, never the value; exit 2 when something is found")
    func human() throws {
        let r = try CLI.run(["scan"], stdin: Self.text)
        #expect(r.status == 2)
        #expect(r.stdout.contains("stdin:1:6  pii  email  medium"))
        #expect(r.stdout.contains("aws_access_key_id  critical  score 1.000  bytes 32..<52"))
        #expect(!r.stdout.contains("AKIAQ3EGRUAJHRAMBSXB") && !r.stdout.contains("ana.lopez"))
        let clean = try CLI.run(["scan", "-"], stdin: "nothing to see here\n")
        #expect(clean.status == 0 && clean.stdout.isEmpty)
    }

    @Test("--json and --redact print the canonical result with the redacted text")
    func jsonRedact() throws {
        let r = try CLI.run(["scan", "--json", "--redact", "redact"], stdin: Self.text)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix(#"{"findings":[{"category":"pii","kind":"email","start":5,"end":26,"severity":"medium""#))
        #expect(r.stdout.contains(#""redacted":"mail [EMAIL_REDACTED], key [AWS_ACCESS_KEY_ID_REDACTED]\n"}"#))
        let masked = try CLI.run(["scan", "--redact", "mask"], stdin: "card 4111 1111 1111 1111")
        #expect(masked.stdout == "card **** **** **** 1111")
        #expect(masked.stderr.contains("credit_card"))
    }

    @Test("--jsonl answers every line in order and names unreadable ones")
    func jsonl() throws {
        let r = try CLI.run(["scan", "--jsonl"], stdin: "\"ana@example.com\"\n{\"text\": \"fine\"}\nnot json\n{\"arguments\": {\"url\": \"http://127.0.0.1/\"}}\n")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(r.status == 1)
        #expect(lines.count == 4)
        #expect(lines[0].contains(#""kind":"email""#))
        #expect(lines[1].hasPrefix(#"{"findings":[]"#))
        #expect(lines[2] == #"{"error":"line 3: expected a JSON string, an object with a string \"text\" member or an object with an \"arguments\" object","line":3}"#)
        #expect(lines[3].contains(#""kind":"ssrf""#) && lines[3].contains(#""field":"url""#))
    }

    @Test("--arguments checks tool arguments by name")
    func arguments() throws {
        let r = try CLI.run(["scan", "--arguments", "--json"], stdin: #"{"command": "ls; rm -rf /", "path": "../../etc/shadow"}"#)
        #expect(r.status == 2)
        #expect(r.stdout.contains(#""kind":"shell_injection""#) && r.stdout.contains(#""field":"path""#))
        let bad = try CLI.run(["scan", "--arguments"], stdin: "[1, 2]")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("stdin: expected a JSON object of tool arguments"))
    }

    @Test("bad flags and inputs are refused with a message naming them", arguments: [
        (["scan", "--redact", "hide"], "--redact: unknown mode 'hide' (expected redact, mask or remove)"),
        (["scan", "--only", "pii,secrets"], "--only: unknown category 'secrets' (expected pii, secret or injection)"),
        (["scan", "--injection-threshold", "1.5"], "--injection-threshold: 1.5 is outside 0...1"),
        (["scan", "--jsonl", "--json"], "--jsonl already prints JSON; drop --json"),
        (["scan", "--arguments", "--redact", "mask"], "--arguments checks one JSON object of tool arguments"),
        (["scan", "/nonexistent/file.txt"], "/nonexistent/file.txt: no such file"),
        (["scan", "/tmp"], "/tmp is a directory (scan reads one file)"),
    ])
    func refused(args: [String], message: String) throws {
        let r = try CLI.run(args, stdin: "")
        #expect(r.status == 1)
        #expect(r.stderr.contains(message), "got \(r.stderr)")
    }

    @Test("input that is not UTF-8 is refused")
    func notUTF8() throws {
        let dir = try CLI.tempDir()
        let file = dir.appendingPathComponent("bin.dat")
        try Data([0x66, 0xFF, 0xFE, 0x00]).write(to: file)
        let r = try CLI.run(["scan", file.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bin.dat is not valid UTF-8"))
    }
}
