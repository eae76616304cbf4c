import Foundation
import TestSupport
import Testing
import ZenodoKit

/// One seam per backend (issue 29, item 1): the API is chosen once, when the client is made; its
/// capabilities are asked, never guessed from the data; no code outside the two backends branches
/// on the API.
@Suite struct DepositBackendTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theClientHoldsTheBackendItsProfileNames() throws {
        var profile = try ServerProfile(parsing: "http://127.0.0.1:9/api")
        let transport = HTTPTransport(environment: [:], forHost: profile.host)
        defer { Task { await transport.shutdown() } }
        let legacy = ZenodoClient(profile: profile, credentials: nil, transport: transport)
        profile.api = .rdm
        let native = ZenodoClient(profile: profile, credentials: nil, transport: transport)
        #expect(legacy.backend.capabilities == .legacy && native.backend.capabilities == .native)
        #expect(legacy.backend.capabilities.communitiesInMetadata && !native.backend.capabilities.communitiesInMetadata)
        #expect(!legacy.backend.capabilities.metadataOnlyRecords && native.backend.capabilities.metadataOnlyRecords)
        // The routes of 2026 (the quota increase, the fix window) exist only in the native API.
        #expect(!legacy.backend.capabilities.quotaRequests && native.backend.capabilities.quotaRequests)
        #expect(!legacy.backend.capabilities.fileModification && native.backend.capabilities.fileModification)
        #expect(ServerProfile.API.allCases.map { $0.backend.capabilities.api } == ServerProfile.API.allCases)
    }

    /// What the legacy API has not is refused in words by its backend, before anything is sent.
    @Test func theLegacyBackendRefusesWhatItsAPIHasNotBeforeSending() async throws {
        try await Harness.with { h in
            await #expect(throws: ZenodoError.self) { try await h.client.createDeposition(metadataOnly: true) }
            #expect(h.requests(matching: "/deposit/depositions").isEmpty, "nothing was created")
            let draft = try await h.client.createDeposition()
            do {
                _ = try await h.client.setFilesEnabled(draft.id, false)
                Issue.record("made metadata-only through the deposit API")
            } catch let error as ZenodoError {
                #expect(error.kind == .refused && error.message.contains("does not allow metadata-only records"))
            }
            // Giving files back to a draft that has them is nothing to do.
            #expect(try await h.client.setFilesEnabled(draft.id, true).id == draft.id)
        }
    }

    /// No branch on the API outside the backends, the place it is chosen, and what carries it
    /// (the server memory that settles `auto`, the hand-over's wire, the agent that reads it,
    /// and `doctor`, which says which one is spoken).
    @Test func nothingOutsideTheBackendsAsksWhichAPIIsSpoken() throws {
        let allowed = [
            "Sources/ZenodoKit/Backends/", "Sources/ZenodoKit/LegacyAPI/", "Sources/ZenodoKit/RDMAPI/",
            "Sources/ZenodoKit/Server/", "Sources/ZenodoKit/Client/ZenodoClient.swift", "Sources/LocalZenodo/",
            "Sources/TransferAgent/Handover.swift", "Sources/TransferAgent/FetchHandover.swift",
            "Sources/TransferAgent/AgentServer.swift", "Sources/ZenodoDoctor/",
        ]
        let sources = Self.root.appendingPathComponent("Sources")
        let files = try #require(
            FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.allObjects as? [URL]
        )
        .filter { $0.pathExtension == "swift" }
        #expect(files.count > 200)
        let asks = ["speaksRDM", "profile.api ==", "profile.api !=", ".api == .rdm", ".api == .legacy", "isNative("]
        var found: [String] = []
        for file in files {
            let path = String(file.path.dropFirst(Self.root.path.count + 1))
            guard !allowed.contains(where: { path.hasPrefix($0) }) else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for ask in asks where text.contains(ask) { found.append("\(path): \(ask)") }
            // The API itself (`profile.api`, not `profile.apiURL`) is read only to pick a backend.
            for line in text.split(separator: "\n") where line.contains(/profile\.api(?![A-Za-z])/) {
                if !line.contains("profile.api.backend") { found.append("\(path): \(line)") }
            }
        }
        #expect(found.isEmpty, "\(found)")
    }
}
