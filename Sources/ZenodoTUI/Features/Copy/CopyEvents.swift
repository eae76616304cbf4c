import ZenodoKit

/// `y`: a record's DOI, concept DOI, citation or BibTeX to the user's clipboard (OSC 52); a
/// draft without a DOI gets one reserved first. The slice's own effect and message, routed once
/// by the shell.
public enum CopyEffect: Sendable, Equatable {
    /// The record in one of the server's formats, to copy when it comes.
    case fetch(recordID: Int, ExportFormat)
    /// A DOI reserved for the draft (`…/draft/pids/doi` on the native API), to copy when it comes.
    case reserve(depositionID: Int)
}

public enum CopyMessage: Sendable, Equatable {
    case fetched(recordID: Int, ExportFormat, String)
    case reserved(depositionID: Int, doi: String)
    case failed(recordID: Int, String)
}
