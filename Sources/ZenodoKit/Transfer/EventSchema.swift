import FoundationEssentials

/// The schema of every JSON line the program prints about transfers (and the few other NDJSON
/// events of its commands): each kind, each field, its type, whether it is always there, and what
/// it means. `docs/events.md` is made from it, and the tests check every line the program prints
/// against it: a field added, renamed or retyped without this schema knowing fails them.
public enum EventSchema {
    /// Version 1: one dialect for uploads and downloads. Every line carries it as `"v"`.
    public static let version = 1

    public enum FieldType: String, Sendable {
        case string, integer, number, boolean, array
        case numberOrNull = "number or null"
        case stringOrNull = "string or null"
        case integerOrNull = "integer or null"
        case object
    }

    public struct Field: Sendable {
        public let name: String
        public let type: FieldType
        /// In every line of its kind (of its variant, where the kind has variants).
        public let required: Bool
        public let meaning: String
        /// Kept from version 0 for one release: read its replacement.
        public let deprecated: Bool

        init(_ name: String, _ type: FieldType, required: Bool = true, deprecated: Bool = false, _ meaning: String) {
            self.name = name
            self.type = type
            self.required = required
            self.deprecated = deprecated
            self.meaning = meaning
        }
    }

    public struct Kind: Sendable {
        public let name: String
        public let meaning: String
        /// Which commands print it.
        public let printedBy: String
        public let fields: [Field]
        /// Alternative sets of fields, each all present (a kind with two shapes); empty: one shape.
        public let variants: [[String]]

        init(_ name: String, printedBy: String, _ meaning: String, variants: [[String]] = [], _ fields: [Field]) {
            self.name = name
            self.meaning = meaning
            self.printedBy = printedBy
            self.fields = fields
            self.variants = variants
        }
    }

    static let key = Field(
        "key", .string, "The file's name in the deposition or record (a download of several versions: `RECORD/KEY`).")
    static let record = Field(
        "record", .string, required: false, "`download --all-versions`: the version's record id (its directory).")
    static let size = Field("size", .integer, "The file's size in bytes.")
    static let optionalSize = Field("size", .integer, required: false, "`download`: the file's size in bytes.")
    static let reason = Field("reason", .string, "Why, in words (sanitised; never a token).")
    static let attempt = Field("attempt", .integer, "This attempt's number, from 1.")
    static let maxAttempts = Field("max_attempts", .integer, "Attempts allowed in all (`--retries` + 1).")
    static let delay = Field("delay", .number, "Seconds until the next attempt.")
    static let totals: [Field] = [
        Field("total_bytes", .integer, "Bytes of every file of the batch, less the files that failed."),
        Field("done_bytes", .integer, "Bytes of the files ended well (verified, arrived, skipped)."),
        Field("rate", .number, "Bytes per second, a moving average over the files under way."),
        Field("eta", .numberOrNull, "Seconds left at that rate; null until there is a rate."),
        Field("files", .integer, "Files in the batch."),
        Field("verified", .integer, "Files whose MD5 the server (upload) or the copy on disk (download) confirmed."),
        Field("unverified", .integer, "Uploaded files the server committed without a checksum to compare (exit 10)."),
        Field("skipped", .integer, "Files already there with the same MD5."),
        Field("failed", .integer, "Files that failed."),
        Field("remaining", .integer, "Files not yet ended."),
        Field("active", .integer, "Files under way now."),
    ]

