import Foundation
import TestScratch

/// PyYAML's `safe_load`, the reader InvenioRDM gives a release's CITATION.cff
/// (`invenio_rdm_records/services/github/metadata.py`) and its vocabulary fixtures
/// (`fixtures/vocabularies.py`), run once over many documents in the Python of
/// `.build/python-clients` (scripts/python-clients.sh). Each answer is a value in the canonical
/// text of `YAMLTextTests.canonical`, with the lines of the top-level keys, or `error`.
enum PyYAMLOracle {
    struct Answer: Decodable {
        var value: String
        var lines: [Int]
    }

    static var python: URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appendingPathComponent(".build/python-clients/bin/python")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    static let script = #"""
        import base64, datetime, json, math, sys, yaml
        def canon(v):
            if v is None: return "null"
            if isinstance(v, bool): return "bool:" + ("true" if v else "false")
            if isinstance(v, int): return "int:%d" % v
            if isinstance(v, float):
                if math.isnan(v): return "double:nan"
                return "double:" + repr(v)
            if isinstance(v, (datetime.date, datetime.datetime)): return "date:" + v.isoformat()[:10]
            if isinstance(v, bytes): return "data:" + base64.b64encode(v).decode()
            if isinstance(v, str):
                if len(v) >= 10 and v[4:5] == "-" and v[:4].isdigit(): return "date:" + v[:10]
                return "string:" + v
            if isinstance(v, list): return "[" + ",".join(canon(x) for x in v) + "]"
            if isinstance(v, set): return "[" + ",".join(sorted(canon(x) for x in v)) + "]"
            if isinstance(v, dict):
                return "{" + ",".join("%s=%s" % (k, canon(v[k])) for k in sorted(v, key=str)) + "}"
            return "other:%r" % (v,)
        out = []
        for text in json.load(sys.stdin):
            try:
                value = canon(yaml.safe_load(text))
                node = yaml.compose(text, Loader=yaml.SafeLoader)
                lines = [k.start_mark.line + 1 for k, _ in node.value] if isinstance(node, yaml.MappingNode) else []
                out.append({"value": value, "lines": lines})
            except (yaml.YAMLError, ValueError):  # `!!int abc` is a ValueError
                out.append({"value": "error", "lines": []})
        json.dump(out, sys.stdout)
        """#

    static func answers(_ documents: [String]) throws -> [Answer]? {
        guard let python else { return nil }
        let check = Process()
        check.executableURL = python
        check.arguments = ["-c", "import yaml"]
        check.standardError = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        guard check.terminationStatus == 0 else { return nil }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(documents))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([Answer].self, from: data)
    }
}
