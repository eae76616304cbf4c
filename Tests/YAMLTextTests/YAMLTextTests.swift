import Foundation
import Testing
import YAMLText

/// YAMLText against PyYAML's `safe_load` (what InvenioRDM reads CITATION.cff and fixtures with) on
/// the YAML such files use: the same values, the same lines, and text that reads back the same.
@Suite struct YAMLTextTests {
    static let documents: [String] = [
        "cff-version: 1.2.0\ntitle: Plain\nauthors:\n  - family-names: Smith\n    given-names: Ann\n",
        "title: 'single ''quoted'''\nabstract: \"double \\\"quoted\\\" \\u00e9\"\n",
        "abstract: |\n  Literal block\n  keeps lines.\n\n  And blank ones.\ntitle: x\n",
        "abstract: >\n  Folded block\n  joins lines.\n\n  New paragraph.\n",
        "abstract: >-\n  stripped\n  end\nnote: |+\n  kept\n\n",
        "keywords: [climate, 'sea level', \"ice\"]\nauthors: [{name: A}, {family-names: B, given-names: C}]\n",
        "# a comment\ntitle: x # trailing comment\n...\n", "first: 1\n---\nsecond: 2\n",
        "version: 1.0\nrelease: 2\ndate-released: 2021-01-05\nflag: yes\nswitch: off\nnothing: ~\nempty:\n",
        "version: 1.10\nhex: 0x1F\noctal: 017\nexp: 1e3\nneg: -4\nplus: +5\nunderscore: 1_000\n",
        "inf: .inf\nninf: -.Inf\nnan: .NaN\nnotnum: 1.2.3\nip: 192.168.0.1\n",
        "base: &b {name: Base, orcid: 0000-0001}\nauthors:\n  - *b\n  - <<: *b\n    name: Other\n",
        "title: Ünïcödé — “quotes” 日本語\nauthors:\n  - name: Zoë Ø\n",
        "multi: this is\n  a plain scalar\n  over lines\n",
        "\"quoted key\": 1\n? complex\n: value\n",
        "list:\n- a\n- b:\n    c: d\n- - nested\n  - list\n",
        "tagged: !!str 123\nint: !!int \"42\"\nbin: !!binary aGVsbG8=\nfloat: !!float 1\n",
        "local: !custom value\n", "authors: !custom {a: 1}\n", "list: !!seq [a]\nmap: !!map {a: 1}\n",
        "bad: !!int abc\n", "set: !!set {a, b}\n", "sexagesimal: 1:20\nangle: 1:20.5\n",
        "dotted: 1.\nleading: .5\nsigned: +1.5e+3\nnotint: 0o17\nzero: -0\nbinary: 0b101\n",
        "- id: '1'\n  scheme: FOS\n  subject: Natural sciences\n- id: 2\n  scheme: FOS\n  subject: Mathematics\n",
        "empty_list: []\nempty_map: {}\n",
        "windows: line\r\nends: here\r\n",
        "%YAML 1.1\n---\ntitle: with directive\n",
    ]

