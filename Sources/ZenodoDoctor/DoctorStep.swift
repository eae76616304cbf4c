import FoundationEssentials
import ZenodoKit

/// One check of `zenodo-tui doctor`: what was checked, whether it passed, what was found (never
/// the token), and how long it took.
public struct DoctorStep: Sendable, Equatable {
    public var name: String
    public var ok: Bool
    public var detail: String
    /// What to check when it failed.
    public var advice: String?
    public var milliseconds: Int

    public init(name: String, ok: Bool, detail: String, advice: String? = nil, milliseconds: Int = 0) {
        self.name = name
        self.ok = ok
        self.detail = detail
        self.advice = advice
        self.milliseconds = milliseconds
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "step": .string(name), "ok": .bool(ok), "detail": .string(detail), "ms": .int(milliseconds),
        ]
        if let advice { object["advice"] = .string(advice) }
        return .object(object)
    }
}
