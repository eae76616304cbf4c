import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

/// One journal format for both directions (issue 28, item 1): each journal says its kind beside
/// its format; a journal of the other direction put where this one's are is refused in words and
/// left alone; one view lists both.
@Suite struct TransferJournalTests {
    @Test func bothDirectionsWriteTheirKindAndOneViewListsThem() throws {
        let state = try TempFile.directory()
        defer { try? FileManager.default.removeItem(at: state) }
        let directories = ConfigDirectories(config: state, state: state)
        let journals = TransferJournals(directories: directories)
        let upload = UploadJournal(
            server: "https://zenodo.org/api", depositionID: 7, title: "up",
            files: [LocalFile(path: "/d/a", key: "a", size: 3, modified: Date())])
        try journals.uploads.save(upload)
        let download = DownloadJournal(
            server: "https://zenodo.org/api", reference: "8", destination: "/d",
            entries: [
                DownloadJournal.Entry(
                    key: "b", url: "https://zenodo.org/api/records/8/files/b/content", md5: nil, size: 4)
            ],
            recordID: 8, title: "down")
        try journals.downloads.save(download)
        for (url, kind) in [
            (journals.uploads.url(upload.id), "upload"),
            (journals.downloads.directory.appendingPathComponent("\(download.id).json"), "download"),
        ] {
            let written = try JSONValue.decode(Data(contentsOf: url))
            #expect(written["kind"]?.string == kind && written["format"]?.int == 1, "\(written)")
        }
        let all = journals.all()
        #expect(Set(all.map(\.kind)) == [.upload, .download])
        #expect(all.allSatisfy { $0.fileCount == 1 && $0.unverifiedCount == 1 && !$0.isFinished })

        // A download journal put among the uploads is not read as an upload.
        try FileManager.default.copyItem(
            at: journals.downloads.directory.appendingPathComponent("\(download.id).json"),
            to: journals.uploads.url(download.id))
        #expect {
            try journals.uploads.load(download.id)
        } throws: { error in
            (error as? ZenodoError)?.message.contains("is a download journal, not an upload journal") == true
        }
        #expect(FileManager.default.fileExists(atPath: journals.uploads.url(download.id).path), "left as it is")
    }
}
