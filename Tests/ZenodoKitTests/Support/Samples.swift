import Foundation
import TestScratch
import ZenodoKit

/// The captured samples (`Samples`), read as ZenodoKit reads JSON.
enum Sample {
    static func json(_ name: String) throws -> JSONValue { try JSONValue.decode(Samples.data(name)) }
}
