/// A YAML document as composed from libyaml's events: scalars keep their text, style, tag and
/// position; aliases are resolved to the node they name (shared, not copied, so a "billion laughs"
/// file costs only its own size until something walks it).
public indirect enum YAMLNode: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], YAMLStart)
    case mapping([YAMLPair], YAMLStart)

    /// A scalar's text; `nil` for a collection.
    public var string: String? {
        if case .scalar(let scalar) = self { return scalar.text }
        return nil
    }

    /// Where the node starts (lines and columns from 1).
    public var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(_, let start), .mapping(_, let start): start.mark
        }
    }

    /// A plain scalar of `text` (emitted quoted when it would read back as something else).
    public init(_ text: String, style: YAMLScalar.Style = .any) {
        self = .scalar(YAMLScalar(text: text, style: style))
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(_ key: YAMLNode, _ value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

public struct YAMLScalar: Sendable {
    public enum Style: Sendable {
        /// The emitter's choice (plain unless the text needs quotes).
        case any
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    public var text: String
    public var style: Style
    /// The resolved tag (`tag:yaml.org,2002:binary` for `!!binary`, `!` for a non-specific one);
    /// `nil` when the scalar had none.
    public var tag: String?
    public var mark: YAMLMark

    public init(text: String, style: Style = .any, tag: String? = nil, mark: YAMLMark = YAMLMark(line: 0, column: 0)) {
        self.text = text
        self.style = style
        self.tag = tag
        self.mark = mark
    }
}

/// Where a collection starts, and its tag (`tag:yaml.org,2002:set` for `!!set`), if it had one.
public struct YAMLStart: Sendable {
    public var mark: YAMLMark
    public var tag: String?

    public init(mark: YAMLMark, tag: String? = nil) {
        self.mark = mark
        self.tag = tag
    }

    /// For a collection made by the program rather than read.
    public static let unplaced = YAMLStart(mark: YAMLMark(line: 0, column: 0))
}

public struct YAMLMark: Sendable, Equatable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// Why a text is not YAML, with libyaml's own words and position.
public struct YAMLError: Error, CustomStringConvertible, Sendable {
    public var problem: String
    public var mark: YAMLMark?
    public var context: String?

    public var description: String {
        var text = problem
        if let mark { text += " at line \(mark.line), column \(mark.column)" }
        if let context { text += " (\(context))" }
        return text
    }
}
