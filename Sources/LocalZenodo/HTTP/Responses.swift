import FoundationEssentials
import HTTPTypes
import Hummingbird
import NIOCore

/// Response builders for Zenodo's JSON answers.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: value.encoded())))
    }

    static func error(_ error: APIError) -> Response {
        var headers = HTTPFields()
        for (name, value) in error.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return json(error.json, status: .init(code: error.status), headers: headers)
    }

    static func noContent() -> Response { Response(status: .noContent) }

    static func bytes(_ data: Data, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func redirect(_ location: String, status: HTTPResponse.Status = .found) -> Response {
        Response(status: status, headers: [.location: location])
    }

    /// Whether this is an error page of the gateway (nginx) rather than an answer of the application.
    static func isGatewayPage(_ response: Response) -> Bool {
        response.headers[.contentType] == "text/html"
    }

    /// An HTML error page like the one nginx answers in front of Zenodo (e.g. 413).
    static func html(status: Int, title: String) -> Response {
        let page =
            "<html>\r\n<head><title>\(status) \(title)</title></head>\r\n<body>\r\n<center><h1>\(status) \(title)</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        return Response(
            status: .init(code: status), headers: [.contentType: "text/html"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}
