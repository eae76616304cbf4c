import Synchronization

/// The origin links point at, known only once the socket is bound (`--port 0`).
final class ServerAddress: Sendable {
    private let origin = Mutex<String>("http://127.0.0.1")
    let flavor: Flavor
    let containerAPI: Bool

    init(flavor: Flavor = .production, containerAPI: Bool = true) {
        self.flavor = flavor
        self.containerAPI = containerAPI
    }

    var links: Links { Links(origin: origin.withLock { $0 }, flavor: flavor, containerAPI: containerAPI) }

    func set(host: String, port: Int) {
        let shown = host.contains(":") ? "[\(host)]" : host
        origin.withLock { $0 = "http://\(shown):\(port)" }
    }
}
