import CSQLite
import Foundation
import Testing
import WardenCrypto
@testable import WardenStore

/// A fresh temporary directory per test.
func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Runs raw SQL against the database file, as someone with write access to it could.
func tamper(_ path: String, _ sql: String) throws {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw StoreError(code: .io, message: "open") }
    defer { sqlite3_close(db) }
    var error: UnsafeMutablePointer<CChar>?
    if sqlite3_exec(db, sql, nil, nil, &error) != SQLITE_OK {
        let message = error.map { String(cString: $0) } ?? "?"
        sqlite3_free(error)
        throw StoreError(code: .sqlite, message: message)
    }
}

let dropGuards = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"

@Suite("Audit store")
struct AuditStoreTests {
    let key = [UInt8](repeating: 7, count: 32)

    func makeStore(entries: Int = 5) throws -> (AuditStore, String) {
        let dir = try temporaryDirectory()
        let path = dir + "/audit.db"
        let store = try AuditStore(configuration: .init(path: path, key: key))
        var records: [AuditRecord] = []
        for i in 1...max(entries, 1) {
            let even = i % 2 == 0
            let payload = #"{"i":\#(i),"text":"héllo \"q\""}"#
            records.append(AuditRecord(
                timestamp: Int64(1_000 * i), kind: even ? "decision" : "event.tool_call", agentID: "agent-\(i % 3)",
                decisionID: "d\(i)", outcome: even ? "deny" : nil, payload: payload))
        }
        if entries > 0 { try store.append(records) }
        return (store, path)
    }

