import FoundationEssentials
import NIOCore

/// Plants the demo data set (`serve --seed-demo`, `zenodo-tui demo`): a dozen depositions in every
/// state Zenodo has (drafts, records with several versions, a record open for edit, an embargoed
/// and a restricted one, a pending new version), creators with non-ASCII names, and files of real
/// content from a few bytes to a few MiB.
struct DemoSeed {
    let store: DepositStore
    let owner: Int

    private static let day: TimeInterval = 86_400

    /// The demo's communities: one whose curators review every submission (its curator signs in
    /// with `demo-curator-token`), and one the demo user (`owner`, the first token) owns, which
    /// takes its records directly.
    static func communities(owner: String) -> [CommunitySeed] {
        var glaciology = CommunitySeed(slug: "alpine-glaciology")
        glaciology.title = "Alpine glaciology"
        glaciology.reviewPolicy = "closed"
        glaciology.members = [("demo-curator-token", .curator)]
        var glaciology2 = CommunitySeed(slug: "glaciology")
        glaciology2.title = "Glaciology"
        glaciology2.reviewPolicy = "open"
        glaciology2.members = [("demo-curator-token", .curator)]
        var lab = CommunitySeed(slug: "ice-lab")
        lab.title = "Ice lab, ETH Zürich"
        lab.reviewPolicy = "members"
        lab.members = [(owner, .owner)]
        return [glaciology, glaciology2, lab]
    }

    /// The demo's people: the user (`demo`), and the curator (`curator`, who made an e-mail
    /// address public, so a grant by e-mail finds them).
    static func users(owner: String) -> [UserSeed] {
        [
            UserSeed(token: owner, username: "demo"),
            UserSeed(token: "demo-curator-token", username: "curator", emailPublic: true),
        ]
    }

    func plant(now: Date) async throws {
        let glacier = try await record(
            DemoRecords.glacier(version: "1.0"), files: DemoFiles.glacier(years: 2000...2016), at: now - 400 * Self.day)
        let glacier2 = try await nextVersion(
            of: glacier, metadata: DemoRecords.glacier(version: "2.0"), files: DemoFiles.glacier(years: 2000...2020),
            at: now - 200 * Self.day)
        _ = try await nextVersion(
            of: glacier2, metadata: DemoRecords.glacier(version: "3.0"), files: DemoFiles.glacier(years: 2000...2024),
            at: now - 30 * Self.day)

        let river = try await record(
            DemoRecords.river(version: "v1"), files: DemoFiles.river(), at: now - 320 * Self.day)
        let river2 = try await nextVersion(
            of: river, metadata: DemoRecords.river(version: "v2"), files: DemoFiles.river(), at: now - 90 * Self.day)
        // A pending third version, not yet published.
        _ = try await store.createVersion(
            of: river2,
            record: try RDMRecord.fromLegacyInput(DemoRecords.river(version: nil), today: Timestamp.day(now)),
            now: now - 2 * Self.day)

        let heat = try await record(DemoRecords.urbanHeat, files: DemoFiles.urbanHeat(), at: now - 150 * Self.day)
        var edited = DemoRecords.urbanHeat
        edited["description"] = .string(
            (edited["description"]?.stringValue ?? "")
                + "<p><em>Correction pending: station 7 was relocated in May.</em></p>")
        let editedRecord = try RDMRecord.fromLegacyInput(edited, today: Timestamp.day(now))
        try await store.update(heat.id, now: now - 1 * Self.day) { $0.draft = editedRecord }

        _ = try await record(
            DemoRecords.cohort(embargo: Timestamp.day(now + 180 * Self.day)), files: DemoFiles.cohort(),
            at: now - 60 * Self.day)
        _ = try await record(DemoRecords.interviews, files: DemoFiles.interviews(), at: now - 45 * Self.day)
        _ = try await record(DemoRecords.scripts, files: DemoFiles.scripts(), at: now - 20 * Self.day)
        _ = try await record(DemoRecords.poster, files: DemoFiles.poster(), at: now - 10 * Self.day)

        _ = try await draft(DemoRecords.sediment, files: DemoFiles.sediment(), at: now - 3 * Self.day)
        _ = try await draft(DemoRecords.barePlankton, files: [], at: now - 1 * Self.day)
        _ = try await draft(.object(["publication_date": .string(Timestamp.day(now))]), files: [], at: now - 3600)
    }

    /// `count` small drafts with varied titles, a day apart, for benchmarks of long lists.
    func plantBulk(_ count: Int, now: Date) async throws {
        let words = [
            "Glacier", "River", "Sediment", "Plankton", "Survey", "Sensor", "Climate", "Genome", "Soil", "Ocean",
        ]
        for n in 0..<count {
            let title = "\(words[n % words.count]) dataset \(n + 1)"
            let metadata: JSONValue = [
                "title": .string(title), "upload_type": "dataset", "creators": [DemoRecords.muller],
            ]
            _ = try await draft(metadata, files: [], at: now - Double(n) * 3600)
        }
    }

    // MARK: building blocks

    private func draft(_ metadata: JSONValue, files: [DemoFiles.File], at date: Date) async throws -> StoredDeposition {
        let record = try RDMRecord.fromLegacyInput(metadata, today: Timestamp.day(date))
        let deposition = try await store.create(owner: owner, record: record, now: date)
        for file in files { try await add(file, to: deposition, at: date) }
        return await store.deposition(deposition.id) ?? deposition
    }

    private func record(_ metadata: JSONValue, files: [DemoFiles.File], at date: Date) async throws -> StoredDeposition
    {
        let made = try await draft(metadata, files: files, at: date)
        return try await publish(made, at: date + 600)
    }

    private func nextVersion(
        of previous: StoredDeposition, metadata: JSONValue, files: [DemoFiles.File], at date: Date
    ) async throws -> StoredDeposition {
        let record = try RDMRecord.fromLegacyInput(metadata, today: Timestamp.day(date))
        let version = try await store.createVersion(of: previous, record: record, now: date)
        for file in files { try await add(file, to: version, at: date) }
        return try await publish(version, at: date + 600)
    }

    /// Published, and in the communities its legacy field names (as if their curators accepted).
    private func publish(_ deposition: StoredDeposition, at date: Date) async throws -> StoredDeposition {
        try await store.update(deposition.id, now: date) { d in
            var record = d.draft
            let asked = record?["custom_fields"]?["legacy:communities"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if !asked.isEmpty, var custom = record?["custom_fields"]?.objectValue {
                custom["legacy:communities"] = nil
                record?["custom_fields"] = .object(custom)
            }
            d.published = record
            d.draft = nil
            d.publishedAt = date
            for slug in asked where !d.communities.contains(slug) { d.communities.append(slug) }
        }
    }

    private func add(_ file: DemoFiles.File, to deposition: StoredDeposition, at date: Date) async throws {
        let incoming = await store.incomingURL()
        let writer = try BlobWriter(url: incoming)
        try writer.write(.init(bytes: file.bytes))
        let md5 = try writer.finish()
        _ = try await store.commitUpload(
            bucket: deposition.bucketID, key: file.name, incoming: incoming, size: Int64(file.bytes.count), md5: md5,
            limits: Limits(), now: date)
    }
}
