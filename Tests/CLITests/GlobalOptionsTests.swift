import Foundation
import TestScratch
import Testing

/// The command line's own seams (issue 29, item 4, in part): a bad global option is a usage error
/// (exit 2), said before anything runs; every flag's name reads as a word a user would type.
@Suite struct GlobalOptionsTests {
    static let environment = ["HOME": "/nonexistent", "ZENODO_SERVER": "http://127.0.0.1:9/api", "ZENODO_TOKEN": "t"]

    @Test(
        arguments: [
            (["list", "--retries", "99"], [:], "--retries (or ZENODO_RETRIES) is a number from 0 to 20, not '99'"),
            (
                ["list", "--timeout", "0"], [:],
                "--timeout (or ZENODO_TIMEOUT) is a number of seconds from 1 to 3600, not '0.0'"
            ),
            (["list", "--api", "graphql"], [:], "--api is legacy, rdm or auto, not 'graphql'"),
            (["list"], ["ZENODO_RETRIES": "many"], "not 'many'"),
            (["download", "1", "--timeout", "99999"], [:], "from 1 to 3600"),
        ] as [([String], [String: String], String)])
    func aBadGlobalOptionIsAUsageError(arguments: [String], variables: [String: String], said: String) async throws {
        let run = try await Binary.run(arguments, environment: Self.environment.merging(variables) { _, new in new })
        #expect(run.status == 2, "\(arguments) \(variables): \(run.status) \(run.stderr)")
        #expect(run.stderr.contains(said), "\(run.stderr)")
    }

    /// Every flag of every command and subcommand, from their help: no name ArgumentParser split
    /// badly from a Swift name (`testDOIs` gave `--test-do-is`): no one-letter word, no two short
    /// words in a row.
    @Test func everyFlagReadsAsWordsAUserWouldType() async throws {
        var commands: [[String]] = [[]]
        var flags: [String: [String]] = [:]
        var seen = 0
        while seen < commands.count {
            let command = commands[seen]
            seen += 1
            let help = try await Binary.run(["help"] + command, environment: Self.environment).stdout
            for flag in help.matches(of: /--([a-z][a-z0-9-]*)/).map({ String($0.1) }) {
                flags[flag, default: []].append(command.joined(separator: " "))
            }
            guard let section = help.range(of: "SUBCOMMANDS:") else { continue }
            for line in help[section.upperBound...].split(separator: "\n") {
                guard let name = line.firstMatch(of: /^  ([a-z][a-z-]*)/)?.1 else { continue }
                commands.append(command + [String(name)])
            }
        }
        #expect(commands.count > 20, "commands found: \(commands)")
        #expect(flags.keys.contains("test-dois") && flags.keys.contains("all-versions"))
        for (flag, where_) in flags.sorted(by: { $0.key < $1.key }) {
            let words = flag.split(separator: "-")
            let oneLetter = words.contains { $0.count == 1 }
            let shortRun = zip(words, words.dropFirst()).contains { $0.count <= 2 && $1.count <= 2 }
            #expect(!oneLetter && !shortRun, "--\(flag) (in \(Set(where_).sorted())) does not read as words")
        }
        print("flags checked: \(flags.count) over \(commands.count) commands")
        // The spelling earlier versions showed still works, out of the help.
        #expect(!flags.keys.contains("test-do-is"))
        let old = try await Binary.run(["list", "--test-do-is", "--retries", "x"], environment: Self.environment)
        #expect(old.status == 2 && !old.stderr.contains("Unknown option"), "\(old.stderr)")
    }
}
