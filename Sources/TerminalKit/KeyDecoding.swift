/// The wide character a terminal read (ncurses' `get_wch`, not a function key) as a `Key`.
/// Control characters other than Tab, Enter, Esc, Backspace and Ctrl-letter are dropped, as are
/// C1 controls, surrogates and values that are not Unicode scalars: none of them may reach a text
/// field or the screen.
extension Key {
    public init?(wideCharacter value: UInt32) {
        switch value {
        case 9: self = .tab
        case 10, 13: self = .enter
        case 27: self = .escape
        case 8, 127: self = .backspace
        case 1...26: self = .control(Character(Unicode.Scalar(UInt8(value + 96))))
        case 0, 28...31, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            self = .character(Character(scalar))
        }
    }
}
