/// Progress as text, shared by the interface and the command line.
public enum ProgressText {
    /// `[#####-----]`, `width` columns including the brackets.
    public static func bar(_ fraction: Double, width: Int) -> String {
        let inner = max(1, width - 2)
        let filled = Int((min(max(fraction, 0), 1) * Double(inner)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: inner - filled) + "]"
    }

    /// `45s`, `3m07s`, `2h05m`; `-` when unknown.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "-" }
        let s = Int(seconds.rounded())
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if s >= 3600 { return "\(s / 3600)h\(two(s % 3600 / 60))m" }
        if s >= 60 { return "\(s / 60)m\(two(s % 60))s" }
        return "\(s)s"
    }
}
