import FoundationEssentials
import ZenodoKit

/// One upload batch as the queue and the progress screen show it.
public struct UploadState: Sendable {
    public typealias Phase = BatchFold.Phase
    public typealias ActiveFile = BatchFold.ActiveFile

    public var id: Int
    public var depositionID: Int
    public var title: String
    /// The batch's journal (and, in the agent, its id).
    public var journalID: String?
    /// Run by the transfer agent: it goes on when this interface quits or its terminal goes away.
    public var background = false
    /// Its events folded (ZenodoKit's, shared with the subcommands' progress block).
    public var fold = BatchFold()

    public var phase: Phase {
        get { fold.phase }
        set { fold.phase = newValue }
    }
    public var progress: BatchProgress {
        get { fold.progress }
        set { fold.progress = newValue }
    }
    public var active: [ActiveFile] {
        get { fold.active }
        set { fold.active = newValue }
    }
    public var log: [String] {
        get { fold.log }
        set { fold.log = newValue }
    }

    public var isRunning: Bool { phase == .running }

    public init(id: Int, depositionID: Int, title: String) {
        self.id = id
        self.depositionID = depositionID
        self.title = title
    }

    /// Applies one upload event to the batch; `true` when the batch finished.
    public mutating func apply(_ event: TransferEvent) -> Bool { fold.apply(event) }
}
