extension KeyBindings {
    /// `docs/keys.md`: every screen's bindings, from the same records as the help overlay.
    public static func markdown() -> String {
        let screens: [(String, AppState.Screen)] = [
            ("Depositions list", .list), ("A deposition", .deposition(0)), ("File picker", .picker), ("Upload queue", .uploads),
        ]
        var text = "# Keys\n\nGenerated from the key bindings (`Sources/ZenodoTUI/Keys/KeyBinding.swift`); `?` shows the same list in the app.\n"
        for (title, screen) in screens {
            text += "\n## \(title)\n\n| keys | action |\n| --- | --- |\n"
            for binding in bindings(for: screen) {
                let keys = binding.keys.map { "`\($0.label)`" }.joined(separator: " ")
                text += "| \(keys) | \(binding.description) |\n"
            }
        }
        return text
    }
}
