import Testing
@testable import WardenPolicy

/// The action-type hash: a type looked up by its bytes in any ASCII case (`lowercasedHash`) must
/// hash as the lowercase key the table was built from (`hash`), or the fast road misses rules.
@Suite("type keys")
struct TypeKeyTests {
    static func bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var s = s
        return s.withUTF8(body)
    }

    @Test("every ASCII case of a type hashes as its lowercase form; only ASCII letters are lowered")
    func caseFolding() {
        var g = RobustnessTests.RNG(state: 0x7E5E_0001)
        let alphabet = Array("abcxyzABCXYZ@[`{.-_09éÉßΣ😀\u{0}".unicodeScalars)
        for _ in 0..<5_000 {
            let length = g.below(40)
            let type = String(String.UnicodeScalarView((0..<length).map { _ in alphabet[g.below(alphabet.count)] }))
            let lowered = Glob.asciiLowercased(type)
            let (h, hasUpper) = Self.bytes(type, TypeKey.lowercasedHash)
            #expect(h == Self.bytes(lowered, TypeKey.hash), "\(type.debugDescription)")
            #expect(hasUpper == (lowered != type), "\(type.debugDescription)")
            #expect(TypeKey(lowercasing: type).hash == TypeKey(lowered).hash)
        }
    }

    @Test("word lowering touches A-Z only")
    func wordLowering() {
        for b in 0...255 {
            let word = UInt64(b) * 0x0101_0101_0101_0101
            let expected: UInt64 = (0x41...0x5A).contains(b) ? UInt64(b | 0x20) * 0x0101_0101_0101_0101 : word
            #expect(TypeKey.asciiLowercased(word) == expected, "byte \(b)")
        }
    }

    @Test("lengths and trailing zero bytes tell keys apart; the table finds each key in any case")
    func distinctKeys() {
        #expect(TypeKey("a").hash != TypeKey("a\u{0}").hash)
        #expect(TypeKey("").hash != TypeKey("\u{0}").hash)
        let keys = (0..<300).map { "tool\($0).run" } + ["bash.execute", "file.read", "a", "ab", "abcdefgh", "abcdefghi", "é.x"]
        let table = TypeTable(keys.enumerated().map { ($0.element, $0.offset) })
        for (i, key) in keys.enumerated() {
            let upper = key.uppercased()
            let (h, _) = Self.bytes(upper, TypeKey.lowercasedHash)
            let found = Self.bytes(upper) { table.index(lowercasing: $0, hash: h) }
            #expect(found.map { table.values[$0] } == (key == "é.x" ? nil : i), "\(upper)")
            #expect(table.index(of: TypeKey(lowercasing: key)).map { table.values[$0] } == i)
        }
        #expect(Self.bytes("missing.type") { table.index(lowercasing: $0, hash: TypeKey.lowercasedHash($0).hash) } == nil)
    }
}
