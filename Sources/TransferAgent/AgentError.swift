/// A failure of the agent's own machinery (socket, launch, hand-over), in words.
public struct AgentError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
