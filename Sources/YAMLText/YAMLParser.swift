import CLibYAML

/// Text to `YAMLNode` through libyaml's event parser: the first document only (a second one is an
/// error, as a metadata file has one), anchors and aliases resolved, nesting bounded.
public enum YAMLParser {
    /// Deeper than this is refused rather than walked (every walk over a node is recursive).
    public static let maximumDepth = 1_000

    /// The document's root; `nil` for an empty stream.
    public static func compose(_ text: String) throws(YAMLError) -> YAMLNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw YAMLError(problem: "cannot start the YAML parser") }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x0A] }
        let outcome: Result<YAMLNode?, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var composer = Composer()
            do throws(YAMLError) {
                return .success(try composer.run(&parser))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    private struct Composer {
        enum Open {
            case sequence([YAMLNode], YAMLStart, anchor: String?)
            case mapping([YAMLPair], pendingKey: YAMLNode?, YAMLStart, anchor: String?)
        }

        var stack: [Open] = []
        var anchors: [String: YAMLNode] = [:]
        var root: YAMLNode?
        var documents = 0

        mutating func run(_ parser: inout yaml_parser_t) throws(YAMLError) -> YAMLNode? {
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { throw Self.error(of: parser) }
                defer { yaml_event_delete(&event) }
                let mark = YAMLMark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return root
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 {
                        throw YAMLError(
                            problem: "a second document (---) where one was expected", mark: mark, context: nil)
                    }
                case YAML_ALIAS_EVENT:
                    let name = Self.text(event.data.alias.anchor)
                    guard let node = anchors[name] else {
                        throw YAMLError(problem: "the alias *\(name) names no anchor", mark: mark, context: nil)
                    }
                    try add(node)
                case YAML_SCALAR_EVENT:
                    let data = event.data.scalar
                    let text = String(
                        decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
                    let scalar = YAMLScalar(
                        text: text, style: Self.style(data.style), tag: data.tag.map { Self.text($0) }, mark: mark)
                    let node = YAMLNode.scalar(scalar)
                    if let anchor = data.anchor { anchors[Self.text(anchor)] = node }
                    try add(node)
                case YAML_SEQUENCE_START_EVENT:
                    let data = event.data.sequence_start
                    let start = YAMLStart(mark: mark, tag: data.tag.map { Self.text($0) })
                    try open(.sequence([], start, anchor: data.anchor.map { Self.text($0) }), at: mark)
                case YAML_MAPPING_START_EVENT:
                    let data = event.data.mapping_start
                    let start = YAMLStart(mark: mark, tag: data.tag.map { Self.text($0) })
                    try open(.mapping([], pendingKey: nil, start, anchor: data.anchor.map { Self.text($0) }), at: mark)
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    let node: YAMLNode
                    let anchor: String?
                    switch stack.removeLast() {
                    case .sequence(let items, let start, let name):
                        node = .sequence(items, start)
                        anchor = name
                    case .mapping(let pairs, _, let start, let name):
                        node = .mapping(pairs, start)
                        anchor = name
                    }
                    if let anchor { anchors[anchor] = node }
                    try add(node)
                default:
                    break
                }
            }
        }

        mutating func open(_ collection: Open, at mark: YAMLMark) throws(YAMLError) {
            guard stack.count < YAMLParser.maximumDepth else {
                throw YAMLError(
                    problem: "nested more than \(YAMLParser.maximumDepth) levels deep", mark: mark, context: nil)
            }
            stack.append(collection)
        }

        mutating func add(_ node: YAMLNode) throws(YAMLError) {
            guard let top = stack.popLast() else {
                root = node
                return
            }
            switch top {
            case .sequence(var items, let mark, let anchor):
                items.append(node)
                stack.append(.sequence(items, mark, anchor: anchor))
            case .mapping(var pairs, let pending, let mark, let anchor):
                if let key = pending {
                    pairs.append(YAMLPair(key, node))
                    stack.append(.mapping(pairs, pendingKey: nil, mark, anchor: anchor))
                } else {
                    stack.append(.mapping(pairs, pendingKey: node, mark, anchor: anchor))
                }
            }
        }

        static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> String {
            String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        }

        static func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
            switch style {
            case YAML_PLAIN_SCALAR_STYLE: .plain
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .any
            }
        }

        static func error(of parser: yaml_parser_t) -> YAMLError {
            var problem = parser.problem.map { String(cString: $0) } ?? "not YAML"
            if problem.hasPrefix("Maximum nesting level reached") {
                problem = "nested more than \(YAMLParser.maximumDepth) levels deep"
            }
            let context = parser.context.map {
                String(cString: $0) + " at line \(parser.context_mark.line + 1)"
            }
            return YAMLError(
                problem: problem,
                mark: YAMLMark(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1),
                context: context)
        }
    }
}
