import Testing
import WardenCrypto

@Suite("ConstantTime")
struct ConstantTimeTests {
    @Test("equal bytes are equal")
    func equal() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(ConstantTime.equals([], []))
    }

    @Test("a difference at any position makes them unequal")
    func differentByte() {
        let base = [UInt8](repeating: 7, count: 32)
        for position in base.indices {
            var other = base
            other[position] ^= 0x01
            #expect(!ConstantTime.equals(base, other))
        }
    }

    @Test("different lengths are unequal, even when one is a prefix of the other")
    func differentLength() {
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [0]))
    }
}
