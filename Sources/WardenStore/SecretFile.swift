#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemRead = Glibc.read
#else
private let systemRead = Darwin.read
#endif

/// Secret key files in the data directory (the audit HMAC key, later signing keys): created with
/// mode 0600 atomically, and refused when readable by group or others, as ssh refuses keys.
public enum SecretFile {
    /// Reads the key at `path`, or creates it with `count` random bytes when it does not exist.
    ///
    /// - Throws: `StoreError` (`.keyFile`) when the file is readable by others, has the wrong
    ///   size or cannot be created; `.io` for other file errors.
    public static func loadOrCreateKey(at path: String, count: Int = 32) throws(StoreError) -> [UInt8] {
        if let existing = try read(path) {
            guard existing.count == count else {
                throw StoreError(code: .keyFile, message: "key file '\(path)' holds \(existing.count) bytes, expected \(count)")
            }
            return existing
        }
        let key = ChainHash.randomBytes(count)
        try create(path, key)
        return key
    }

    /// The file's bytes, or nil when it does not exist.
    static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw StoreError(code: .io, message: "cannot open key file '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw StoreError(code: .io, message: "cannot stat key file '\(path)': \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(code: .keyFile, message: "key file '\(path)' is not a regular file")
        }
        if st.st_mode & 0o077 != 0 {
            throw StoreError(code: .keyFile, message: "key file '\(path)' is accessible by group or others (mode \(String(st.st_mode & 0o777, radix: 8))); run chmod 600 '\(path)'")
        }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { throw StoreError(code: .io, message: "cannot read key file '\(path)'") }
            done += n
        }
        return bytes
    }

    /// Writes a new file with mode 0600; fails if it already exists (no silent overwrite).
    static func create(_ path: String, _ bytes: [UInt8]) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else {
            throw StoreError(code: .io, message: "cannot create key file '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        // The umask can only remove bits; set 0600 explicitly anyway.
        fchmod(fd, 0o600)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n <= 0 { throw StoreError(code: .io, message: "cannot write key file '\(path)'") }
            done += n
        }
        guard fsync(fd) == 0 else { throw StoreError(code: .io, message: "cannot sync key file '\(path)'") }
    }
}
