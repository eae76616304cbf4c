import Foundation
import TestScratch
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// The look at start (`findTransfers`) runs while the user may already be starting transfers: a
/// batch this interface began meanwhile is shown by its own messages, never found a second time
/// (followed twice under two numbers) nor offered to resume while it runs.
@Suite struct FindTransfersTests {
    @Test func aBatchThisInterfaceBeganIsNeitherFoundAgainNorOfferedToResume() async throws {
        let home = try TestScratch.directory("find-transfers")
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = ["XDG_STATE_HOME": home.path, "XDG_CONFIG_HOME": home.path]
        let directories = ConfigDirectories(environment: environment)
        let server = "http://127.0.0.1:9/api"
        let uploads = JournalStore(directories: directories)
        let downloads = DownloadJournalStore(directories: directories)
        let local = LocalFile(path: home.appendingPathComponent("x.bin").path, key: "x.bin", size: 1, modified: Date())
        // Two interrupted batches of an earlier run, and two of this interface, journals saved.
        let earlierUpload = UploadJournal(server: server, depositionID: 1, files: [local])
        let ourUpload = UploadJournal(server: server, depositionID: 2, files: [local])
        let entry = DownloadJournal.Entry(key: "a", url: server + "/records/1/files/a/content", md5: nil, size: 1)
        let earlierDownload = DownloadJournal(
            server: server, reference: "record 1", destination: home.path, entries: [entry])
        let ourDownload = DownloadJournal(
            server: server, reference: "record 2", destination: home.path, entries: [entry])
        for journal in [earlierUpload, ourUpload] { try uploads.save(journal) }
        for journal in [earlierDownload, ourDownload] { try downloads.save(journal) }

        let runner = EffectRunner(client: nil, journals: uploads, inbox: Inbox(wake: {}), environment: environment)
        let profile = try ServerProfile(parsing: server)
        let transport = HTTPTransport(environment: [:], forHost: profile.host)
        let client = ZenodoClient(profile: profile, credentials: nil, transport: transport, sleep: { _ in })
        let before = runner.findTransfers(client)
        #expect(Set(before.resumableUploads.map(\.id)) == [earlierUpload.id, ourUpload.id])
        #expect(Set(before.resumableDownloads.map(\.id)) == [earlierDownload.id, ourDownload.id])

        // This interface runs two batches with those journals (their tasks wait to be stopped).
        let hold: @Sendable () async -> Void = { try? await Task.sleep(for: .seconds(60)) }
        runner.uploads.run(1, hold)
        runner.uploads.own(1, journalID: ourUpload.id)
        runner.downloads.run(2, hold)
        runner.downloads.own(2, journalID: ourDownload.id)
        let during = runner.findTransfers(client)
        #expect(during.resumableUploads.map(\.id) == [earlierUpload.id])
        #expect(during.resumableDownloads.map(\.id) == [earlierDownload.id])

        // Once they end, what they left is offered again.
        await runner.uploads.endHere()
        await runner.downloads.endHere()
        let after = runner.findTransfers(client)
        #expect(Set(after.resumableUploads.map(\.id)) == [earlierUpload.id, ourUpload.id])
        await transport.shutdown()
    }
}
