import FoundationEssentials
import ZenodoKit

/// Everything the agent needs to run a batch for the user who started it: the server and the
/// token (carried over the private socket, held in memory only, never written or logged), how to
/// upload, and the batch with its journal.
public struct Handover: Sendable {
    /// `zenodo`, `sandbox` or an API URL (`ServerProfile(parsing:)`).
    public var server: String
    /// The API the batch speaks (`ServerProfile.API`).
    public var api: String
    public var token: String?
    public var journalDirectory: String
    /// How to send: the budget the front end would have sent the batch with itself.
    public var budget: TransferBudget
    /// Proxy variables of the user's environment (the agent's own may be another user session's).
    public var proxyEnvironment: [String: String]
    public var title: String
    public var batch: UploadBatch

    public init(
        profile: ServerProfile, credentials: Credentials?, journals: JournalStore, options: TransferBudget,
        environment: [String: String], title: String, batch: UploadBatch
    ) {
        server = profile.kind == .custom ? profile.apiURL : profile.kind.rawValue
        api = profile.api.rawValue
        token = credentials?.token
        journalDirectory = journals.directory.path
        budget = options
        proxyEnvironment = environment.filter { Self.proxyVariables.contains($0.key) }
        self.title = title
        self.batch = batch
    }

    static let proxyVariables: Set<String> = [
        "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY",
    ]

    var journals: JournalStore { JournalStore(directory: URL(fileURLWithPath: journalDirectory)) }
    /// The user's server memory, beside the journals (`…/zenodo-tui/servers.json`).
    var memory: ServerMemory { Self.memory(besideJournals: journalDirectory) }

    /// The server memory in the state directory that holds a journal directory.
    static func memory(besideJournals directory: String) -> ServerMemory {
        let state = URL(fileURLWithPath: directory).deletingLastPathComponent()
        return ServerMemory(directories: ConfigDirectories(config: state, state: state))
    }

    // MARK: wire

    var json: JSONValue {
        let fields: [String: JSONValue] = [
            "server": .string(server), "api": .string(api), "token": token.map(JSONValue.string) ?? .null,
            "journal_directory": .string(journalDirectory), "budget": .object(budget.wire),
            "proxy_environment": .object(proxyEnvironment.mapValues(JSONValue.string)),
            "title": .string(title),
            "deposition_id": .int(batch.depositionID), "bucket": .string(batch.bucketURL),
            "existing": .array(batch.existing.map(Self.fileJSON)),
            "journal": Self.journalJSON(batch.journal),
        ]
        // Version 1's first hand-overs carried the budget's fields at the top: so do these, for an
        // agent of that release still running.
        return .object(fields.merging(budget.wire, uniquingKeysWith: { own, _ in own }))
    }

    init(json: JSONValue) throws {
        guard let server = json["server"]?.string, let directory = json["journal_directory"]?.string,
            let deposition = json["deposition_id"]?.int, let bucket = json["bucket"]?.string,
            let journalValue = json["journal"]
        else { throw AgentError("an incomplete hand-over") }
        self.server = server
        api = json["api"]?.string ?? ServerProfile.API.legacy.rawValue
        token = json["token"]?.string
        journalDirectory = directory
        budget = TransferBudget(wire: json["budget"] ?? json)
        proxyEnvironment = (json["proxy_environment"]?.object ?? [:]).compactMapValues(\.string)
        title = json["title"]?.string ?? ""
        let existing = try (json["existing"]?.array ?? []).map { try DepositionFile(json: $0) }
        batch = UploadBatch(
            depositionID: deposition, bucketURL: bucket, existing: existing,
            journal: try Self.journal(from: journalValue))
    }

    static func fileJSON(_ file: DepositionFile) -> JSONValue {
        [
            "id": .string(file.id), "filename": .string(file.filename), "filesize": .int(Int(file.size)),
            "checksum": file.md5.map(JSONValue.string) ?? .null,
        ]
    }

    static func journalJSON(_ journal: UploadJournal) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(journal)).flatMap { try? JSONValue.decode($0) } ?? .null
    }

    static func journal(from value: JSONValue) throws -> UploadJournal {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(UploadJournal.self, from: value.encoded())
    }
}
