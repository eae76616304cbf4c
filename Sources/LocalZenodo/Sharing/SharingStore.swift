import FoundationEssentials

/// Every parent's links and grants, by concept id, persisted as one JSON file beside the
/// depositions (a restart keeps them, as Zenodo's database does).
actor SharingStore {
    private var parents: [Int: ParentSharing] = [:]
    private let file: URL?

    init(directory: URL?) {
        file = directory?.appendingPathComponent("sharing.json")
        if let file, let data = try? Data(contentsOf: file),
            let saved = try? JSONDecoder().decode([String: ParentSharing].self, from: data)
        {
            for (key, value) in saved { if let id = Int(key) { parents[id] = value } }
        }
    }

    func sharing(of concept: Int) -> ParentSharing { parents[concept] ?? ParentSharing() }

    /// Applies `change` to a parent's sharing and persists it.
    @discardableResult
    func update<T>(_ concept: Int, _ change: (inout ParentSharing) throws(APIError) -> T) throws -> T {
        var sharing = parents[concept] ?? ParentSharing()
        let result = try change(&sharing)
        parents[concept] = sharing
        try save()
        return result
    }

    private func save() throws {
        guard let file else { return }
        let keyed = Dictionary(uniqueKeysWithValues: parents.map { (String($0.key), $0.value) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try DepositStore.writeWhole(try encoder.encode(keyed), to: file)
    }
}
