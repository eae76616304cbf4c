import EssentialsExtras
import FoundationEssentials
import Glibc

/// The words for a state directory (journals, locks, the agent's socket) that cannot be made or
/// written: where, why (the system's reason, not Foundation's error domain), and what to do.
enum StateDirectory {
    static func problem(_ directory: URL, _ error: any Error, what: String) -> ZenodoError {
        ZenodoError(
            .configuration,
            "cannot keep the \(what) in \(directory.path) (\(reason(error))): point XDG_STATE_HOME at a directory you can write"
        )
    }

    /// The POSIX reason under a Foundation error (`Not a directory`, `Permission denied`, …).
    static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return ErrorText.systemText(posix.code.rawValue) }
        if let cocoa = error as? CocoaError {
            if let posix = cocoa.underlying as? POSIXError { return ErrorText.systemText(posix.code.rawValue) }
            if cocoa.code == .fileWriteNoPermission { return "Permission denied" }
        }
        return ErrorText.describe(error)
    }
}
