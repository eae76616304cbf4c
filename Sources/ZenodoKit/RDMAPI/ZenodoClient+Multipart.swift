import AsyncHTTPClient
import EssentialsExtras
import FoundationEssentials
import NIOCore
import NIOHTTP1

/// Files that resume part-way: InvenioRDM's multipart transfer (`transfer: {type: "M", parts,
/// part_size}`, then one PUT per part, then commit). With `plan.parallel` 1 the parts go in order,
/// each read once, its bytes feeding the whole file's MD5 as they are sent; with more, several
/// parts are in flight at once and the MD5 is computed in order from disk beside them (every byte
/// hashed once, read twice, the second time from the page cache). A part that arrived before (the
/// journal says so) is not sent again, only hashed.
extension ZenodoClient {
    /// `nil` when the server refuses parts (Zenodo today, zenodo/zenodo-rdm#1443): the pending file
    /// is deleted, the refusal remembered for the server, and the caller sends the file whole.
    func rdmMultipartUpload(
        file: any ByteSource, key: String, filesURL: String, chunkSize: Int, plan: PartPlan,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> UploadedFile? {
        let before = try file.identity()
        let count = plan.count(for: before.size)
        let entry = filesURL + "/" + Self.encodeKey(key)
        var done = plan.done
        if !done.isEmpty, !(await pendingMultipart(entry, parts: count, partSize: plan.partSize)) {
            // The server no longer has the pending file: start it again.
            done = []
            await plan.reset()
        }
        if done.isEmpty {
            let initBody: JSONValue = [
                [
                    "key": .string(key), "size": .int(Int(before.size)),
                    "transfer": ["type": "M", "parts": .int(count), "part_size": .int(Int(plan.partSize))],
                ]
            ]
            try await rdmInitFile(filesURL: filesURL, entry: entry, initBody)
        }
        let digest = StreamingMD5()
        if plan.parallel > 1 {
            // Part 1 goes alone first when nothing arrived yet: a server that refuses parts says so
            // there, before more are in flight.
            if done.isEmpty {
                let first = plan.range(1, size: before.size)
                do {
                    try await rdmPutContent(
                        file, to: entry + "/content/1", before: before, range: first, chunkSize: chunkSize, digest: nil,
                        accept: Self.rdmAccept, progress: progress)
                } catch let error as ZenodoError where error.status == 403 {
                    try await forgetRefused(entry, plan: plan)
                    return nil
                }
                done.insert(1)
                await plan.record(1)
            }
            try await sendParts(
                file, entry: entry, before: before, plan: plan, done: done, count: count, chunkSize: chunkSize,
                digest: digest,
                progress: progress)
        } else {
            for part in 1...count {
                let range = plan.range(part, size: before.size)
                if done.contains(part) {
                    try Self.hashLocally(file, range: range, into: digest)
                    progress(range.upperBound)
                    continue
                }
                do {
                    try await rdmPutContent(
                        file, to: entry + "/content/\(part)", before: before, range: range, chunkSize: chunkSize,
                        digest: digest,
                        accept: Self.rdmAccept, progress: progress)
                } catch let error as ZenodoError where error.status == 403 && done.isEmpty && part == 1 {
                    try await forgetRefused(entry, plan: plan)
                    return nil
                }
                done.insert(part)
                await plan.record(part)
            }
        }
        do {
            return try await rdmCommit(file, key: key, entry: entry, before: before, local: digest.hex())
        } catch let error as ZenodoError where error.kind == .integrity || error.kind == .localFile {
            // The parts on record are no use for another copy of the file.
            await plan.reset()
            throw error
        }
    }

    /// Registered but refused: the pending file is deleted, the refusal remembered, and this file
    /// (and later ones) go whole.
    private func forgetRefused(_ entry: String, plan: PartPlan) async throws {
        _ = try? await send(.DELETE, entry, idempotent: true, accept: Self.rdmAccept)
        memory?.update(profile.apiURL) { $0.multipartRefused = true }
        await plan.reset()
    }

    /// The parts not yet on the server, `plan.parallel` at a time, while the whole file's MD5 is
    /// computed in order from disk beside them: each byte is hashed once, and the parts need not
    /// arrive in order. Progress counts the bytes of every part, finished or under way.
    private func sendParts(
        _ file: any ByteSource, entry: String, before: FileIdentity, plan: PartPlan, done: Set<Int>, count: Int,
        chunkSize: Int,
        digest: StreamingMD5, progress: @escaping @Sendable (Int64) -> Void
    ) async throws {
        let sent = PartProgress(
            done.reduce(Int64(0)) { total, part in total + Int64(plan.range(part, size: before.size).count) })
        progress(sent.total)
        var todo = (1...count).filter { !done.contains($0) }[...]
        // A part that fails stops new parts from starting; those under way finish and are recorded,
        // so the retry (the engine's, or the next run's) sends only what is missing.
        var failure: (any Error)?
        var inFlight = 0
        do {
            try await withThrowingTaskGroup(of: (Int, (any Error)?)?.self) { group in
                group.addTask {
                    try Self.hashLocally(file, range: 0..<before.size, into: digest)
                    return nil
                }
                func start(_ part: Int) {
                    let range = plan.range(part, size: before.size)
                    inFlight += 1
                    group.addTask {
                        do {
                            try await self.rdmPutContent(
                                file, to: entry + "/content/\(part)", before: before, range: range,
                                chunkSize: chunkSize, digest: nil,
                                accept: Self.rdmAccept,
                                progress: { position in progress(sent.update(part, position - range.lowerBound)) })
                            return (part, nil)
                        } catch {
                            return (part, error)
                        }
                    }
                }
                for _ in 0..<plan.parallel { if let part = todo.popFirst() { start(part) } }
                while let finished = try await group.next() {
                    guard let (part, error) = finished else { continue }
                    inFlight -= 1
                    if let error {
                        failure = failure ?? error
                    } else {
                        await plan.record(part)
                        if failure == nil, let next = todo.popFirst() { start(next) }
                    }
                    // Nothing left under way after a failure: the whole-file hash is of no use now.
                    if failure != nil, inFlight == 0 { group.cancelAll() }
                }
            }
        } catch {
            throw failure ?? error
        }
        if let failure { throw failure }
    }

    /// Whether the server still holds this pending multipart file with the same parts.
    private func pendingMultipart(_ entry: String, parts: Int, partSize: Int64) async -> Bool {
        guard let file = try? await send(.GET, entry, idempotent: true, accept: Self.rdmAccept).json("the file") else {
            return false
        }
        return file["status"]?.string == "pending" && file["transfer"]?["parts"]?.int == parts
            && file["transfer"]?["part_size"]?.int == Int(partSize)
    }

    /// Feeds a range of the file to the digest, reading it from disk (a part sent in an earlier run).
    private static func hashLocally(_ file: any ByteSource, range: Range<Int64>, into digest: StreamingMD5) throws {
        try file.forEachChunk(in: range) { digest.update($0) }
    }
}

/// The bytes sent of a multipart transfer: the parts that arrived before, and each part under way.
final class PartProgress: @unchecked Sendable {
    private let lock = PlainLock()
    private var sum: Int64
    private var parts: [Int: Int64] = [:]

    init(_ base: Int64) { sum = base }

    var total: Int64 { lock.withLock { sum } }

    /// Records `bytes` sent of `part`; returns the new total.
    func update(_ part: Int, _ bytes: Int64) -> Int64 {
        lock.withLock {
            sum += bytes - (parts[part] ?? 0)
            parts[part] = bytes
            return sum
        }
    }
}
