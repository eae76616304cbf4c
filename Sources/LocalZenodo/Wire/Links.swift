import EssentialsExtras
import FoundationEssentials

/// Builds the absolute links LocalZenodo writes, all pointing back at this server.
struct Links: Sendable {
    /// `http://HOST:PORT`, no trailing slash.
    var origin: String
    var flavor: Flavor = .production
    /// Whether ZIP files carry `links.container` (the container API is served).
    var containerAPI = true

    func registeredDOI(_ id: Int) -> String { flavor.registeredDOI(id) }
    /// `prereserve_doi.doi`: the legacy serializer hard-codes `10.5281/zenodo.{id}` on both
    /// (`serializers/schemas/legacyjson.py`; sample 22).
    func reservedDOI(_ id: Int) -> String { "10.5281/zenodo.\(id)" }

    var api: String { origin + "/api" }
    /// The host part of the origin (for OAI identifiers).
    var host: String { URL(string: origin)?.host ?? "localhost" }

    func deposition(_ id: Int) -> String { "\(api)/deposit/depositions/\(id)" }
    func record(_ id: Int) -> String { "\(api)/records/\(id)" }
    func bucket(_ id: String) -> String { "\(api)/files/\(id)" }
    func object(bucket id: String, key: String) -> String { "\(bucket(id))/\(Self.encodeKey(key))" }
    func draftContent(_ id: Int, key: String) -> String { "\(record(id))/draft/files/\(Self.encodeKey(key))/content" }
    func recordContent(_ id: Int, key: String) -> String { "\(record(id))/files/\(Self.encodeKey(key))/content" }
    func html(deposit id: Int) -> String { "\(origin)/deposit/\(id)" }
    func html(record id: Int) -> String { "\(origin)/records/\(id)" }
    /// The legacy API's DOI links: `https://doi.org/{+pid_doi}` on both flavours (`legacy/services.py`;
    /// sample 22).
    func doi(_ doi: String) -> String { "https://doi.org/\(doi)" }
    /// The records API's DOI links: DataCite's test handle server for test DOIs (samples 06, 11).
    func resolver(_ doi: String) -> String {
        doi.hasPrefix("10.5072/") ? "https://handle.test.datacite.org/\(doi)" : "https://doi.org/\(doi)"
    }
    /// `{+ui}/badge/doi/{pid_doi}.svg`: the DOI percent-encoded (`/` as `%2F`, sample 22), empty for
    /// a deposition without one (`…/badge/doi/.svg`, sample 01).
    func badge(_ doi: String) -> String {
        let encoded = doi.percentEncoded(allowing: .alphanumerics.union(ScalarSet(charactersIn: "-._~")))
        return "\(origin)/badge/doi/\(encoded).svg"
    }

    /// Percent-encodes a key as Zenodo does when it builds links (safe set `/!$&'()*+,;=:@`).
    static func encodeKey(_ key: String) -> String {
        let allowed = ScalarSet.asciiAlphanumerics.union(ScalarSet(charactersIn: "-._~/!$&'()*+,;=:@"))
        return key.percentEncoded(allowing: allowed)
    }
}
