import Dispatch
import Synchronization
import WardenStore

/// Group commit for the audit log.
///
/// Callers from any number of concurrent RPCs hand records to `append` and wait; a single
/// serial queue commits everything that queued up while the previous commit (an fsync) was in
/// progress as one transaction, then answers each caller with its own entries. One fsync thus
/// serves many calls, and the blocking SQLite work never runs on Swift's cooperative pool.
final class AuditWriter: Sendable {
    private typealias Waiter = (records: [AuditRecord], continuation: CheckedContinuation<Result<[AuditEntry], StoreError>, Never>)

    private struct State {
        var pending: [Waiter] = []
        var draining = false
    }

    private let store: AuditStore
    private let queue = DispatchQueue(label: "warden.audit-writer")
    private let state = Mutex(State())

    /// Upper bound on records per transaction, so one commit's latency stays bounded.
    static let maxBatch = 4096

    init(store: AuditStore) {
        self.store = store
    }

    /// Appends `records` and returns their committed entries once they are durable.
    func append(_ records: [AuditRecord]) async throws(StoreError) -> [AuditEntry] {
        if records.isEmpty { return [] }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[AuditEntry], StoreError>, Never>) in
            let startDrain = state.withLock { s -> Bool in
                s.pending.append((records, continuation))
                if s.draining { return false }
                s.draining = true
                return true
            }
            if startDrain { queue.async { self.drain() } }
        }
        return try result.get()
    }

    /// Runs on `queue`: commits batches until nothing is waiting.
    private func drain() {
        while true {
            let batch = state.withLock { s -> [Waiter] in
                var taken: [Waiter] = []
                var count = 0
                while !s.pending.isEmpty, taken.isEmpty || count + s.pending[0].records.count <= Self.maxBatch {
                    let w = s.pending.removeFirst()
                    count += w.records.count
                    taken.append(w)
                }
                if taken.isEmpty { s.draining = false }
                return taken
            }
            if batch.isEmpty { return }
            do {
                let entries = try store.append(batch.flatMap(\.records))
                var offset = 0
                for waiter in batch {
                    let n = waiter.records.count
                    waiter.continuation.resume(returning: .success(Array(entries[offset..<offset + n])))
                    offset += n
                }
            } catch {
                // The transaction rolled back as a whole: nobody in it was acknowledged.
                for waiter in batch { waiter.continuation.resume(returning: .failure(error)) }
            }
        }
    }
}