    public static let kinds: [Kind] = [
        Kind(
            "batch_started", printedBy: "upload, sync, download", "A batch begins: its first line.",
            [
                Field(
                    "batch", .string,
                    "The batch's id (its journal's; `transfers`, `--resume` and the agent know it by it)."),
                Field("direction", .string, "`upload` or `download`."),
                Field("files", .integer, "Files to transfer (those not yet verified, when resumed)."),
                Field("bytes", .integer, "Their bytes."),
                Field("resumed", .boolean, "Whether this continues an interrupted batch."),
                Field("deposition", .integer, required: false, "An upload's deposition id."),
                Field("reference", .string, required: false, "A download's record, as given (id, DOI or address)."),
                Field("destination", .string, required: false, "A download's directory."),
            ]),
        Kind(
            "queued", printedBy: "upload, sync, download, transfers attach|wait", "A file waits its turn.",
            [key, size, record]),
        Kind(
            "started", printedBy: "upload, sync, download, transfers attach|wait",
            "An attempt at a file begins. (Version 0 of `download --json` printed its batch line as `started`; for one release that line follows `batch_started`, with `deprecated`.)",
            variants: [
                ["key", "attempt"], ["batch", "reference", "destination", "files", "bytes", "resumed", "deprecated"],
            ],
            [
                Field("key", .string, required: false, "The file (an attempt's line)."),
                Field("attempt", .integer, required: false, "This attempt's number, from 1."),
                record,
                Field("batch", .string, required: false, deprecated: true, "The old batch line: read `batch_started`."),
                Field(
                    "reference", .string, required: false, deprecated: true, "The old batch line's record reference."),
                Field("destination", .string, required: false, deprecated: true, "The old batch line's directory."),
                Field("files", .integer, required: false, deprecated: true, "The old batch line's file count."),
                Field("bytes", .integer, required: false, deprecated: true, "The old batch line's bytes."),
                Field("resumed", .boolean, required: false, deprecated: true, "The old batch line's resumed flag."),
                Field(
                    "deprecated", .string, required: false,
                    "On the old batch line: the kind that replaces it (`batch_started`)."),
            ]),
        Kind(
            "progress", printedBy: "upload, sync, download, transfers attach|wait",
            "A file's bytes so far: about once a second per file (`download`), or as the live display draws (`upload`).",
            [
                key, Field("bytes", .integer, "Bytes sent (upload) or written (download) so far."), size,
                Field("rate", .number, "Bytes per second for this file, smoothed."),
                Field("sent", .integer, deprecated: true, "Version 0's name for `bytes` (upload)."),
                Field("total", .integer, deprecated: true, "Version 0's name for `size` (upload)."), record,
            ]),
        Kind(
            "verifying", printedBy: "upload, sync, transfers attach|wait",
            "Every byte sent; the server hashes and stores the file.", [key]),
        Kind(
            "retrying", printedBy: "every command (a request, on standard error); upload, sync, download (a file)",
            "An attempt failed and another follows after `delay`: a file's (with `key`) or a request's (with `host`, on standard error).",
            variants: [["key"], ["host"]],
            [
                Field("key", .string, required: false, "The file whose attempt failed."),
                Field("host", .string, required: false, "The server whose request failed."), attempt, maxAttempts,
                delay, reason, record,
            ]),
        Kind(
            "waiting", printedBy: "every command (on standard error)",
            "Pacing under the server's rate limit before a request.",
            [Field("host", .string, "The server."), reason, attempt, maxAttempts, delay]),
        Kind(
            "verified", printedBy: "upload, sync, download, transfers attach|wait",
            "A file is whole: the server's MD5 matched (upload), or the copy's matched the record's (download).",
            [key, Field("md5", .string, "The MD5, hex."), optionalSize, record]),
        Kind(
            "arrived", printedBy: "upload, sync, transfers attach|wait",
            "Sent and committed, but the server gave no checksum to compare in time: never called verified (exit 10).",
            [key, Field("md5", .string, "The local MD5, hex."), Field("verified", .boolean, "Always false.")]),
        Kind(
            "skipped", printedBy: "upload, sync, download, transfers attach|wait",
            "Already there with the same MD5: not sent again.",
            [key, reason, optionalSize, record]),
        Kind(
            "failed", printedBy: "upload, sync, download, transfers attach|wait", "A file failed (its batch goes on).",
            [key, reason, optionalSize, record]),
        Kind(
            "paced", printedBy: "upload, sync, transfers attach|wait",
            "The batch waits for the rate-limit window before sending more.",
            [Field("seconds", .number, "How long.")]),
        Kind(
            "batch", printedBy: "upload, sync, download, transfers attach|wait",
            "The batch's numbers so far: with a file's progress, and after each file ends.", totals),
        Kind(
            "finished", printedBy: "upload, sync, download, transfers attach|wait",
            "The batch's (`download`: every batch's) last numbers: the last line.", totals),
        Kind(
            "detached", printedBy: "upload --detach",
            "The agent took the batch; follow it with `transfers attach BATCH`.",
            [Field("batch", .string, "The batch's id.")]),
        Kind(
            "plan", printedBy: "sync", "What sync will do, before it does it.",
            [
                Field("new", .array, "Local files not in the deposition."),
                Field("changed", .array, "Local files whose MD5 differs."),
                Field("identical", .array, "Files the same on both sides."),
                Field("only_remote", .array, "Files only in the deposition."),
                Field("delete", .boolean, "Whether those are deleted (`--delete`)."),
            ]),
    ]

