import FoundationEssentials

extension EventSchema {
    /// `docs/events.md`, whole: made from the schema, and checked against it by the tests.
    public static var markdown: String {
        var out = """
            # Events: the JSON lines of transfers (schema version \(version))

            <!-- Generated from ZenodoKit's EventSchema: edit it there, then regenerate with
                 ZENODO_TUI_RECORD_SNAPSHOTS=1 swift test --filter EventSchemaDocTests -->

            `upload --json`, `sync --json`, `download --json` and `transfers attach|wait --json` print one
            JSON object per line (NDJSON) on standard output, in one dialect for both directions; a
            request's retry or a pause for the rate limit is printed the same way on standard error, so
            that standard output stays the command's. The background agent's wire carries the same
            objects (an answer `{"v":1,"type":"event","batch":ID,"event":EVENT}`), and `transfers --json`
            lists batches with the fields below (`uploads` is its old name).

            - Every line has `"v": \(version)` (this schema's version) and `"event"` (its kind).
            - Sizes and byte counts are integers, in bytes; rates are bytes per second; durations are
              seconds (numbers, possibly fractional); MD5s are 32 lower-case hex digits.
            - A batch's lines come in this order: `batch_started`; for each file `queued`, then for each
              attempt `started`, `progress`… (and `verifying` for an upload), `retrying` when an attempt
              fails and another follows; its end, one of `verified`, `arrived`, `skipped`, `failed`;
              `batch` after each end; `finished` last. Files run in parallel: their lines interleave.
            - Fields may be added in a later version 1 (read the ones you know, ignore the rest); a field
              removed, renamed or retyped makes version 2.
            - Every text a server sent is sanitised before it is printed (no control characters), and no
              line ever holds the token.

            ## Changes from version 0 (the lines before this schema)

            Version 0 had two dialects. The old names are printed too, for one release, marked deprecated
            below; read the new ones.

            | Version 0 | Version 1 |
            |---|---|
            | no `v` | `"v": 1` on every line |
            | `upload --json`: no batch line | `batch_started` first (`direction`: `upload`, `deposition`) |
            | `download --json`: the batch line was `started` (`batch`, `reference`, `destination`, `files`, `bytes`, `resumed`) | `batch_started` (`direction`: `download`); the old line follows it, with `"deprecated": "batch_started"`, for one release; `started` with `key` is a file's attempt in both directions |
            | `upload` `progress`: `sent`, `total` | `bytes`, `size` (both printed for one release) |
            | `download` `progress`: `bytes`, `size`, no `rate` | `bytes`, `size`, `rate` |
            | `download`: only `progress` and the ends per file | also `queued`, `started`, `retrying` |
            | `download` `finished`: `files`, `verified`, `skipped`, `failed` | every field of `batch` (summed over the run's batches) |
            | `upload --detach --json`: `{"batch": ID}` | `{"v":1,"event":"detached","batch":ID}` |

            ## Kinds


            """
        for kind in kinds {
            out += "### `\(kind.name)`\n\n\(kind.meaning)\n\nPrinted by: \(kind.printedBy).\n\n"
            if !kind.variants.isEmpty {
                out += "Shapes (each line has every field of one): "
                out +=
                    kind.variants.map { "`" + $0.joined(separator: "`, `") + "`" }.joined(separator: "; or ") + ".\n\n"
            }
            out += table(kind.fields)
        }
        out +=
            "## A batch in `transfers --json`\n\nAn array of these (running and unfinished batches of both directions):\n\n"
        out += table(summary)
        out += "Each of `files`:\n\n" + table(summaryFile)
        return out
    }

    private static func table(_ fields: [Field]) -> String {
        var out = "| Field | Type | Always | Meaning |\n|---|---|---|---|\n"
        for field in fields {
            let meaning = (field.deprecated ? "**Deprecated.** " : "") + field.meaning
            out += "| `\(field.name)` | \(field.type.rawValue) | \(field.required ? "yes" : "no") | \(meaning) |\n"
        }
        return out + "\n"
    }
}
