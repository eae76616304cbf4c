import FoundationEssentials
import NIOHTTP1

extension ZenodoClient {
    /// The draft's DOI, reserved now if it has none (issue 33): Zenodo's deposit API reserves one
    /// at creation (`prereserve_doi`); InvenioRDM's native API only on request
    /// (`POST /api/records/{id}/draft/pids/doi`, invenio-rdm-records `resources/config.py`
    /// `item-pids-reserve`), which Zenodo serves for both APIs' ids. The DOI is registered when
    /// the record is published; until then it can be written into a README or `CITATION.cff`.
    public func reserveDOI(_ id: Int) async throws -> String {
        let draft = try await deposition(id)
        if let doi = draft.doi ?? draft.metadata.prereservedDOI { return doi }
        guard !draft.submitted || draft.state == .inprogress else {
            throw ZenodoError(.refused, "deposition \(id) is published: its DOI is \(draft.doi ?? "registered")")
        }
        let reply = try await send(
            .POST, url("/records/\(id)/draft/pids/doi"), idempotent: false, accept: Self.rdmAccept)
        guard let doi = try reply.json("the reserved DOI")["pids"]?["doi"]?["identifier"]?.string else {
            throw ZenodoError(.unexpected, "\(profile.displayName) reserved no DOI for draft \(id)")
        }
        return doi
    }
}
