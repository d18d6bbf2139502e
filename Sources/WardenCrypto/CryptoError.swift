/// Thrown when key material or a key set is unusable.
///
/// Messages name what is wrong (the key's position and kid, the bad field) but never include
/// secret key bytes.
public struct CryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem. New codes may be added; switch with a `default` case.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case invalidKey
            case invalidJWKS
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// A key has the wrong length or is not a valid Ed25519 key.
        public static let invalidKey = Code(.invalidKey)
        /// A JSON Web Key Set is not valid JSON, has the wrong shape, or holds unsupported keys.
        public static let invalidJWKS = Code(.invalidJWKS)

        public var description: String {
            switch value {
            case .invalidKey: "invalid key"
            case .invalidJWKS: "invalid JWKS"
            }
        }
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong, naming the offending input.
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
