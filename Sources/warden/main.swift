import NIOCore
import NIOPosix

// Run Swift Concurrency's jobs on NIO's event loops instead of a separate thread pool: every
// RPC otherwise hops between the two pools several times, and on a small machine each hop is a
// thread wake-up (tens of microseconds). Must happen first, on the main thread, before any task.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await Warden.launch()
