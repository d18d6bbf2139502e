/// A failure of the durable store: opening, migrating, writing or reading.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; opaque so new kinds can be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case io, sqlite, schema, invalidArgument, keyFile
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A file could not be read, written or created.
        public static let io = Code(.io)
        /// SQLite reported an error.
        public static let sqlite = Code(.sqlite)
        /// The database was written by a newer or unknown version of Warden.
        public static let schema = Code(.schema)
        /// A caller passed a value the store cannot accept.
        public static let invalidArgument = Code(.invalidArgument)
        /// A secret key file is missing, malformed or readable by others.
        public static let keyFile = Code(.keyFile)

        public var description: String { kind.rawValue }
    }

    public var code: Code
    /// What went wrong, naming the file or value.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
