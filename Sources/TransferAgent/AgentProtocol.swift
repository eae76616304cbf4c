import FoundationEssentials
import ZenodoKit

/// The agent's wire: one JSON object per line over the Unix socket, each with `"v"`. A client
/// sends one request per connection and reads answers until the agent closes it.
///
/// Requests (`op`): `start` (an upload's hand-over), `fetch` (a download batch's hand-over),
/// `list`, `watch` (`batch`), `cancel` (`batch`), `ping`. Batches of both kinds share `list`,
/// `watch` and `cancel`; a summary's `kind` tells them apart.
/// Answers (`type`): `started` (`batch`), `batches` (`batches`), `event` (`batch`, `event`: an
/// `TransferEvent` as `upload --json` prints it), `end`, `ok`, `error` (`message`).
public enum AgentProtocol {
    public static let version = 1

    static func request(_ op: String, _ fields: [String: JSONValue] = [:]) -> JSONValue {
        var object = fields
        object["v"] = .int(version)
        object["op"] = .string(op)
        return .object(object)
    }

    static func answer(_ type: String, _ fields: [String: JSONValue] = [:]) -> JSONValue {
        var object = fields
        object["v"] = .int(version)
        object["type"] = .string(type)
        return .object(object)
    }

    static func error(_ message: String) -> JSONValue { answer("error", ["message": .string(message)]) }

    static func event(_ batch: String, _ event: TransferEvent) -> JSONValue {
        answer("event", ["batch": .string(batch), "event": event.json])
    }
}
