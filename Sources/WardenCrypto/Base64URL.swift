/// Base64url without padding (RFC 4648 §5), as JOSE uses it (RFC 7515 §2).
///
/// Decoding is strict, because a token that decodes the same from two different spellings
/// lets an attacker change the bytes of a signed token without breaking the signature:
/// padding (`=`), whitespace, the standard alphabet's `+` and `/`, impossible lengths and
/// non-zero trailing bits are all rejected.
///
/// ```swift
/// Base64URL.encode([0xFB, 0xFF])    // "-_8"
/// Base64URL.decode("-_8")           // [0xFB, 0xFF]
/// Base64URL.decode("-_8=")          // nil: padding is not allowed
/// ```
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Maps an ASCII byte to its 6-bit value, or 0xFF when it is not in the URL-safe alphabet.
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes as unpadded base64url.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The encoding, using only `A–Z a–z 0–9 - _`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let n = UInt32(bytes[index]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
        case 2:
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes unpadded base64url, strictly.
    ///
    /// - Parameter text: The encoded text; the empty string decodes to no bytes.
    /// - Returns: The bytes, or `nil` if `text` contains padding or a character outside the
    ///   URL-safe alphabet, has an impossible length, or has non-zero bits after the last byte
    ///   (so that every byte string has exactly one accepted spelling).
    public static func decode(_ text: String) -> [UInt8]? {
        decode(utf8: text.utf8)
    }

    /// Decodes unpadded base64url from its ASCII bytes; see ``decode(_:)``.
    static func decode<Input: Collection<UInt8>>(utf8 input: Input) -> [UInt8]? {
        // A single leftover character carries only 6 bits: not even one byte.
        if input.count % 4 == 1 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in input {
            let value = reverse[Int(byte)]
            if value == 0xFF { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        // Leftover bits (2 or 4) must be zero, or two spellings would decode to the same bytes.
        if accumulator != 0 { return nil }
        return out
    }
}
