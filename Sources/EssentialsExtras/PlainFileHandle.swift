import FoundationEssentials
import Glibc

/// A file descriptor read, written and sought in `Data`: the part of Foundation's `FileHandle` the
/// program uses, on FoundationEssentials alone (`FileHandle` lives in full Foundation, whose
/// CoreFoundation pulls ICU's 30 MiB of locale data into a static binary).
public final class PlainFileHandle: @unchecked Sendable {
    public let fileDescriptor: Int32
    private let closesOnDeinit: Bool
    private var closed = false

    public init(fileDescriptor: Int32, closeOnDealloc: Bool) {
        self.fileDescriptor = fileDescriptor
        self.closesOnDeinit = closeOnDealloc
    }

    /// Opens `url` for reading; throws `CocoaError` with the POSIX error underneath, as
    /// `FileHandle(forReadingFrom:)` does.
    public convenience init(forReadingFrom url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PlainFileHandle.error(errno, path: url.path, reading: true) }
        self.init(fileDescriptor: fd, closeOnDealloc: true)
    }

    public convenience init?(forReadingAtPath path: String) {
        guard let handle = try? PlainFileHandle(forReadingFrom: URL(fileURLWithPath: path)) else { return nil }
        self.init(fileDescriptor: dup(handle.fileDescriptor), closeOnDealloc: true)
    }

    public static let standardOutput = PlainFileHandle(fileDescriptor: STDOUT_FILENO, closeOnDealloc: false)
    public static let standardError = PlainFileHandle(fileDescriptor: STDERR_FILENO, closeOnDealloc: false)

    deinit { if closesOnDeinit && !closed { Glibc.close(fileDescriptor) } }

    /// Up to `count` bytes from the current offset; empty at the end of the file.
    public func read(upToCount count: Int) throws -> Data? {
        var data = Data(count: count)
        var filled = 0
        while filled < count {
            let got = data.withUnsafeMutableBytes { buffer in
                Glibc.read(fileDescriptor, buffer.baseAddress! + filled, count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw PlainFileHandle.error(errno, path: nil, reading: true)
            }
            if got == 0 { break }
            filled += got
        }
        data.count = filled
        return data
    }

    /// Writes all of `data`, retrying short writes; a failure is dropped, as `FileHandle.write(_:)`
    /// (which traps) cannot report it either, and every caller writes to a log or a terminal.
    public func write(_ data: Data) {
        data.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let wrote = Glibc.write(fileDescriptor, buffer.baseAddress! + sent, buffer.count - sent)
                if wrote < 0 && errno == EINTR { continue }
                guard wrote > 0 else { return }
                sent += wrote
            }
        }
    }

    public func seek(toOffset offset: UInt64) throws {
        guard lseek(fileDescriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw PlainFileHandle.error(errno, path: nil, reading: true)
        }
    }

    @discardableResult
    public func seekToEnd() throws -> UInt64 {
        let end = lseek(fileDescriptor, 0, SEEK_END)
        guard end >= 0 else { throw PlainFileHandle.error(errno, path: nil, reading: true) }
        return UInt64(end)
    }

    public func close() throws {
        guard !closed else { return }
        closed = true
        guard Glibc.close(fileDescriptor) == 0 else { throw PlainFileHandle.error(errno, path: nil, reading: false) }
    }

    static func error(_ code: Int32, path: String?, reading: Bool) -> CocoaError {
        let posix = POSIXErrorCode(rawValue: code) ?? .EIO
        let cocoa: CocoaError.Code =
            switch posix {
            case .ENOENT: .fileReadNoSuchFile
            case .EACCES, .EPERM: reading ? .fileReadNoPermission : .fileWriteNoPermission
            case .ENOSPC: .fileWriteOutOfSpace
            default: reading ? .fileReadUnknown : .fileWriteUnknown
            }
        var info: [String: Any] = ["NSUnderlyingError": POSIXError(posix)]
        if let path { info["NSFilePath"] = path }
        return CocoaError(cocoa, userInfo: info)
    }
}
