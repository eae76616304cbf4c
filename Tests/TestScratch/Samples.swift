import Foundation

/// Real responses captured from zenodo.org and sandbox.zenodo.org (`data/zenodo/samples/`, each
/// with its source in the README there): the one loader of every test target, which reads them
/// with its own JSON type.
public enum Samples {
    /// `data/zenodo/samples` of this checkout (Tests/TestScratch/Samples.swift → the package root).
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data/zenodo/samples")

    /// A sample's bytes; a missing one stops the test run with its path.
    public static func data(_ name: String) -> Data {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)) else {
            preconditionFailure("sample \(name) is missing from \(directory.path)")
        }
        return data
    }
}
