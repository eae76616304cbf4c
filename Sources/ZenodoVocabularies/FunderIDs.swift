/// Funder DOIs (the legacy API's `grants` ids, `DOI::number`) and the ROR ids InvenioRDM's
/// funders vocabulary keys them by: zenodo-rdm `legacy/zenodo_legacy/funders.py`
/// `FUNDER_DOI_TO_ROR`, which `load_funding` applies (a DOI not listed, or a ROR id, stays as it
/// is). RCUK's DOI maps to UKRI's ROR id, as the source says.
public enum FunderIDs {
    public static let rorByDOI: [String: String] = [
        "10.13039/501100001665": "00rbzpz17",
        "10.13039/501100002341": "05k73zm37",
        "10.13039/501100000923": "05mmh0f86",
        "10.13039/100018231": "03zj4c476",
        "10.13039/501100000024": "01gavpb45",
        "10.13039/501100000780": "00k4n6c32",
        "10.13039/501100000806": "02k4b9v70",
        "10.13039/501100001871": "00snfqn58",
        "10.13039/501100002428": "013tf3c58",
        "10.13039/501100004488": "03n51vw80",
        "10.13039/501100004564": "01znas443",
        "10.13039/501100000925": "011kf5r70",
        "10.13039/100000002": "01cwqze88",
        "10.13039/501100000038": "01h531d29",
        "10.13039/100000001": "021nxhr62",
        "10.13039/501100003246": "04jsz6e67",
        "10.13039/501100000690": "001aqnf71",
        "10.13039/100014013": "001aqnf71",
        "10.13039/501100001602": "0271asj38",
        "10.13039/501100001711": "00yjd3n13",
        "10.13039/100001345": "006cvnv84",
        "10.13039/501100004410": "04w9kkr77",
        "10.13039/100004440": "029chgv08",
        "10.13039/501100006364": "03m8vkq32",
        "10.13039/501100011730": "00x0z1472",
    ]

    /// `FUNDER_ROR_TO_DOI`: the inverse, UKRI's DOI for its ROR id (the source says so).
    public static func doi(forROR ror: String) -> String? {
        if ror == "001aqnf71" { return "10.13039/100014013" }
        return rorByDOI.first { $0.value == ror }?.key
    }

    /// A legacy grant id (`DOI::number`, `ROR::number`, or a bare number, the European
    /// Commission's) as the funding's funder id and award id, as `load_funding` makes them.
    public static func funding(legacyGrantID id: String) -> (funder: String, award: String)? {
        let full = id.contains("::") ? id : "10.13039/501100000780::" + id
        guard let separator = full.firstRange(of: "::") else { return nil }
        let doi = String(full[..<separator.lowerBound])
        let number = String(full[separator.upperBound...])
        guard !doi.isEmpty, !number.isEmpty else { return nil }
        let funder = rorByDOI[doi] ?? doi
        return (funder, funder + "::" + number)
    }
}
