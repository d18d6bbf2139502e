import WardenDetect
import WardenPolicy

// The content-scanning half of the C ABI: PII, secrets and prompt injection in text
// (`wd_scan`), with optional redaction. The contract is in ffi/include/warden.h and
// ffi/README.md; the notes here are about the implementation.

/// The options of one `wd_scan` call, read from `options_json`.
private struct ScanOptions {
    var configuration = ContentScanner.Configuration()
    var redaction: RedactionMode?

    private static let keys = "categories, redact, injection_threshold"

    /// Reads `{"categories": [...], "redact": "...", "injection_threshold": 0.5}`; every key is
    /// optional and `null` means the default. Unknown keys are refused so that a misspelt
    /// option cannot silently scan with the defaults.
    init(json text: String?) throws(FFIError) {
        guard let text else { return }
        let value: PolicyValue
        do { value = try PolicyValue(json: text) } catch { throw FFIError(.invalidJSON, "options is not valid JSON (\(error))") }
        guard case .object(let members) = value else {
            throw FFIError(.invalidJSON, "options must be a JSON object such as {\"redact\":\"mask\"}, got \(value.typeName)")
        }
        for key in members.keys.sorted() where !["categories", "redact", "injection_threshold"].contains(key) {
            throw FFIError(.invalidJSON, "options: unknown key \(JSON.quoted(key)) (expected \(Self.keys))")
        }
        if let categories = members["categories"], !categories.isNull {
            guard case .array(let items) = categories else {
                throw FFIError(.invalidJSON, "options.categories must be a list of category names, got \(categories.typeName)")
            }
            var chosen: Set<DetectionCategory> = []
            for (index, item) in items.enumerated() {
                guard let name = item.stringValue else {
                    throw FFIError(.invalidJSON, "options.categories[\(index)] must be a string, got \(item.typeName)")
                }
                guard let category = DetectionCategory(rawValue: name), category != .tool else {
                    let hint = name == DetectionCategory.tool.rawValue ? "; tool arguments are scanned by wd_scan_arguments" : ""
                    throw FFIError(
                        .invalidArgument, "options.categories[\(index)]: unknown category \(JSON.quoted(name)) (expected pii, secret or injection\(hint))")
                }
                chosen.insert(category)
            }
            configuration.categories = chosen
        }
        if let redact = members["redact"], !redact.isNull {
            guard let name = redact.stringValue else {
                throw FFIError(.invalidJSON, "options.redact must be a string (redact, mask or remove), got \(redact.typeName)")
            }
            guard let mode = RedactionMode(rawValue: name) else {
                throw FFIError(.invalidArgument, "options.redact: unknown mode \(JSON.quoted(name)) (expected redact, mask or remove)")
            }
            redaction = mode
        }
        if let threshold = members["injection_threshold"], !threshold.isNull {
            let number: Double
            switch threshold {
            case .int(let n): number = Double(n)
            case .double(let d): number = d
            default:
                throw FFIError(.invalidJSON, "options.injection_threshold must be a number from 0 to 1, got \(threshold.typeName)")
            }
            guard (0...1).contains(number) else {
                throw FFIError(.invalidArgument, "options.injection_threshold: \(threshold.jsonText) is outside 0...1")
            }
            configuration.injectionThreshold = number
        }
    }
}

@_cdecl("wd_scan")
public func wd_scan(_ text: UnsafePointer<CChar>?, _ options: UnsafePointer<CChar>?, _ out: TextOut, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "result (where to store the scan result) is NULL") }
        out.pointee = nil
        let text = try CStrings.read(text, "text")
        let options = try ScanOptions(json: try CStrings.readOptional(options, "options"))
        // Cheap: scanners share the detectors' automata, compiled once per process.
        let scanner = ContentScanner(configuration: options.configuration)
        if let mode = options.redaction {
            let (redacted, result) = scanner.redact(text, mode: mode)
            try deliver(result.json(redacted: redacted), to: out, "result")
        } else {
            try deliver(scanner.scan(text).json, to: out, "result")
        }
    }
}

// Tool arguments from a C caller: a JSON object whose string values are scanned, with nested
// objects as dotted names and list elements as indexed ones (`PolicyValue.namedStrings`).
@_cdecl("wd_scan_arguments")
public func wd_scan_arguments(_ arguments: UnsafePointer<CChar>?, _ out: TextOut, _ error: ErrorOut) -> Int32 {
    entry(error) { () throws(FFIError) in
        guard let out else { throw FFIError(.nullArgument, "result (where to store the findings) is NULL") }
        out.pointee = nil
        let text = try CStrings.read(arguments, "arguments")
        let value: PolicyValue
        do { value = try PolicyValue(json: text) } catch { throw FFIError(.invalidJSON, "arguments is not valid JSON (\(error))") }
        guard case .object = value else {
            throw FFIError(.invalidJSON, "arguments must be a JSON object of tool arguments such as {\"command\":\"ls\"}, got \(value.typeName)")
        }
        let findings = toolArguments.scan(arguments: value.namedStrings)
        try deliver(ToolArgumentScanner.json(findings), to: out, "result")
    }
}

/// Stateless, so one instance serves every thread.
private let toolArguments = ToolArgumentScanner()
