import Foundation
import LocalZenodo
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// A published deposition's use (issue 33): the native API's records carry `stats`
/// (`all_versions`, `this_version`), so `list --json` gives them there; the deposit API's listing
/// has none (null), and `show` reads them from the public record.
@Suite struct UseStatsCommandTests {
    @Test func listAndShowTellAPublishedDepositionsUse() async throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        try await Harness.with { h in
            let legacy = h.commandEnvironment(state: state)
            var native = legacy
            native["ZENODO_API"] = "rdm"
            let record = try await h.published(files: ["x.csv": "1\n"])
            let draft = try await h.client.createDeposition()
            func listed(_ env: [String: String]) async throws -> [Int: JSONValue] {
                let run = try await Binary.run(["list", "--json"], environment: env)
                #expect(run.status == 0, "\(run.stderr)")
                let items = try JSONValue.decode(Data(run.stdout.utf8)).array ?? []
                return Dictionary(items.compactMap { item in item["id"]?.int.map { ($0, item) } }) { a, _ in a }
            }
            let rdm = try await listed(native)
            #expect(rdm[record.id]?["stats"]?["downloads"]?.int == 0, "\(rdm[record.id] ?? .null)")
            #expect(rdm[draft.id]?["stats"] == .null, "a draft has no use")
            let deposit = try await listed(legacy)
            #expect(deposit[record.id]?["stats"] == .null, "the deposit API's listing has none")
            for env in [legacy, native] {
                let show = try await Binary.run(["show", String(record.id), "--json"], environment: env)
                #expect(try JSONValue.decode(Data(show.stdout.utf8))["stats"]?["views"]?.int == 0, "\(show.stdout)")
            }
        }
    }
}
