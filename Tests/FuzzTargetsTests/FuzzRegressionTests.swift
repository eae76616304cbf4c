import Foundation
import FuzzTargets
import Testing

/// Every input a fuzz run found (a crash, a hang, a broken property) is kept under
/// `Findings/<target>/` once fixed, and every seed under `Seeds/<target>/`; each goes through its
/// target again here, so a finding that comes back fails the suite (a crash ends the test process).
@Suite struct FuzzRegressionTests {
    static let base = Bundle.module.resourceURL!

    @Test(arguments: FuzzTarget.allCases)
    func keptInputsStillPass(_ target: FuzzTarget) {
        var count = 0
        for folder in ["Seeds", "Findings"] {
            for file in FuzzCorpus.files(
                at: Self.base.appendingPathComponent(folder).appendingPathComponent(target.rawValue))
            {
                target.run((try? Data(contentsOf: file)) ?? Data())
                count += 1
            }
        }
        #expect(count > 0, "no seed for \(target.rawValue)")
    }

    @Test func everyTargetTakesEmptyAndRandomInput() {
        var generator = SystemRandomNumberGenerator()
        for target in FuzzTarget.allCases {
            target.run(Data())
            for _ in 0..<20 {
                target.run(
                    Data(
                        (0..<Int.random(in: 1...300, using: &generator)).map { _ in
                            UInt8.random(in: 0...255, using: &generator)
                        }))
            }
        }
    }
}
