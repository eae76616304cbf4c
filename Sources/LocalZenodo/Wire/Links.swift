import Foundation

/// Builds the absolute links LocalZenodo writes, all pointing back at this server.
struct Links: Sendable {
    /// `http://HOST:PORT`, no trailing slash.
    var origin: String

    var api: String { origin + "/api" }

    func deposition(_ id: Int) -> String { "\(api)/deposit/depositions/\(id)" }
    func record(_ id: Int) -> String { "\(api)/records/\(id)" }
    func bucket(_ id: String) -> String { "\(api)/files/\(id)" }
    func object(bucket id: String, key: String) -> String { "\(bucket(id))/\(Self.encodeKey(key))" }
    func draftContent(_ id: Int, key: String) -> String { "\(record(id))/draft/files/\(Self.encodeKey(key))/content" }
    func recordContent(_ id: Int, key: String) -> String { "\(record(id))/files/\(Self.encodeKey(key))/content" }
    func html(deposit id: Int) -> String { "\(origin)/deposit/\(id)" }
    func html(record id: Int) -> String { "\(origin)/records/\(id)" }
    func doi(_ doi: String) -> String { "https://doi.org/\(doi)" }
    func badge(_ doi: String) -> String { "\(origin)/badge/doi/\(doi).svg" }

    /// Percent-encodes a key as Zenodo does when it builds links (safe set `/!$&'()*+,;=:@`).
    static func encodeKey(_ key: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~/!$&'()*+,;=:@")
        return key.addingPercentEncoding(withAllowedCharacters: allowed) ?? key
    }
}
