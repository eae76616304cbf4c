import Foundation
import TestScratch
import ZenodoKit

extension RawServer {
    /// A client of this server as `http://127.0.0.1:PORT/api`, anonymous, retries not waited for.
    public func client() throws -> (ZenodoClient, HTTPTransport) {
        let profile = try ServerProfile(parsing: "http://127.0.0.1:\(port)/api")
        let transport = HTTPTransport(environment: [:], forHost: profile.host)
        return (ZenodoClient(profile: profile, credentials: nil, transport: transport, sleep: { _ in }), transport)
    }
}
