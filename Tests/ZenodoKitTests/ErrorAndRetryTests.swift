import Foundation
import TestSupport
import Testing
import ZenodoKit

/// Error kinds and messages, retries against LocalZenodo's faults, and POST actions never retried.
@Suite struct ErrorAndRetryTests {
    @Test func eachErrorKindSaysWhatHappened() async throws {
        try await Harness.with(token: "not-a-valid-token") { h in
            let auth = await #expect(throws: ZenodoError.self) { _ = try await h.client.allDepositions() }
            #expect(auth?.kind == .auth)
            #expect(auth?.status == 403, "Zenodo treats a token that does not verify as anonymous")
            #expect(
                auth?.message.hasPrefix(
                    "Permission denied by \(h.profile.displayName) (403): Permission denied. The token (ZENODO_TOKEN) may be invalid, expired or revoked"
                ) == true)
            #expect(auth?.message.contains("deposit:write and deposit:actions") == true)
            #expect(auth?.description.contains("not-a-valid-token") == false)
        }
        try await Harness.with { h in
            let missing = await #expect(throws: ZenodoError.self) { _ = try await h.client.deposition(424242) }
            #expect(missing?.kind == .notFound)
            let draft = try await h.client.createDeposition()
            let invalid = await #expect(throws: ZenodoError.self) { _ = try await h.client.publish(draft.id) }
            #expect(invalid?.kind == .validation)
            // Metadata first; the missing files are said once it is valid (`DraftFilesComponent.publish`).
            #expect(Set(invalid?.fieldErrors.map(\.field) ?? []) == ["upload_type", "title", "creators"])
            try await h.inject(#"{"path":"/api/deposit/depositions/*","action":"status","status":502,"times":9}"#)
            let gateway = await #expect(throws: ZenodoError.self) { _ = try await h.client.deposition(draft.id) }
            #expect(gateway?.kind == .server)
            #expect(gateway?.message.contains("502 Bad Gateway") == true, "HTML is summarised")
            #expect(gateway?.message.contains("<") == false)
        }
    }

    @Test func aClosedPortIsANetworkError() async throws {
        let transport = HTTPTransport(environment: [:], forHost: "127.0.0.1", connectTimeout: 0.3)
        let client = ZenodoClient(
            profile: try ServerProfile(parsing: "http://127.0.0.1:9/api"), credentials: nil, transport: transport,
            retry: .never)
        let error = await #expect(throws: ZenodoError.self) { _ = try await client.allDepositions() }
        #expect(error?.kind == .network)
        await transport.shutdown()
    }

    @Test func tooManyRequestsWaitsForRetryAfterInSeconds() async throws {
        try await Harness.with { h in
            try await h.inject(
                #"{"method":"GET","path":"/api/deposit/depositions","action":"status","status":429,"retry_after":7}"#)
            #expect(try await h.client.allDepositions().isEmpty)
            #expect(h.sleeps.all == [7])
        }
    }

    @Test func tooManyRequestsWaitsForRetryAfterAsADate() async throws {
        try await Harness.with { h in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            // The client's clock (the harness's, standing still) makes the wait exact.
            let date = formatter.string(from: h.sleeps.now.addingTimeInterval(200))
            try await h.inject(
                #"{"method":"GET","path":"/api/deposit/depositions","action":"status","status":429,"retry_after_date":"\#(date)"}"#
            )
            _ = try await h.client.allDepositions()
            #expect(h.sleeps.all == [200], "waits until the date (not the 0.25 s backoff)")
        }
    }

    @Test func serviceUnavailableTwiceThenSuccessBacksOff() async throws {
        try await Harness.with { h in
            try await h.inject(
                #"{"method":"GET","path":"/api/deposit/depositions","action":"status","status":503,"times":2}"#)
            _ = try await h.client.allDepositions()
            #expect(h.sleeps.all == [0.25, 0.5], "exponential: half of 0.5 s, then half of 1 s (jitter 0)")
            #expect(h.requests(matching: "GET /api/deposit/depositions").count == 3)
        }
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        try await Harness.with { h in
            let draft = try await h.client.createDeposition()
            try await h.inject(#"{"method":"GET","path":"/api/deposit/depositions/*","action":"drop","after_bytes":0}"#)
            #expect(try await h.client.deposition(draft.id).id == draft.id)
            #expect(h.sleeps.all.count == 1)
        }
    }

    @Test func retriesAreBoundedInAttempts() async throws {
        try await Harness.with { h in
            try await h.inject(
                #"{"method":"GET","path":"/api/deposit/depositions","action":"status","status":503,"times":50}"#)
            let error = await #expect(throws: ZenodoError.self) { _ = try await h.client.allDepositions() }
            #expect(error?.kind == .server)
            #expect(h.requests(matching: "GET /api/deposit/depositions").count == 5)
        }
    }

    @Test func aPublishThatAnswers504ButHappenedIsReportedAsDoneAndNotRepeated() async throws {
        try await Harness.with { h in
            var metadata = DepositionMetadata()
            metadata.title = "Committed"
            metadata.uploadType = "dataset"
            metadata.creators = [Person(name: "Doe, Jane")]
            let draft = try await h.client.deposition(try await h.client.createDeposition(metadata: metadata).id)
            _ = try await h.client.upload(
                file: try TempFile.make(name: "a", content: Data("a".utf8)), bucketURL: draft.bucketURL!)
            try await h.inject(
                #"{"method":"POST","path":"*/actions/publish","action":"commit_then_status","status":504}"#)
            let result = try await h.client.publish(draft.id)
            #expect(result.state == .done)
            #expect(result.doi != nil)
            #expect(h.requests(matching: "/actions/publish").count == 1, "never published twice")
        }
    }

    @Test func aPublishThatFailedSaysTryingAgainIsSafe() async throws {
        try await Harness.with { h in
            let draft = try await h.client.createDeposition()
            try await h.inject(#"{"method":"POST","path":"*/actions/publish","action":"status","status":503}"#)
            let error = await #expect(throws: ZenodoError.self) { _ = try await h.client.publish(draft.id) }
            #expect(error?.message.contains("still unsubmitted") == true)
            #expect(h.requests(matching: "/actions/publish").count == 1)
            #expect(h.sleeps.all.isEmpty, "POST actions are not retried")
        }
    }

    @Test func theTokenOnlyTravelsInTheHeaderToTheConfiguredHost() async throws {
        try await Harness.with { h in
            let draft = try await h.client.deposition(try await h.client.createDeposition().id)
            _ = try await h.client.allDepositions()
            _ = try await h.client.upload(
                file: try TempFile.make(name: "x", content: Data("x".utf8)), bucketURL: draft.bucketURL!)
            let log = h.server.accessLog.all()
            #expect(!log.isEmpty)
            #expect(log.allSatisfy { $0.credential == "header" })
            #expect(log.allSatisfy { !$0.target.contains("access_token") && !$0.target.contains(Harness.token) })
            #expect(
                log.allSatisfy {
                    $0.userAgent?.hasPrefix("zenodo-tui/") == true && $0.userAgent?.contains("(+http") == true
                })

            let before = log.count
            let foreign = draft.bucketURL!.replacingOccurrences(of: "127.0.0.1", with: "127.0.0.2")
            let error = await #expect(throws: ZenodoError.self) {
                _ = try await h.client.upload(
                    file: try TempFile.make(name: "y", content: Data("y".utf8)), bucketURL: foreign)
            }
            #expect(error?.kind == .refused)
            #expect(error?.message.contains("127.0.0.2") == true)
            #expect(h.server.accessLog.all().count == before, "nothing was sent")
        }
    }
}
