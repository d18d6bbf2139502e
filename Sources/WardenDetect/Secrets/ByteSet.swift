/// A set of byte values, tested with one shift and mask (no table load, no allocation).
struct ByteSet: Sendable {
    private let w0: UInt64
    private let w1: UInt64
    private let w2: UInt64
    private let w3: UInt64

    /// The set of the bytes of `members`.
    init(_ members: String) {
        var w: [UInt64] = [0, 0, 0, 0]
        for b in members.utf8 { w[Int(b >> 6)] |= 1 << UInt64(b & 63) }
        (w0, w1, w2, w3) = (w[0], w[1], w[2], w[3])
    }

    private init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }

    /// The union of two sets.
    func union(_ other: ByteSet) -> ByteSet {
        ByteSet(w0 | other.w0, w1 | other.w1, w2 | other.w2, w3 | other.w3)
    }

    /// Branch-free (selects compile to conditional moves): a `switch` on `b >> 6` became an
    /// indirect jump per byte, mispredicted on ordinary text.
    @inline(__always)
    func contains(_ b: UInt8) -> Bool {
        let second = b & 64 != 0
        let low = second ? w1 : w0
        let high = second ? w3 : w2
        let word = b & 128 != 0 ? high : low
        return (word >> UInt64(b & 63)) & 1 != 0
    }

    static let digits = ByteSet("0123456789")
    static let upper = ByteSet("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    static let lower = ByteSet("abcdefghijklmnopqrstuvwxyz")
    static let letters = upper.union(lower)
    /// `[A-Za-z0-9]`.
    static let base62 = letters.union(digits)
    /// `[A-Za-z0-9_-]`: base64url.
    static let base64URL = base62.union(ByteSet("-_"))
    /// `[A-Za-z0-9+/]`: the base64 alphabet without padding.
    static let base64 = base62.union(ByteSet("+/"))
    /// `[A-Za-z0-9+/=]`.
    static let base64Padded = base64.union(ByteSet("="))
    static let lowerHex = ByteSet("0123456789abcdef")
    static let hex = ByteSet("0123456789abcdefABCDEF")
    /// `[A-Z2-7]`: RFC 4648 base32, as AWS key ids use it.
    static let base32Upper = upper.union(ByteSet("234567"))
    /// `[A-Z0-9]`.
    static let upperAlphanumeric = upper.union(digits)
    /// `[A-Z0-9 ]`: PEM armour labels.
    static let pemLabel = upperAlphanumeric.union(ByteSet(" "))
    /// The bech32 data alphabet, upper case (age keys).
    static let bech32Upper = ByteSet("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")
    /// Bytes that continue a token, so a prefix right after one is inside something longer.
    static let tokenJoin = base62.union(ByteSet("_-.+"))
    /// Identifier bytes of config keys: `DB_PASSWORD`, `user.password`, `x-api-key`.
    static let identifier = base62.union(ByteSet("_-."))
    /// Horizontal white space.
    static let blank = ByteSet(" \t")
    static let whitespace = ByteSet(" \t\r\n\u{0B}\u{0C}")
    /// What may sit inside a PEM body besides base64: white space, escaped newlines, and the
    /// `Proc-Type:`/`DEK-Info:` header lines of legacy encrypted keys.
    static let pemExtra = whitespace.union(ByteSet("\\:,-.()"))
    /// What may separate an AWS key id from its secret on one line.
    static let awsSeparators = ByteSet(" \t,;:|=\"'")
    /// Quotes and blanks around an assignment's separator.
    static let quotesAndBlanks = ByteSet(" \t\"'`")
    /// Punctuation that ends a sentence rather than a value.
    static let trailingPunctuation = ByteSet(";,.:!?)]}'")
    /// What an unquoted assignment value may hold.
    static let unquotedValue = ByteSet(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%*+-./:=?@^_~([{|\\")
    /// First bytes of values that reference or template a secret instead of holding one.
    static let placeholderLead = ByteSet("$%{<[(!|>&*@?#~/\\:.")
    /// URL scheme bytes.
    static let schemeChar = base62.union(ByteSet("+.-"))
    /// Bearer token bytes (RFC 6750 b64token).
    static let bearerValue = base62.union(ByteSet("-._~+/="))
    /// Bytes of the tokens the entropy heuristic weighs (base64, base64url).
    static let entropyToken = base62.union(ByteSet("+/=_-"))
    /// Separators trimmed from the ends of an entropy candidate.
    static let entropyEdge = ByteSet("+/=_-")
    /// Where a URL or an unquoted value stops.
    static let urlStop = whitespace.union(ByteSet("\"'`<>"))
}
