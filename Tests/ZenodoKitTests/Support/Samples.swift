import Foundation
import ZenodoKit

/// Real responses captured from Zenodo (`data/zenodo/samples`, sources in the README there).
enum Sample {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/zenodo/samples")

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue.decode(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
