extension ToolArgumentScanner {
    /// One byte of a decoded value and the normalised bytes it came from: a plain byte covers
    /// one byte, `%2e` covers three, `%252e` five.
    struct DecodedByte {
        var byte: UInt8
        var start: Int32
        var end: Int32

        /// True when the byte was spelled with an escape rather than written as itself.
        var isEncoded: Bool { end - start > 1 }

        /// `bytes[range]`, each byte standing for itself.
        static func plain(_ bytes: [UInt8], _ range: Range<Int>) -> [DecodedByte] {
            var out: [DecodedByte] = []
            out.reserveCapacity(range.count)
            for i in range { out.append(DecodedByte(byte: bytes[i], start: Int32(i), end: Int32(i + 1))) }
            return out
        }

        /// `bytes`, every byte standing for the whole span `origin` (a shell word whose quotes
        /// were removed maps back as a whole).
        static func spanning(_ bytes: [UInt8], origin: Range<Int>) -> [DecodedByte] {
            bytes.map { DecodedByte(byte: $0, start: Int32(origin.lowerBound), end: Int32(origin.upperBound)) }
        }
    }
}
