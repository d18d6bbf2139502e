/// The members of an action's `params` or `context`.
///
/// An action read from JSON usually has a handful of params, and a check looks up one or two of
/// them. A dictionary costs an allocation whose storage type the runtime looks up each time, and
/// a hash of every key on insert and on every lookup; for a few members a linear search of an
/// array is cheaper. So up to `linearLimit` members are kept as read, in an array compared key by
/// key (with `String`'s `==`, the equality a dictionary uses, so the same keys are equal and the
/// same duplicates are refused); a larger object, or one given as a dictionary, keeps the
/// dictionary. Lookups give the same answers either way. No member, or one (most actions have a
/// single param, and no context), is held without any array: no allocation to make and free.
struct ActionMap: Sendable {
    /// A struct, not a tuple: an array of tuples is destroyed through the runtime's generic
    /// tuple witness, element by element.
    struct Member {
        let key: String
        let value: PolicyValue
    }

    /// More members than this are kept in a dictionary: a linear duplicate check stays cheap
    /// (at most 36 comparisons), and an object with many keys cannot make parsing quadratic.
    static let linearLimit = 8

    private enum Storage {
        case empty
        case one(Member)
        case members(ContiguousArray<Member>)
        case dictionary([String: PolicyValue])
    }

    private var storage: Storage

    init() { storage = .empty }

    init(_ dictionary: [String: PolicyValue]) { storage = .dictionary(dictionary) }

    var isEmpty: Bool {
        switch storage {
        case .empty: return true
        case .one: return false
        case .members(let m): return m.isEmpty
        case .dictionary(let d): return d.isEmpty
        }
    }

    subscript(key: String) -> PolicyValue? {
        switch storage {
        case .empty:
            return nil
        case .one(let member):
            // Not `?:` with `nil`: PolicyValue is ExpressibleByNilLiteral, so that `nil` would be `.null`.
            if member.key == key { return member.value }
            return nil
        case .members(let members):
            return members.withUnsafeBufferPointer { buffer in
                for member in buffer where member.key == key { return member.value }
                return nil
            }
        case .dictionary(let d):
            return d[key]
        }
    }

    /// The members as a dictionary (made on each call for an array of members).
    var dictionary: [String: PolicyValue] {
        switch storage {
        case .empty:
            return [:]
        case .one(let member):
            return [member.key: member.value]
        case .members(let members):
            var d = [String: PolicyValue](minimumCapacity: members.count)
            for member in members { d[member.key] = member.value }
            return d
        case .dictionary(let d):
            return d
        }
    }

    /// The members in ascending key order (the order content scans and JSON output use).
    var sortedMembers: [Member] {
        switch storage {
        case .empty: return []
        case .one(let member): return [member]
        case .members(let members): return members.sorted { $0.key < $1.key }
        case .dictionary(let d): return d.sorted { $0.key < $1.key }.map { Member(key: $0.key, value: $0.value) }
        }
    }

    /// Adds a member whose key is not present yet (see `contains`), moving to a dictionary past
    /// `linearLimit` members.
    mutating func appendNew(_ key: String, _ value: PolicyValue) {
        switch storage {
        case .empty:
            storage = .one(Member(key: key, value: value))
        case .one(let first):
            var members = ContiguousArray<Member>()
            members.reserveCapacity(Self.linearLimit)
            members.append(first)
            members.append(Member(key: key, value: value))
            storage = .members(members)
        case .members(var members):
            if members.count < Self.linearLimit {
                storage = .members([])  // `members` is now the only reference: appended in place
                if members.capacity == 0 { members.reserveCapacity(Self.linearLimit) }
                members.append(Member(key: key, value: value))
                storage = .members(members)
            } else {
                var d = [String: PolicyValue](minimumCapacity: 2 * Self.linearLimit)
                for member in members { d[member.key] = member.value }
                d[key] = value
                storage = .dictionary(d)
            }
        case .dictionary(var d):
            storage = .members([])
            d[key] = value
            storage = .dictionary(d)
        }
    }

    func contains(_ key: String) -> Bool { self[key] != nil }
}

extension ActionMap: Equatable {
    /// Equal when they hold the same keys with equal values, however each is stored.
    static func == (a: ActionMap, b: ActionMap) -> Bool {
        if case .dictionary(let x) = a.storage, case .dictionary(let y) = b.storage { return x == y }
        return a.dictionary == b.dictionary
    }
}

extension ActionMap: Hashable {
    func hash(into hasher: inout Hasher) {
        // Dictionary hashing does not depend on order, so both storages hash alike.
        hasher.combine(dictionary)
    }
}
