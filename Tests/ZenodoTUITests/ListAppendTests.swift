import Foundation
import Testing
import ZenodoKit

@testable import ZenodoTUI

/// The list takes pages by merging them in (issue 26: a server that kept sending full pages made
/// the interface sort the whole list again on every page and stop answering keys and signals):
/// the rows are the same as a full sort, for every sort and with a filter.
@Suite struct ListAppendTests {
    static func page(_ ids: Range<Int>, seed: Int) -> [Deposition] {
        ids.map { id in
            let day = (id * 7 + seed) % 28 + 1
            return Fixtures.deposition(
                id: id, title: ["Glacier", "river", "Sediment", "heat"][(id + seed) % 4] + " \(id % 13)",
                state: ["unsubmitted", "inprogress", "done"][id % 3],
                modified: String(format: "2026-03-%02dT10:00:00+00:00", day))
        }
    }

    @Test(arguments: ListState.Sort.allCases)
    func mergingPagesGivesTheSameRowsAsSortingEverything(_ sort: ListState.Sort) {
        for filter in ["", "glacier", "1"] {
            var merged = ListState()
            merged.sort = sort
            merged.filter = filter
            var everything: [Deposition] = []
            for (n, start) in stride(from: 1, to: 1000, by: 100).enumerated() {
                let page = Self.page(start..<(start + 100), seed: n)
                merged.append(page)
                everything += page
            }
            var sorted = ListState()
            sorted.sort = sort
            sorted.filter = filter
            sorted.items = everything
            #expect(merged.visible.map(\.id) == sorted.visible.map(\.id), "\(sort) \(filter)")
            #expect(merged.items.count == 1000)
        }
    }
}
