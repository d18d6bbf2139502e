import Testing
import WardenCrypto

@Suite("Secret")
struct SecretTests {
    @Test("generated secrets carry the prefix and 32 random bytes in base64url")
    func generate() {
        let secret = Secret.generate(prefix: "wd_enroll_")
        #expect(secret.hasPrefix("wd_enroll_"))
        let body = String(secret.dropFirst("wd_enroll_".count))
        #expect(body.count == 43)
        #expect(Base64URL.decode(body)?.count == 32)
        #expect(Secret.generate(prefix: "wd_enroll_") != secret)
    }

    @Test("the hash is sha256: and the lowercase hex digest")
    func hashFormat() {
        #expect(Secret.hash("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("a secret matches its own hash")
    func matches() {
        let secret = Secret.generate(prefix: "wd_admin_")
        #expect(Secret.matches(secret, hash: Secret.hash(secret)))
    }

    @Test("another secret, or a truncated one, does not match")
    func mismatch() {
        let secret = Secret.generate(prefix: "wd_admin_")
        let stored = Secret.hash(secret)
        #expect(!Secret.matches(Secret.generate(prefix: "wd_admin_"), hash: stored))
        #expect(!Secret.matches(String(secret.dropLast()), hash: stored))
        #expect(!Secret.matches("", hash: stored))
    }

    @Test(
        "a malformed stored hash never matches",
        arguments: [
            "",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",  // no prefix
            "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",  // not the written form
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",  // odd length
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f200",  // short
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015adad",  // long
            "sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha256:",
        ]
    )
    func malformedHash(stored: String) {
        #expect(!Secret.matches("abc", hash: stored))
    }
}
