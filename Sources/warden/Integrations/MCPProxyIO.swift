import Foundation
import Synchronization

/// The MCP server the proxy runs: a child process whose stdin and stdout are pipes to the proxy
/// and whose stderr is the proxy's.
struct MCPChildProcess: Sendable {
    let pid: pid_t
    /// Our end of the child's stdin.
    let input: Int32
    /// Our end of the child's stdout.
    let output: Int32

    /// Starts `command` (looked up in `PATH` when it has no `/`), with the proxy's environment.
    /// The child gets default signal handling and an empty signal mask, whatever the proxy ignores.
    /// - Throws: `CLIError` naming the command when it cannot be started.
    static func spawn(_ command: [String]) throws -> MCPChildProcess {
        precondition(!command.isEmpty)
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0 else { throw CLIError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0]); close(toChild[1])
            throw CLIError("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec everywhere (pipe2 is not visible to Swift): the child must not hold our
        // end of its stdin, or it would never see end of file.
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the targets; the originals close on exec.
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) }
        argv.append(nil)
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, command[0], &actions, &attributes, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard rc == 0 else {
            close(toChild[1]); close(fromChild[0])
            throw CLIError("cannot start the MCP server '\(command[0])': \(String(cString: strerror(rc)))")
        }
        return MCPChildProcess(pid: pid, input: toChild[1], output: fromChild[0])
    }

    /// Waits (on a thread of its own) for the child to exit; returns its exit status, or 128 + the
    /// signal that ended it, as a shell reports it.
    func exitStatus() async -> Int32 {
        let pid = self.pid
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 {
                    if errno != EINTR {
                        continuation.resume(returning: 1)
                        return
                    }
                }
                // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
                let signal = status & 0x7F
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
            }
            thread.name = "warden-mcp-wait"
            thread.start()
        }
    }
}

/// Reads newline-delimited messages from a file descriptor, a line at a time, however long the
/// lines are (MCP messages can be megabytes: file contents, images as base64).
enum MCPLineReader {
    /// Calls `onLine` with each line (without its `\n`) until end of file or a read error; a last
    /// line without a newline is delivered too, with `terminated` false.
    static func run(fd: Int32, progress: MCPReaderProgress? = nil, onLine: (_ line: ArraySlice<UInt8>, _ terminated: Bool) -> Void) {
        func deliver(_ line: ArraySlice<UInt8>, _ terminated: Bool) {
            progress?.delivering(true)
            onLine(line, terminated)
            progress?.delivering(false)
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var start = 0
        var scanned = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                break
            }
            if n == 0 { break }
            progress?.tick()
            buffer.append(contentsOf: chunk[0..<n])
            while let newline = Self.newline(in: buffer, from: scanned) {
                deliver(buffer[start..<newline], true)
                start = newline + 1
                scanned = start
            }
            scanned = buffer.count
            // Drop what was delivered once it is the larger part, so a long stream does not grow the buffer.
            if start > 0 && start >= buffer.count / 2 {
                buffer.removeFirst(start)
                scanned -= start
                start = 0
            }
        }
        if start < buffer.count { deliver(buffer[start...], false) }
    }

    /// The index of the first `\n` at or after `from` (memchr: lines can be megabytes).
    private static func newline(in buffer: [UInt8], from: Int) -> Int? {
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { b in
            memchr(b.baseAddress! + from, 0x0A, b.count - from).map { UnsafeRawPointer($0) - UnsafeRawPointer(b.baseAddress!) }
        }
    }
}

/// How far a line reader has got: a tick per read, and whether it is handing a line on.
final class MCPReaderProgress: Sendable {
    private let state = Mutex<(ticks: Int, isDelivering: Bool)>((0, false))

    func tick() { state.withLock { $0.ticks &+= 1 } }
    func delivering(_ on: Bool) { state.withLock { $0.isDelivering = on; $0.ticks &+= 1 } }
    var ticks: Int { state.withLock { $0.ticks } }
    var isDelivering: Bool { state.withLock { $0.isDelivering } }
}

/// Writes whole lines to a file descriptor, one writer at a time, so that lines from different
/// threads never interleave. After a write fails (the reader went away) further lines are dropped.
final class MCPLineWriter: Sendable {
    private struct State {
        var fd: Int32
        var isBroken = false
        var isClosed = false
    }

    private let state: Mutex<State>
    private let closesDescriptor: Bool

    init(fd: Int32, closesDescriptor: Bool) {
        state = Mutex(State(fd: fd))
        self.closesDescriptor = closesDescriptor
    }

    /// Writes `line` and, when `terminated`, a newline; false when it could not be written.
    @discardableResult
    func write(_ line: some Collection<UInt8>, terminated: Bool = true) -> Bool {
        var bytes = [UInt8]()
        bytes.reserveCapacity(line.count + 1)
        bytes.append(contentsOf: line)
        if terminated { bytes.append(0x0A) }
        return state.withLock { state in
            guard !state.isBroken, !state.isClosed else { return false }
            let ok = bytes.withUnsafeBytes { Self.writeAll(state.fd, $0) }
            if !ok { state.isBroken = true }
            return ok
        }
    }

    @discardableResult
    func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// True once a write has failed.
    var isBroken: Bool { state.withLock { $0.isBroken } }

    /// Closes the descriptor (for the child's stdin: the server sees end of file).
    func close() {
        state.withLock { state in
            guard !state.isClosed else { return }
            state.isClosed = true
            if closesDescriptor { _ = Foundation.close(state.fd) }
        }
    }

    private static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    // A descriptor inherited in non-blocking mode: wait until it can take more.
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, -1)
                    continue
                }
                return false
            }
            offset += n
        }
        return true
    }
}
