import ArgumentParser

/// `zenodo-tui`: publish research datasets on Zenodo from the terminal.
@main
struct ZenodoTUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zenodo-tui",
        abstract: "Publish research datasets on Zenodo from the terminal.",
        version: Version.current,
        subcommands: [ServeCommand.self]
    )
}

enum Version {
    static let current = "0.1.0"
}
