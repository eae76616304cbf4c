import FoundationEssentials
import ZenodoKit

/// What the agent needs to run a download batch for the user who asked: the server and the token
/// (carried over the private socket, held in memory only, never written or logged), the proxy
/// variables, and the batch's journal (already on disk: the agent reads it there and keeps it up
/// to date, so `download --resume` and the next interface find it either way).
public struct FetchHandover: Sendable {
    public var server: String
    public var api: String
    public var token: String?
    public var journalDirectory: String
    public var journalID: String
    /// How to fetch: the budget the front end would have fetched the batch with itself.
    public var budget: TransferBudget
    public var proxyEnvironment: [String: String]

    public init(
        profile: ServerProfile, credentials: Credentials?, environment: [String: String], journal: DownloadJournal,
        store: DownloadJournalStore, budget: TransferBudget = TransferBudget()
    ) {
        server = profile.kind == .custom ? profile.apiURL : profile.kind.rawValue
        api = profile.api.rawValue
        token = credentials?.token
        journalDirectory = store.directory.path
        journalID = journal.id
        self.budget = budget
        proxyEnvironment = environment.filter { Handover.proxyVariables.contains($0.key) }
    }

    var store: DownloadJournalStore { DownloadJournalStore(directory: URL(fileURLWithPath: journalDirectory)) }
    /// The user's server memory, as an upload's hand-over has it.
    var memory: ServerMemory { Handover.memory(besideJournals: journalDirectory) }

    var json: JSONValue {
        [
            "server": .string(server), "api": .string(api), "token": token.map(JSONValue.string) ?? .null,
            "journal_directory": .string(journalDirectory), "journal": .string(journalID),
            "budget": .object(budget.wire),
            "proxy_environment": .object(proxyEnvironment.mapValues(JSONValue.string)),
            // Version 1's first download hand-overs: for an agent of that release still running.
            "parallel": .int(budget.parallel), "retry": TransferBudget.retryJSON(budget.retry),
        ]
    }

    init(json: JSONValue) throws {
        guard let server = json["server"]?.string, let directory = json["journal_directory"]?.string,
            let id = json["journal"]?.string,
            id.allSatisfy({ $0.isHexDigit || $0 == "-" }), !id.isEmpty
        else { throw AgentError("an incomplete download hand-over") }
        self.server = server
        api = json["api"]?.string ?? ServerProfile.API.legacy.rawValue
        token = json["token"]?.string
        journalDirectory = directory
        journalID = id
        budget = TransferBudget(wire: json["budget"] ?? json)
        proxyEnvironment = (json["proxy_environment"]?.object ?? [:]).compactMapValues(\.string)
    }
}
