import Crypto
import Foundation

/// Steps of Zenodo's documented flow, in plain HTTP, shared by the tests.
extension TestServer {
    var depositions: String { api + "/deposit/depositions" }

    nonisolated(unsafe) static let completeMetadata: [String: Any] = [
        "title": "Sensor calibration data",
        "upload_type": "dataset",
        "publication_date": "2026-03-02",
        "description": "<p>Raw and calibrated readings.</p>",
        "access_right": "open",
        "license": "CC0-1.0",
        "creators": [["name": "Doe, Jane", "affiliation": "CERN", "orcid": "0000-0002-1825-0097"]],
        "keywords": ["calibration"],
    ]

    func create(_ metadata: [String: Any]? = nil, token: String = TestServer.tokenA) async throws -> JSON {
        let body = metadata.map { Body(["metadata": $0]) } ?? Body([:])
        let reply = try await HTTP.send(.POST, depositions, token: token, json: body)
        precondition(reply.status == 201, "create answered \(reply.status): \(reply.text)")
        return reply.json
    }

    func deposition(_ id: Int, token: String = TestServer.tokenA) async throws -> JSON {
        try await HTTP.get("\(depositions)/\(id)", token: token).json
    }

    /// `PUT {bucket}/{key}` with raw bytes, as `curl --upload-file` does.
    func put(_ data: Data, key: String, bucket: String, token: String = TestServer.tokenA) async throws -> Reply {
        let encoded =
            key.addingPercentEncoding(
                withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#%"))) ?? key
        return try await HTTP.send(
            .PUT, "\(bucket)/\(encoded)", token: token, headers: [("Content-Type", "application/octet-stream")],
            body: data)
    }

    func action(_ id: Int, _ name: String, token: String = TestServer.tokenA) async throws -> Reply {
        try await HTTP.send(.POST, "\(depositions)/\(id)/actions/\(name)", token: token)
    }

    /// A published record with one file; returns its id.
    func publishedRecord(files: [String: Data] = ["readings.csv": Data("a,b\n1,2\n".utf8)]) async throws -> Int {
        let draft = try await create(Self.completeMetadata)
        let id = draft["id"].int!
        for (key, data) in files {
            let put = try await put(data, key: key, bucket: draft["links"]["bucket"].string!)
            precondition(put.status == 201, "upload answered \(put.status)")
        }
        let published = try await action(id, "publish")
        precondition(published.status == 202, "publish answered \(published.status): \(published.text)")
        return id
    }
}

func md5Hex(_ data: Data) -> String {
    Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
