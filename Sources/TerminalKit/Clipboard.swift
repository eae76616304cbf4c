import FoundationEssentials

/// OSC 52, the escape sequence that puts text in the clipboard of the terminal the user sits at:
/// over SSH it reaches the user's own machine, where a copy from the remote screen cannot.
/// Terminals that do not know it ignore it (xterm needs `allowWindowOps`; tmux passes it on with
/// `set-clipboard on`).
public enum Clipboard {
    /// The sequence that copies `text` (`ESC ] 52 ; c ; base64 BEL`).
    public static func osc52(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }
}
