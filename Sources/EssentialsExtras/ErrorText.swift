import FoundationEssentials
import Glibc

/// An error in words for a person, without full Foundation's `localizedDescription` (which
/// bridges through `NSError` and CoreFoundation): the system's own text for POSIX errors, a
/// sentence with the path for file errors, and the error's own description otherwise.
public enum ErrorText {
    public static func describe(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return systemText(posix.code.rawValue) }
        if let cocoa = error as? CocoaError { return describe(cocoa) }
        if let described = error as? any CustomStringConvertible { return described.description }
        return String(describing: error)
    }

    /// `strerror`'s text for `code`, e.g. "No such file or directory".
    public static func systemText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    static func describe(_ error: CocoaError) -> String {
        let path = error.filePath ?? error.url?.path
        let what = path.map { "“\($0)”" } ?? "the file"
        let reason = (error.underlying as? POSIXError).map { ": " + systemText($0.code.rawValue) } ?? ""
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "\(what) does not exist" + reason
        case .fileReadNoPermission: return "no permission to read \(what)" + reason
        case .fileWriteNoPermission: return "no permission to write \(what)" + reason
        case .fileWriteOutOfSpace: return "no space left to write \(what)" + reason
        case .fileWriteFileExists: return "\(what) already exists" + reason
        case .fileWriteVolumeReadOnly: return "\(what) is on a read-only volume" + reason
        case .fileReadCorruptFile: return "\(what) is not in the expected format" + reason
        case .fileReadInapplicableStringEncoding: return "\(what) is not text in the expected encoding"
        default:
            return (error.code.rawValue >= 512 && error.code.rawValue < 1024 ? "cannot write " : "cannot read ")
                + what + reason
        }
    }
}
