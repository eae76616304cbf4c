import FoundationEssentials

/// A subject of the instance's subjects vocabulary (`serve --subjects FILE`; the demo's). InvenioRDM
/// ships none: zenodo-rdm's `app_data/vocabularies.yaml` creates the type "but they are highly
/// dependent on the kind of InvenioRDM instance, so no defaults are provided"; each instance
/// loads its own, in the fixtures' shape (`id`, `scheme`, `subject`).
public struct SubjectSeed: Sendable, Equatable {
    public var id: String
    public var scheme: String
    public var subject: String

    public init(id: String, scheme: String, subject: String) {
        self.id = id
        self.scheme = scheme
        self.subject = subject
    }

    var json: JSONValue { ["id": .string(id), "scheme": .string(scheme), "subject": .string(subject)] }

    /// The demo's: the subjects of invenio-rdm-records' own test fixtures
    /// (`tests/fixtures/app_data/vocabularies/subjects_mesh.yaml`, `subjects_anzsrc.yaml`,
    /// `mock_module_B/fixtures/vocabularies/subjects.yaml`), real entries of three schemes.
    public static let fixtures = [
        SubjectSeed(id: "https://id.nlm.nih.gov/mesh/D000001", scheme: "MeSH", subject: "Calcimycin"),
        SubjectSeed(id: "https://id.nlm.nih.gov/mesh/D000002", scheme: "MeSH", subject: "Temefos"),
        SubjectSeed(id: "310607", scheme: "ANZSRC", subject: "Nanobiotechnology"),
        SubjectSeed(id: "310701", scheme: "ANZSRC", subject: "Bacteriology"),
        SubjectSeed(
            id: "https://id.loc.gov/authorities/subjects/sh85118623", scheme: "LCSH",
            subject: "Science and Technology Intern Program"),
    ]
}
