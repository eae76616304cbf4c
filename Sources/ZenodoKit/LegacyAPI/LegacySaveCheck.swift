import ZenodoVocabularies

/// What Zenodo's legacy deposit API would refuse, or could not carry, in metadata about to be
/// sent: checked before a byte leaves, so a save never fails with an opaque answer and nothing the
/// user holds is dropped on the way (`site/zenodo_rdm/legacy/deserializers/metadata.py` and
/// `serializers/schemas/common.py` in zenodo/zenodo-rdm at 6386403).
public enum LegacySaveCheck {
    /// The problems, each under its legacy field path (`dates[0]`, `license`, …); empty when
    /// Zenodo should take the metadata.
    public static func problems(_ m: DepositionMetadata) -> [ZenodoError.FieldError] {
        var found: [ZenodoError.FieldError] = []
        func add(_ field: String, _ message: String) {
            found.append(ZenodoError.FieldError(field: field, serverField: field, messages: [message]))
        }
        if let license = m.license, !license.isEmpty, case .refused = LegacyLicences.verdict(license),
            let problem = LegacyLicences.problem(license)
        {
            add("license", problem)
        }
        for (index, problem) in dateProblems(m["dates"]) { add("dates[\(index)]", problem) }
        if let type = m.uploadType, !type.isEmpty {
            if !Vocabulary.uploadTypes.contains(where: { $0.type == type }) {
                add(
                    "upload_type",
                    "\"\(type)\" is not one of Zenodo's upload types (\(Vocabulary.uploadTypes.map(\.type).joined(separator: ", ")))"
                )
            } else if let subtype = m.uploadSubtype, !subtype.isEmpty, !Vocabulary.subtypes(of: type).contains(subtype)
            {
                let allowed = Vocabulary.subtypes(of: type)
                add(
                    "\(type)_type",
                    allowed.isEmpty
                        ? "\(type) takes no \(type)_type (\"\(subtype)\" given)"
                        : "\"\(subtype)\" is not a \(type)_type Zenodo knows (\(allowed.joined(separator: ", ")))")
            }
        }
        for (index, related) in (m.relatedIdentifiers ?? []).enumerated()
        where !Vocabulary.relations.contains(where: { $0.lowercased() == related.relation.lowercased() })
            && related.relation != "isOrignialFormOf"
        {
            add(
                "related_identifiers[\(index)].relation",
                "\"\(related.relation)\" is not one of Zenodo's relations (e.g. isSupplementTo, cites, isPartOf)")
        }
        if let language = m.language, !language.isEmpty, let problem = languageProblem(language) {
            add("language", problem)
        }
        return found
    }

    /// Dates the legacy API cannot take back: an entry without `start` and `end` is refused (400
    /// "Invalid date provided."); Zenodo itself sends such entries, because its serializer drops
    /// the date of a single (non-interval) date; an entry without `type` makes Zenodo fail (500).
    static func dateProblems(_ dates: JSONValue?) -> [(Int, String)] {
        guard let entries = dates?.array else { return [] }
        var problems: [(Int, String)] = []
        for (index, entry) in entries.enumerated() {
            let start = entry["start"]?.string ?? ""
            let end = entry["end"]?.string ?? ""
            let type = entry["type"]?.string
            if start.isEmpty && end.isEmpty {
                let what = type.map { "this \($0) date" } ?? "this date"
                problems.append(
                    (
                        index,
                        "Zenodo holds \(what) but its deposit API does not show single dates when it reads a record, "
                            + "so it cannot be sent back, and Zenodo refuses an entry without one (\"Invalid date provided.\"). "
                            + "Give the date again as start and end (metadata --set 'dates=[{\"start\":\"YYYY-MM-DD\",\"end\":\"YYYY-MM-DD\",\"type\":\"\(type ?? "Collected")\"}]'), "
                            + "or remove the entry (Zenodo then deletes the date), or edit it on the record's web page"
                    ))
            } else if type == nil || type?.isEmpty == true {
                problems.append(
                    (index, "a date needs a type (Collected, Valid or Withdrawn): Zenodo fails without one"))
            }
        }
        return problems
    }

    static func languageProblem(_ code: String) -> String? {
        let id: String?
        switch code.count {
        case 3: id = code
        case 2: id = LanguageTables.fromTwoLetter[code.lowercased()]
        default: return "\"\(code)\" is not a language code: give ISO 639-1 (en) or 639-3 (eng)"
        }
        guard let id, LanguageTables.codes.contains(id) else {
            return "\"\(code)\" is not an ISO 639 language code Zenodo knows (e.g. en, eng, deu)"
        }
        return nil
    }

    /// Notes for metadata that Zenodo will take but not show back as sent: a single date
    /// (start = end, or only one of them) is stored but the deposit API never shows it again.
    public static func warnings(_ m: DepositionMetadata) -> [String] {
        var notes: [String] = []
        for (index, entry) in (m["dates"]?.array ?? []).enumerated() {
            let start = entry["start"]?.string ?? ""
            let end = entry["end"]?.string ?? ""
            if !(start.isEmpty && end.isEmpty), start.isEmpty || end.isEmpty || start == end {
                notes.append(
                    "dates[\(index)]: Zenodo stores a single date, but its deposit API will not show it again; "
                        + "a later save from here asks for it again")
            }
        }
        if let license = m.license, case .titleOnly = LegacyLicences.verdict(license) {
            notes.append("license: \(LegacyLicences.problem(license) ?? "")")
        }
        return notes
    }

    /// The metadata as it may be sent: a DOI that Zenodo assigned to this deposition (its own
    /// `prereserve_doi`, or `10.5281`/`10.5072` `zenodo.<recid>`) is left out, because a PUT that
    /// echoes it can be taken as an external DOI (on sandbox the published DOI is `10.5072/…` while
    /// `prereserve_doi` says `10.5281/…`). A DOI the user brought (another registrant) is kept.
    public static func outgoing(_ m: DepositionMetadata) -> DepositionMetadata {
        var m = m
        if let doi = m.doi, isAssigned(doi, in: m) { m.doi = nil }
        return m
    }

    static func isAssigned(_ doi: String, in m: DepositionMetadata) -> Bool {
        let doi = doi.lowercased()
        if let reserved = m.prereservedDOI?.lowercased(), doi == reserved { return true }
        guard let recid = m.raw["prereserve_doi"]?["recid"].flatMap({ $0.int ?? $0.string.flatMap(Int.init) }) else {
            return false
        }
        return doi == "10.5281/zenodo.\(recid)" || doi == "10.5072/zenodo.\(recid)"
    }
}
