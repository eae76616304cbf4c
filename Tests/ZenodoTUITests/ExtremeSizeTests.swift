import Foundation
import TerminalKit
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// Every screen and overlay drawn at sizes nobody plans for (issue 14): 1x1, 2x2, 10x3, 20x5 and
/// 500x200, and resized between them many times. Nothing traps, no line is wider than the
/// window, and the state stays usable.
@Suite struct ExtremeSizeTests {
    static let sizes = [
        Size(width: 1, height: 1), Size(width: 2, height: 2), Size(width: 10, height: 3), Size(width: 20, height: 5),
        Size(width: 500, height: 200),
    ]

    /// One state per screen: the list, a deposition, the editor (with a chooser and a diff), help,
    /// the queue with an upload, the records search and a record.
    static func states(_ size: Size) throws -> [(String, AppState)] {
        var states: [(String, AppState)] = [
            ("list", SnapshotTests.base(size)), ("deposition", SnapshotTests.showing(1019, size)),
        ]
        states.append(("editor", SnapshotTests.editing(size)))
        var help = SnapshotTests.base(size)
        help.overlay = .help
        states.append(("help", help))
        var diff = SnapshotTests.editing(size)
        _ = EditorTests.keys(&diff, .character("s"))
        states.append(("diff", diff))
        var queue = SnapshotTests.base(size)
        queue.screens = [.list, .uploads]
        var upload = UploadState(
            id: 1, depositionID: 1019, title: "A title that is longer than any of these windows are wide")
        upload.active = [.init(key: "cores.nc", sent: 10, total: 100, rate: 5)]
        queue.uploads = [upload]
        states.append(("queue", queue))
        var records = SnapshotTests.base(size)
        records.screens = [.list, .records]
        records.records.results = try SnapshotTests.records()
        records.records.total = 2
        states.append(("records", records))
        var record = SnapshotTests.base(size)
        record.screens = [
            .list, .records, .record(RecordView(record: try SnapshotTests.records()[0], destination: "/data/1003")),
        ]
        states.append(("record", record))
        var folders = record
        folders.screens.append(
            .folders(FolderPickerState(recordID: 1003, directory: "/data/" + String(repeating: "deep/", count: 60))))
        folders.folders?.folders = ["raw", String(repeating: "長", count: 300)]
        folders.prompt = Prompt(.folderName, text: String(repeating: "n", count: 400))
        states.append(("folders", folders))
        // 10,000-character words from a server: a title, a creator, a description, a file key.
        let word = String(repeating: "W", count: 10_000)
        let long = Fixtures.deposition(id: 1050, title: word, files: [(word + ".csv", 1)], creators: [word])
        var hostile = SnapshotTests.base(size)
        hostile.list.items = [long] + hostile.list.items
        states.append(("10,000-character list", hostile))
        hostile.details[1050] = long
        hostile.details[1050]?.metadata.raw["description"] = .string("<p>" + word + " " + word + "</p>")
        hostile.screens = [.list, .deposition(1050)]
        states.append(("10,000-character deposition", hostile))
        return states
    }

    @Test(arguments: sizes)
    func everyScreenDrawsAtAnySize(_ size: Size) throws {
        for (name, state) in try Self.states(size) {
            let lines = render(state).text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count <= max(1, size.height), "\(name) at \(size.width)x\(size.height): \(lines.count) lines")
            #expect(
                lines.allSatisfy { TerminalText.width(String($0)) <= size.width },
                "\(name) at \(size.width)x\(size.height)")
        }
    }

    /// A resize storm: 200 sizes in a row, keys between them; the selection stays in range.
    @Test func aResizeStormLeavesAUsableState() throws {
        var state = SnapshotTests.base(Size(width: 80, height: 24))
        for step in 0..<200 {
            let size = Self.sizes[step % Self.sizes.count]
            _ = update(&state, .resized(size))
            _ = update(&state, .keyPressed(step % 3 == 0 ? .down : .character("G")))
            _ = render(state)
        }
        _ = update(&state, .resized(Size(width: 80, height: 24)))
        #expect(state.list.visible.indices.contains(state.list.selection))
        #expect(render(state).text.contains("zenodo-tui"))
    }
}
