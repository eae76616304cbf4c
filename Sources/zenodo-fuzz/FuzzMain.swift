import Foundation
import FuzzTargets

// Built by scripts/fuzz.sh with `--sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING`: libFuzzer
// owns `main` and calls this for each input of the target named by ZENODO_FUZZ_TARGET. In a plain
// build it replays files instead: `zenodo-fuzz TARGET FILE|DIRECTORY...`.
#if FUZZING
    let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["ZENODO_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(
                Data(
                    "ZENODO_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n"
                        .utf8))
            exit(2)
        }
        return target
    }()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
        selected.run(data)
        return 0
    }

    // SwiftPM links an executable's entry point as `<module>_main` (so that tests can link it);
    // here that entry hands over to libFuzzer's driver, which then calls `fuzzOne`.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @_cdecl("zenodo_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { bytes, size in fuzzOne(bytes, size) }
    }
#else
    @main
    enum Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
                print(
                    "usage: zenodo-fuzz TARGET FILE|DIRECTORY...\ntargets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " "))"
                )
                exit(2)
            }
            var count = 0
            for path in arguments.dropFirst() {
                for file in FuzzCorpus.files(at: URL(fileURLWithPath: path)) {
                    target.run((try? Data(contentsOf: file)) ?? Data())
                    count += 1
                }
            }
            print("\(name): \(count) input(s) replayed, none crashed")
        }
    }
#endif
