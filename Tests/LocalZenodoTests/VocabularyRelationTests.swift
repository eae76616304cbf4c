import Foundation
import LocalZenodo
import Testing

/// An id a vocabulary lacks is refused when the draft is saved, with InvenioRDM's own words
/// ("Invalid value 01cwqze88::2P41EB019936.", as a Zenodo user got it for an unknown grant:
/// nipy/heudiconv#766), whichever API sent it; known ids save (issue 33, fidelity N11).
@Suite struct VocabularyRelationTests {
    static let rdmAccept = [("Accept", "application/vnd.inveniordm.v1+json")]

    @Test func legacyGrantsAreCheckedAgainstTheAwards() async throws {
        try await TestServer.with { server in
            let id = try await server.create(["title": "Grants"])["id"].int!
            func put(_ grants: [[String: Any]]) async throws -> Reply {
                try await HTTP.send(
                    .PUT, "\(server.depositions)/\(id)",
                    json: Body(["metadata": ["title": "Grants", "grants": grants]]))
            }
            // The three spellings Zenodo accepts for a seeded FP7 award: bare number, funder DOI, ROR.
            for spelling in ["283595", "10.13039/501100000780::283595", "00k4n6c32::283595"] {
                let known = try await put([["id": spelling]])
                #expect(known.status == 200, "\(spelling): \(known.text)")
            }
            let read = try await HTTP.get("\(server.depositions)/\(id)").json
            #expect(read["metadata"]["grants"][0]["id"].string == "10.13039/501100000780::283595")
            let unknownAward = try await put([["id": "10.13039/501100000780::999999"]])
            #expect(unknownAward.status == 400)
            #expect(unknownAward.json["message"].string == "Invalid value 00k4n6c32::999999.")
            #expect(!unknownAward.json["errors"].exists, "no field is named")
            // A funder DOI without a ROR of its own stays a DOI, and the funder is checked first.
            let unknownFunder = try await put([["id": "10.13039/100000015::1912266"]])
            #expect(unknownFunder.json["message"].string == "Invalid value 10.13039/100000015.")
            // Nothing was saved by the refused requests.
            let after = try await HTTP.get("\(server.depositions)/\(id)").json
            #expect(after["metadata"]["grants"][0]["id"].string == "10.13039/501100000780::283595")
            // Create checks the same way.
            let created = try await HTTP.send(
                .POST, server.depositions, json: Body(["metadata": ["grants": [["id": "00k4n6c32::1"]]]]))
            #expect(created.status == 400 && created.json["message"].string == "Invalid value 00k4n6c32::1.")
        }
    }

    @Test func nativeRelationsAreCheckedInTheRecordsOrder() async throws {
        try await TestServer.with { server in
            let made = try await HTTP.send(
                .POST, "\(server.api)/records", headers: Self.rdmAccept, json: Body(["metadata": ["title": "Native"]]))
            let id = try #require(made.json["id"].string)
            func put(_ metadata: [String: Any]) async throws -> Reply {
                try await HTTP.send(
                    .PUT, "\(server.api)/records/\(id)/draft", headers: Self.rdmAccept,
                    json: Body(["metadata": metadata]))
            }
            let person: [String: Any] = ["person_or_org": ["type": "personal", "family_name": "Doe"]]
            var cern = person
            cern["affiliations"] = [["id": "01ggx4157"]]
            var nowhere = person
            nowhere["affiliations"] = [["id": "000000000"]]
            let good: [String: Any] = [
                "title": "Native", "creators": [cern],
                "funding": [["funder": ["id": "00k4n6c32"], "award": ["id": "00k4n6c32::777523"]]],
                "subjects": [["id": "310607"], ["subject": "free text is no relation"]],
            ]
            let saved = try await put(good)
            #expect(saved.status == 200, "\(saved.text)")
            var bad = good
            bad["subjects"] = [["id": "euroscivoc:123"]]
            #expect(try await put(bad).json["message"].string == "Invalid value euroscivoc:123.")
            bad["funding"] = [["funder": ["id": "00k4n6c32"], "award": ["id": "00k4n6c32::1"]]]
            #expect(
                try await put(bad).json["message"].string == "Invalid value 00k4n6c32::1.", "awards before subjects")
            bad["creators"] = [nowhere]
            #expect(try await put(bad).json["message"].string == "Invalid value 000000000.", "affiliations first")
            // A custom award (no id) and a funder alone are no award relation.
            var custom = good
            custom["funding"] = [
                ["funder": ["id": "029chgv08"], "award": ["title": ["en": "Cores"], "number": "WT-1"]],
                ["funder": ["id": "021nxhr62"]],
            ]
            #expect(try await put(custom).status == 200)
        }
    }

    @Test func subjectsAreTheInstancesOwn() async throws {
        // InvenioRDM ships no subjects: an instance without them finds none and refuses every id.
        try await TestServer.with({ $0.subjects = [] }) { server in
            let none = try await HTTP.get("\(server.api)/subjects?q=bacteriology", token: nil).json
            #expect(none["hits"]["total"].int == 0)
        }
        try await TestServer.with { server in
            let found = try await HTTP.get("\(server.api)/subjects?q=bacteriology", token: nil).json
            #expect(found["hits"]["hits"][0]["id"].string == "310701")
            #expect(found["hits"]["hits"][0]["scheme"].string == "ANZSRC")
            #expect(found["hits"]["hits"][0]["subject"].string == "Bacteriology")
        }
    }
}