    @Test("appends chain each entry to the previous one and survive reopening")
    func chain() throws {
        let (store, path) = try makeStore()
        let all = try store.entries()
        #expect(all.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(all[0].previousHash == AuditStore.genesisHash)
        for i in 1..<all.count { #expect(all[i].previousHash == all[i - 1].hash) }
        #expect(store.head.sequence == 5)
        #expect(try store.verify().isValid)

        let reopened = try AuditStore(configuration: .init(path: path, key: key))
        let next = try reopened.append(AuditRecord(timestamp: 9_000, kind: "decision"))
        #expect(next.sequence == 6)
        #expect(next.previousHash == all[4].hash)
        #expect(try reopened.verify() == AuditVerification(entriesChecked: 6, firstBadSequence: nil, problem: nil))
    }

    @Test("each hash is SHA-256(previous ‖ encoding) and each MAC HMAC-SHA256(key, hash), as logs written before store them")
    func documentedFormulas() throws {
        let (store, _) = try makeStore()
        var previous = AuditStore.genesisHash
        for e in try store.entries() {
            let hash = Digest.sha256(previous + AuditEntry.canonicalEncoding(sequence: e.sequence, record: e.record))
            #expect(e.hash == hash, "entry \(e.sequence)")
            #expect(e.mac == Digest.hmacSHA256(key: key, message: hash), "entry \(e.sequence)")
            previous = hash
        }
        // A log whose entries were written one transaction at a time verifies the same way.
        let dir = try temporaryDirectory()
        let single = try AuditStore(configuration: .init(path: dir + "/audit.db", key: key))
        for e in try store.entries() { try single.append(e.record) }
        #expect(try single.entries().map(\.hash) == store.entries().map(\.hash))
        #expect(try single.verify().isValid)
    }

    @Test("an empty log verifies")
    func empty() throws {
        let (store, _) = try makeStore(entries: 0)
        #expect(try store.verify().isValid)
        #expect(store.head.sequence == 0)
    }

    @Test("the database refuses updates and deletes outright")
    func appendOnly() throws {
        let (_, path) = try makeStore()
        #expect(throws: StoreError.self) { try tamper(path, "UPDATE audit SET outcome = 'allow' WHERE seq = 2") }
        #expect(throws: StoreError.self) { try tamper(path, "DELETE FROM audit WHERE seq = 5") }
    }

    struct Tampering: Sendable, CustomTestStringConvertible {
        var label: String
        var sql: String
        var firstBad: Int64
        var problem: String
        var testDescription: String { label }
    }

    static let tamperings: [Tampering] = [
        Tampering(label: "an edited field", sql: "UPDATE audit SET outcome = 'allow' WHERE seq = 2",
                  firstBad: 2, problem: "entry 2 was modified: its contents do not match its hash"),
        Tampering(label: "an edited payload", sql: "UPDATE audit SET payload = '{}' WHERE seq = 4",
                  firstBad: 4, problem: "entry 4 was modified"),
        Tampering(label: "a deleted entry", sql: "DELETE FROM audit WHERE seq = 3",
                  firstBad: 3, problem: "entry 3 is missing (the log jumps from 2 to 4)"),
        Tampering(label: "deleted entries at the end", sql: "DELETE FROM audit WHERE seq >= 4",
                  firstBad: 4, problem: "the log ends at entry 3 but the head records 5: entries were removed from the end"),
        Tampering(label: "two entries swapped", sql: """
            UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = -2;
            """, firstBad: 2, problem: "entry 2 does not link to entry 1"),
        Tampering(label: "an inserted entry", sql: """
            UPDATE audit SET seq = seq + 100 WHERE seq >= 3; UPDATE audit SET seq = seq - 99 WHERE seq >= 103;
            INSERT INTO audit SELECT 3, ts, kind, agent_id, decision_id, outcome, payload, prev_hash, hash, mac FROM audit WHERE seq = 2;
            """, firstBad: 3, problem: "entry 3 does not link to entry 2"),
        Tampering(label: "a rewritten hash (no key)", sql: "UPDATE audit SET hash = zeroblob(32) WHERE seq = 1",
                  firstBad: 1, problem: "entry 1 was modified"),
        Tampering(label: "a forged MAC", sql: "UPDATE audit SET mac = zeroblob(32) WHERE seq = 5",
                  firstBad: 5, problem: "entry 5 has an invalid MAC"),
        Tampering(label: "a forged head", sql: "UPDATE audit_head SET seq = 3",
                  firstBad: 3, problem: "the head record has an invalid MAC"),
        Tampering(label: "a deleted head", sql: "DELETE FROM audit_head",
                  firstBad: 1, problem: "the head record is missing"),
    ]

    @Test("verify names the first bad entry and why", arguments: tamperings)
    func detects(_ t: Tampering) throws {
        let (store, path) = try makeStore()
        try tamper(path, dropGuards + t.sql)
        let report = try store.verify()
        #expect(!report.isValid)
        #expect(report.firstBadSequence == t.firstBad, "\(report)")
        #expect(report.problem?.contains(t.problem) == true, "\(report.problem ?? "nil")")
    }

    @Test("a chain recomputed without the key fails on its MAC")
    func recomputedChain() throws {
        let (store, path) = try makeStore()
        // An attacker who edits entry 2 and recomputes every hash, but cannot compute MACs.
        let entries = try store.entries()
        var previous = AuditStore.genesisHash
        var sql = dropGuards
        for e in entries {
            var r = e.record
            if e.sequence == 2 { r.outcome = "allow" }
            let hash = ChainHash.sha256(previous, AuditEntry.canonicalEncoding(sequence: e.sequence, record: r))
            sql += "UPDATE audit SET outcome = \(r.outcome.map { "'\($0)'" } ?? "NULL"), prev_hash = X'\(ChainHash.hex(previous))', hash = X'\(ChainHash.hex(hash))' WHERE seq = \(e.sequence);"
            previous = hash
        }
        try tamper(path, sql)
        let report = try store.verify()
        #expect(report.firstBadSequence == 2)
        #expect(report.problem?.contains("invalid MAC") == true)
    }

    @Test("the wrong key is detected, not silently accepted")
    func wrongKey() throws {
        let (_, path) = try makeStore()
        let other = try AuditStore(configuration: .init(path: path, key: [UInt8](repeating: 9, count: 32)))
        let report = try other.verify()
        #expect(report.firstBadSequence == 1)
        #expect(report.problem?.contains("or the key is wrong") == true)
    }

    @Test("queries filter by agent, outcome, kind, time and sequence, and tail takes the newest")
    func queries() throws {
        let (store, _) = try makeStore(entries: 10)
        #expect(try store.entries(AuditQuery(agentID: "agent-1")).map(\.sequence) == [1, 4, 7, 10])
        #expect(try store.entries(AuditQuery(outcome: "deny")).map(\.sequence) == [2, 4, 6, 8, 10])
        #expect(try store.entries(AuditQuery(kind: "event.tool_call", limit: 2)).map(\.sequence) == [1, 3])
        #expect(try store.entries(AuditQuery(since: 3_000, until: 6_000)).map(\.sequence) == [3, 4, 5])
        #expect(try store.entries(AuditQuery(afterSequence: 8)).map(\.sequence) == [9, 10])
        #expect(try store.entries(AuditQuery(limit: 3, newestFirst: true)).map(\.sequence) == [8, 9, 10])
        #expect(throws: StoreError.self) { try store.entries(AuditQuery(limit: -1)) }
        // Filter values are bound, never spliced into SQL.
        #expect(try store.entries(AuditQuery(agentID: "x' OR '1'='1")).isEmpty)
    }

    @Test("a batch is atomic and records need a kind")
    func validation() throws {
        let (store, _) = try makeStore(entries: 2)
        #expect(throws: StoreError.self) {
            try store.append([AuditRecord(timestamp: 1, kind: "ok"), AuditRecord(timestamp: 2, kind: "")])
        }
        #expect(store.head.sequence == 2)
        #expect(try store.entries().count == 2)
        #expect(throws: StoreError.self) { try AuditStore(configuration: .init(path: "/tmp/x.db", key: [1, 2, 3])) }
    }

