/// What a save's read-back shows differently from what was sent, in words: Zenodo normalises
/// (language `en` → `eng`), shows licences under another legacy id (`mit` → `mit-license`, the same
/// licence), and hides single dates (kept, but never shown again by the deposit API).
public enum LegacyReadBack {
    public static func notes(sent: DepositionMetadata, readBack: DepositionMetadata, ignoring: Set<String> = [])
        -> [String]
    {
        let fields = MetadataDiff(old: sent, new: readBack).changes.map(\.field)
        var seen: Set<String> = []
        var notes: [String] = []
        for field in fields where !ignoring.contains(field) && field != "prereserve_doi" && field != "doi" {
            let top = String(field.prefix { $0 != "[" && $0 != "." })
            guard seen.insert(top).inserted else { continue }
            switch top {
            case "license" where LegacyLicences.same(sent.license, readBack.license):
                notes.append("license \(sent.license ?? "") shows as \(readBack.license ?? "") (the same licence)")
            case "dates":
                let hidden = LegacySaveCheck.warnings(sent).filter { $0.hasPrefix("dates") }
                notes.append(hidden.isEmpty ? "dates" : hidden.joined(separator: "; "))
            default:
                notes.append(top)
            }
        }
        return notes
    }
}