    @Test func valuesAndLinesMatchPyYAML() throws {
        guard let answers = try PyYAMLOracle.answers(Self.documents) else {
            print("skipped: PyYAML is not installed (scripts/python-clients.sh)")
            return
        }
        for (text, answer) in zip(Self.documents, answers) {
            let ours: String
            var lines: [Int] = []
            do {
                let root = try YAMLParser.compose(text)
                ours = Self.canonical(try root?.safeValue())
                if case .mapping(let pairs, _)? = root { lines = pairs.map(\.key.mark.line) }
            } catch {
                ours = "error"
            }
            #expect(ours == answer.value, "\(text)")
            if ours != "error" { #expect(lines == answer.lines, "lines of \(text)") }
        }
    }

    /// What the emitter writes (every scalar as text) reads back as the same texts, and both
    /// readers agree on it.
    @Test(arguments: documents)
    func emittedTextReadsBack(_ text: String) throws {
        guard let node = try? YAMLParser.compose(text) else { return }
        let emitted = try YAMLEmitter.emit(node)
        let again = try #require(try YAMLParser.compose(emitted))
        #expect(Self.texts(again) == Self.texts(node), "\(emitted)")
        if let answer = try PyYAMLOracle.answers([emitted])?.first {
            #expect(answer.value == Self.canonical(again.value), "PyYAML reads it the same: \(emitted)")
        }
    }

    @Test func textThatWouldReadAsSomethingElseIsQuoted() throws {
        let words = ["1.0", "yes", "~", "", "null", "0x1F", "2021", "-.inf", "true", "plain text", "a: b", "- x"]
        let node = YAMLNode.sequence(words.map { YAMLNode($0) }, .unplaced)
        let emitted = try YAMLEmitter.emit(node)
        #expect(try YAMLParser.compose(emitted)?.value as? [String] == words, "\(emitted)")
        #expect(emitted.contains("- plain text"), "plain where plain reads back: \(emitted)")
        #expect(try YAMLEmitter.emit(YAMLNode("Zoë 日本")) == "Zoë 日本\n", "UTF-8 as is, not escaped")
    }

    @Test func refusalsComeInWords() throws {
        #expect(throws: YAMLError.self) { try YAMLParser.compose("title: [unclosed\n") }
        #expect(throws: YAMLError.self) { try YAMLParser.compose("a: *nowhere\n") }
        #expect(throws: YAMLError.self) { try YAMLParser.compose("a: 1\n---\nb: 2\n") }
        do {
            _ = try YAMLParser.compose("title: x\n  bad: indent\n")
            Issue.record("a bad indent was read")
        } catch {
            #expect(error.description.contains("line 2"), "\(error)")
        }
        let deep = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
        do {
            _ = try YAMLParser.compose(deep)
            Issue.record("5,000 levels were composed")
        } catch {
            #expect(error.description.contains("nested more than 1000 levels"), "\(error)")
        }
        #expect(try YAMLParser.compose("") == nil)
        #expect(try YAMLParser.compose("# only a comment\n") == nil)
    }

    /// Anchors are shared, not copied: twelve levels of nine aliases each compose at once.
    @Test func aliasesAreSharedWhileComposed() throws {
        var yaml = "lol0: &a0 [\"lol\"]\n"
        for n in 1...12 {
            yaml += "lol\(n): &a\(n) [" + Array(repeating: "*a\(n - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        let started = ContinuousClock.now
        let root = try #require(try YAMLParser.compose(yaml))
        #expect(ContinuousClock.now - started < .seconds(5))
        guard case .mapping(let pairs, _) = root else {
            Issue.record("not a mapping")
            return
        }
        #expect(pairs.count == 13)
    }

    // MARK: helpers

    /// Values in one comparable shape, the one PyYAMLOracle prints PyYAML's in.
    static func canonical(_ value: Any?) -> String {
        switch value {
        case nil, is YAMLNull: return "null"
        case let data as Data: return "data:" + data.base64EncodedString()
        case let bool as Bool: return "bool:\(bool)"
        case let int as Int: return "int:\(int)"
        case let double as Double: return double.isNaN ? "double:nan" : "double:\(double)"
        case let string as String:
            // PyYAML makes a date of a timestamp; YAMLText keeps its text.
            if string.count >= 10, string.dropFirst(4).first == "-", Int(string.prefix(4)) != nil {
                return "date:" + string.prefix(10)
            }
            return "string:" + string
        case let array as [Any]: return "[" + array.map { canonical($0) }.joined(separator: ",") + "]"
        case let map as [String: Any]:
            return "{" + map.keys.sorted().map { "\($0)=\(canonical(map[$0]))" }.joined(separator: ",") + "}"
        default: return "other:\(value!)"
        }
    }

    /// The tree with every scalar as its text.
    static func texts(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let scalar): return "'" + scalar.text + "'"
        case .sequence(let items, _): return "[" + items.map(texts).joined(separator: ",") + "]"
        case .mapping(let pairs, _):
            return "{" + pairs.map { texts($0.key) + ":" + texts($0.value) }.joined(separator: ",") + "}"
        }
    }
}
