import Foundation
import Testing
import WardenCrypto

/// The conformance token vectors (conformance/fixtures/tokens/vectors.json), run directly
/// against the Swift verifier: the same file every binding's runner passes.
@Suite("Token conformance vectors")
struct TokenVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("conformance/fixtures/tokens/vectors.json")

    @Test("every vector gets its expected verdict, claims or reason")
    func vectors() throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let jwksData = try JSONSerialization.data(withJSONObject: try #require(root["jwks"]))
        let keys = try JWKS(json: String(decoding: jwksData, as: UTF8.self))
        let vectors = try #require(root["vectors"] as? [[String: Any]])
        #expect(vectors.count >= 30)
        for v in vectors {
            let name = v["name"] as? String ?? "?"
            let expect = try #require(v["expect"] as? [String: Any])
            let now = (v["now"] as? NSNumber)?.int64Value ?? 0
            let leeway = (v["leeway"] as? NSNumber)?.int64Value ?? 0
            let issuer = v["issuer"] as? String
            do {
                let claims = try AgentToken.verify(v["token"] as? String ?? "", keys: keys, now: now, issuer: issuer, leeway: leeway)
                #expect(expect["valid"] as? Bool == true, "\(name): accepted, expected \(expect["reason"] ?? "?")")
                let want = try #require(expect["claims"] as? [String: Any], "\(name)")
                #expect(claims.sub == want["sub"] as? String && claims.iss == want["iss"] as? String, "\(name)")
                #expect(claims.team == want["team"] as? String && claims.org == want["org"] as? String, "\(name)")
                #expect(claims.exp == (want["exp"] as? NSNumber)?.int64Value && claims.nbf == (want["nbf"] as? NSNumber)?.int64Value, "\(name)")
            } catch let error as TokenError {
                #expect(expect["valid"] as? Bool == false, "\(name): refused (\(error.message)), expected valid")
                #expect(error.code.name == expect["reason"] as? String, "\(name): reason \(error.code.name), expected \(expect["reason"] ?? "?")")
            }
        }
    }
}
