extension ToolArgumentScanner {
    /// Undoes the encodings used to smuggle `.`, `/` and `\` past filters, keeping for each
    /// decoded byte the span it was spelled with: `%2e`, `%u002e`, double encoding (`%252e`,
    /// two rounds at most) and overlong or fullwidth UTF-8 spelled with escapes (`%c0%ae`,
    /// `%ef%bc%8e`).
    enum PercentDecoding {
        /// Decodes `input`; `rounds` is 1 for a URL host (as browsers do) and 2 elsewhere.
        static func decode(_ input: [DecodedByte], rounds: Int = 2) -> [DecodedByte] {
            guard input.contains(where: { $0.byte == UInt8(ascii: "%") }) else { return input }
            var current = decodeOnce(input)
            if rounds > 1, current.contains(where: { $0.byte == UInt8(ascii: "%") && $0.isEncoded }) {
                current = decodeOnce(current)
            }
            return collapseEncodedUTF8(current)
        }

        private static func decodeOnce(_ src: [DecodedByte]) -> [DecodedByte] {
            var out: [DecodedByte] = []
            out.reserveCapacity(src.count)
            let n = src.count
            var i = 0
            while i < n {
                if src[i].byte == UInt8(ascii: "%") {
                    if i + 2 < n, let h = Bytes.hexValue(src[i + 1].byte), let l = Bytes.hexValue(src[i + 2].byte) {
                        out.append(DecodedByte(byte: h << 4 | l, start: src[i].start, end: src[i + 2].end))
                        i += 3
                        continue
                    }
                    // IIS-style %uXXXX.
                    if i + 5 < n, src[i + 1].byte | 0x20 == UInt8(ascii: "u") {
                        var value: UInt32 = 0
                        var ok = true
                        for k in 2...5 {
                            guard let h = Bytes.hexValue(src[i + k].byte) else { ok = false; break }
                            value = value << 4 | UInt32(h)
                        }
                        if ok {
                            let start = src[i].start
                            let end = src[i + 5].end
                            var encoded: [UInt8] = []
                            if value < 0x80 {
                                encoded = [UInt8(value)]
                            } else if case .ascii(let a) = NormalizedText.map(value) {
                                encoded = [a]
                            } else {
                                NormalizedText.encode(value, into: &encoded)
                            }
                            for b in encoded { out.append(DecodedByte(byte: b, start: start, end: end)) }
                            i += 6
                            continue
                        }
                    }
                }
                out.append(src[i])
                i += 1
            }
            return out
        }

        /// Folds multi-byte sequences that were spelled with escapes into the ASCII they stand
        /// for: overlong forms (`C0 AE` = `.`) and characters normalisation maps to ASCII
        /// (fullwidth `．` = `.`). Plain multi-byte text is left alone.
        private static func collapseEncodedUTF8(_ src: [DecodedByte]) -> [DecodedByte] {
            var out: [DecodedByte] = []
            out.reserveCapacity(src.count)
            let n = src.count
            var i = 0
            while i < n {
                let b0 = src[i].byte
                if b0 >= 0xC0, src[i].isEncoded {
                    let length = b0 >= 0xF0 ? 4 : (b0 >= 0xE0 ? 3 : 2)
                    if i + length <= n, (1..<length).allSatisfy({ src[i + $0].byte & 0xC0 == 0x80 }) {
                        var value = UInt32(b0) & (length == 2 ? 0x1F : (length == 3 ? 0x0F : 0x07))
                        for k in 1..<length { value = value << 6 | (UInt32(src[i + k].byte) & 0x3F) }
                        var ascii: UInt8?
                        if value < 0x80 {
                            ascii = UInt8(value)
                        } else if case .ascii(let a) = NormalizedText.map(value) {
                            ascii = a
                        }
                        if let ascii {
                            out.append(DecodedByte(byte: ascii, start: src[i].start, end: src[i + length - 1].end))
                            i += length
                            continue
                        }
                    }
                }
                out.append(src[i])
                i += 1
            }
            return out
        }
    }
}
