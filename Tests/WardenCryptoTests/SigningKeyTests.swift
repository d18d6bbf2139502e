import Testing
import WardenCrypto

@Suite("SigningKey and VerifyingKey")
struct SigningKeyTests {
    /// RFC 8037 appendix A.4: the JWS over `Example of Ed25519 signing` with header `{"alg":"EdDSA"}`.
    static let rfcJWS =
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"

    @Test("the RFC 8037 seed derives the RFC 8037 public key")
    func rfcPublicKey() {
        #expect(Base64URL.encode(Fixtures.signer.publicKey.bytes) == Fixtures.rfcPublicKey)
        #expect(Fixtures.signer.publicKey.kid == "k1")
        #expect(Base64URL.encode(Fixtures.signer.seed) == Fixtures.rfcSeed)
    }

    @Test("signing the RFC 8037 example gives the RFC's signature, which verifies")
    func rfcSignature() throws {
        let parts = Self.rfcJWS.split(separator: ".").map(String.init)
        #expect(Base64URL.decode(parts[0]).map { String(decoding: $0, as: UTF8.self) } == #"{"alg":"EdDSA"}"#)
        #expect(Base64URL.decode(parts[1]).map { String(decoding: $0, as: UTF8.self) } == "Example of Ed25519 signing")
        let signingInput = Array((parts[0] + "." + parts[1]).utf8)
        let expected = try #require(Base64URL.decode(parts[2]))

        let signature = Fixtures.signer.sign(signingInput)
        #expect(signature == expected)
        #expect(Base64URL.encode(signature) == parts[2])

        let verifier = try VerifyingKey(kid: "rfc", bytes: #require(Base64URL.decode(Fixtures.rfcPublicKey)))
        #expect(verifier.isValidSignature(expected, for: signingInput))
    }

    @Test("a changed message, a changed signature or another key does not verify")
    func rejectsForgeries() throws {
        let message = Array("hello".utf8)
        let signature = Fixtures.signer.sign(message)
        let key = Fixtures.signer.publicKey
        #expect(key.isValidSignature(signature, for: message))
        #expect(!key.isValidSignature(signature, for: Array("hellp".utf8)))
        var flipped = signature
        flipped[10] ^= 0x20
        #expect(!key.isValidSignature(flipped, for: message))
        #expect(!key.isValidSignature(Array(signature.dropLast()), for: message))
        #expect(!key.isValidSignature([], for: message))
        #expect(!Fixtures.otherSigner.publicKey.isValidSignature(signature, for: message))
    }

    @Test("an empty message can be signed and verified")
    func emptyMessage() {
        let signature = Fixtures.signer.sign([])
        #expect(signature.count == 64)
        #expect(Fixtures.signer.publicKey.isValidSignature(signature, for: []))
    }

    @Test("a seed round-trips to the same key, and generated keys differ")
    func seedRoundTrip() throws {
        let key = SigningKey.generate(kid: "fresh")
        #expect(key.seed.count == 32)
        let again = try SigningKey(seed: key.seed, kid: "fresh")
        #expect(again.publicKey == key.publicKey)
        #expect(SigningKey.generate(kid: "fresh").publicKey != key.publicKey)
    }

    @Test("a seed that is not 32 bytes is an invalid key", arguments: [0, 31, 33, 64])
    func badSeedLength(length: Int) {
        let error = #expect(throws: CryptoError.self) {
            try SigningKey(seed: [UInt8](repeating: 1, count: length), kid: "bad")
        }
        #expect(error?.code == .invalidKey)
        #expect(error?.message.contains("is \(length) bytes") == true)
        #expect(error?.message.contains("\"bad\"") == true)
    }

    @Test("describing a signing key shows the kid and never the seed")
    func descriptionHidesSeed() {
        let text = String(describing: Fixtures.signer)
        #expect(text == #"SigningKey(kid: "k1")"#)
        #expect(!text.contains(Fixtures.rfcSeed))
    }

    @Test("a public key that is not 32 bytes is an invalid key", arguments: [0, 31, 33])
    func badPublicKeyLength(length: Int) {
        let error = #expect(throws: CryptoError.self) {
            try VerifyingKey(kid: "short", bytes: [UInt8](repeating: 9, count: length))
        }
        #expect(error?.code == .invalidKey)
        #expect(error?.message.contains("is \(length) bytes") == true)
    }

    @Test("a small-order public key is refused, since it could accept forged signatures")
    func smallOrderKey() {
        // The identity point (0, 1) and a point of order 4 (y = 0).
        let identity: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)
        for bytes in [identity, [UInt8](repeating: 0, count: 32)] {
            let error = #expect(throws: CryptoError.self) { try VerifyingKey(kid: "weak", bytes: bytes) }
            #expect(error?.code == .invalidKey)
            #expect(error?.message.contains("not a valid curve point") == true)
        }
    }

    @Test("keys can be generated, used and verified from many tasks at once")
    func concurrentUse() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let key = SigningKey.generate(kid: "task-\(index)")
                    let message = Array("message \(index)".utf8)
                    return key.publicKey.isValidSignature(key.sign(message), for: message)
                        && Fixtures.signer.publicKey.isValidSignature(Fixtures.signer.sign(message), for: message)
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
    }
}