    @Test("a database from a newer version is refused")
    func newerSchema() throws {
        let (_, path) = try makeStore()
        try tamper(path, "PRAGMA user_version = 99")
        do {
            _ = try AuditStore(configuration: .init(path: path, key: key))
            Issue.record("should refuse")
        } catch {
            #expect(error.code == .schema)
            #expect(error.message.contains("schema version 99"))
        }
    }

    @Test("entries export as JSON lines and CEF")
    func export() throws {
        let (store, _) = try makeStore(entries: 2)
        let e = try store.entries()[1]
        let json = e.jsonText
        #expect(json.hasPrefix(#"{"seq":2,"ts":2000,"kind":"decision","agent_id":"agent-2","decision_id":"d2","outcome":"deny","payload":{"i":2,"text":"héllo \"q\""},"prev_hash":""#))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(parsed?["hash"] as? String == ChainHash.hex(e.hash))
        let cef = e.cefText
        #expect(cef.hasPrefix("CEF:0|Warden|warden|0.1.0|decision|decision|7|rt=2000 cn1Label=seq cn1=2 suser=agent-2 outcome=deny cs1Label=decisionId cs1=d2"))
        // CEF escapes the backslashes of the JSON payload.
        #expect(cef.hasSuffix(#"msg={"i":2,"text":"héllo \\"q\\""}"#), "\(cef)")
        #expect(AuditEntry.cefExtension("a=b\\c\nd") == "a\\=b\\\\c\\nd")
        #expect(AuditEntry.cefHeader("a|b") == "a\\|b")
    }

    @Test("appends from many threads at once keep one gapless chain")
    func concurrentAppends() async throws {
        let (store, _) = try makeStore(entries: 0)
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for i in 0..<25 {
                        _ = try? store.append([AuditRecord(timestamp: Int64(i), kind: "t\(t)"), AuditRecord(timestamp: Int64(i), kind: "t\(t)")])
                    }
                }
            }
        }
        #expect(store.head.sequence == 400)
        #expect(try store.verify() == AuditVerification(entriesChecked: 400, firstBadSequence: nil, problem: nil))
    }
}

@Suite("Secret files")
struct SecretFileTests {
    @Test("a new key is created with mode 0600 and read back unchanged")
    func create() throws {
        let path = try temporaryDirectory() + "/audit.key"
        let key = try SecretFile.loadOrCreateKey(at: path)
        #expect(key.count == 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try SecretFile.loadOrCreateKey(at: path) == key)
    }

    @Test("a key readable by others is refused with the fix in the message")
    func insecure() throws {
        let path = try temporaryDirectory() + "/audit.key"
        _ = try SecretFile.loadOrCreateKey(at: path)
        chmod(path, 0o644)
        do {
            _ = try SecretFile.loadOrCreateKey(at: path)
            Issue.record("should refuse")
        } catch {
            #expect(error.code == .keyFile)
            #expect(error.message.contains("accessible by group or others (mode 644); run chmod 600"))
        }
    }

    @Test("a key of the wrong size is refused")
    func wrongSize() throws {
        let path = try temporaryDirectory() + "/audit.key"
        try SecretFile.create(path, [1, 2, 3])
        #expect(throws: StoreError.self) { try SecretFile.loadOrCreateKey(at: path) }
        // And create never overwrites.
        #expect(throws: StoreError.self) { try SecretFile.create(path, [4]) }
    }
}
