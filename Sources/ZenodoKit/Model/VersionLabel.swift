import EssentialsExtras
import FoundationEssentials

/// A version string as a label: a number (`1.0`, `2.1-rc1`) reads `v1.0`; `v2`, `V3` and words
/// (`2024 release`, `beta`) read as written, never `vv2`.
public enum VersionLabel {
    public static func shown(_ version: String?) -> String? {
        guard let version = version?.trimming(.whitespaces), !version.isEmpty else { return nil }
        if let first = version.first, first.isNumber, !version.contains(where: \.isWhitespace) { return "v" + version }
        return version
    }
}
