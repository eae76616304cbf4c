import FoundationEssentials
import Hummingbird
import NIOCore

/// `GET /`: the front page, enough of it for clients that tell the repository kind by it.
/// invenio-theme's `page.html` writes `<meta name="generator" content="…"/>` from
/// `THEME_GENERATOR`, which invenio-app-rdm sets to "InvenioRDM MAJOR.MINOR" of the installed
/// invenio-app-rdm (`config.py` `_get_package_version`); Zenodo does not override it and pins
/// invenio-app-rdm 15.0 (zenodo-rdm `uv.lock`). A plain instance is taken to run 14.0, the
/// current release line.
enum FrontPage {
    static func generator(_ flavor: Flavor) -> String {
        flavor == .inveniordm ? "InvenioRDM 14.0" : "InvenioRDM 15.0"
    }

    static func response(_ flavor: Flavor, links: Links) -> Response {
        let site = flavor == .inveniordm ? "InvenioRDM" : "Zenodo"
        let page = """
            <!DOCTYPE html>
            <html lang="en" dir="ltr">
              <head>
                <meta charset="utf-8">
                <meta http-equiv="X-UA-Compatible" content="IE=edge">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="generator" content="\(generator(flavor))"/>
                <title>\(site)</title>
              </head>
              <body>
                <h1>\(site)</h1>
                <p>LocalZenodo, imitating \(site). The REST API is at <a href="\(links.api)/">\(links.api)/</a>.</p>
              </body>
            </html>

            """
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}
