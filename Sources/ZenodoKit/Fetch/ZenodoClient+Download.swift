import AsyncHTTPClient
import EssentialsExtras
import FoundationEssentials
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// Fetching a file: resumed part-way, bounded, verified, renamed into place only once whole.
extension ZenodoClient {
    /// Downloads `url` to `destination`, streaming to a temporary name beside it, checking the MD5
    /// when one is given, and renaming only a verified file into place. Redirects to another host
    /// are followed without the token.
    ///
    /// Resumes part-way: what an interrupted download left under the temporary name is kept, and
    /// the next attempt asks for the rest (`Range: bytes=N-`). A `206` with the matching
    /// `Content-Range` is appended (the MD5 covers the whole file: the bytes on disk are hashed
    /// first); a server that ignores the range (`200`) gets the file over from the start.
    ///
    /// `expectedSize`, the file's listed size, bounds what is written: an answer longer than that
    /// (or whose `Content-Length` disagrees with what is left) fails at once.
    @discardableResult
    public func download(
        _ url: String, to destination: URL, expectedMD5: String?, expectedSize: Int64? = nil,
        progress: @escaping @Sendable (Int64) -> Void = { _ in }
    ) async throws -> String {
        let directory = destination.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = directory.appendingPathComponent(
            ".\(destination.lastPathComponent).zenodo-tui-part")
        let have = Self.partialSize(partial)
        var current = url
        for _ in 0..<5 {
            try Self.checkRedirectTarget(current)
            let sameHost = profile.owns(current)
            let shownHost = sameHost ? profile.displayName : Self.hostName(of: current)
            let request = makeRequest(.GET, current, accept: nil, withToken: sameHost)
            var headers = request.headers
            if have > 0 { headers.add(name: "Range", value: "bytes=\(have)-") }
            if sameHost { try await paceForRateLimit() }
            let delegate = DownloadDelegate(eventLoop: transport.client.eventLoopGroup.next()) { head in
                switch Self.answer(head, have: have) {
                case .redirect, .nothingLeft: return .discard
                case .failure: return .collect(limit: 1 << 20)
                case .body(let offset):
                    if let expectedSize,
                        let problem = Self.lengthProblem(
                            contentLength: head.headers.first(name: "Content-Length").flatMap { Int64($0) },
                            offset: offset,
                            listed: expectedSize)
                    {
                        throw problem
                    }
                    let sink = try DownloadSink(url: partial, at: offset)
                    return .sink(sink, offset: offset, limit: expectedSize, progress: progress)
                }
            }
            let task: HTTPClient.Task<Void>
            do {
                task = transport.client.execute(
                    request: try HTTPClient.Request(url: current, method: .GET, headers: headers), delegate: delegate,
                    deadline: Deadline.transfer.value)
            } catch {
                throw Self.transportError(error, host: shownHost, proxy: transport.proxyDescription)
            }
            task.futureResult.whenComplete { _ in delegate.endWithoutHead(HTTPClientError.remoteConnectionClosed) }
            let outcome: DownloadStep
            do {
                outcome = try await withTaskCancellationHandler {
                    let (head, route) = try await delegate.head.get()
                    if sameHost { record(rateLimitFrom: head.headers) }
                    return try await receive(
                        head, have: have, routed: route, of: task, through: delegate, from: current, sameHost: sameHost,
                        to: destination, partial: partial, expectedMD5: expectedMD5)
                } onCancel: {
                    task.cancel()
                }
            } catch {
                task.cancel()  // a file that cannot be written: the rest of the body is not read
                throw Self.transportError(error, host: shownHost, proxy: transport.proxyDescription)
            }
            switch outcome {
            case .redirect(let location):
                current = URL(string: location, relativeTo: URL(string: current))?.absoluteString ?? location
            case .saved(let md5): return md5
            }
        }
        throw ZenodoError(.network, "too many redirects for \(Self.shown(url))")
    }

    /// What one answer to a download's GET led to.
    private enum DownloadStep {
        case redirect(String)
        case saved(String)
    }

    /// What a download's answer is, from its head alone.
    enum DownloadAnswer: Equatable {
        case redirect(String)
        /// `416`: nothing past what the partial copy holds.
        case nothingLeft
        case failure
        /// The file's bytes from `offset` (0 unless a `206` continues the partial copy exactly).
        case body(offset: Int64)
    }

