import Dispatch
import Synchronization
import WardenGateway

/// Where one connection's `CheckPolicy` and `RecordEvent` calls are authenticated, decided and
/// written to the audit log.
///
/// The event loop decodes the calls of a burst of reads and hands them here as jobs. A burst of
/// one or two calls, with nothing of this connection's on the worker, runs on the event loop
/// as before (a sequential caller pays no thread hop). A larger burst is handed to the
/// connection's worker queue in chunks of up to `chunk` calls: the worker decides them,
/// commits their audit records as one group and answers them (answers reach the event loop
/// through the connection's mailbox, one wake-up for many), while the event loop goes on
/// reading, framing and sending. One connection can thus use two cores instead of one: at 64
/// streams on one connection, the event loop's HTTP/2 work and the decisions with their audit
/// writes each took about half of its time.
///
/// `run` is called on the connection's event loop only. Jobs run in the order they were
/// handed over (one serial queue per connection; the audit writer orders commits across
/// connections). Each job is an open stream waiting for its answer, so the connection's
/// concurrent-stream limit (`RPCServer.Configuration.maxConcurrentStreams`) bounds how many
/// can wait here.
final class DecisionLane {
    /// A call's work: decide with the batch it is given and add its audit records to it; the
    /// lane commits the batch after the chunk's last job.
    typealias Job = (AuditBatch) -> Void

    /// Calls per hand-over to the worker within one burst of reads: the worker starts on the
    /// first chunk while the event loop reads the rest. Measured with h2load at 64 streams on
    /// one connection (checks/s on a 2-vCPU VM, two runs each): 4 → 12,500–12,900,
    /// 8 → 15,000–15,700, 16 → 16,800–17,100, 32 → 17,400–20,800, 64 → 11,400–16,600.
    static let chunk = 32
    /// Bursts of at most this many calls run on the event loop when the worker is idle.
    static let inlineLimit = 2

    private let core: GatewayCore
    private let worker: DispatchQueue
    /// Chunks handed to the worker and not yet committed.
    private let onWorker = Counter()
    /// The batch of jobs run on the event loop (confined to it).
    private let loopBatch: AuditBatch
    /// Jobs of the current burst not yet handed over (event loop only).
    private var jobs: [Job] = []
    private var hooked = false

    init(core: GatewayCore) {
        self.core = core
        self.worker = DispatchQueue(label: "warden.decisions", target: .global(qos: .userInitiated))
        self.loopBatch = core.makeAuditBatch()
    }

    /// Queues `job` for the current burst of reads on `call`'s connection.
    func run(_ job: @escaping Job, on call: ServerCall) {
        jobs.append(job)
        if !hooked {
            hooked = true
            call.afterReads { [self] in
                hooked = false
                handOver(endOfBurst: true)
            }
        }
        if jobs.count >= Self.chunk { handOver(endOfBurst: false) }
    }

    private func handOver(endOfBurst: Bool) {
        if jobs.isEmpty { return }
        let taken = jobs
        jobs.removeAll(keepingCapacity: true)
        if endOfBurst, taken.count <= Self.inlineLimit, onWorker.value.load(ordering: .acquiring) == 0 {
            // Answers written here are flushed when the read burst ends.
            for job in taken { job(loopBatch) }
            loopBatch.commit()
            return
        }
        onWorker.value.add(1, ordering: .relaxed)
        let core = self.core
        let onWorker = self.onWorker
        let work = UnsafeTransfer(taken)
        worker.async {
            let batch = core.makeAuditBatch()
            for job in work.value { job(batch) }
            batch.commit()
            onWorker.value.subtract(1, ordering: .releasing)
        }
    }
}

extension DecisionLane {
    /// The count of chunks on the worker, shared with the worker's closures.
    fileprivate final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Carries the jobs (closures that are not `Sendable`) to the worker, which becomes their
    /// only user.
    fileprivate struct UnsafeTransfer<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
