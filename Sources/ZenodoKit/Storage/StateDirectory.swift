import Foundation

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
        let cocoa = error as? CocoaError
        let error = error as NSError
        let underlying = (cocoa?.underlying as NSError?) ?? (error.userInfo[NSUnderlyingErrorKey] as? NSError)
        if let posix = underlying ?? (error.domain == NSPOSIXErrorDomain ? error : nil) {
            return String(cString: strerror(Int32(posix.code)))
        }
        if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileWriteNoPermission.rawValue {
            return "Permission denied"
        }
        return error.localizedDescription
    }
}
