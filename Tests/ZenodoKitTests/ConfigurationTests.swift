import Foundation
import TestSupport
import Testing
import ZenodoKit

#if canImport(Glibc)
    import Glibc
#endif

/// Servers, token sources and token files.
@Suite struct ConfigurationTests {
    @Test func profilesAndTheirRules() throws {
        #expect(try ServerProfile(parsing: "zenodo").apiURL == "https://zenodo.org/api")
        #expect(try ServerProfile(parsing: "sandbox").tokenVariable == "ZENODO_SANDBOX_TOKEN")
        let local = try ServerProfile(parsing: "http://127.0.0.1:8766/api/")
        #expect(local.apiURL == "http://127.0.0.1:8766/api")
        #expect(local.isLoopback)
        #expect(local.owns("http://127.0.0.1:8766/api/files/x/y"))
        #expect(!local.owns("http://127.0.0.2:8766/api/files/x/y"))
        #expect(!local.owns("http://127.0.0.1:9999/api"))
        #expect(!ServerProfile.zenodo.owns("http://zenodo.org/api"), "scheme matters")
        #expect(ServerProfile.zenodo.owns("https://zenodo.org:443/api/records"))
        #expect(throws: ZenodoError.self) { try ServerProfile(parsing: "http://zenodo.example.org/api") }
        #expect(throws: ZenodoError.self) { try ServerProfile(parsing: "ftp://example.org") }
        #expect(
            try ServerProfile(parsing: "https://inveniordm.example.org").apiURL == "https://inveniordm.example.org/api")
        #expect(try ServerProfile.resolve(option: nil, environment: ["ZENODO_SERVER": "sandbox"]).kind == .sandbox)
        #expect(try ServerProfile.resolve(option: "zenodo", environment: ["ZENODO_SERVER": "sandbox"]).kind == .zenodo)
        #expect(try ServerProfile.resolve(option: nil, environment: [:]).kind == .zenodo)
    }

    @Test func tokenFilesAreWrittenPrivateAndRefusedWhenOpen() throws {
        let root = try TempFile.directory()
        let store = TokenStore(
            directories: ConfigDirectories(environment: ["XDG_CONFIG_HOME": root.path, "HOME": "/nonexistent"]))
        let profile = ServerProfile.sandbox
        #expect(try store.read(for: profile) == nil)
        try store.write("s3cr3t-token", for: profile)
        let path = store.url(for: profile).path
        #expect(path == root.path + "/zenodo-tui/tokens/sandbox")
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try store.read(for: profile) == "s3cr3t-token")

        chmod(path, 0o644)
        let error = #expect(throws: ZenodoError.self, "a world-readable token file is refused") {
            _ = try store.read(for: profile)
        }
        #expect(error?.message.contains("0644") == true)
        #expect(error?.message.contains("chmod 600") == true)
        #expect(error?.message.contains("s3cr3t") == false)
        #expect(store.remove(for: profile))
        #expect(!store.remove(for: profile))
    }

    @Test func environmentComesBeforeTheFile() throws {
        let root = try TempFile.directory()
        let environment = ["XDG_CONFIG_HOME": root.path]
        let store = TokenStore(directories: ConfigDirectories(environment: environment))
        try store.write("from-file", for: .zenodo)
        let fromFile = try Credentials.resolve(profile: .zenodo, environment: environment, store: store)
        #expect(fromFile?.token == "from-file")
        #expect(fromFile?.source == .file(store.url(for: .zenodo).path))
        let fromEnv = try Credentials.resolve(
            profile: .zenodo, environment: environment.merging(["ZENODO_TOKEN": "from-env"]) { $1 }, store: store)
        #expect(fromEnv?.token == "from-env")
        #expect(fromEnv?.masked.hasPrefix("from…") == true)
        #expect(fromEnv?.masked.contains("from-env") == false)
        let sandbox = try Credentials.resolve(profile: .sandbox, environment: ["ZENODO_TOKEN": "prod"], store: store)
        #expect(sandbox == nil, "the production token is never sent to the sandbox")
    }

    @Test func retryAfterInBothForms() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.parseRetryAfter("7", now: now) == 7)
        #expect(RetryPolicy.parseRetryAfter("Tue, 14 Nov 2023 22:13:40 GMT", now: now) == 20)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.retryAfter(status: 429, header: "30", now: now) == 30)
        #expect(
            RetryPolicy.retryAfter(status: 503, header: "60", now: now) == nil,
            "Zenodo sends retry-after (its rate window) on every answer: only a 429's asks to wait")
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 1, maxDelay: 60, maxTotalWait: 10, jitter: { 0 })
        let unavailable = ZenodoError(.server, "x", status: 503)
        #expect(policy.delay(after: unavailable, attempt: 1, waited: 0) == 0.5)
        #expect(policy.delay(after: unavailable, attempt: 2, waited: 0.5) == 1)
        #expect(policy.delay(after: unavailable, attempt: 3, waited: 1.5) == nil, "bounded in attempts")
        #expect(
            policy.delay(after: ZenodoError(.rateLimited, "x", retryAfter: 30), attempt: 1, waited: 0) == nil,
            "bounded in total wait")
        #expect(
            policy.delay(after: ZenodoError(.server, "x", status: 500), attempt: 1, waited: 0) == nil,
            "500 is not retried")
        #expect(policy.delay(after: ZenodoError(.validation, "x", status: 400), attempt: 1, waited: 0) == nil)
    }
}
