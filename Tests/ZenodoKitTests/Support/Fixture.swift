import Foundation
import ZenodoKit

/// The JSON fixtures of these tests (their bundle).
enum Fixture {
    static func data(_ name: String, _ ext: String = "json") -> Data {
        let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures")!
        return try! Data(contentsOf: url)
    }

    static func json(_ name: String) -> JSONValue { try! JSONValue.decode(data(name)) }
}
