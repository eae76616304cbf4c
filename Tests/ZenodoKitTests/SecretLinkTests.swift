import Foundation
import Testing
import ZenodoKit

/// A secret link's address as InvenioRDM's share dialog builds it (invenio-app-rdm
/// `LinksSearchItem.js`), for each permission, on a draft and on a record.
@Suite struct SecretLinkTests {
    static func link(_ permission: String) throws -> SecretLink {
        try SecretLink(json: [
            "id": "l1", "token": "TOKEN", "permission": .string(permission), "expires_at": "2027-01-31",
        ])
    }

    @Test func eachPermissionPointsWhereTheShareDialogPoints() throws {
        let origin = "https://zenodo.org"
        #expect(
            try Self.link("view").address(origin: origin, record: 7, isDraft: true) == "\(origin)/records/7?token=TOKEN"
        )
        #expect(
            try Self.link("preview").address(origin: origin, record: 7, isDraft: false)
                == "\(origin)/records/7?preview=1&token=TOKEN")
        #expect(
            try Self.link("edit").address(origin: origin, record: 7, isDraft: true) == "\(origin)/uploads/7?token=TOKEN"
        )
        #expect(
            try Self.link("edit").address(origin: origin, record: 7, isDraft: false)
                == "\(origin)/records/7?token=TOKEN")
        #expect(try Self.link("view").expires == "2027-01-31")
    }

    @Test func aLinkWithoutTokenIsRefused() {
        #expect(throws: DecodingFailure.self) { try SecretLink(json: ["id": "l1", "permission": "view"]) }
    }

    @Test func theSiteOriginLeavesOutTheStandardPort() throws {
        #expect(try ServerProfile(parsing: "https://zenodo.org/api").siteOrigin == "https://zenodo.org")
        #expect(try ServerProfile(parsing: "http://127.0.0.1:8766/api").siteOrigin == "http://127.0.0.1:8766")
    }
}
