import Testing
import WardenCrypto

@Suite("Base64URL")
struct Base64URLTests {
    @Test(
        "encodes the RFC 4648 vectors without padding",
        arguments: [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"),
            ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
        ]
    )
    func rfc4648(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test("uses the URL-safe alphabet")
    func urlSafeAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
    }

    @Test("round-trips every length from 0 to 100 bytes")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...100 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64URL.encode(bytes)
            #expect(!encoded.contains("="))
            #expect(Base64URL.decode(encoded) == bytes)
        }
    }

    @Test(
        "rejects padding, foreign characters, impossible lengths and non-canonical trailing bits",
        arguments: [
            "Zg==", "Zm8=", "Zm9v=",  // padding
            "+/8", "Zm9v+g", "Zm/v",  // standard alphabet
            "Zm 9v", "Zm9v\n", " Zm9v", "Zm9v.", "é",  // whitespace and other characters
            "Z", "Zm9vY",  // a lone 6-bit character cannot be a byte
            "Zh", "Zm9", "-_9",  // non-zero bits after the last byte: a second spelling
        ]
    )
    func strictDecoding(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test("decodes the empty string to no bytes")
    func empty() {
        #expect(Base64URL.decode("") == [])
    }
}
