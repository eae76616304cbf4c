import EssentialsExtras
import FoundationEssentials

extension ZenodoError {
    /// Builds the error for a non-2xx answer. `server` names the server for the user ("zenodo.org"),
    /// `tokenHint` says where the token came from ("ZENODO_TOKEN"), so that a 401 or 403 says what to
    /// fix; `sentToken` whether the request carried one.
    public static func from(
        status: Int, contentType: String?, body: Data, retryAfter: Double?, server: String, tokenHint: String,
        sentToken: Bool = true
    ) -> ZenodoError {
        let isJSON = contentType?.lowercased().contains("json") ?? false
        let json = isJSON ? try? JSONValue.decode(body) : nil
        let serverMessage = json?["message"]?.string ?? (isJSON ? nil : Self.summarise(body))
        let fields = (json?["errors"]?.array ?? []).compactMap(FieldError.init(json:))
        let tombstone = status == 410 ? json.flatMap(Tombstone.init(json:)) : nil
        let said = serverMessage.map { ": " + ($0.hasSuffix(".") ? String($0.dropLast()) : $0) } ?? ""
        switch status {
        case 401:
            return ZenodoError(
                .auth, "Zenodo refused the token (401): check \(tokenHint) for \(server)", status: status,
                serverMessage: serverMessage)
        case 403 where !sentToken:
            return ZenodoError(
                .auth,
                "Permission denied by \(server) (403)\(said). No token was sent: set \(tokenHint) or run zenodo-tui auth login.",
                status: status, serverMessage: serverMessage)
        case 403:
            // Zenodo treats a token that does not verify as no token at all, so a bad token shows as 403.
            return ZenodoError(
                .auth,
                "Permission denied by \(server) (403)\(said). The token (\(tokenHint)) may be invalid, expired or revoked "
                    + "(Zenodo then treats the request as anonymous), lack the deposit:write and deposit:actions scopes, "
                    + "or belong to another account; or the action is not allowed in this state. Check it with zenodo-tui auth status.",
                status: status, serverMessage: serverMessage)
        case 410 where tombstone != nil:
            return ZenodoError(
                .notFound,
                "The record was deleted on \(server) (410): \(tombstone!.summary); its DOI resolves to a tombstone page",
                status: status, serverMessage: serverMessage)
        case 404, 410:
            return ZenodoError(
                .notFound, "Not found on \(server) (\(status))\(said)", status: status, serverMessage: serverMessage)
        case 413:
            return ZenodoError(
                .validation, "The request is too large for \(server) (413)\(said)", status: status,
                serverMessage: serverMessage)
        case 429:
            let wait = retryAfter.map { String(cFormat: "; retry in %.0f s", $0) } ?? ""
            return ZenodoError(
                .rateLimited, "Rate limited by \(server) (429)\(wait)", status: status, serverMessage: serverMessage,
                retryAfter: retryAfter)
        case 500...599:
            return ZenodoError(
                .server, "\(server) had a server error (\(status))\(said)", status: status,
                serverMessage: serverMessage,
                retryAfter: retryAfter)
        default:
            let what = fields.isEmpty ? "Zenodo refused the request" : "Zenodo refused the metadata"
            return ZenodoError(
                .validation, "\(what) (\(status))\(said)\(Self.vocabularyAdvice(serverMessage))", status: status,
                serverMessage: serverMessage, fieldErrors: fields)
        }
    }

    /// What to do about "Invalid value X." (InvenioRDM's words for an id its vocabulary lacks, which
    /// name no field): for an award (`funder::number`, the legacy `grants` too), how to find the
    /// right id.
    static func vocabularyAdvice(_ message: String?) -> String {
        guard let message, message.hasPrefix("Invalid value "), message.hasSuffix(".") else { return "" }
        let id = message.dropFirst("Invalid value ".count).dropLast()
        if id.contains("::") {
            return ". The server has no award \(id): find its id with zenodo-tui lookup awards WORDS"
                + " (or add it with --add-grant FUNDER::NUMBER, which checks)"
        }
        return ". The server's vocabularies have no \(id)"
    }

    /// One line from a non-JSON body (a proxy's HTML page): its `<title>`, else its text, shortened.
    static func summarise(_ body: Data) -> String? {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        var line: String
        if let title = text.firstMatch(ofPattern: "(?is)<title>.*?</title>") {
            line = String(text[title].dropFirst("<title>".count).dropLast("</title>".count))
        } else {
            line = text.replacingMatches(of: "<[^>]*>", with: " ")
        }
        line = line.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        line = String(line.unicodeScalars.filter { !ScalarSet.controlCharacters.contains($0) })
        guard !line.isEmpty else { return nil }
        return line.count > 120 ? String(line.prefix(117)) + "..." : line
    }
}

extension ZenodoError.FieldError {
    init?(json: JSONValue) {
        // A community's refusal in an inclusion's answer names the community, not a field.
        guard let field = json["field"]?.string ?? json["community_id"]?.string.map({ "community:" + $0 }) else {
            return nil
        }
        var messages = json["messages"]?.array?.compactMap(\.string) ?? []
        if messages.isEmpty, let single = json["message"]?.string { messages = [single] }
        self.init(field: FieldNames.legacy(field), serverField: field, messages: messages)
    }
}

/// Maps the RDM field paths of Zenodo's validation errors back to the legacy names a user edits.
public enum FieldNames {
    public static func legacy(_ path: String) -> String {
        let parts = path.split(separator: ".").map(String.init)
        func index(_ at: Int) -> String? { parts.count > at && Int(parts[at]) != nil ? parts[at] : nil }
        switch parts.first {
        case "files": return "files"
        case "access":
            return parts.contains("embargo") ? "embargo_date" : "access_right"
        case "pids": return "doi"
        case "_schema": return "metadata"
        case "metadata":
            guard parts.count > 1 else { return "metadata" }
            let field = parts[1]
            switch field {
            case "resource_type": return "upload_type"
            case "rights": return "license"
            case "languages": return "language"
            case "subjects": return "keywords"
            case "additional_descriptions": return "notes"
            case "identifiers": return "related_identifiers"
            case "creators", "contributors":
                guard let n = index(2) else { return field }
                let leaf = parts.last == "role" ? "type" : parts.contains("affiliations") ? "affiliation" : "name"
                return "\(field)[\(n)].\(leaf)"
            default: return field
            }
        default:
            return path
        }
    }
}
