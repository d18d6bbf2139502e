/// The result of a test that can fail to evaluate: true, false, or "could not tell" with the
/// reason (a type mismatch). Callers decide what "could not tell" means (see docs/policy.md,
/// "Values of the wrong type"): deny and review rules apply, allow rules do not.
enum Truth: Sendable, Equatable {
    case yes
    case no
    case unknown(String)

    init(_ b: Bool) { self = b ? .yes : .no }
}

/// Comparison, membership and string tests shared by statement conditions and expressions, so
/// both give the same answer for the same values.
enum ValueOperations {
    static func mismatch(_ path: String, _ actual: PolicyValue, _ op: String, _ expected: PolicyValue) -> Truth {
        .unknown("\(path) is \(actual.typeName) \(actual.shortDescription()), which cannot be compared with \(expected.typeName) \(expected.shortDescription()) using '\(op)'")
    }

    static func equals(_ path: String, _ actual: PolicyValue, _ expected: PolicyValue, op: String = "==") -> Truth {
        guard let eq = PolicyValue.policyEquals(actual, expected) else { return mismatch(path, actual, op, expected) }
        return Truth(eq)
    }

    /// `<`, `<=`, `>`, `>=` over two numbers or two strings (by Unicode scalar order).
    static func order(_ path: String, _ actual: PolicyValue, _ op: CompareOperator, _ expected: PolicyValue) -> Truth {
        let c: Int
        if let n = PolicyValue.compareNumbers(actual, expected) {
            c = n
        } else if case .string(let a) = actual, case .string(let b) = expected {
            c = a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : (a.utf8Equals(b) ? 0 : 1)
        } else {
            return mismatch(path, actual, op.rawValue, expected)
        }
        switch op {
        case .lt: return Truth(c < 0)
        case .le: return Truth(c <= 0)
        case .gt: return Truth(c > 0)
        case .ge: return Truth(c >= 0)
        case .eq: return Truth(c == 0)
        case .ne: return Truth(c != 0)
        }
    }

    /// Membership of `actual` in a list (or, for a string collection, substring — agsec's `in`).
    static func member(_ path: String, _ actual: PolicyValue, in collection: PolicyValue, op: String = "in") -> Truth {
        switch collection {
        case .array(let items):
            return listContains(items, actual) ?? mismatch(path, actual, op, collection)
        case .object(let map):
            guard case .string(let key) = actual else { return mismatch(path, actual, op, collection) }
            return Truth(map[key] != nil)
        case .string(let haystack):
            guard case .string(let needle) = actual else { return mismatch(path, actual, op, collection) }
            return Truth(contains(haystack, needle))
        default:
            return mismatch(path, actual, op, collection)
        }
    }

    /// Whether `items` holds a value equal to `value`; nil (a type mismatch) when no element is
    /// even of a comparable type, so `5 in ["a", "b"]` is reported rather than quietly false.
    private static func listContains(_ items: [PolicyValue], _ value: PolicyValue) -> Truth? {
        var sawComparable = items.isEmpty
        for item in items {
            if let eq = PolicyValue.policyEquals(value, item) {
                sawComparable = true
                if eq { return .yes }
            }
        }
        return sawComparable ? .no : nil
    }

    /// `contains`: substring for strings, element membership for lists, key for maps.
    static func contains(_ path: String, _ actual: PolicyValue, _ needle: PolicyValue) -> Truth {
        switch actual {
        case .string(let s):
            guard case .string(let n) = needle else { return mismatch(path, actual, "contains", needle) }
            return Truth(contains(s, n))
        case .array(let items):
            return listContains(items, needle) ?? mismatch(path, actual, "contains", needle)
        case .object(let map):
            guard case .string(let key) = needle else { return mismatch(path, actual, "contains", needle) }
            return Truth(map[key] != nil)
        default:
            return mismatch(path, actual, "contains", needle)
        }
    }

    static func startsWith(_ path: String, _ actual: PolicyValue, _ prefix: PolicyValue, op: String = "starts_with") -> Truth {
        guard case .string(let s) = actual, case .string(let p) = prefix else { return mismatch(path, actual, op, prefix) }
        return Truth(s.utf8.starts(with: p.utf8))
    }

    static func endsWith(_ path: String, _ actual: PolicyValue, _ suffix: PolicyValue, op: String = "ends_with") -> Truth {
        guard case .string(let s) = actual, case .string(let p) = suffix else { return mismatch(path, actual, op, suffix) }
        return Truth(s.utf8.reversed().starts(with: p.utf8.reversed()))
    }

    /// Regex search. Numbers and booleans are matched in their JSON spelling; lists and maps
    /// cannot be matched (a list of arguments must not slip past a pattern meant for a string).
    static func regex(_ path: String, _ actual: PolicyValue, _ regex: PolicyRegex) -> Truth {
        do {
            switch actual {
            case .string(let s): return Truth(try regex.matches(s))
            case .int, .double, .bool: return Truth(try regex.matches(actual.jsonText))
            default:
                return .unknown("\(path) is \(actual.typeName) \(actual.shortDescription()), which cannot be matched against regex \(JSONWriter.quoted(regex.pattern))")
            }
        } catch {
            return .unknown("regex \(JSONWriter.quoted(regex.pattern)) could not be evaluated on \(path): \(error.message)")
        }
    }

    /// Byte-level substring search; UTF-8 is self-synchronizing, so a match is always on
    /// scalar boundaries.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        if let r = haystack.utf8.withContiguousStorageIfAvailable({ hb in
            needle.utf8.withContiguousStorageIfAvailable { nb in contains(hb, nb) }
        }), let r {
            return r
        }
        // Bridged or otherwise non-contiguous strings: copy once.
        let h = Array(haystack.utf8), n = Array(needle.utf8)
        return h.withUnsafeBufferPointer { hb in n.withUnsafeBufferPointer { nb in contains(hb, nb) } }
    }

    static func contains(_ hb: UnsafeBufferPointer<UInt8>, _ nb: UnsafeBufferPointer<UInt8>) -> Bool {
        if nb.isEmpty { return true }
        if nb.count > hb.count { return false }
        let first = nb[0]
        var i = 0
        let last = hb.count - nb.count
        while i <= last {
            if hb[i] == first {
                var j = 1
                while j < nb.count, hb[i + j] == nb[j] { j += 1 }
                if j == nb.count { return true }
            }
            i += 1
        }
        return false
    }
}
