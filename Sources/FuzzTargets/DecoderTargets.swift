import Foundation
import TerminalKit
import ZenodoKit
import ZenodoTUI

/// The decoders of the server's answers: JSON into depositions, records, files and errors, and
/// what the interface draws from them (a decoded deposition is shown in the list and its own view
/// at 80x24, so every string of it meets the sanitiser, the width code and the wrapper).
enum DecoderTargets {
    static func deposition(_ data: Data) {
        guard let json = try? JSONValue.decode(data.prefix(FuzzTarget.maxInput)) else { return }
        for candidate in [json] + (json.array ?? []) {
            guard let deposition = try? Deposition(json: candidate) else { continue }
            _ = deposition.summary()
            _ = deposition.doiToRegister(testDOIs: true)
            _ = PublishChecklist.check(deposition, today: Date(timeIntervalSince1970: 1_790_000_000))
            var state = AppState(size: Size(width: 80, height: 24), serverName: "zenodo.org", badge: .zenodo)
            state.list.items = [deposition]
            draw(state)
            state.details[deposition.id] = deposition
            state.screens.append(.deposition(deposition.id))
            draw(state)
        }
    }

    static func record(_ data: Data) {
        guard let json = try? JSONValue.decode(data.prefix(FuzzTarget.maxInput)) else { return }
        let hits = json["hits"]?["hits"]?.array ?? []
        for candidate in [json] + hits {
            guard let record = try? Record(json: candidate) else { continue }
            _ = (record.resourceType, record.license, record.accessRight)
            var state = AppState(size: Size(width: 80, height: 24), serverName: "zenodo.org", badge: .zenodo)
            state.records.results = [record]
            state.records.total = 1
            state.screens.append(.records)
            draw(state)
            state.screens.append(.record(RecordView(record: record, destination: "/tmp/\(record.id)")))
            draw(state)
        }
    }

    static func file(_ data: Data) {
        guard let json = try? JSONValue.decode(data.prefix(FuzzTarget.maxInput)) else { return }
        for candidate in [json] + (json.array ?? []) + (json["contents"]?.array ?? []) {
            if let file = try? DepositionFile(json: candidate) { localName(file.filename) }
            if let object = try? BucketObject(json: candidate) { localName(object.key) }
        }
    }

    /// An error answer of any status class, as JSON, as HTML or untyped: the message must be one
    /// line of printable text once sanitised (it goes into the status line). The first two bytes
    /// choose the status and the content type, so each input is decoded once (decoding it for
    /// all 27 pairs made this target 27 times slower than the others).
    static func error(_ data: Data) {
        let statuses = [400, 401, 403, 404, 413, 429, 500, 502, 503]
        let types: [String?] = ["application/json", "text/html; charset=utf-8", nil]
        let status = statuses[Int(data.first ?? 0) % statuses.count]
        let type = types[Int(data.dropFirst().first ?? 0) % types.count]
        let body = data.dropFirst(2).prefix(FuzzTarget.maxInput)
        let error = ZenodoError.from(
            status: status, contentType: type, body: Data(body), retryAfter: nil, server: "zenodo.org",
            tokenHint: "ZENODO_TOKEN")
        let line = TerminalText.sanitize(error.message)
        require(!line.unicodeScalars.contains { $0.value < 0x20 }, "a control character in an error line")
        _ = TerminalText.truncate(line, to: 78)
    }

    /// Where a downloaded key is written: one name inside the destination, never `.`/`..`/hidden,
    /// no separator or control character, within the 255 bytes a file system allows.
    static func localName(_ key: String) {
        let name = LocalName.forKey(key)
        require(
            !name.isEmpty && !name.hasPrefix(".") && !name.contains("/"),
            "key \(key.debugDescription) became \(name.debugDescription)")
        require(
            !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
            "a control character in \(name.debugDescription)")
        require(name.utf8.count <= 255 - 18, "\(name.utf8.count) bytes leave no room for the partial copy's suffix")
    }

    static func draw(_ state: AppState) {
        let screen = render(state)
        require(screen.size == state.size, "drawn at \(screen.size), asked for \(state.size)")
    }
}
