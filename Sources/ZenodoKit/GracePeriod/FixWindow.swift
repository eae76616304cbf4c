import EssentialsExtras
import FoundationEssentials

/// The words about a published record's grace period, pure: what fixing files and deleting mean,
/// and why a server refused. The window itself is the server's policy (Zenodo: 30 days from
/// publication, invenio-rdm-records `FileModificationGracePeriodPolicy` and `GracePeriodPolicy`;
/// InvenioRDM's default: never, for an owner); it is not exposed by the API, so zenodo-tui never
/// decides it: it asks, and says what the answer means.
public enum FixWindow {
    /// Whole days since `published` (nil when unknown).
    public static func daysSince(_ published: Date?, now: Date = Date()) -> Int? {
        guard let published else { return nil }
        return max(Int(now.timeIntervalSince(published) / 86_400), 0)
    }

    /// "published 3 days ago" / "published today".
    public static func age(_ published: Date?, now: Date = Date()) -> String {
        guard let days = daysSince(published, now: now) else { return "its publication date is unknown" }
        switch days {
        case 0: return "published today"
        case 1: return "published yesterday"
        default: return "published \(days) days ago"
        }
    }

    /// What unlocking changes, for the screen and the command's output.
    public static func fixMeaning(id: Int, doi: String?) -> String {
        "The files of record \(id) are unlocked in its edit draft: add, replace or delete files, then publish. "
            + "Publishing replaces the files everyone downloads from \(doi.map { "https://doi.org/\($0)" } ?? "the record"); "
            + "the DOI stays the same, and the record's versions do not change. Discarding the draft puts the old files back."
    }

    /// What deleting means, named for the typed confirmation.
    public static func deletionMeaning(id: Int, doi: String?, title: String) -> String {
        "Deleting record \(id) \"\(title)\"\(doi.map { " (DOI \($0))" } ?? "") removes it and its files from the server "
            + "for everyone. The DOI keeps resolving, to a tombstone page that shows the citation, the date and the reason. "
            + "It cannot be undone by its owner."
    }

    /// Said before files go into a published record's edit draft: whether its files are unlocked
    /// is the server's to say.
    public static func editDraftNote(id: Int) -> String {
        "Deposition \(id) is a published record's edit draft: its files change only if they were unlocked (zenodo-tui fix-files \(id), within the server's grace period); the server decides."
    }

    /// Whether a typed answer confirms deleting record `id`: its id or its DOI, exactly (surrounding
    /// spaces aside). The one rule of the command's `--confirm` and prompt and the interface's box.
    public static func confirmsDeletion(_ typed: String, id: Int, doi: String?) -> Bool {
        let answer = typed.trimming(.whitespaces)
        return answer == String(id) || (doi.map { answer == $0 } ?? false)
    }

    /// Why the server said no to a file modification (403), and what to do instead.
    public static func fixRefused(server: String, id: Int, published: Date?, now: Date = Date()) -> String {
        "\(server) refused to unlock the files of record \(id) (\(age(published, now: now))): only the owner may change a published record's files, "
            + "and only within the server's grace period after publication (Zenodo's is 30 days; InvenioRDM's default offers none). "
            + "Make a new version instead: zenodo-tui new-version \(id)"
    }

    /// Why the server said no to a deletion (403), and what to do instead.
    public static func deletionRefused(server: String, id: Int, published: Date?, now: Date = Date()) -> String {
        "\(server) refused to delete record \(id) (\(age(published, now: now))): only the owner may delete a published record, "
            + "and only within the server's grace period after publication (Zenodo's is 30 days). "
            + "Past it, make a new version (zenodo-tui new-version \(id)), restrict its files, or ask the server's support"
    }
}
