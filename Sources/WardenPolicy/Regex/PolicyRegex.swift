/// A compiled regular expression with search semantics ("does it match anywhere?").
///
/// Syntax follows Python's `re` (the flavour most policy files are written for) with ASCII
/// character classes; see `docs/policy.md` for the exact dialect and the few deviations.
///
/// Execution: the pattern is compiled to a byte-level Thompson NFA. Patterns without
/// lookaround or backreferences are turned into a complete DFA when the value is created, so
/// matching is a single table-driven pass over the input bytes with no backtracking and no
/// allocation; if the DFA would exceed its size cap, an NFA simulation (still linear time)
/// is used instead. Patterns with lookaround/backreferences use a backtracking matcher with
/// an explicit stack and a per-call step budget (`PolicyRegex.backtrackStepBudget`).
///
/// The value is immutable after initialisation and safe to share between threads.
public struct PolicyRegex: Sendable {
    /// The source pattern as written.
    public let pattern: String

    /// Maximum number of backtracking steps one `matches` call may spend on a pattern that
    /// uses lookaround or backreferences before it throws `budgetExceeded`.
    public static let backtrackStepBudget = 1_000_000

    let engine: RegexEngine
    /// The DFA again, outside the enum: optional chaining on a stored class reference calls it
    /// without the retain/release that binding it out of `engine` costs on every match.
    let dfa: RegexDFA?

    /// Compiles `pattern`. Throws `PolicyRegexError` naming the problem and its 1-based column (in Unicode scalars).
    public init(_ pattern: String) throws(PolicyRegexError) {
        self.pattern = pattern
        var parser = RegexParser(pattern)
        let tree = try parser.parse()
        let program = try RegexCompiler.compile(tree, captureCount: parser.captureCount)
        if program.needsBacktracking {
            engine = .backtrack(program)
            dfa = nil
        } else if let built = RegexDFABuilder.build(program) {
            engine = .dfa(built)
            dfa = built
        } else {
            engine = .nfa(program)
            dfa = nil
        }
    }

    /// True when the pattern matches anywhere in `text` (like Python's `re.search`).
    /// Throws `PolicyRegexError` (code budgetExceeded) only for patterns that need the backtracking fallback
    /// (lookaround/backreferences) when the step budget runs out; DFA patterns never throw.
    public func matches(_ text: String) throws(PolicyRegexError) -> Bool {
        // Native Swift strings are contiguous UTF-8, so this is normally a zero-copy view.
        let fast = text.utf8.withContiguousStorageIfAvailable { buffer in
            Result { () throws(PolicyRegexError) -> Bool in try matches(utf8: buffer) }
        }
        if let fast { return try fast.get() }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(PolicyRegexError) -> Bool in
            try matches(utf8: buffer)
        }
    }

    /// Same over raw UTF-8 bytes.
    ///
    /// Invalid UTF-8 is tolerated: malformed bytes never match `.` or a class, but literal
    /// ASCII around them still matches.
    public func matches(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(PolicyRegexError) -> Bool {
        if let matched = dfa?.matches(bytes) { return matched }
        switch engine {
        case .dfa(let dfa):
            return dfa.matches(bytes)
        case .nfa(let program):
            return RegexNFASimulation.matches(program, bytes)
        case .backtrack(let program):
            return try RegexBacktracker.matches(program, bytes, budget: Self.backtrackStepBudget)
        }
    }
}

/// The execution strategy chosen for a pattern at compile time.
enum RegexEngine: Sendable {
    case dfa(RegexDFA)
    case nfa(RegexProgram)
    case backtrack(RegexProgram)
}

/// Why a pattern could not be compiled, or why a match could not be decided.
public struct PolicyRegexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of a `PolicyRegexError`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case syntax, unsupported, tooComplex, budgetExceeded
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The pattern is malformed (bad escape, unbalanced parenthesis, `a**`, `[z-a]`, ...).
        public static let syntax = Code(.syntax)
        /// Valid Python syntax that this engine deliberately does not implement.
        public static let unsupported = Code(.unsupported)
        /// The pattern exceeds a size limit (repetition count, nesting depth, program size).
        public static let tooComplex = Code(.tooComplex)
        /// A backtracking match ran out of its step budget; the result is unknown.
        public static let budgetExceeded = Code(.budgetExceeded)

        /// The code's name, e.g. `syntax`.
        public var description: String { kind.rawValue }
    }

    /// The category of the problem.
    public var code: Code
    /// Human-readable explanation, e.g. "unterminated character class" / "nothing to repeat".
    public var message: String
    /// 1-based column of the problem in the pattern, counted in Unicode scalars.
    public var column: Int?

    /// Creates an error value.
    public init(code: Code, message: String, column: Int? = nil) {
        self.code = code
        self.message = message
        self.column = column
    }

    /// "column 5: nothing to repeat", or just the message when there is no column.
    public var description: String {
        if let column { return "column \(column): \(message)" }
        return message
    }
}
