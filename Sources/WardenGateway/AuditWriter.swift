import Dispatch
import Synchronization
import WardenStore

/// Group commit for the audit log.
///
/// Callers from any number of concurrent RPCs hand records to `append`; a single serial queue
/// commits everything that queued up while the previous commit was in progress as one
/// transaction, then answers each caller with its own entries. One fsync thus serves many
/// calls, and the blocking SQLite work stays off the callers' threads.
///
/// One exception keeps single calls fast: a batch whose records all need only `.normal`
/// durability (no fsync) is committed on the caller's thread when the writer is idle, which
/// saves two thread wake-ups. A batch is committed with `.full` durability when any caller in
/// it asked for it.
final class AuditWriter: Sendable {
    typealias Completion = @Sendable (Result<[AuditEntry], StoreError>) -> Void
    typealias Waiter = (records: [AuditRecord], durability: AuditDurability, completion: Completion)

    private struct State {
        var pending: [Waiter] = []
        /// A commit is in progress (on the queue or inline); new work waits in `pending`.
        var busy = false
    }

    private let store: AuditStore
    private let queue = DispatchQueue(label: "warden.audit-writer")
    private let state = Mutex(State())

    /// Upper bound on records per transaction, so one commit's latency stays bounded.
    static let maxBatch = 4096

    init(store: AuditStore) {
        self.store = store
    }

    /// Appends `records`; `completion` runs once they are committed (on the writer's queue, or
    /// on this thread when committed inline).
    func append(_ records: [AuditRecord], durability: AuditDurability, completion: @escaping Completion) {
        if records.isEmpty { return completion(.success([])) }
        submit([(records, durability, completion)])
    }

    /// Appends `records` and returns their committed entries.
    func append(_ records: [AuditRecord], durability: AuditDurability) async throws(StoreError) -> [AuditEntry] {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[AuditEntry], StoreError>, Never>) in
            append(records, durability: durability) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Commits `waiters` together: inline when the writer is idle and none needs an fsync,
    /// otherwise through the queue.
    func submit(_ waiters: [Waiter]) {
        if waiters.isEmpty { return }
        enum Plan { case inline, drain, queued }
        let inline = waiters.allSatisfy { $0.durability == .normal } && waiters.reduce(0, { $0 + $1.records.count }) <= Self.maxBatch
        let plan = state.withLock { s -> Plan in
            if s.busy {
                s.pending.append(contentsOf: waiters)
                return .queued
            }
            s.busy = true
            if inline { return .inline }
            s.pending.append(contentsOf: waiters)
            return .drain
        }
        switch plan {
        case .queued:
            return
        case .drain:
            queue.async { self.drain() }
        case .inline:
            commit(waiters)
            // Anything that queued up meanwhile goes to the writer's queue.
            let more = state.withLock { s -> Bool in
                if s.pending.isEmpty { s.busy = false }
                return !s.pending.isEmpty
            }
            if more { queue.async { self.drain() } }
        }
    }

    /// Runs on `queue`: commits batches until nothing is waiting.
    private func drain() {
        while true {
            let batch = state.withLock { s -> [Waiter] in
                var count = 0
                var index = 0
                while index < s.pending.count, index == 0 || count + s.pending[index].records.count <= Self.maxBatch {
                    count += s.pending[index].records.count
                    index += 1
                }
                let taken = Array(s.pending[0..<index])
                s.pending.removeFirst(index)
                if taken.isEmpty { s.busy = false }
                return taken
            }
            if batch.isEmpty { return }
            commit(batch)
        }
    }

    /// One transaction for `batch`; each waiter gets its own entries.
    private func commit(_ batch: [Waiter]) {
        let durability: AuditDurability = batch.contains { $0.durability == .full } ? .full : .normal
        let records = batch.count == 1 ? batch[0].records : batch.flatMap(\.records)
        do {
            let entries = try store.append(records, durability: durability)
            var offset = 0
            for waiter in batch {
                let n = waiter.records.count
                waiter.completion(.success(Array(entries[offset..<offset + n])))
                offset += n
            }
        } catch {
            // The transaction rolled back as a whole: nobody in it was acknowledged.
            for waiter in batch { waiter.completion(.failure(error)) }
        }
    }
}

/// Audit appends gathered on one thread (an event loop, during one burst of reads) and
/// committed as one group: the records of many calls in one transaction, without a thread hop
/// when the writer is idle. The `llm_call` spending of the group's events is counted in one
/// governance transaction just before (a transaction per event cost more than the event's
/// audit write). Not thread-safe: create, fill and commit it on one thread.
public final class AuditBatch {
    private let writer: AuditWriter
    private let governance: Governance
    private var waiters: [AuditWriter.Waiter] = []
    /// Spending to count before the audit commit, with the index of its waiter in `waiters`.
    private var spending: [(waiter: Int, call: Governance.LLMCall)] = []

    init(writer: AuditWriter, governance: Governance) {
        self.writer = writer
        self.governance = governance
    }

    /// Adds `records`, and `spending` to count before they are committed.
    func add(_ records: [AuditRecord], durability: AuditDurability, spending call: Governance.LLMCall? = nil,
             completion: @escaping AuditWriter.Completion) {
        if let call { spending.append((waiters.count, call)) }
        waiters.append((records, durability, completion))
    }

    /// Commits what was added; each addition's completion runs once its records are committed.
    /// If the spending cannot be written, the additions that carried spending fail (nothing of
    /// theirs is counted or recorded) and the others are committed.
    public func commit() {
        var taken = waiters
        waiters.removeAll(keepingCapacity: true)
        if !spending.isEmpty {
            let calls = spending
            spending.removeAll(keepingCapacity: true)
            do { try governance.recordLLMCalls(calls.map(\.call)) } catch {
                // The transaction rolled back as a whole.
                for index in calls.map(\.waiter).reversed() { taken.remove(at: index).completion(.failure(error)) }
            }
        }
        writer.submit(taken)
    }
}
