import Foundation
import Testing

/// The core stays a core (issue 29, item 4): ZenodoKit, which every front end links, imports no
/// TLS stack of its own, no certificate parser and no YAML reader; `doctor` (ZenodoDoctor) and
/// the metadata files (MetadataFiles) carry those edges.
@Suite struct CoreDependencyTests {
    @Test func zenodoKitImportsNoneOfTheEdgesModules() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let core = root.appendingPathComponent("Sources/ZenodoKit")
        let forbidden = ["NIOSSL", "NIOTLS", "NIOPosix", "X509", "Yams"]
        let files = try #require(
            FileManager.default.enumerator(at: core, includingPropertiesForKeys: nil)?.allObjects as? [URL]
        )
        .filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for module in forbidden where text.contains("import \(module)\n") {
                Issue.record("\(file.lastPathComponent) imports \(module)")
            }
        }
    }

    /// The command line's subcommands need nothing of the interface: only the command that opens
    /// it (`browse`, `demo`) imports ZenodoTUI.
    @Test func onlyTheInterfacesCommandImportsTheInterface() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let cli = root.appendingPathComponent("Sources/zenodo-tui")
        let files = try #require(
            FileManager.default.enumerator(at: cli, includingPropertiesForKeys: nil)?.allObjects as? [URL]
        )
        .filter { $0.pathExtension == "swift" }
        let importing = try files.filter { try String(contentsOf: $0, encoding: .utf8).contains("import ZenodoTUI\n") }
            .map(\.lastPathComponent)
        #expect(importing == ["BrowseCommand.swift"])
    }
}
