import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Files that resume part-way: InvenioRDM's multipart transfer (`transfer: {type: "M", parts,
/// part_size}`, then one PUT per part, then commit). Parts go in order, each read once: its bytes
/// feed the whole file's MD5 as they are sent, so the end-to-end check costs no second read. A
/// part that arrived before (the journal says so) is not sent again, only hashed from disk.
extension ZenodoClient {
    /// `nil` when the server refuses parts (Zenodo today, zenodo/zenodo-rdm#1443): the pending file
    /// is deleted, the refusal remembered for the server, and the caller sends the file whole.
    func rdmMultipartUpload(
        file: URL, key: String, filesURL: String, chunkSize: Int, plan: PartPlan,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> UploadedFile? {
        let before = try FileIdentity(of: file)
        let count = plan.count(for: before.size)
        let entry = filesURL + "/" + Self.encodeKey(key)
        var done = plan.done
        if !done.isEmpty, !(await pendingMultipart(entry, parts: count, partSize: plan.partSize)) {
            // The server no longer has the pending file: start it again.
            done = []
            await plan.reset()
        }
        if done.isEmpty {
            let initBody: JSONValue = [[
                "key": .string(key), "size": .int(Int(before.size)),
                "transfer": ["type": "M", "parts": .int(count), "part_size": .int(Int(plan.partSize))],
            ]]
            try await rdmInitFile(filesURL: filesURL, entry: entry, initBody)
        }
        let digest = StreamingMD5()
        for part in 1...count {
            let range = plan.range(part, size: before.size)
            if done.contains(part) {
                try hashLocally(file, range: range, into: digest)
                progress(range.upperBound)
                continue
            }
            do {
                _ = try await putFile(
                    file, to: entry + "/content/\(part)", before: before, range: range, chunkSize: chunkSize, digest: digest,
                    accept: Self.rdmAccept, progress: progress)
            } catch let error as ZenodoError where error.status == 403 && done.isEmpty && part == 1 {
                // Registered but refused: remember it, and send this file (and later ones) whole.
                _ = try? await send(.DELETE, entry, idempotent: true, accept: Self.rdmAccept)
                memory?.update(profile.apiURL) { $0.multipartRefused = true }
                await plan.reset()
                return nil
            }
            done.insert(part)
            await plan.record(part)
        }
        do {
            return try await rdmCommit(file, key: key, entry: entry, before: before, local: digest.hex())
        } catch let error as ZenodoError where error.kind == .integrity || error.kind == .localFile {
            // The parts on record are no use for another copy of the file.
            await plan.reset()
            throw error
        }
    }

    /// Whether the server still holds this pending multipart file with the same parts.
    private func pendingMultipart(_ entry: String, parts: Int, partSize: Int64) async -> Bool {
        guard let file = try? await send(.GET, entry, idempotent: true, accept: Self.rdmAccept).json("the file") else { return false }
        return file["status"]?.string == "pending" && file["transfer"]?["parts"]?.int == parts
            && file["transfer"]?["part_size"]?.int == Int(partSize)
    }

    /// Feeds a range of the file to the digest, reading it from disk (a part sent in an earlier run).
    private func hashLocally(_ file: URL, range: Range<Int64>, into digest: StreamingMD5) throws {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(range.lowerBound))
        var left = range.upperBound - range.lowerBound
        while left > 0, let data = try handle.read(upToCount: Int(min(left, 1 << 20))), !data.isEmpty {
            digest.update(data)
            left -= Int64(data.count)
        }
    }
}
