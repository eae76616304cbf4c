import Foundation

/// Hand-written fixtures in Zenodo's real shapes (`Fixtures/*.json`, from the API reference).
enum Fixture {
    static func load(_ name: String) -> JSON {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { return .missing }
        return JSON(parse: data)
    }
}

/// Where `actual` differs in shape from `fixture`: a key missing, a value of another JSON type,
/// or (with `exactKeys`) a key the fixture does not have. Arrays compare their first elements.
func shapeProblems(_ actual: JSON, like fixture: JSON, path: String = "$", exactKeys: Bool = true) -> [String] {
    if fixture.kind != actual.kind {
        return ["\(path): expected \(fixture.kind), got \(actual.kind)"]
    }
    var problems: [String] = []
    switch fixture {
    case .object(let expected):
        for (key, value) in expected {
            problems += shapeProblems(actual[key], like: value, path: "\(path).\(key)", exactKeys: exactKeys)
        }
        if exactKeys {
            for extra in actual.keys.subtracting(expected.keys).sorted() {
                problems.append("\(path).\(extra): not in fixture")
            }
        }
    case .array(let expected):
        if let first = expected.first, let got = actual.array.first {
            problems += shapeProblems(got, like: first, path: "\(path)[0]", exactKeys: exactKeys)
        }
    default:
        break
    }
    return problems
}

/// Zenodo's timestamp form: explicit `+00:00`, microseconds unless exactly zero, no `Z`.
func isZenodoTimestamp(_ text: String?) -> Bool {
    guard let text else { return false }
    return text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$"#, options: .regularExpression) != nil
}
