import FoundationEssentials

/// LocalZenodo's communities and requests: communities come from `serve --community` and the demo
/// at every start; requests are persisted beside the depositions (`requests.json`), so a restart
/// keeps reviews, inclusions and access requests as Zenodo's database does.
actor CommunityStore {
    private var communities: [StoredCommunity] = []
    private var requests: [String: StoredRequest] = [:]
    private var nextNumber = 1
    private let file: URL?

    init(_ seeds: [CommunitySeed], tokens: TokenTable, now: Date, directory: URL? = nil) {
        file = directory?.appendingPathComponent("requests.json")
        if let file, let data = try? Data(contentsOf: file),
            let saved = try? JSONDecoder().decode([StoredRequest].self, from: data)
        {
            for request in saved { requests[request.id] = request }
            nextNumber = (saved.map(\.number).max() ?? 0) + 1
        }
        for seed in seeds {
            var members: [Int: StoredCommunity.Role] = [:]
            for member in seed.members { members[TokenTable.userID(for: member.token)] = member.role }
            communities.append(
                StoredCommunity(
                    id: Self.uuid(for: seed.slug), slug: seed.slug, title: seed.title ?? seed.slug,
                    description: "", curationPolicy: "", submissionPolicy: seed.submissionPolicy,
                    reviewPolicy: seed.reviewPolicy, members: members, created: now))
        }
    }

    /// A stable UUID from the slug, the same across restarts.
    nonisolated static func uuid(for slug: String) -> String {
        var bytes = Array(slug.lowercased().utf8)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var words: [UInt8] = []
        for round in 0..<2 {
            bytes.append(UInt8(round))
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            withUnsafeBytes(of: hash.bigEndian) { words += $0 }
        }
        words[6] = (words[6] & 0x0F) | 0x40
        words[8] = (words[8] & 0x3F) | 0x80
        let t = (
            words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7], words[8], words[9],
            words[10], words[11], words[12], words[13], words[14], words[15]
        )
        return UUID(uuid: t).uuidString.lowercased()
    }

    func add(_ community: StoredCommunity) { communities.append(community) }

    /// By slug or UUID (`PIDSlugField.resolve` takes either).
    func community(_ slugOrID: String) -> StoredCommunity? {
        let key = slugOrID.lowercased()
        return communities.first { $0.slug == key || $0.id == key }
    }

    func all() -> [StoredCommunity] { communities }

    func request(_ id: String) -> StoredRequest? { requests[id] }

    func requests(about record: Int) -> [StoredRequest] {
        requests.values.filter { $0.topic == record }.sorted { $0.number < $1.number }
    }

    func requests(by user: Int) -> [StoredRequest] {
        requests.values.filter { $0.createdBy == user }.sorted { $0.number < $1.number }
    }

    func create(
        type: String, title: String, createdBy: Int, receiver: String, receiverUser: Int? = nil,
        payload: [String: String] = [:], topic: Int, now: Date
    ) -> StoredRequest {
        let request = StoredRequest(
            id: UUID().uuidString.lowercased(), number: nextNumber, type: type, status: .created, title: title,
            createdBy: createdBy, receiver: receiver, receiverUser: receiverUser, payload: payload, topic: topic,
            created: now, updated: now)
        nextNumber += 1
        requests[request.id] = request
        save()
        return request
    }

    /// Writes every request (a few hundred at most here); a failure to write is not the caller's.
    private func save() {
        guard let file else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let all = requests.values.sorted { $0.number < $1.number }
        if let data = try? encoder.encode(all) { try? DepositStore.writeWhole(data, to: file) }
    }

    @discardableResult
    func update(_ id: String, now: Date, _ change: (inout StoredRequest) -> Void) -> StoredRequest? {
        guard var request = requests[id] else { return nil }
        change(&request)
        request.updated = now
        request.revision += 1
        requests[id] = request
        save()
        return request
    }
}
