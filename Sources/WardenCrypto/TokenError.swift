/// Why an agent token was rejected.
///
/// Each rejection has its own ``Code`` and a message that names the problem (the algorithm
/// given, the kid that is unknown, the claim that is missing, when the token expired). Messages
/// never contain the token or its signature. They are meant for the agent's operator; a gateway
/// may still choose to send remote clients only the code.
public struct TokenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of rejection. New codes may be added; switch with a `default` case.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case malformed
            case unsupportedAlgorithm
            case unknownKey
            case badSignature
            case expired
            case notYetValid
            case invalidClaims
            case wrongIssuer
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// The token is not a well-formed compact JWS with JSON header and payload, is too
        /// large, or uses header features Warden does not support (`typ` other than `JWT`, `crit`).
        public static let malformed = Code(.malformed)
        /// The header's `alg` is missing or is not `EdDSA`.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// The header has no `kid`, or the key set has no key with that kid.
        public static let unknownKey = Code(.unknownKey)
        /// The signature is not 64 bytes or does not verify.
        public static let badSignature = Code(.badSignature)
        /// The `exp` time has passed.
        public static let expired = Code(.expired)
        /// The `nbf` time has not come yet.
        public static let notYetValid = Code(.notYetValid)
        /// A required claim is missing, or a claim has the wrong type.
        public static let invalidClaims = Code(.invalidClaims)
        /// The `iss` claim is not the expected issuer.
        public static let wrongIssuer = Code(.wrongIssuer)

        public var description: String {
            switch value {
            case .malformed: "malformed token"
            case .unsupportedAlgorithm: "unsupported algorithm"
            case .unknownKey: "unknown key"
            case .badSignature: "bad signature"
            case .expired: "token expired"
            case .notYetValid: "token not yet valid"
            case .invalidClaims: "invalid claims"
            case .wrongIssuer: "wrong issuer"
            }
        }

        /// A stable snake_case identifier for programs (`expired`, `bad_signature`...): the
        /// `reason` of libwarden's token errors and of the conformance token vectors.
        public var name: String {
            switch value {
            case .malformed: "malformed"
            case .unsupportedAlgorithm: "unsupported_algorithm"
            case .unknownKey: "unknown_key"
            case .badSignature: "bad_signature"
            case .expired: "expired"
            case .notYetValid: "not_yet_valid"
            case .invalidClaims: "invalid_claims"
            case .wrongIssuer: "wrong_issuer"
            }
        }
    }

    /// The kind of rejection.
    public var code: Code
    /// What is wrong, in words that name the problem.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String {
        "\(code): \(message)"
    }
}
