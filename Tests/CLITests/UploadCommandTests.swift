import Foundation
import TestScratch
import TestSupport
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// The real `upload`, `sync` and `download` commands against LocalZenodo.
@Suite struct UploadCommandTests {
    /// Successful PUTs per key, from LocalZenodo's access log.
    static func stored(_ h: Harness) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in h.server.accessLog.all() where entry.method == "PUT" && entry.status == 201 {
            counts[String(entry.target.split(separator: "/").last ?? ""), default: 0] += 1
        }
        return counts
    }

    @Test func killedMidBatchThenResumedVerifiesEverythingAndSendsNothingTwice() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let data = try TempFile.directory()
            try TempFile.makeFiles(["f1.bin", "f2.bin", "f3.bin", "f4.bin"], size: 200_000, in: data)
            let draft = try await h.client.createDeposition()
            try await h.inject(#"{"method":"PUT","path":"/api/files/*/f3.bin","action":"stall","seconds":100}"#)

            let process = Process()
            process.executableURL = Binary.url
            process.arguments = ["upload", String(draft.id), data.path, "--parallel", "1"]
            process.environment = h.commandEnvironment(state: state)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()

            // Wait (with a deadline) until f1 and f2 are verified and f3 is on its way, then SIGKILL.
            // f3 is held until the faults are cleared (or 100 s), so however slow the machine the
            // batch is caught there, never after it.
            let journals = JournalStore(directory: state.appendingPathComponent("zenodo-tui/uploads"))
            let deadline = Date().addingTimeInterval(90)
            var midway = false
            while Date() < deadline, !midway {
                if let journal = journals.unfinished(server: h.server.apiURL).first {
                    let states = Dictionary(uniqueKeysWithValues: journal.entries.map { ($0.file.key, $0.state) })
                    midway =
                        states["f1.bin"] == .verified && states["f2.bin"] == .verified && states["f3.bin"] == .uploading
                }
                if !midway { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(midway, "the batch reached f3")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            h.server.faults.clear()

            let resumed = try await Binary.run(["upload", "--resume"], environment: h.commandEnvironment(state: state))
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stdout.contains("skipped   f1.bin  (verified in an earlier run)"))
            let files = try await h.client.files(of: draft.id)
            #expect(Set(files.map(\.filename)) == ["f1.bin", "f2.bin", "f3.bin", "f4.bin"])
            let counts = Self.stored(h)
            #expect(counts["f1.bin"] == 1 && counts["f2.bin"] == 1, "verified files were not sent again: \(counts)")
            #expect(counts["f4.bin"] == 1)
            #expect(journals.unfinished(server: h.server.apiURL).isEmpty, "a finished batch leaves no journal")
        }
    }

    @Test func interruptedBySIGHUPTheBatchIsJournalledAndTheExitCodeSaysSo() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let data = try TempFile.directory()
            try TempFile.makeFiles(["a.bin", "b.bin"], size: 100_000, in: data)
            let draft = try await h.client.createDeposition()
            // Held until the faults are cleared (100 s at most): however slow the machine, the signal
            // comes while a file is on its way, never before the command has started or after it ended.
            try await h.inject(#"{"method":"PUT","path":"/api/files/*","action":"stall","seconds":100,"times":5}"#)
            let process = Process()
            process.executableURL = Binary.url
            process.arguments = ["upload", String(draft.id), data.path]
            process.environment = h.commandEnvironment(state: state)
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            try process.run()
            let journals = JournalStore(directory: state.appendingPathComponent("zenodo-tui/uploads"))
            let deadline = Date().addingTimeInterval(90)
            while Date() < deadline,
                journals.unfinished(server: h.server.apiURL).first?.entries.contains(where: { $0.state == .uploading })
                    != true
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            kill(process.processIdentifier, SIGHUP)
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            h.server.faults.clear()
            #expect(process.terminationStatus == 128 + SIGHUP)
            #expect(message.contains("Resume with: zenodo-tui upload --resume"))
            let states = journals.unfinished(server: h.server.apiURL).first?.entries.map(\.state) ?? []
            #expect(!states.isEmpty && states.allSatisfy { $0 == .pending }, "\(states)")
        }
    }

    @Test func preflightRejectsEverythingUpFrontAndSendsNothing() async throws {
        try await Harness.with(configure: { $0.limits.maxFiles = 3 }) { h in
            let state = try TempFile.directory()
            let data = try TempFile.directory()
            try TempFile.makeFiles(["a.bin", "b.bin"], size: 10, in: data)
            FileManager.default.createFile(atPath: data.appendingPathComponent("empty.txt").path, contents: Data())
            let draft = try await h.client.createDeposition()
            let result = try await Binary.run(
                [
                    "upload", String(draft.id), data.path, "/missing/file.csv",
                    data.appendingPathComponent("a.bin").path,
                ],
                environment: h.commandEnvironment(state: state))
            #expect(result.status == 5)
            #expect(result.stderr.contains("Nothing was sent. 3 problems"))
            #expect(result.stderr.contains("/missing/file.csv: no such file or directory"))
            #expect(result.stderr.contains("empty"))
            #expect(result.stderr.contains("same name 'a.bin'"))
            #expect(h.requests(matching: "PUT").isEmpty)
        }
    }

    @Test func uploadJSONIsOneEventPerLine() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let data = try TempFile.directory()
            try TempFile.makeFiles(["x.bin"], size: 5000, in: data)
            let draft = try await h.client.createDeposition()
            let result = try await Binary.run(
                ["upload", String(draft.id), data.path, "--json"], environment: h.commandEnvironment(state: state))
            #expect(result.status == 0)
            let events = try result.stdout.split(separator: "\n").map { try JSONValue.decode(Data($0.utf8)) }
            #expect(events.first?["event"] == "batch_started" && events.first?["deposition"]?.int == draft.id)
            #expect(events.dropFirst().first?["event"] == "queued")
            #expect(events.contains { $0["event"] == "verified" && $0["key"] == "x.bin" })
            #expect(events.last?["event"] == "finished")
            #expect(events.last?["verified"] == 1)
        }
    }

    @Test func syncPlansThenUploadsNewAndChangedAndDeletesOnlyWhenAsked() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let data = try TempFile.directory()
            try Data("same".utf8).write(to: data.appendingPathComponent("same.txt"))
            try Data("new".utf8).write(to: data.appendingPathComponent("new.txt"))
            try Data("edited locally".utf8).write(to: data.appendingPathComponent("edit.txt"))
            let draft = try await h.client.deposition(try await h.client.createDeposition().id)
            for (name, content) in [("same.txt", "same"), ("edit.txt", "original"), ("gone.txt", "remote only")] {
                _ = try await h.client.upload(
                    file: try TempFile.make(name: name, content: Data(content.utf8)), bucketURL: draft.bucketURL!)
            }
            let env = h.commandEnvironment(state: state)
            let dry = try await Binary.run(["sync", data.path, String(draft.id), "--dry-run"], environment: env)
            #expect(dry.status == 0)
            #expect(dry.stdout.contains("Plan: 1 new, 1 changed, 1 identical, 1 only in the deposition"))
            let putsBefore = h.requests(matching: "PUT").count
            #expect(putsBefore == 3, "a dry run sends nothing")

            let sync = try await Binary.run(["sync", data.path, String(draft.id)], environment: env)
            #expect(sync.status == 0, "\(sync.stderr)")
            #expect(h.requests(matching: "PUT").count == 5)
            var names = Set(try await h.client.files(of: draft.id).map(\.filename))
            #expect(
                names == ["same.txt", "new.txt", "edit.txt", "gone.txt"], "remote-only files stay without --delete")

            let delete = try await Binary.run(["sync", data.path, String(draft.id), "--delete"], environment: env)
            #expect(delete.status == 0)
            names = Set(try await h.client.files(of: draft.id).map(\.filename))
            #expect(names == ["same.txt", "new.txt", "edit.txt"])
            #expect(h.requests(matching: "PUT").count == 5, "identical files are never sent again")
        }
    }

    @Test func downloadVerifiesAndSkipsWhatIsAlreadyThere() async throws {
        try await Harness.with { h in
            let record = try await h.published(files: ["one.csv": "1\n", "two.csv": "2\n"])
            let state = try TempFile.directory()
            let dest = try TempFile.directory()
            let env = h.commandEnvironment(state: state)
            let first = try await Binary.run(["download", String(record.id), "--dest", dest.path], environment: env)
            #expect(first.status == 0)
            #expect(try String(contentsOf: dest.appendingPathComponent("two.csv"), encoding: .utf8) == "2\n")
            try Data("corrupted".utf8).write(to: dest.appendingPathComponent("one.csv"))
            let second = try await Binary.run(["download", String(record.id), "--dest", dest.path], environment: env)
            #expect(second.stdout.contains("skipped   two.csv"))
            #expect(second.stdout.contains("verified  one.csv"))
            #expect(
                try String(contentsOf: dest.appendingPathComponent("one.csv"), encoding: .utf8) == "1\n",
                "a bad local copy is replaced")
        }
    }

    @Test func memoryStaysFlatWhileALargeSparseFileStreams() async throws {
        try await Harness.with { h in
            let state = try TempFile.directory()
            let data = try TempFile.directory()
            let small = data.appendingPathComponent("small.bin")
            let large = data.appendingPathComponent("large.bin")
            for (url, size) in [(small, 64 << 20), (large, 1 << 30)] {
                FileManager.default.createFile(atPath: url.path, contents: nil)
                let handle = try FileHandle(forWritingTo: url)
                try handle.truncate(atOffset: UInt64(size))
                try handle.close()
            }
            var peaks: [Int] = []
            for url in [small, large] {
                let draft = try await h.client.createDeposition()
                peaks.append(
                    try await PeakRSS.run(
                        ["upload", String(draft.id), url.path], environment: h.commandEnvironment(state: state)))
            }
            #expect(peaks[1] < 100 * 1024, "peak RSS \(peaks[1]) KiB for 1 GiB")
            // 960 MiB more to send may cost a busy machine's allocator some arenas (16 MiB seen on
            // top of 38 with the static binary and two CPU hogs), never a share of the file: a
            // leak of 3 % of it (29 MiB) would not fit in this margin.
            #expect(
                Double(peaks[1]) <= Double(peaks[0]) * 1.25 + 16384, "RSS \(peaks) KiB must not grow with the file")
        }
    }
}

/// Runs the binary and samples its peak RSS (`VmHWM`, monotonic) until it exits.
enum PeakRSS {
    static func run(_ arguments: [String], environment: [String: String]) async throws -> Int {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var peak = 0
        while process.isRunning {
            let status =
                (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let value = Int(line.split(separator: " ").dropFirst().first ?? "")
            {
                peak = max(peak, value)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return peak
    }
}
