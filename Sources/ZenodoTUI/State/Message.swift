import TerminalKit
import ZenodoKit

/// Facts the loop learns: keys, sizes, and results of effects.
public enum Message: Sendable {
    case keyPressed(Key)
    case resized(Size)
    case ticked
    /// `SIGINT` (Ctrl-C), `SIGTERM` or `SIGHUP` (the SSH session dropped).
    case signalled(Int32)
    case depositionsLoaded([Deposition], first: Bool, done: Bool)
    case depositionsFailed(String)
    case depositionLoaded(Deposition)
    case depositionFailed(Int, String)
    case directoryListed(String, [PickerState.Entry])
    case directoryFailed(String, String)
    case completionsFound(prefix: String, [String])
    case preflightFailed([String])
    case uploadStarted(batch: Int, depositionID: Int, title: String, files: Int)
    case uploadEvent(batch: Int, UploadEvent)
    case resumableFound([UploadJournal])
}

/// What `update` asks the effect runner to do; none of it happens inside `update`.
public enum Effect: Sendable, Equatable {
    case loadDepositions
    case loadDeposition(Int)
    case listDirectory(String)
    case completePath(String)
    /// Pre-flight the chosen paths against the deposition, then start uploading them.
    case upload(depositionID: Int, paths: [String])
    case resumeUpload(journalID: String)
    case cancelUpload(batch: Int)
    case quit(code: Int32)
}
