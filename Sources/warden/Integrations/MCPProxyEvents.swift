import Synchronization
import WardenProto

/// Sends the proxy's events to the gateway in the background: best effort, never in the way of
/// the messages (a full queue drops the oldest; a failure is reported once).
final class MCPEventRecorder: Sendable {
    private final class Queue: Sendable {
        let events = Mutex<[Warden_V1_Event]>([])
    }

    private let queue = Queue()
    private let wake: AsyncStream<Void>.Continuation
    private let task: Task<Void, Never>

    init(agent: GatewayAgent) {
        let (stream, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        let queue = self.queue
        task = Task {
            var reportedFailure = false
            func send() async {
                let batch = queue.events.withLock { q in
                    let b = q
                    q.removeAll()
                    return b
                }
                guard !batch.isEmpty else { return }
                if let error = await agent.record(batch), !reportedFailure {
                    reportedFailure = true
                    MCPProxy.report("could not record events at the gateway \(agent.address) (\(error)); the calls go on unrecorded")
                }
            }
            for await _ in stream { await send() }
            await send()
        }
    }

    func record(_ event: Warden_V1_Event) {
        queue.events.withLock { q in
            if q.count >= 10_000 { q.removeFirst() }
            q.append(event)
        }
        wake.yield()
    }

    /// Sends what is queued, waiting at most `timeout`.
    func finish(atMost timeout: Duration) async {
        wake.finish()
        let task = self.task
        let once = MCPOnce()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            once.set(c)
            Task { await task.value; once.resume() }
            Task { try? await Task.sleep(for: timeout); once.resume() }
        }
    }
}

/// Resumes a continuation once, whichever of several racing tasks gets there first.
final class MCPOnce: Sendable {
    private let continuation = Mutex<CheckedContinuation<Void, Never>?>(nil)

    func set(_ c: CheckedContinuation<Void, Never>) { continuation.withLock { $0 = c } }

    func resume() {
        continuation.withLock { c in
            c?.resume()
            c = nil
        }
    }
}
