import Foundation

/// Paths the interface moves between. Not `NSString.deletingLastPathComponent`: on Linux it traps
/// on some short paths (`.`, `x`, `a/`), so Backspace at the start directory ended the program
/// (found by the `keys` fuzz target).
enum PathText {
    /// The directory above `path`, absolute (relative paths from the working directory); `/`
    /// stays `/`.
    static func parent(of path: String) -> String {
        let url = URL(fileURLWithPath: path.isEmpty ? "." : path, isDirectory: true).standardizedFileURL
        return url.path == "/" ? "/" : url.deletingLastPathComponent().path
    }
}
