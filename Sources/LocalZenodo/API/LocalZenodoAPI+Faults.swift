import FoundationEssentials
import Hummingbird

extension LocalZenodoAPI {
    /// `/_faults`: `POST` adds a rule, `GET` lists the rules left, `DELETE` clears them. Present only
    /// with `serve --faults-api`.
    func faultsRoute(_ call: inout Call) async throws -> Response {
        guard faultsAPI, call.segments.count == 1 else { throw APIError.noRoute }
        switch call.method {
        case "GET":
            return Reply.json(try Self.rulesJSON(faults.list()))
        case "DELETE":
            faults.clear()
            return Reply.noContent()
        case "POST":
            let body = try await call.request.collectBody(upTo: 1 << 20)
            let rule: FaultRule
            do {
                rule = try JSONDecoder().decode(FaultRule.self, from: Data(body.readableBytesView))
            } catch {
                throw APIError(status: 400, message: "Invalid fault rule: \(error)")
            }
            faults.add(rule)
            return Reply.json(try Self.rulesJSON([rule]).arrayValue?.first ?? .null, status: .created)
        default:
            throw APIError.methodNotAllowed
        }
    }

    private static func rulesJSON(_ rules: [FaultRule]) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return JSONValue.parse(try encoder.encode(rules)) ?? .array([])
    }
}
