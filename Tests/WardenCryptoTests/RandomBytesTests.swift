import Dispatch
import Synchronization
import Testing
import WardenCrypto

@Suite("Random bytes")
struct RandomBytesTests {
    @Test("identifiers have the asked size and do not repeat across pool refills")
    func identifiersAreUnique() {
        var seen = Set<[UInt8]>()
        // 12-byte ids: 341 per 4 KiB block, so this crosses ~60 refills.
        for _ in 0..<20_000 {
            let id = RandomBytes.identifier(12)
            #expect(id.count == 12)
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        #expect(RandomBytes.identifier(1).count == 1)
        #expect(RandomBytes.identifier(64).count == 64)
    }

    @Test("many threads drawing identifiers at once never get the same bytes")
    func concurrentIdentifiers() {
        let all = Mutex<[[UInt8]]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            var mine: [[UInt8]] = []
            for _ in 0..<2_000 { mine.append(RandomBytes.identifier(16)) }
            all.withLock { $0.append(contentsOf: mine) }
        }
        let ids = all.withLock { $0 }
        #expect(ids.count == 16_000)
        #expect(Set(ids).count == 16_000)
    }

    @Test("the pool does not hand out a constant or zero block")
    func notConstant() {
        let a = RandomBytes.identifier(32), b = RandomBytes.identifier(32)
        #expect(a != b)
        #expect(a != [UInt8](repeating: 0, count: 32))
    }
}
