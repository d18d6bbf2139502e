import Testing
import WardenCrypto

@Suite("Digest")
struct DigestTests {
    @Test("SHA-256 of \"abc\" and of the empty string match FIPS 180-2")
    func sha256() {
        #expect(Fixtures.hex(Digest.sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Fixtures.hex(Digest.sha256([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.sha256("abc") == Digest.sha256(Array("abc".utf8)))
    }

    struct HMACCase: Sendable, CustomTestStringConvertible {
        var name: String
        var key: [UInt8]
        var message: [UInt8]
        var tag: String
        var testDescription: String { name }
    }

    static let rfc4231: [HMACCase] = [
        HMACCase(
            name: "case 1: 20-byte key",
            key: [UInt8](repeating: 0x0B, count: 20),
            message: Array("Hi There".utf8),
            tag: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        HMACCase(
            name: "case 2: key shorter than the output",
            key: Array("Jefe".utf8),
            message: Array("what do ya want for nothing?".utf8),
            tag: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        HMACCase(
            name: "case 3: combined key and data",
            key: [UInt8](repeating: 0xAA, count: 20),
            message: [UInt8](repeating: 0xDD, count: 50),
            tag: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        HMACCase(
            name: "case 6: key larger than the block size",
            key: [UInt8](repeating: 0xAA, count: 131),
            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            tag: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        HMACCase(
            name: "case 7: key and data larger than the block size",
            key: [UInt8](repeating: 0xAA, count: 131),
            message: Array(
                "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
                    .utf8
            ),
            tag: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test("HMAC-SHA256 matches RFC 4231", arguments: rfc4231)
    func hmac(vector: HMACCase) {
        #expect(Fixtures.hex(Digest.hmacSHA256(key: vector.key, message: vector.message)) == vector.tag)
    }

    @Test("a prepared HMACKey gives the RFC 4231 tags, whole or in pieces, and can be reused", arguments: rfc4231)
    func preparedKey(vector: HMACCase) {
        let key = HMACKey(vector.key)
        #expect(Fixtures.hex(key.authenticate(vector.message)) == vector.tag)
        for cut in [0, 1, vector.message.count / 2, vector.message.count] {
            let head = Array(vector.message[..<cut]), tail = Array(vector.message[cut...])
            #expect(Fixtures.hex(key.authenticate(head, tail)) == vector.tag, "split at \(cut)")
        }
        #expect(Fixtures.hex(key.authenticate(vector.message)) == vector.tag, "the prepared state is not consumed")
        #expect(key.authenticate([]) == Digest.hmacSHA256(key: vector.key, message: []))
    }

    @Test("SHA-256 over pieces equals SHA-256 of their concatenation, across block boundaries")
    func sha256Concatenating() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 31, 55, 56, 63, 64, 65, 119, 120, 128, 300, 1000] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Digest.sha256(message)
            for cut in Set([0, length / 3, length / 2, length]) {
                #expect(Digest.sha256(concatenating: Array(message[..<cut]), Array(message[cut...])) == expected, "\(length) split at \(cut)")
            }
            #expect(Digest.sha256(concatenating: message) == expected)
        }
        #expect(Fixtures.hex(Digest.sha256(concatenating: Array("a".utf8), [], Array("bc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.sha256(concatenating: []) == Digest.sha256([UInt8]()))
    }

    @Test("the String overload authenticates the UTF-8 bytes")
    func hmacString() {
        let key = Array("Jefe".utf8)
        #expect(
            Digest.hmacSHA256(key: key, message: "what do ya want for nothing?")
                == Digest.hmacSHA256(key: key, message: Array("what do ya want for nothing?".utf8))
        )
    }

    @Test("an empty key and an empty message still give a 32-byte tag")
    func hmacEmpty() {
        // Known value: HMAC-SHA256 with empty key and empty message.
        #expect(
            Fixtures.hex(Digest.hmacSHA256(key: [], message: [UInt8]()))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        )
    }
}
