import Foundation
import LocalZenodo
import Testing

/// The records API's export formats by `Accept` (issue 33), as invenio-rdm-records' serializers
/// lay them out: BibTeX's key, field alignment, wrapping at 50 characters and escaping; the
/// content types; a style that is not known.
@Suite struct ExportTests {
    func published(_ server: TestServer) async throws -> Int {
        var metadata = TestServer.completeMetadata
        metadata["title"] = "Snow & ice: 100% of the data_files from 12 sites over twenty-four years"
        metadata["upload_type"] = "software"
        metadata["creators"] = [["name": "Ødegård, Sigrid"]]
        metadata["publication_date"] = "2023-11-02"
        let draft = try await server.create(metadata)
        let id = draft["id"].int!
        _ = try await server.put(Data("x".utf8), key: "a.txt", bucket: draft["links"]["bucket"].string!)
        #expect(try await server.action(id, "publish").status == 202)
        return id
    }

    @Test func bibtexIsLaidOutAndEscapedAsTheSourceDoes() async throws {
        try await TestServer.with { server in
            let id = try await published(server)
            let reply = try await HTTP.send(
                .GET, "\(server.api)/records/\(id)", token: nil, headers: [("Accept", "application/x-bibtex")])
            #expect(reply.header("Content-Type") == "application/x-bibtex")
            let text = reply.text
            #expect(text.hasPrefix("@software{odegard_2023_\(id),\n"), "\(text)")
            // `textwrap.wrap(value, 50)` before escaping, then the source's indents (19, and 18 for the brace).
            #expect(
                text.contains("  title        = {Snow \\& ice: 100\\% of the data\\_files from 12 sites\n"), "\(text)")
            #expect(text.contains("\n                   over twenty-four years\n                  },\n"), "\(text)")
            #expect(text.contains("  month        = nov,\n  year         = 2023,\n"))
            #expect(text.contains("  url          = {https://doi.org/"))
            #expect(text.hasSuffix("}"))
        }
    }

    @Test func eachFormatHasItsTypeAndAnUnknownStyleIsRefused() async throws {
        try await TestServer.with { server in
            let id = try await published(server)
            let csl = try await HTTP.send(
                .GET, "\(server.api)/records/\(id)", token: nil,
                headers: [("Accept", "application/vnd.citationstyles.csl+json")])
            #expect(csl.header("Content-Type") == "application/vnd.citationstyles.csl+json")
            #expect(csl.json["type"].string == "software" && csl.json["issued"]["date-parts"].array.count == 1)
            let cite = try await HTTP.send(
                .GET, "\(server.api)/records/\(id)", token: nil, headers: [("Accept", "text/x-bibliography")])
            #expect(cite.text.hasPrefix("Ødegård, S. (2023) “Snow & ice"), "\(cite.text)")
            let nature = try await HTTP.send(
                .GET, "\(server.api)/records/\(id)?style=nature", token: nil,
                headers: [("Accept", "text/x-bibliography")])
            #expect(nature.status == 400 && nature.text.contains("Citation string style not found."))
            let plain = try await HTTP.get("\(server.api)/records/\(id)", token: nil)
            #expect(plain.json["metadata"]["title"].string != nil, "no Accept: Zenodo JSON as before")
        }
    }
}