    static func answer(_ head: HTTPResponseHead, have: Int64) -> DownloadAnswer {
        answer(
            status: Int(head.status.code), location: head.headers.first(name: "Location"),
            contentRange: head.headers.first(name: "Content-Range"), have: have)
    }

    /// A `206` continues the partial copy only when its `Content-Range` starts where the copy ends;
    /// any other success is the whole file, written over the copy.
    static func answer(status: Int, location: String?, contentRange: String?, have: Int64) -> DownloadAnswer {
        if [301, 302, 303, 307, 308].contains(status), let location { return .redirect(location) }
        if status == 416 { return .nothingLeft }
        guard (200..<300).contains(status) else { return .failure }
        let resumes = status == 206 && have > 0 && contentRangeStart(contentRange) == have
        return .body(offset: resumes ? have : 0)
    }

    /// Acts on a download's answer once its body has been routed (by the same `answer`, in the
    /// delegate): follows a redirect, finishes a copy the server says is whole (`416`), turns an
    /// error into words, or ends the saved file.
    private func receive(
        _ head: HTTPResponseHead, have: Int64, routed route: DownloadDelegate.Route, of task: HTTPClient.Task<Void>,
        through delegate: DownloadDelegate, from current: String, sameHost: Bool, to destination: URL, partial: URL,
        expectedMD5: String?
    ) async throws -> DownloadStep {
        switch (Self.answer(head, have: have), route) {
        case (.redirect(let location), _):
            _ = try? await task.futureResult.get()
            return .redirect(location)
        case (.nothingLeft, _):
            // Nothing left to send: the partial copy may be the whole file (checked below), or
            // is stale; either way the MD5 decides.
            _ = try? await task.futureResult.get()
            return .saved(
                try finish(
                    partial, into: destination, digest: try Self.hash(partial), expectedMD5: expectedMD5))
        case (.body, .sink(let sink, _, _, _)):
            do {
                try await task.futureResult.get()
                try sink.finish()
            } catch {
                // What arrived stays under the temporary name: the next attempt asks for the rest.
                try? sink.finish()
                throw error
            }
            return .saved(try finish(partial, into: destination, digest: sink.digest, expectedMD5: expectedMD5))
        default:
            do {
                try await task.futureResult.get()
            } catch is DownloadDelegate.Enough {}
            let status = Int(head.status.code)
            let reply = APIResponse(status: status, headers: head.headers, body: delegate.collected)
            if sameHost {
                try check(reply, sentToken: credentials != nil)
            } else {
                // Another host's answer (storage a redirect led to): its words, under its name.
                throw Self.foreignFailure(reply, host: Self.hostName(of: current))
            }
            throw ZenodoError(.unexpected, "unexpected answer \(status) for \(Self.shown(current))")
        }
    }

    /// The first byte of `Content-Range: bytes N-M/T`.
    static func contentRangeStart(_ header: String?) -> Int64? {
        guard let header, header.hasPrefix("bytes ") else { return nil }
        return header.dropFirst(6).split(separator: "-").first.flatMap { Int64($0) }
    }

    /// Checks the MD5 and renames the verified file into place; a mismatch removes the partial copy.
    private func finish(_ partial: URL, into destination: URL, digest: StreamingMD5, expectedMD5: String?) throws
        -> String
    {
        let md5 = digest.hex()
        if let expected = MD5Checksum.bare(expectedMD5), expected != md5 {
            try? FileManager.default.removeItem(at: partial)
            throw ZenodoError(
                .integrity,
                "checksum mismatch downloading \(destination.lastPathComponent): expected \(expected), got \(md5); nothing was kept"
            )
        }
        // rename(2) replaces an existing file atomically: the old copy stays until the new one is whole.
        guard rename(partial.path, destination.path) == 0 else {
            try? FileManager.default.removeItem(at: partial)
            throw ZenodoError(.localFile, "cannot write \(destination.path)")
        }
        return md5
    }

    /// An MD5 fed with a file's bytes so far (never through a link at its name).
    static func hash(_ url: URL) throws -> StreamingMD5 {
        let digest = StreamingMD5()
        let fd = open(url.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw OwnedFile.refusal(url.path, errno: errno, what: "the partial copy") }
        let handle = PlainFileHandle(fileDescriptor: fd, closeOnDealloc: true)
        defer { try? handle.close() }
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { digest.update(data) }
        return digest
    }
}
