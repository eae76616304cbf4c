import Foundation
import LocalZenodo
import TestSupport
import Testing

@testable import ZenodoKit

/// Zenodo allows anonymous callers 25 results a page on every record search, `/versions` included
/// (`ZenodoArgsSchema`; row B2 of zenodo-source-2026-12.md). Issue 27.
@Suite struct AnonymousPagingTests {
    @Test func everyVersionWithoutATokenComesPageByPageWithinTheGuestLimit() async throws {
        try await Harness.with { h in
            var latest = try await h.published(title: "Many versions")
            for _ in 2...27 {
                let next = try await h.client.newVersion(of: latest.id)
                latest = try await h.client.publish(next.id)
            }
            let anonymous = ZenodoClient(profile: h.profile, credentials: nil, transport: h.transport)
            // LocalZenodo refuses what Zenodo refuses.
            await #expect {
                _ = try await anonymous.send(
                    .GET, "\(h.server.apiURL)/records/\(latest.id)/versions?size=100", idempotent: true)
            } throws: { error in
                "\(error)".contains("Please use authenticated requests to increase the limit to 100.")
            }
            let versions = try await anonymous.recordVersions(latest.id)
            #expect(versions.count == 27, "every version, in two pages")
            #expect(Set(versions.map(\.id)).count == 27)
            let asked = h.requests(matching: "/versions?").filter { $0.hasPrefix("GET") && !$0.contains("size=100") }
            #expect(asked.count == 2 && asked.allSatisfy { $0.contains("size=25") }, "\(asked)")
            let withToken = try await h.client.recordVersions(latest.id)
            #expect(withToken.count == 27)
        }
    }
}
