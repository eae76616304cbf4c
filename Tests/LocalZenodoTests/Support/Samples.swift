import Foundation
import TestScratch

/// The captured samples (`Samples`), read with these tests' own loose `JSON`.
enum Sample {
    static func json(_ name: String) -> JSON { JSON(parse: Samples.data(name)) }
}
