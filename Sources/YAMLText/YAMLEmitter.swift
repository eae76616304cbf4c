import CLibYAML

/// `YAMLNode` to text through libyaml's emitter: block style, two-space indent, lines up to 80
/// columns, UTF-8 as is (not `\u` escapes). A plain string that would read back as something else
/// (`1.0`, `yes`, `~`) is quoted.
public enum YAMLEmitter {
    public static func emit(_ root: YAMLNode) throws(YAMLError) -> String {
        var emitter = yaml_emitter_t()
        guard yaml_emitter_initialize(&emitter) == 1 else { throw YAMLError(problem: "cannot start the YAML emitter") }
        defer { yaml_emitter_delete(&emitter) }
        let output = Output()
        let context = Unmanaged.passUnretained(output).toOpaque()
        yaml_emitter_set_output(
            &emitter,
            { context, buffer, size in
                let output = Unmanaged<Output>.fromOpaque(context!).takeUnretainedValue()
                output.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, context)
        yaml_emitter_set_unicode(&emitter, 1)
        yaml_emitter_set_indent(&emitter, 2)
        yaml_emitter_set_width(&emitter, 80)
        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try send(&emitter, &event)
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
        try send(&emitter, &event)
        try node(root, &emitter)
        yaml_document_end_event_initialize(&event, 1)
        try send(&emitter, &event)
        yaml_stream_end_event_initialize(&event)
        try send(&emitter, &event)
        _ = withExtendedLifetime(output) {}
        return String(decoding: output.bytes, as: UTF8.self)
    }

    private final class Output {
        var bytes: [UInt8] = []
    }

    private static func node(_ node: YAMLNode, _ emitter: inout yaml_emitter_t) throws(YAMLError) {
        var event = yaml_event_t()
        switch node {
        case .scalar(let scalar):
            var bytes = Array(scalar.text.utf8)
            bytes.append(0)
            let plainReadsBack = YAMLScalar.readsAsText(scalar.text) ? Int32(1) : 0
            bytes.withUnsafeMutableBufferPointer { buffer in
                _ = yaml_scalar_event_initialize(
                    &event, nil, nil, buffer.baseAddress, Int32(buffer.count - 1), plainReadsBack, 1,
                    style(scalar.style))
            }
            try send(&emitter, &event)
        case .sequence(let items, _):
            yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_ANY_SEQUENCE_STYLE)
            try send(&emitter, &event)
            for item in items { try self.node(item, &emitter) }
            yaml_sequence_end_event_initialize(&event)
            try send(&emitter, &event)
        case .mapping(let pairs, _):
            yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_ANY_MAPPING_STYLE)
            try send(&emitter, &event)
            for pair in pairs {
                try self.node(pair.key, &emitter)
                try self.node(pair.value, &emitter)
            }
            yaml_mapping_end_event_initialize(&event)
            try send(&emitter, &event)
        }
    }

    private static func send(_ emitter: inout yaml_emitter_t, _ event: inout yaml_event_t) throws(YAMLError) {
        guard yaml_emitter_emit(&emitter, &event) == 1 else {
            throw YAMLError(problem: emitter.problem.map { String(cString: $0) } ?? "cannot write YAML")
        }
    }

    private static func style(_ style: YAMLScalar.Style) -> yaml_scalar_style_t {
        switch style {
        case .any: YAML_ANY_SCALAR_STYLE
        case .plain: YAML_PLAIN_SCALAR_STYLE
        case .singleQuoted: YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: YAML_LITERAL_SCALAR_STYLE
        case .folded: YAML_FOLDED_SCALAR_STYLE
        }
    }
}
