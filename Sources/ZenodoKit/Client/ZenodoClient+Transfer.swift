import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

#if canImport(Glibc)
    import Glibc
#endif

/// A file that reached the bucket and was checked.
public struct UploadedFile: Sendable {
    public var key: String
    public var size: Int64
    /// The MD5 computed locally while sending, equal to the one Zenodo reported.
    public var md5: String
    public var object: BucketObject
}

extension ZenodoClient {
    /// Streams one file into the deposition's bucket (`PUT {bucket}/{key}` with `Content-Length` and
    /// `application/octet-stream`), computing its MD5 from the bytes as they are sent, and checks it
    /// against the checksum Zenodo answers. A file that changes while it is read fails.
    /// Not retried here: the upload engine decides.
    public func upload(
        file: URL, key: String? = nil, bucketURL: String, chunkSize: Int = 1 << 20, verifyChecksum: Bool = true,
        parts: PartPlan? = nil, progress: @escaping @Sendable (Int64) -> Void = { _ in }
    ) async throws -> UploadedFile {
        let key = (key ?? file.lastPathComponent).precomposedStringWithCanonicalMapping
        if speaksRDM {
            if let parts, try FileIdentity(of: file).size > parts.partSize,
                memory?.facts(for: profile.apiURL)?.multipartRefused != true
            {
                if let uploaded = try await rdmMultipartUpload(
                    file: file, key: key, filesURL: bucketURL, chunkSize: chunkSize, plan: parts, progress: progress)
                {
                    return uploaded
                }
            }
            return try await rdmUpload(file: file, key: key, filesURL: bucketURL, chunkSize: chunkSize, progress: progress)
        }
        let before = try FileIdentity(of: file)
        let target = bucketURL + "/" + Self.encodeKey(key)
        try checkDestination(target)
        var request = makeRequest(.PUT, target)
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        let digest = StreamingMD5()
        request.body = .stream(
            FileChunks(url: file, expected: before, chunkSize: chunkSize, digest: digest, onProgress: progress),
            length: .known(before.size))
        let reply = try await perform(request, deadline: .transfer)
        let local = digest.hex()
        guard verifyChecksum else {
            // Benchmarks against a plain PUT sink (no JSON answer) only.
            return UploadedFile(key: key, size: before.size, md5: local, object: try BucketObject(json: ["key": .string(key)]))
        }
        let object = try BucketObject(json: try reply.json("the upload of \(key)"))
        let after = try FileIdentity(of: file)
        guard after == before else {
            throw ZenodoError(.localFile, "\(file.path) changed while it was being uploaded; upload it again once it is complete")
        }
        guard object.md5 == local else {
            throw ZenodoError(
                .integrity,
                "checksum mismatch for \(key): sent \(local), Zenodo stored \(object.md5 ?? "no checksum"); the stored copy is wrong")
        }
        return UploadedFile(key: key, size: before.size, md5: local, object: object)
    }

    /// Percent-encodes a key for the URL path (UTF-8; everything but unreserved characters).
    public static func encodeKey(_ key: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~!$&'()*+,;=:@")
        return key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
    }

    /// Downloads `url` to `destination`, streaming to a temporary name beside it, checking the MD5
    /// when one is given, and renaming only a verified file into place. Redirects to another host
    /// are followed without the token.
    @discardableResult
    public func download(
        _ url: String, to destination: URL, expectedMD5: String?, progress: @escaping @Sendable (Int64) -> Void = { _ in }
    ) async throws -> String {
        var current = url
        for _ in 0..<5 {
            let sameHost = profile.owns(current)
            let request = makeRequest(.GET, current, accept: nil, withToken: sameHost)
            let response: HTTPClientResponse
            do {
                response = try await transport.client.execute(request, deadline: Deadline.transfer.value)
            } catch {
                throw Self.transportError(error, host: profile.displayName)
            }
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location") {
                current = URL(string: location, relativeTo: URL(string: current))?.absoluteString ?? location
                continue
            }
            guard (200..<300).contains(status) else {
                let body = try await response.body.collect(upTo: 1 << 20)
                try check(APIResponse(status: status, headers: response.headers, body: Data(buffer: body)), sentToken: sameHost && credentials != nil)
                throw ZenodoError(.unexpected, "unexpected answer \(status) for \(current)")
            }
            return try await save(response, to: destination, expectedMD5: expectedMD5, progress: progress)
        }
        throw ZenodoError(.network, "too many redirects for \(url)")
    }

    private func save(
        _ response: HTTPClientResponse, to destination: URL, expectedMD5: String?, progress: @escaping @Sendable (Int64) -> Void
    ) async throws -> String {
        let directory = destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = directory.appendingPathComponent(".\(destination.lastPathComponent).zenodo-tui-part")
        FileManager.default.createFile(atPath: partial.path, contents: nil)
        let handle = try FileHandle(forWritingTo: partial)
        let digest = StreamingMD5()
        var received: Int64 = 0
        do {
            for try await chunk in response.body {
                let data = Data(buffer: chunk)
                digest.update(data)
                try handle.write(contentsOf: data)
                received += Int64(data.count)
                progress(received)
            }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw Self.transportError(error, host: profile.displayName)
        }
        let md5 = digest.hex()
        if let expected = MD5Checksum.bare(expectedMD5), expected != md5 {
            try? FileManager.default.removeItem(at: partial)
            throw ZenodoError(
                .integrity, "checksum mismatch downloading \(destination.lastPathComponent): expected \(expected), got \(md5); nothing was kept")
        }
        // rename(2) replaces an existing file atomically: the old copy stays until the new one is whole.
        guard rename(partial.path, destination.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw ZenodoError(.localFile, "cannot write \(destination.path)")
        }
        return md5
    }
}

