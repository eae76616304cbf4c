import FoundationEssentials

/// Why a published record shows no files to this caller. Zenodo lists no files of a record whose
/// files are restricted or under embargo to anyone but the owner (and those the owner shared
/// with), and answers 403 on them (`FilesSchema.field_dump_permissions`, `can_read_files`; row C2
/// of zenodo-source-2026-12.md); an embargo ends on its date (`update_expired_embargos`, daily).
public struct WithheldFiles: Sendable, Equatable {
    public enum Reason: String, Sendable { case embargoed, restricted, closed }

    public var recordID: Int
    public var reason: Reason
    /// `embargo_date`, for an embargo.
    public var until: String?
    /// What the owner asks of those who want access (`access_conditions`), if anything.
    public var conditions: String?
    /// The record's page, where access is requested.
    public var page: String?

    /// What it means and what would give access, in one sentence or two (server text is the
    /// caller's to sanitise).
    public func message(signedIn: Bool) -> String {
        var text: String
        switch reason {
        case .embargoed:
            text =
                "record \(recordID)'s files are under embargo\(until.map { " until \($0)" } ?? ""): no one but its owner can fetch them before then"
        case .restricted:
            text =
                "record \(recordID)'s files are restricted: only its owner and those the owner grants access can fetch them"
            if let conditions, !conditions.isEmpty {
                text += " (the owner's conditions: \(HTMLText.plain(conditions)))"
            }
            if let page { text += "; request access at \(page)" }
        case .closed:
            text = "record \(recordID) is closed access: its files are not public"
        }
        if !signedIn { text += "; if the record is yours, sign in first (ZENODO_TOKEN or `zenodo-tui auth login`)" }
        return text
    }
}

extension Record {
    /// Why no files are listed, when the record lists none and is not open access.
    public var withheldFiles: WithheldFiles? {
        guard files.isEmpty, let right = accessRight, let reason = WithheldFiles.Reason(rawValue: right) else {
            return nil
        }
        return WithheldFiles(
            recordID: id, reason: reason, until: metadata["embargo_date"]?.string,
            conditions: metadata["access_conditions"]?.string,
            page: links["self_html"] ?? links["html"])
    }
}
