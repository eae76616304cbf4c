import ZenodoKit

/// The documented exit codes (README, `zenodo-tui --help`).
enum ExitCodes {
    static let ok: Int32 = 0
    static let error: Int32 = 1
    static let usage: Int32 = 2
    static let auth: Int32 = 3
    static let notFound: Int32 = 4
    static let validation: Int32 = 5
    static let rateLimited: Int32 = 6
    static let network: Int32 = 7
    static let server: Int32 = 8
    static let integrity: Int32 = 9
    /// Every file arrived, but the server confirmed no checksum for some (an InvenioRDM that hashes
    /// multipart files later); they are not called verified, and publish waits for them.
    static let unverified: Int32 = 10

    static func code(for error: ZenodoError) -> Int32 {
        switch error.kind {
        case .auth: return auth
        case .notFound: return notFound
        case .validation: return validation
        case .rateLimited: return rateLimited
        case .network: return network
        case .server: return server
        case .integrity, .localFile: return integrity
        case .refused, .configuration, .unexpected: return ExitCodes.error
        }
    }

    /// A batch's exit code from its files' failures: integrity when any file did not verify,
    /// else the one kind they share (all not found: 4), else 1.
    static func code(forFailures kinds: [ZenodoError.Kind]) -> Int32 {
        if kinds.isEmpty || kinds.contains(where: { $0 == .integrity }) { return integrity }
        let codes = Set(kinds.map { code(for: ZenodoError($0, "")) })
        return codes.count == 1 ? codes.first! : error
    }
}
