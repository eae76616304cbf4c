import ArgumentParser
import FoundationEssentials
import Glibc
import TerminalKit
import ZenodoKit

/// `share links|link|revoke|grants|grant|ungrant|ask`: secret links, grants to people and access
/// requests from scripts (issue 32). Access requests received are listed by `requests list` and
/// answered with `requests accept|decline`.
struct ShareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Share a draft or a record: secret links, access for people, access requests.",
        subcommands: [
            ShareLinks.self, ShareLink.self, ShareRevoke.self, ShareGrants.self, ShareGrant.self, ShareUngrant.self,
            ShareAsk.self,
        ],
        defaultSubcommand: ShareLinks.self)
}

enum ShareText {
    static func json(_ link: SecretLink, address: String) -> JSONValue {
        [
            "id": .string(link.id), "permission": .string(link.permission), "description": .string(link.description),
            "expires": link.expires.map(JSONValue.string) ?? .null, "address": .string(address),
        ]
    }

    static func line(_ link: SecretLink, address: String) -> String {
        let until = link.expires.map { "until \($0)" } ?? "no expiry"
        let note = link.description.isEmpty ? "" : "  \(Console.safe(link.description))"
        return "\(link.id)  \(link.permission)  \(until)\(note)\n  \(Console.safe(address))"
    }

    static func json(_ grant: AccessGrant) -> JSONValue {
        [
            "user": .string(grant.userID), "username": grant.username.map(JSONValue.string) ?? .null,
            "permission": .string(grant.permission), "origin": grant.origin.map(JSONValue.string) ?? .null,
        ]
    }

    static func line(_ grant: AccessGrant) -> String {
        let words = AccessGrant.Permission(rawValue: grant.permission)?.words ?? grant.permission
        return "\(Console.safe(grant.who))  \(grant.permission): \(words)"
    }

    /// The link's address, with whether the id is a draft deciding where an `edit` link points.
    static func address(_ link: SecretLink, _ client: ZenodoClient, _ id: Int, isDraft: Bool) -> String {
        link.address(origin: client.siteOrigin, record: id, isDraft: isDraft)
    }

    static func isDraft(_ client: ZenodoClient, _ id: Int) async -> Bool {
        guard let deposition = try? await client.deposition(id) else { return false }
        return !deposition.submitted
    }
}

struct ShareLinks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links", abstract: "The secret links of a draft or record, with their addresses.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deposition or record id.") var record: Int
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let links = try await client.secretLinks(of: record)
            let draft = await ShareText.isDraft(client, record)
            CommunityText.print(
                links, json: json, none: "Record \(record) has no secret link.",
                { ShareText.json($0, address: ShareText.address($0, client, record, isDraft: draft)) },
                { ShareText.line($0, address: ShareText.address($0, client, record, isDraft: draft)) })
        }
    }
}

struct ShareLink: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Make a secret link: whoever has it may view (or preview the draft, or edit it) without an account.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deposition or record id.") var record: Int
    @Option(help: "view (the record and restricted files), preview (also the draft), or edit (also edit the draft).")
    var permission: String = "view"
    @Option(help: "The last day it works, YYYY-MM-DD (else it works until revoked).") var expires: String?
    @Option(help: "Days it works from today (instead of --expires).") var days: Int?
    @Option(help: "A note for yourself: who it is for.") var description: String = ""
    @Flag(help: "Also put the address in your terminal's clipboard (OSC 52; works over SSH).") var copy = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard SecretLink.Permission(rawValue: permission) != nil else {
            throw ValidationError("--permission is view, preview or edit, not '\(permission)'")
        }
        if expires != nil, days != nil { throw ValidationError("give --expires or --days, not both") }
        if let days, days < 1 { throw ValidationError("--days is 1 or more") }
        if let expires, !ZenodoDate.isDay(expires) { throw ValidationError("--expires is a day, YYYY-MM-DD") }
    }

    func run() async throws {
        try global.refuseIfReadOnly("make a secret link")
        try await global.withClient(json: json) { client in
            let until = expires ?? days.map { ZenodoDate.day(Date() + Double($0) * 86_400) }
            let link = try await client.createSecretLink(
                on: record, permission: SecretLink.Permission(rawValue: permission) ?? .view, expires: until,
                description: description)
            let address = ShareText.address(link, client, record, isDraft: await ShareText.isDraft(client, record))
            if copy { Self.copyToTerminal(address) }
            if json { return Console.writeJSON(ZenodoJSONOutput(ShareText.json(link, address: address))) }
            Console.out(ShareText.line(link, address: address))
            Console.out(
                "Whoever has this address may \(SecretLink.Permission(rawValue: link.permission)?.words ?? link.permission); revoke it with zenodo-tui share revoke \(record) \(link.id)."
            )
        }
    }
}

