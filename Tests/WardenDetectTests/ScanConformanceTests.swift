import Foundation
import Testing
import WardenDetect

/// The shared scan vectors (conformance/fixtures/scan/vectors.json), run directly on the Swift
/// detectors with the same comparison rules as conformance/run.py.
@Suite("Scan conformance vectors")
struct ScanConformanceTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var findings: [String]?
        var injection: String?
        var redacted: String?
        var testDescription: String { name }
    }

    static let vectors: [Vector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("conformance/fixtures/scan/vectors.json")
        guard let data = try? Data(contentsOf: url),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let list = root["vectors"] as? [[String: Any]] else { return [] }
        return list.compactMap { v in
            guard let name = v["name"] as? String, let text = v["text"] as? String, let expect = v["expect"] as? [String: Any] else { return nil }
            let findings = (expect["findings"] as? [[String: Any]]).map { items in
                items.compactMap { f -> String? in
                    guard let c = f["category"] as? String, c == "pii" || c == "secret" else { return nil }
                    return "\(c)/\(f["kind"] as? String ?? "?")@\(f["start"] as? Int ?? -1)..<\(f["end"] as? Int ?? -1)"
                }.sorted()
            }
            return Vector(name: name, text: text, findings: findings, injection: expect["injection"] as? String, redacted: expect["redacted"] as? String)
        }
    }()

    static let scanner = ContentScanner()

    @Test("the vector file is there and holds at least 150 vectors")
    func present() {
        #expect(Self.vectors.count >= 150)
    }

    @Test("each vector scans and redacts as specified", arguments: vectors)
    func vector(_ v: Vector) {
        let (redacted, result) = Self.scanner.redact(v.text, mode: .redact)
        if let expected = v.findings {
            let got = result.findings.filter { $0.category == .pii || $0.category == .secret }
                .map { "\($0.category.rawValue)/\($0.kind)@\($0.start)..<\($0.end)" }.sorted()
            #expect(got == expected)
        }
        if let injection = v.injection {
            let detected = result.injectionScore >= 0.5 || result.findings.contains { $0.category == .injection }
            #expect(detected == (injection == "detected"), "injection score \(result.injectionScore)")
        }
        if let expected = v.redacted { #expect(redacted == expected) }
    }
}
