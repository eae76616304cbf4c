import Foundation
import TerminalKit
import ZenodoKit
import ZenodoTUI

/// Key presses as the terminal decodes them, through `update` from a list of depositions, with the
/// server's answers to the effects that ask for them given at once, and every frame drawn: no key
/// sequence, resize or answer may crash the interface or draw outside the window.
enum KeyTarget {
    static let specials: [Key] = [
        .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .backspace, .delete, .tab,
        .backTab,
        .function(1), .function(10),
    ]
    static let wide: [String] = ["é", "李", "😀", "\u{202E}", "\u{301}", "\u{200B}", "\u{FFFD}", "\u{1B}"]
    static let sizes = [
        Size(width: 1, height: 1), Size(width: 20, height: 5), Size(width: 80, height: 24),
        Size(width: 200, height: 60),
    ]

    static func keys(_ data: Data) {
        var state = AppState(size: Size(width: 80, height: 24), serverName: "zenodo.org", badge: .zenodo)
        state.today = Date(timeIntervalSince1970: 1_790_000_000)
        state.list.items = fixtures
        state.list.loaded = true
        for byte in data.prefix(400) {
            let message: Message
            switch byte {
            case 0x00..<0x80:
                guard let key = Key(wideCharacter: UInt32(byte)) else { continue }
                message = .keyPressed(key)
            case 0x80..<0x90: message = .keyPressed(specials[Int(byte - 0x80)])
            case 0x90..<0x98: message = .keyPressed(.character(Character(wide[Int(byte - 0x90)])))
            case 0x98..<0x9C: message = .resized(sizes[Int(byte - 0x98)])
            case 0x9C..<0xA0: message = .ticked
            default: message = .keyPressed(.control(Character(Unicode.Scalar(UInt8(0x61 + Int(byte) % 26)))))
            }
            step(&state, message)
            if state.quitting { break }
        }
    }

    /// One message, then the answers the effects ask for (a bounded number of rounds).
    static func step(_ state: inout AppState, _ message: Message) {
        var pending = [message]
        var rounds = 0
        while let next = pending.first, rounds < 8 {
            pending.removeFirst()
            rounds += 1
            for effect in update(&state, next) { pending += answers(effect) }
            let screen = render(state)
            if screen.size != state.size {
                fatalError("fuzz property broken: drawn at \(screen.size) for \(state.size)")
            }
        }
    }

    static func answers(_ effect: Effect) -> [Message] {
        switch effect {
        case .loadDeposition(let id): return fixtures.first { $0.id == id }.map { [.depositionLoaded($0)] } ?? []
        case .listDirectory(let path):
            return [
                .directoryListed(
                    path,
                    [
                        .init(name: "data", isDirectory: true, size: 0),
                        .init(name: "a.csv", isDirectory: false, size: 1200),
                        .init(name: "\u{1B}[31mred", isDirectory: false, size: 1),
                    ])
            ]
        case .loadLicenses: return [.licensesLoaded([])]
        default: return []
        }
    }

    static let fixtures: [Deposition] = [
        deposition(
            id: 1003, title: "Alpine glacier mass balance, 2000–2024", state: "done",
            files: ["README.txt", "mass_balance.csv"]),
        deposition(
            id: 1019, title: "Deep-sea sediment cores (draft) \u{202E}evil", state: "unsubmitted", files: ["cores.csv"]),
    ]

    static func deposition(id: Int, title: String, state: String, files: [String]) -> Deposition {
        let json: JSONValue = [
            "id": .int(id), "conceptrecid": .string(String(id - 1)), "title": .string(title), "state": .string(state),
            "submitted": .bool(state != "unsubmitted"), "created": "2026-01-01T00:00:00+00:00",
            "modified": "2026-03-02T10:15:42+00:00",
            "metadata": [
                "title": .string(title), "upload_type": "dataset", "publication_date": "2026-03-02",
                "access_right": "open",
                "license": "cc-by-4.0", "creators": [["name": "Müller, Anna", "affiliation": "ETH Zürich"]],
                "description": "<p>Annual <b>mass balance</b> of 42 glaciers.</p>",
            ],
            "files": .array(
                files.enumerated().map { n, name in
                    [
                        "id": .string("f\(n)"), "filename": .string(name), "filesize": .int(100 * (n + 1)),
                        "checksum": "9e107d9d372bb6826bd81d3542a419d6",
                    ]
                }),
            "links": ["html": .string("https://zenodo.org/deposit/\(id)"), "bucket": "https://zenodo.org/api/files/b"],
        ]
        return try! Deposition(json: json)
    }
}
