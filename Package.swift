// swift-tools-version:6.1
import PackageDescription

/// The modules of the shipped binary see a member only through an import of its own module, so
/// that full Foundation's (and with it ICU's 30 MiB) cannot slip back in through a dependency.
let shipped: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "zenodo-tui",
    products: [
        .executable(name: "zenodo-tui", targets: ["zenodo-tui"]),
        .library(name: "LocalZenodo", targets: ["LocalZenodo"]),
        .library(name: "ZenodoKit", targets: ["ZenodoKit"]),
    ],
    dependencies: [
        // No traits: `FullFoundation` (its default) brings full Foundation's DateFormatter into the
        // form coders, and with it ICU; `ConfigurationSupport` is not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    ],
    targets: [
        /// Terminal-agnostic text and screen primitives; imports nothing.
        .target(name: "TerminalKit", swiftSettings: shipped),
        /// What full Foundation gave the program, on FoundationEssentials alone: file handles,
        /// trimming and percent-encoding, normalisation, error text, number text. Full Foundation
        /// pulls CoreFoundation and ICU's 30 MiB of locale data into the static binary (issue 34).
        .target(name: "EssentialsExtras", dependencies: ["CThreadName"], swiftSettings: shipped),
        /// `pthread_setname_np`, which Swift's Glibc module leaves out (it needs `_GNU_SOURCE`).
        .target(name: "CThreadName"),
        /// The shipped binary's glibc floor: the `__wrap_` functions the release link swaps in for
        /// symbols whose newest version needlessly raises it (scripts/build-release.sh).
        .target(name: "CGlibcFloor"),
        /// LibYAML, the C parser and emitter Yams wraps, copied from Yams 6.2.2 (LICENSE inside).
        .target(name: "CLibYAML", exclude: ["LICENSE"], cSettings: [.define("YAML_DECLARE_STATIC")]),
        /// YAML text to nodes and values and back, on CLibYAML and FoundationEssentials only: Yams
        /// needs full Foundation (NSRegularExpression, DateFormatter), and with it ICU (issue 34).
        .target(name: "YAMLText", dependencies: ["CLibYAML"], swiftSettings: shipped),
        /// Zenodo's own vocabulary data (licences), generated from data/zenodo/; data only, no rules.
        .target(name: "ZenodoVocabularies"),
        /// The commit a release was built from (a C define set by scripts/install.sh); data only.
        .target(name: "CBuildInfo"),
        /// glibc's malloc settings (malloc.h), which Swift's Glibc module does not export.
        .target(name: "CMemoryPolicy"),
        /// Whether a host is this machine, by its parsed address (ZenodoKit and LocalZenodo).
        .target(name: "LoopbackAddress"),
        /// `*` patterns over bytes (ZenodoKit's ignore patterns and LocalZenodo's fault rules).
        .target(name: "StarMatch"),
        /// The S3 ETag of an object sent in parts, as InvenioRDM reports it (ZenodoKit and LocalZenodo).
        .target(
            name: "MultipartETag",
            dependencies: ["EssentialsExtras", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: shipped),
        /// The system zlib, for the CRC-32 of ZIP members packed on the fly (issue 30).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        /// The system ncursesw library, with a shim for what Swift cannot import.
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        /// The only code that calls ncurses.
        .target(name: "CursesTerminal", dependencies: ["TerminalKit", "CNcurses"], swiftSettings: shipped),
        /// The ncurses front end's state, messages, effects, screens and loop (no curses calls).
        .target(
            name: "ZenodoTUI",
            dependencies: [
                "ZenodoKit", "MetadataFiles", "DepositionText", "TerminalKit", "TransferAgent", "EssentialsExtras",
            ], swiftSettings: shipped),
        /// A deposition as lines of text with their kinds, for the interface and `show` alike.
        .target(name: "DepositionText", dependencies: ["ZenodoKit", "TerminalKit"], swiftSettings: shipped),
        // The background upload agent: its process, its socket protocol, and the client front ends use.
        .target(name: "TransferAgent", dependencies: ["ZenodoKit", "EssentialsExtras"], swiftSettings: shipped),
        /// The core client every front end uses: models, transport, errors, retries, tokens.
        .target(
            name: "ZenodoKit",
            dependencies: [
                "EssentialsExtras",
                "ZenodoVocabularies",
                "LoopbackAddress",
                "MultipartETag",
                "StarMatch",
                "CBuildInfo",
                "CZlib",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ], swiftSettings: shipped),
        /// `zenodo-tui doctor`: DNS, TCP, TLS (its own handshake, to name the certificate), a
        /// public and an authenticated request, the rate limit, each timed. The edge that needs
        /// TLS and certificates, kept out of the core.
        .target(
            name: "ZenodoDoctor",
            dependencies: [
                "ZenodoKit",
                "EssentialsExtras",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
            ], swiftSettings: shipped),
        /// Metadata files read into a deposition's fields: `.zenodo.json` and `CITATION.cff` (the
        /// one YAML reader), kept out of the core.
        .target(
            name: "MetadataFiles",
            dependencies: ["ZenodoKit", "EssentialsExtras", "YAMLText"],
            swiftSettings: shipped),
        /// The Zenodo-compatible loopback server. Keeps its own wire types: it never imports ZenodoKit.
        .target(
            name: "LocalZenodo",
            dependencies: [
                "EssentialsExtras",
                "ZenodoVocabularies",
                "CZlib",
                "LoopbackAddress",
                "StarMatch",
                "MultipartETag",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], swiftSettings: shipped),
        .executableTarget(
            name: "zenodo-tui",
            dependencies: [
                "CGlibcFloor",
                "CMemoryPolicy",
                "EssentialsExtras",
                "LocalZenodo",
                "ZenodoKit",
                "TerminalKit",
                "ZenodoTUI",
                "TransferAgent",
                "ZenodoDoctor",
                "MetadataFiles",
                "DepositionText",
                "CursesTerminal",
                "YAMLText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], swiftSettings: shipped),
        /// Fuzz targets: arbitrary bytes into the decoders, readers, parsers and the interface.
        .target(
            name: "FuzzTargets",
            dependencies: ["ZenodoKit", "MetadataFiles", "LocalZenodo", "TerminalKit", "ZenodoTUI"]),
        /// libFuzzer's driver of FuzzTargets (scripts/fuzz.sh); a plain build replays files.
        .executableTarget(name: "zenodo-fuzz", dependencies: ["FuzzTargets"]),
        .testTarget(
            name: "LocalZenodoTests",
            dependencies: [
                "LocalZenodo",
                "ZenodoVocabularies",
                "TestScratch",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // Temporary directories of the tests, under one per test process that goes when it exits.
        .target(name: "TestScratch", path: "Tests/TestScratch"),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(name: "YAMLTextTests", dependencies: ["YAMLText", "TestScratch"]),
        .testTarget(name: "EssentialsExtrasTests", dependencies: ["EssentialsExtras", "CGlibcFloor"]),
        .testTarget(
            name: "FuzzTargetsTests", dependencies: ["FuzzTargets"], resources: [.copy("Findings"), .copy("Seeds")]),
        .testTarget(name: "TransferAgentTests", dependencies: ["TransferAgent", "ZenodoKit", "TestScratch"]),
        .testTarget(
            name: "ZenodoTUITests",
            dependencies: [
                "ZenodoTUI", "ZenodoKit", "DepositionText", "TerminalKit", "LocalZenodo", "TransferAgent",
                "TestScratch", "EssentialsExtras",
            ],
            resources: [.copy("Snapshots")]
        ),
        // What the ZenodoKit and command-line tests share: LocalZenodo with a client (Harness),
        // scratch files, a recorded clock.
        .target(
            name: "TestSupport",
            dependencies: [
                "ZenodoKit", "LocalZenodo", "TestScratch", .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/TestSupport"),
        // The real binary's commands (`upload`, `download`, `transfers`, `doctor`, …) against LocalZenodo.
        .testTarget(
            name: "CLITests",
            dependencies: ["TestSupport", "ZenodoKit", "LocalZenodo", "TransferAgent", "TestScratch", "MetadataFiles"]),
        .testTarget(
            name: "ZenodoKitTests",
            dependencies: [
                "TestSupport",
                "MetadataFiles",
                "ZenodoKit",
                "ZenodoVocabularies",
                "LocalZenodo",
                "MultipartETag",
                "TransferAgent",
                "TestScratch",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
