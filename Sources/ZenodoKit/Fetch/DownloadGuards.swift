import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// What a download refuses from a hostile or broken server: a redirect anywhere but an ordinary
/// web address, more bytes than the file's listed size, a length that disagrees with it; and how
/// a failure on another host (where a redirect led) is named.
extension ZenodoClient {
    /// A download (its link, or a redirect) may lead only to `https`, or `http` on loopback (never `http+unix://`, `file:`
    /// or another scheme that would reach a local socket or file of the server's choosing).
    static func checkRedirectTarget(_ url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw ZenodoError(.refused, "refusing to follow a redirect to '\(url)': not a web address")
        }
        switch scheme {
        case "https": return
        case "http" where ServerProfile.isLoopback(host): return
        case "http":
            throw ZenodoError(
                .refused,
                "refusing to follow a redirect to plain http:// on \(host): only https is followed off this machine"
            )
        default:
            throw ZenodoError(
                .refused,
                "refusing to follow a redirect to a \(scheme): address; only https (and http on loopback) is followed"
            )
        }
    }

    /// `host[:port]` of an address, for messages.
    static func hostName(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else {
            return url
        }
        return host + (components.port.map { ":\($0)" } ?? "")
    }

    /// The size of the partial copy at `url` when it is a regular file; 0 for anything else (a
    /// link planted there is then refused by name when the copy is opened).
    static func partialSize(_ url: URL) -> Int64 {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return 0 }
        return Int64(info.st_size)
    }

    /// The failure for an answer longer than the file's listed size. Not retried: the same server
    /// would send the same.
    static func oversize(listed: Int64) -> ZenodoError {
        var error = ZenodoError(
            .integrity,
            "the server sent more than the \(listed) bytes listed for this file; stopped there, nothing past it was written"
        )
        error.permanent = true
        return error
    }

    /// Why an answer's `Content-Length` cannot be the rest of a file of `listed` bytes from `offset`.
    static func lengthProblem(contentLength: Int64?, offset: Int64, listed: Int64) -> ZenodoError? {
        guard let contentLength, offset + contentLength != listed else { return nil }
        var error = ZenodoError(
            .integrity,
            "the server announced \(contentLength) bytes from byte \(offset) for a file listed as \(listed) bytes; nothing was written"
        )
        error.permanent = true
        return error
    }

    /// An error answer from another host (the storage a redirect led to), named by that host;
    /// no token went there.
    static func foreignFailure(_ reply: APIResponse, host: String) -> ZenodoError {
        if reply.status == 401 || reply.status == 403 {
            return ZenodoError(
                .auth,
                "Permission denied by \(host) (\(reply.status)), where the server's redirect led (no token is sent there): the link may have expired; try again",
                status: reply.status)
        }
        return ZenodoError.from(
            status: reply.status, contentType: reply.header("Content-Type"), body: reply.body,
            retryAfter: nil, server: host,
            tokenHint: "", sentToken: false)
    }
}
