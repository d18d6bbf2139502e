import ArgumentParser
import Foundation
import WardenDetect

/// `warden bench detect`: content-scanner throughput and latency (release builds only).
struct DetectBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Measure the content detectors (PII, secrets, injection) on prose, prompts and adversarial inputs.",
        discussion: """
            All detectors together (what `warden scan` runs), one thread, on generated English \
            prose (a deterministic SplitMix64 word stream with punctuation and numbers): \
            throughput on 20 KB inputs; the latency of each call on 200-byte prompts (p50/p99); \
            ns per byte from 2 KB to 2 MB, to show the cost is linear; and ns per byte on \
            adversarial inputs built to make matchers backtrack or re-scan (long runs of one \
            character, digits, '@', base64, repeated keywords and prefixes). Run `make bench`.
            """)

    @Option(help: "Seconds to spend on each throughput measurement.")
    var seconds: Double = 2

    @Flag(help: "Print the results as one JSON object.")
    var json = false

    func validate() throws {
        guard seconds > 0, seconds <= 60 else { throw ValidationError("--seconds must be between 0 and 60") }
    }

    func run() throws {
        #if DEBUG
        Console.error("warning: this is a debug build; numbers are meaningless (use `make bench`)")
        #endif
        let scanner = ContentScanner()
        var rng = BenchWorkload.SplitMix64(state: 0x5EED_D37E_C7)
        let prose20k = (0..<32).map { _ in Self.prose(bytes: 20_000, &rng) }
        let prompts = (0..<2_000).map { _ in Self.prose(bytes: 200, &rng) }

        let proseRate = throughput(scanner, prose20k)
        var latencies: [UInt64] = []
        latencies.reserveCapacity(prompts.count * 5)
        var sink = 0
        for _ in 0..<5 {
            for p in prompts {
                let t0 = benchNow()
                sink &+= scanner.scan(p).findings.count
                latencies.append(benchNow() - t0)
            }
        }
        latencies.sort()
        let p50 = latencies[latencies.count / 2], p99 = latencies[latencies.count * 99 / 100]
        var linear: [(Int, Double)] = []
        for size in [2_000, 20_000, 200_000, 2_000_000] {
            let texts = (0..<max(1, 2_000_000 / size)).map { _ in Self.prose(bytes: size, &rng) }
            linear.append((size, 1e3 / throughput(scanner, texts)))  // ns per byte
        }
        let adversarial: [(String, String)] = [
            ("1 MB of 'a'", String(repeating: "a", count: 1 << 20)),
            ("1 MB of digits", String(repeating: "4111111111111111 ", count: (1 << 20) / 17)),
            ("1 MB of a@a@…", String(repeating: "a@", count: 1 << 19)),
            ("1 MB of base64", String(repeating: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo", count: (1 << 20) / 35)),
            ("1 MB of 'ignore previous '", String(repeating: "ignore previous ", count: (1 << 20) / 16)),
            ("1 MB of 'AKIA'", String(repeating: "AKIA", count: 1 << 18)),
            ("1 MB of '-----BEGIN '", String(repeating: "-----BEGIN ", count: (1 << 20) / 11)),
            ("1 MB of 'password='", String(repeating: "password=", count: (1 << 20) / 9)),
            ("1 MB of '192.168.'", String(repeating: "192.168.", count: 1 << 17)),
            ("1 MB of zero-width + letters", String(repeating: "i\u{200B}", count: (1 << 20) / 4)),
        ]
        var hostile: [(String, Double)] = []
        for (name, text) in adversarial {
            let start = benchNow()
            sink &+= scanner.scan(text).findings.count
            hostile.append((name, Double(benchNow() - start) / Double(text.utf8.count)))
        }
        if sink == -1 { Console.out("") }  // keeps the work observable to the optimiser

        if json {
            var out = "{\"prose_20k_mb_per_s\":\(String(format: "%.1f", proseRate)),\"prompt_200b_p50_ns\":\(p50),\"prompt_200b_p99_ns\":\(p99)"
            out += ",\"linear_ns_per_byte\":{" + linear.map { "\"\($0.0)\":\(String(format: "%.2f", $0.1))" }.joined(separator: ",") + "}"
            out += ",\"adversarial_ns_per_byte\":{" + hostile.map { "\"\($0.0)\":\(String(format: "%.2f", $0.1))" }.joined(separator: ",") + "}}"
            Console.out(out)
            return
        }
        Console.out("content detectors (PII + secrets + injection), one thread:")
        Console.out("  English prose, 20 KB inputs: \(String(format: "%.1f", proseRate)) MB/s")
        Console.out("  200-byte prompts, \(latencies.count) calls: p50 \(p50) ns, p99 \(p99) ns")
        Console.out("  linearity (ns per byte): " + linear.map { "\($0.0 / 1000) KB \(String(format: "%.2f", $0.1))" }.joined(separator: ", "))
        Console.out("  adversarial inputs (ns per byte):")
        for (name, v) in hostile { Console.out("    \(name): \(String(format: "%.2f", v))") }
    }

    /// MB/s over `texts`, repeated for about `seconds`.
    private func throughput(_ scanner: ContentScanner, _ texts: [String]) -> Double {
        var sink = 0
        for t in texts.prefix(4) { sink &+= scanner.scan(t).findings.count }  // warm-up
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        var total = 0
        let start = benchNow()
        let budget = UInt64(seconds * 1e9)
        repeat {
            for t in texts { sink &+= scanner.scan(t).findings.count }
            total += bytes
        } while benchNow() - start < budget
        let elapsed = Double(benchNow() - start) / 1e9
        if sink == -1 { Console.out("") }
        return Double(total) / elapsed / 1e6
    }

    private static let words = """
        the of and to in is that for it as was with be by on not he this are or his from at which but have an they \
        you were her she there been one all we their has would when if so no will more can out up about into them \
        some could time these two may then do first any my now such like other how its our over only new also after \
        use people work year report team meeting project customer data system results plan review update change \
        please thanks send share file code build release version server service user account order invoice week
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Deterministic English-like prose of about `bytes` bytes: words, commas, full stops,
    /// capitals, the odd number.
    static func prose(bytes: Int, _ rng: inout BenchWorkload.SplitMix64) -> String {
        var out = ""
        out.reserveCapacity(bytes + 16)
        var sentence = 0
        while out.utf8.count < bytes {
            let w = words[Int(rng.next() % UInt64(words.count))]
            if sentence == 0 { out += w.prefix(1).uppercased() + w.dropFirst() } else { out += w }
            sentence += 1
            let r = rng.next() % 100
            if r < 4 { out += " \(rng.next() % 1000)" }
            if sentence > 8 && r < 15 { out += ". "; sentence = 0 } else if r < 22 { out += ", " } else { out += " " }
        }
        return String(out.prefix(bytes))
    }
}

/// Monotonic nanoseconds.
func benchNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
