// TEMPORARY stand-in until the real engine lands in Regex/.
public struct PolicyRegex: Sendable {
    public let pattern: String
    private let compiled: Bool
    public init(_ pattern: String) throws(PolicyRegexError) {
        self.pattern = pattern
        do { _ = try Regex(pattern) } catch { throw PolicyRegexError(message: "\(error)", column: nil) }
        compiled = true
    }
    public func matches(_ text: String) throws(PolicyRegexError) -> Bool {
        let r = try! Regex(pattern)
        return text.contains(r)
    }
}
public struct PolicyRegexError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var column: Int?
    public var description: String { column.map { "column \($0): \(message)" } ?? message }
}
