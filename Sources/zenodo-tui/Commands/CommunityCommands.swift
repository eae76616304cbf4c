import ArgumentParser
import FoundationEssentials
import ZenodoKit

/// `communities search|show|mine`, `submit`, `requests list|show|cancel|comment|accept|decline`:
/// communities and review requests from scripts (issue 32).
struct CommunitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communities", abstract: "Find communities: search, show one, or yours.",
        subcommands: [
            CommunitiesSearch.self, CommunitiesShow.self, CommunitiesMine.self, CommunitiesOf.self, CommunitiesAdd.self,
            CommunitiesRemove.self,
        ],
        defaultSubcommand: CommunitiesSearch.self)
}

enum CommunityText {
    static func json(_ c: Community) -> JSONValue {
        [
            "id": .string(c.id), "slug": .string(c.slug), "title": .string(c.title),
            "submission_policy": .string(c.submissionPolicy), "review_policy": .string(c.reviewPolicy),
            "policy": .string(c.policyWords),
        ]
    }

    /// A list as `--json` or a line each, with what to say when it is empty.
    static func print<T>(_ items: [T], json: Bool, none: String, _ object: (T) -> JSONValue, _ line: (T) -> String) {
        if json { return Console.writeJSON(ZenodoJSONOutput(.array(items.map(object)))) }
        if items.isEmpty { Console.out(none) }
        for item in items { Console.out(line(item)) }
    }

    static func line(_ c: Community) -> String {
        "\(Console.safe(c.slug))  \(Console.safe(c.title))  (\(c.policyWords))"
    }

    static func json(_ r: ReviewRequest) -> JSONValue {
        [
            "id": .string(r.id), "number": r.number.map(JSONValue.string) ?? .null, "type": .string(r.type),
            "status": .string(r.status), "title": .string(r.title),
            "community": r.community.map(JSONValue.string) ?? .null, "record": r.record.map(JSONValue.string) ?? .null,
            "actions": .array(r.actions.map(JSONValue.string)), "meaning": .string(r.meaning),
        ]
    }

    static func line(_ r: ReviewRequest) -> String {
        "\(r.id)  \(r.type)  \(r.status): \(r.meaning)  record \(r.record ?? "?")  \(Console.safe(r.title))"
    }
}

struct CommunitiesSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search communities.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Words to look for in a community's slug and title.") var words: [String] = []
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let found = try await client.communities(matching: words.joined(separator: " "))
            CommunityText.print(
                found, json: json, none: "No community matches.", CommunityText.json, CommunityText.line)
        }
    }
}

struct CommunitiesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a community and its policies.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Its slug or UUID.") var community: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let found = try await client.community(community)
            if json { return Console.writeJSON(ZenodoJSONOutput(CommunityText.json(found))) }
            Console.out("\(Console.safe(found.title)) (\(Console.safe(found.slug)), \(found.id))")
            Console.out("Policy: \(found.policyWords).")
            if !found.description.isEmpty { Console.out(Console.safe(found.description)) }
            if !found.curationPolicy.isEmpty { Console.out("Curation: \(Console.safe(found.curationPolicy))") }
        }
    }
}

struct CommunitiesMine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mine", abstract: "The communities you are a member of.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let found = try await client.myCommunities()
            CommunityText.print(
                found, json: json, none: "You are a member of no community.", CommunityText.json, CommunityText.line)
        }
    }
}

struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract:
            "Submit a draft to a community: published at once where you may add records to it, else reviewed by its curators."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The draft (never published) deposition id.") var deposition: Int
    @Option(help: "The community's slug (or UUID).") var community: String
    @Option(help: "A message for the curators.") var message: String?
    @Flag(help: "Ask for a review even where you could add the record directly.") var requireReview = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("submit a draft")
        try await global.withClient(json: json) { client in
            let outcome = try await client.submit(
                deposition, to: community, message: message, requireReview: requireReview)
            switch outcome {
            case .accepted(let request):
                if json { return Console.writeJSON(ZenodoJSONOutput(CommunityText.json(request))) }
                Console.out("Accepted: deposition \(deposition) is published and in \(Console.safe(community)).")
            case .submitted(let request):
                if json { return Console.writeJSON(ZenodoJSONOutput(CommunityText.json(request))) }
                Console.out(
                    "Submitted to \(Console.safe(community)): request \(request.id) waits for its curators; the draft is not published until they accept (zenodo-tui requests show \(request.id); cancel it with zenodo-tui requests cancel \(request.id))."
                )
            }
        }
    }
}

struct RequestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "requests",
        abstract: "Review and inclusion requests: list, show, cancel, comment (accept, decline for curators).",
        subcommands: [
            RequestsList.self, RequestsShow.self, RequestsAction.self, RequestsCancel.self, RequestsAccept.self,
            RequestsDecline.self, RequestsComment.self,
        ],
        defaultSubcommand: RequestsList.self)
}

struct RequestsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Your requests, or a record's.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A record (deposition) id: its requests.") var record: Int?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let found = try await client.requests(about: record)
            CommunityText.print(found, json: json, none: "No requests.", CommunityText.json, CommunityText.line)
        }
    }
}

