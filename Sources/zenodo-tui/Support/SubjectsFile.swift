import EssentialsExtras
import FoundationEssentials
import LocalZenodo
import YAMLText

/// `serve --subjects FILE`: an instance's subjects vocabulary in InvenioRDM's fixture shape, a
/// YAML (or JSON) list of `{id, scheme, subject}` as `invenio rdm-records fixtures` loads it.
enum SubjectsFile {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) throws(Problem) -> [SubjectSeed] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Problem(description: "cannot read \(path): \(ErrorText.describe(error))")
        }
        let parsed: Any?
        do {
            parsed = try YAMLParser.load(text)
        } catch {
            throw Problem(description: "\(path) is not YAML: \(error)")
        }
        guard let list = parsed as? [Any] else {
            throw Problem(description: "\(path): expected a list of subjects (- id: …, scheme: …, subject: …)")
        }
        var seeds: [SubjectSeed] = []
        var seen: Set<String> = []
        for (index, item) in list.enumerated() {
            let entry = item as? [String: Any] ?? [:]
            func field(_ key: String) -> String? {
                (entry[key] as? String ?? (entry[key] as? Int).map(String.init)).flatMap { $0.isEmpty ? nil : $0 }
            }
            guard let id = field("id"), let scheme = field("scheme"), let subject = field("subject") else {
                throw Problem(description: "\(path): subject \(index + 1) needs an id, a scheme and a subject")
            }
            guard seen.insert(id).inserted else { throw Problem(description: "\(path): the id \(id) is there twice") }
            seeds.append(SubjectSeed(id: id, scheme: scheme, subject: subject))
        }
        return seeds
    }
}
