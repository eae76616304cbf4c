import Foundation
import Testing

/// The modules of the shipped binary import FoundationEssentials, never full Foundation: any use of
/// it links CoreFoundation and ICU, 36 MiB of a 90 MiB binary (issue 34). Only the fuzz driver,
/// which is not shipped, may.
@Suite struct ShippedImportsTests {
    static let notShipped: Set<String> = ["FuzzTargets", "zenodo-fuzz"]

    @Test func noShippedSourceImportsFullFoundation() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter {
            !Self.notShipped.contains($0)
        }
        var checked = 0
        var offenders: [String] = []
        for module in modules {
            let root = sources.appendingPathComponent(module)
            for relative in try FileManager.default.subpathsOfDirectory(atPath: root.path)
            where relative.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
                checked += 1
                for line in text.split(separator: "\n") {
                    // `import X`, `@preconcurrency import X`, `import class X.Y`: the module is the last word's first part.
                    let words = line.split(separator: " ")
                    guard words.contains("import"), let last = words.last,
                        let imported = last.split(separator: ".").first
                    else { continue }
                    if ["Foundation", "FoundationNetworking", "FoundationXML", "Yams"].contains(String(imported)) {
                        offenders.append("\(module)/\(relative): \(line)")
                    }
                }
            }
        }
        #expect(checked > 300, "the sources were found (\(checked) files)")
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }
}