struct RequestsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A request and its timeline.")
    @OptionGroup var global: GlobalOptions
    @Argument var request: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let found = try await client.request(request)
            let events = try await client.timeline(of: request)
            if json {
                var object = CommunityText.json(found)
                object["timeline"] = .array(
                    events.map {
                        [
                            "type": .string($0.type), "content": .string($0.content),
                            "event": $0.action.map(JSONValue.string) ?? .null,
                        ]
                    })
                return Console.writeJSON(ZenodoJSONOutput(object))
            }
            Console.out(CommunityText.line(found))
            if !found.actions.isEmpty { Console.out("You may: \(found.actions.joined(separator: ", ")).") }
            for event in events {
                Console.out(
                    "  \(event.action.map { "[\($0)]" } ?? "")\(event.content.isEmpty ? "" : " \(Console.safe(event.content))")"
                )
            }
        }
    }
}

struct RequestsAction: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "act", abstract: "Run an action on a request: cancel (yours), accept or decline (a curator's).",
        aliases: ["action"])
    @OptionGroup var global: GlobalOptions
    @Argument(help: "cancel, accept or decline.") var action: String
    @Argument var request: String
    @Option(help: "A comment with it.") var comment: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard ["cancel", "accept", "decline"].contains(action) else {
            throw ValidationError("the action is cancel, accept or decline")
        }
    }

    func run() async throws {
        try await Self.act(action, request, comment: comment, json: json, global)
    }

    static func act(_ action: String, _ request: String, comment: String?, json: Bool, _ global: GlobalOptions)
        async throws
    {
        try global.refuseIfReadOnly("\(action) a request")
        try await global.withClient(json: json) { client in
            let answered = try await client.act(action, on: request, comment: comment)
            if json { return Console.writeJSON(ZenodoJSONOutput(CommunityText.json(answered))) }
            Console.out(CommunityText.line(answered))
        }
    }
}

/// `requests cancel|accept|decline ID`: `act` with the action as the subcommand; the three share
/// their arguments.
struct RequestActionArguments: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The request's id.") var request: String
    @Option(help: "A comment with it.") var comment: String?
    @Flag(help: "Print JSON.") var json = false

    func act(_ action: String) async throws {
        try await RequestsAction.act(action, request, comment: comment, json: json, global)
    }
}

struct RequestsCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel your request.")
    @OptionGroup var arguments: RequestActionArguments
    func run() async throws { try await arguments.act("cancel") }
}

struct RequestsAccept: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a request you receive: a submission (a curator's), an access request (the owner's).")
    @OptionGroup var arguments: RequestActionArguments
    func run() async throws { try await arguments.act("accept") }
}

struct RequestsDecline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decline", abstract: "Decline a request you receive.")
    @OptionGroup var arguments: RequestActionArguments
    func run() async throws { try await arguments.act("decline") }
}

struct RequestsComment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "comment", abstract: "Comment on a request.")
    @OptionGroup var global: GlobalOptions
    @Argument var request: String
    @Argument var text: String

    func run() async throws {
        try global.refuseIfReadOnly("comment on a request")
        try await global.withClient { client in
            try await client.comment(on: request, text)
            Console.out("Commented on \(request).")
        }
    }
}

struct CommunitiesOf: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "of", abstract: "The communities a published record is in, and its requests.")
    @OptionGroup var global: GlobalOptions
    @Argument var record: Int
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let found = try await client.recordCommunities(record)
            let requests = (try? await client.requests(about: record)) ?? []
            if json {
                return Console.writeJSON(
                    ZenodoJSONOutput([
                        "communities": .array(found.map(CommunityText.json)),
                        "requests": .array(requests.map(CommunityText.json)),
                    ]))
            }
            if found.isEmpty { Console.out("Record \(record) is in no community.") }
            for community in found { Console.out("in \(CommunityText.line(community))") }
            for request in requests { Console.out("request \(CommunityText.line(request))") }
        }
    }
}

struct CommunitiesAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Ask for a published record to join communities (1 to 10).")
    @OptionGroup var global: GlobalOptions
    @Argument var record: Int
    @Argument(help: "Community slugs.") var communities: [String]
    @Option(help: "A comment for the curators.") var comment: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("add a record to communities")
        try await global.withClient(json: json) { client in
            let outcomes = try await client.addToCommunities(record, communities, comment: comment)
            var refused = 0
            var lines: [JSONValue] = []
            for outcome in outcomes {
                switch outcome {
                case .included(let request):
                    lines.append(CommunityText.json(request))
                    if !json {
                        Console.out("\(request.status == "accepted" ? "in" : "asked"): \(CommunityText.line(request))")
                    }
                case .refused(let community, let message):
                    refused += 1
                    lines.append(["community": .string(community), "refused": .string(message)])
                    if !json { Console.error("refused by \(Console.safe(community)): \(Console.safe(message))") }
                }
            }
            if json { Console.writeJSON(ZenodoJSONOutput(.array(lines))) }
            if refused == outcomes.count { throw ExitCode(ExitCodes.validation) }
        }
    }
}

struct CommunitiesRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Take a published record out of communities.")
    @OptionGroup var global: GlobalOptions
    @Argument var record: Int
    @Argument(help: "Community slugs.") var communities: [String]

    func run() async throws {
        try global.refuseIfReadOnly("remove a record from communities")
        try await global.withClient { client in
            try await client.removeFromCommunities(record, communities)
            Console.out("Record \(record) is no longer in \(communities.joined(separator: ", ")).")
        }
    }
}
