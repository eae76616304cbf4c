import EssentialsExtras
import FoundationEssentials

/// What must hold before publishing, checked locally so that problems show up before the
/// irreversible step (Zenodo checks most of these only at publish time).
public struct PublishChecklist: Sendable {
    public struct Item: Sendable, Equatable {
        /// The legacy field concerned (`title`, `creators[0].orcid`, `files`, …).
        public var field: String
        public var ok: Bool
        public var message: String
    }

    public var items: [Item]

    public var problems: [Item] { items.filter { !$0.ok } }
    public var passed: Bool { problems.isEmpty }

    /// `unfinishedUploads` counts journalled uploads of this deposition that are not verified:
    /// publishing is refused while files may still be missing. `licenses`, the server's license
    /// list when it could be read, checks the license id.
    public static func check(
        _ deposition: Deposition, unfinishedUploads: Int = 0, limits: DepositionLimits = .zenodo, today: Date = Date(),
        licenses: [License]? = nil
    ) -> PublishChecklist {
        var items = [
            Item(
                field: "state", ok: deposition.state != .done,
                message: deposition.state == .done ? "already published with no edits open" : "has a draft to publish")
        ]
        items += metadataItems(deposition.metadata, today: today)
        // A licence Zenodo refuses outright is already a metadata item; the server's list is checked
        // for the rest.
        if let licenses, let license = deposition.metadata.license, !license.isEmpty,
            LegacyLicences.rdmID(license) != nil
        {
            let known = Vocabulary.isKnown(license: license, in: licenses)
            items.append(
                Item(
                    field: "license", ok: known,
                    message: known ? "license \(license)" : "license \(license) is not one of this server's licenses"))
        }
        func add(_ field: String, _ ok: Bool, _ message: String) {
            items.append(Item(field: field, ok: ok, message: message))
        }
        if deposition.isMetadataOnly {
            add("files", true, "metadata-only: published without files")
        } else {
            add(
                "files", !deposition.files.isEmpty,
                deposition.files.isEmpty ? "at least one file is needed" : "\(deposition.files.count) file(s)")
        }
        add("files", deposition.files.count <= limits.maxFiles, "at most \(limits.maxFiles) files")
        // The size is not checked here: the server took the files within the record's quota, which
        // its owner may have raised (RecordQuota) and neither API reports.
        add(
            "uploads", unfinishedUploads == 0,
            unfinishedUploads == 0
                ? "no upload of this deposition is unfinished"
                : "\(unfinishedUploads) file(s) of an upload into this deposition are not verified yet: finish it (zenodo-tui upload --resume) first"
        )
        return PublishChecklist(items: items)
    }

    /// The metadata checks alone, for a form that marks problems next to its fields while the
    /// user types (the embargo check needs `today`).
    public static func metadataItems(_ m: DepositionMetadata, today: Date = Date()) -> [Item] {
        var items: [Item] = []
        func add(_ field: String, _ ok: Bool, _ message: String) {
            items.append(Item(field: field, ok: ok, message: message))
        }
        add(
            "upload_type", !(m.uploadType ?? "").isEmpty,
            (m.uploadType ?? "").isEmpty ? "upload type is missing" : "upload type \(m.uploadType!)")
        if let type = m.uploadType, Vocabulary.subtypeRequired.contains(type) {
            add(
                "\(type)_type", m.uploadSubtype != nil,
                m.uploadSubtype == nil ? "\(type) needs a \(type)_type" : "\(type)_type \(m.uploadSubtype!)")
        }
        // What Zenodo's deposit API would refuse at save (a licence it does not take, a date it
        // cannot carry, an unknown controlled value), so the form shows it under the field first.
        // Read through the native API, the record schema's rules apply instead.
        let native = m[RDMNativeFields.subjects] != nil
        for problem in native ? RDMChecklist.problems(m) : LegacySaveCheck.problems(m) {
            add(problem.field, false, problem.messages.joined(separator: " "))
        }
        let title = (m.title ?? "").trimming(.whitespacesAndNewlines)
        add("title", title.count >= 3, title.count >= 3 ? "title" : "title must have at least 3 characters")
        let creators = m.creators
        add(
            "creators", !creators.isEmpty,
            creators.isEmpty ? "at least one creator is needed" : "\(creators.count) creator(s)")
        for (index, person) in (creators + m.contributors).enumerated() {
            let list = index < creators.count ? "creators" : "contributors"
            let n = index < creators.count ? index : index - creators.count
            if person.name.trimming(.whitespaces).isEmpty {
                add("\(list)[\(n)].name", false, "a name is needed (\"Family, Given\")")
            }
            if let orcid = person.orcid, !ORCID.isValid(orcid) {
                add("\(list)[\(n)].orcid", false, "ORCID \(orcid) is not valid (wrong form or checksum)")
            }
            if list == "contributors", (person.type ?? "").isEmpty {
                add("contributors[\(n)].type", false, "a contributor needs a role")
            }
        }
        let date = m.publicationDate ?? ""
        let dateOK = date.isEmpty || ZenodoDate.isPublicationDate(date)
        add(
            "publication_date", dateOK,
            date.isEmpty
                ? "publication date: today"
                : dateOK ? "publication date \(date)" : "publication date \(date) is not YYYY, YYYY-MM or YYYY-MM-DD")
        if m.accessRight == "embargoed" {
            let until = m.embargoDate.flatMap(ZenodoDate.parse)
            add("embargo_date", until.map { $0 > today } ?? false, "embargo date must be in the future")
        }
        return items
    }
}

/// ORCID iDs: four groups of four, the last character an ISO 7064 11-2 check digit.
public enum ORCID {
    public static func isValid(_ text: String) -> Bool {
        var id = text.uppercased()
        for prefix in ["HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/"] where id.hasPrefix(prefix) {
            id.removeFirst(prefix.count)
        }
        let groups = id.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.count == 4, groups.allSatisfy({ $0.count == 4 }) else { return false }
        let chars = Array(groups.joined())
        guard chars.dropLast().allSatisfy(\.isNumber), let last = chars.last, last.isNumber || last == "X" else {
            return false
        }
        var total = 0
        for c in chars.dropLast() { total = (total + Int(String(c))!) * 2 }
        let result = (12 - total % 11) % 11
        return (result == 10 ? "X" : String(result)) == String(last)
    }
}