    /// The fields of a batch in `transfers --json` (and the agent's `batches` answer).
    public static let summary: [Field] = [
        Field("v", .integer, "The schema's version."),
        Field("kind", .string, "`upload` or `download`."),
        Field("direction", .string, "The same as `kind`, named as in `batch_started`."),
        Field("id", .string, "The batch's id."),
        Field("deposition_id", .integer, "An upload's deposition; a download's record id (0 when it has none)."),
        Field("title", .string, "The deposition's or record's title."),
        Field("server", .string, "The server's API address."),
        Field("status", .string, "`running`, `finished`, `interrupted` or `failed`."),
        Field("progress", .object, "The numbers, as a `batch` event."),
        Field("created", .string, "When the batch began (ISO 8601)."),
        Field("files", .array, "Each file, as below."),
    ]

    /// Each file of a listed batch.
    public static let summaryFile: [Field] = [
        Field("key", .string, "The file's name."), Field("size", .integer, "Its size in bytes."),
        Field(
            "state", .string,
            "`pending`, `uploading` (under way, in either direction), `verified`, `arrived` or `failed`."),
        Field("md5", .stringOrNull, "Its MD5 once verified (or arrived)."),
        Field("error", .stringOrNull, "Why it failed."),
    ]

    /// What is wrong with one printed event, in words; empty when it fits the schema.
    public static func problems(_ line: JSONValue) -> [String] {
        guard case .object(let object) = line else { return ["not an object"] }
        guard object["v"]?.int == version else { return ["no \"v\": \(version)"] }
        guard let name = object["event"]?.string else { return ["no \"event\""] }
        guard let kind = kinds.first(where: { $0.name == name }) else { return ["unknown event \"\(name)\""] }
        var problems = check(object, against: kind.fields, what: name, ignoring: ["v", "event"])
        if !kind.variants.isEmpty,
            !kind.variants.contains(where: { variant in variant.allSatisfy { object[$0] != nil } })
        {
            problems.append(
                "\(name): fits none of its shapes (\(kind.variants.map { $0.joined(separator: "+") }.joined(separator: " or ")))"
            )
        }
        return problems
    }

    /// What is wrong with one batch of the listing.
    public static func summaryProblems(_ value: JSONValue) -> [String] {
        guard case .object(let object) = value else { return ["not an object"] }
        var problems = check(object, against: summary, what: "summary", ignoring: [])
        if let progress = object["progress"] { problems += Self.problems(progress).map { "summary progress: \($0)" } }
        for file in object["files"]?.array ?? [] {
            guard case .object(let fields) = file else {
                problems.append("summary file: not an object")
                continue
            }
            problems += check(fields, against: summaryFile, what: "summary file", ignoring: [])
            if let state = fields["state"]?.string,
                !["pending", "uploading", "verified", "arrived", "failed"].contains(state)
            {
                problems.append("summary file: unknown state \(state)")
            }
        }
        return problems
    }

    private static func check(
        _ object: [String: JSONValue], against fields: [Field], what: String, ignoring: Set<String>
    ) -> [String] {
        var problems: [String] = []
        for field in fields {
            guard let value = object[field.name] else {
                if field.required { problems.append("\(what): no \"\(field.name)\"") }
                continue
            }
            if !fits(value, field.type) {
                problems.append("\(what): \"\(field.name)\" is not \(field.type.rawValue): \(value)")
            }
        }
        let known = Set(fields.map(\.name)).union(ignoring)
        for name in object.keys.sorted() where !known.contains(name) {
            problems.append("\(what): unknown field \"\(name)\"")
        }
        return problems
    }

    private static func fits(_ value: JSONValue, _ type: FieldType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.boolean, .bool), (.array, .array), (.object, .object): return true
        case (.integer, .int): return true
        case (.number, .int), (.number, .double): return true
        case (.numberOrNull, .null), (.numberOrNull, .int), (.numberOrNull, .double): return true
        case (.stringOrNull, .null), (.stringOrNull, .string): return true
        case (.integerOrNull, .null), (.integerOrNull, .int): return true
        default: return false
        }
    }
}
