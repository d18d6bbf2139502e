extension PolicyValue {
    /// Every string inside this value with a dotted name, the form tool arguments are checked
    /// in (`ToolArgumentScanner.scan(arguments:)`): object members as `options.url`, list
    /// elements as `files[1]`; numbers, booleans and nulls are left out. Members are visited in
    /// byte-wise key order, so the same value always gives the same list.
    ///
    /// `{"command": "ls", "options": {"url": "http://x"}, "files": ["a"]}` gives
    /// `[("command", "ls"), ("files[0]", "a"), ("options.url", "http://x")]`.
    public var namedStrings: [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        Self.collect(self, name: "", into: &out)
        return out
    }

    private static func collect(_ value: PolicyValue, name: String, into out: inout [(name: String, value: String)]) {
        switch value {
        case .string(let text):
            out.append((name, text))
        case .object(let members):
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                collect(members[key]!, name: name.isEmpty ? key : name + "." + key, into: &out)
            }
        case .array(let items):
            for (index, item) in items.enumerated() { collect(item, name: "\(name)[\(index)]", into: &out) }
        case .null, .bool, .int, .double:
            break
        }
    }
}