extension ShareLink {
    /// OSC 52 goes to the terminal, never into a pipe or a file (`--json > out.json` stays JSON):
    /// standard output when it is one, else standard error when that is.
    static func copyToTerminal(_ text: String) {
        let sequence = Clipboard.osc52(text)
        for fd in [STDOUT_FILENO, STDERR_FILENO] where isatty(fd) == 1 {
            sequence.utf8CString.withUnsafeBufferPointer { _ = Glibc.write(fd, $0.baseAddress, $0.count - 1) }
            return
        }
        Console.error("zenodo-tui: not copied: no terminal to send OSC 52 to (the address is printed)")
    }
}

struct ShareRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a secret link: it stops working at once.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deposition or record id.") var record: Int
    @Argument(help: "The link's id (share links shows it).") var link: String

    func run() async throws {
        try global.refuseIfReadOnly("revoke a secret link")
        try await global.withClient(json: false) { client in
            try await client.revokeSecretLink(link, of: record)
            Console.out("Revoked link \(Console.safe(link)) of record \(record).")
        }
    }
}

struct ShareGrants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants", abstract: "The people given access to a draft or record.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deposition or record id.") var record: Int
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await global.withClient(json: json) { client in
            let grants = try await client.grants(of: record)
            CommunityText.print(
                grants, json: json, none: "Nobody was given access to record \(record).", ShareText.json,
                ShareText.line)
        }
    }
}

struct ShareGrant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Give a person access: by username, user id or public e-mail address.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deposition or record id.") var record: Int
    @Argument(help: "Who: a username, a user id, or an e-mail address its owner made public.") var who: String
    @Option(help: "view, preview, edit or manage.") var permission: String = "view"
    @Option(help: "A message sent with the notification.") var message: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard AccessGrant.Permission(rawValue: permission) != nil else {
            throw ValidationError("--permission is view, preview, edit or manage, not '\(permission)'")
        }
    }

    func run() async throws {
        try global.refuseIfReadOnly("give access")
        try await global.withClient(json: json) { client in
            let (user, grant) = try await client.grantAccess(
                on: record, to: who, permission: AccessGrant.Permission(rawValue: permission) ?? .view,
                message: message)
            if json { return Console.writeJSON(ZenodoJSONOutput(ShareText.json(grant))) }
            Console.out(
                "\(Console.safe(user.username)) (user \(user.id)) may now \(AccessGrant.Permission(rawValue: grant.permission)?.words ?? grant.permission) of record \(record)."
            )
        }
    }
}

struct ShareUngrant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ungrant", abstract: "Take a person's access away.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The deposition or record id.") var record: Int
    @Argument(help: "Who: a username, a user id, or a public e-mail address.") var who: String

    func run() async throws {
        try global.refuseIfReadOnly("take access away")
        try await global.withClient(json: false) { client in
            try await client.revokeGrant(on: record, from: who)
            Console.out("\(Console.safe(who)) no longer has access to record \(record).")
        }
    }
}

struct ShareAsk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Ask the owner of a record with restricted files for access to them.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The record id.") var record: Int
    @Option(help: "Your account's e-mail address (the server checks it is yours).") var email: String
    @Option(help: "Why you ask: the owner reads it.") var message: String = ""
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try global.refuseIfReadOnly("ask for access")
        try await global.withClient(json: json) { client in
            guard let request = try await client.requestAccess(to: record, email: email, message: message) else {
                if json { return Console.writeJSON(ZenodoJSONOutput(["request": .null, "confirm_by_email": true])) }
                return Console.out(
                    "The server treats this as a guest's request: confirm it from the e-mail it sends to \(Console.safe(email)) (the address is not your account's)."
                )
            }
            if json { return Console.writeJSON(ZenodoJSONOutput(CommunityText.json(request))) }
            Console.out("Asked: request \(request.id) is \(request.meaning) (zenodo-tui requests show \(request.id)).")
        }
    }
}
