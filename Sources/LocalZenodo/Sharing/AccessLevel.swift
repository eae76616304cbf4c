import FoundationEssentials

/// What a caller may do with a record and its drafts, as invenio-rdm-records' permission policy
/// ladders it (`services/permissions.py`): `can_manage` (the owner, a `manage` grant) ⊂
/// `can_curate` (+ `edit` grants and links) ⊂ `can_preview` (+ `preview`) ⊂ `can_view` (+ `view`).
/// Reading a draft needs `preview`, updating it `edit` (`can_update_draft` = `can_review`), reading
/// restricted files `view`, managing links and grants `manage`.
enum AccessLevel: Int, Comparable, Sendable {
    case none, view, preview, edit, manage

    /// A grant's or link's permission word; unknown words give nothing (grants store any string).
    init(permission: String) {
        switch permission {
        case "view": self = .view
        case "preview": self = .preview
        case "edit": self = .edit
        case "manage": self = .manage
        default: self = .none
        }
    }

    static func < (a: AccessLevel, b: AccessLevel) -> Bool { a.rawValue < b.rawValue }
}
