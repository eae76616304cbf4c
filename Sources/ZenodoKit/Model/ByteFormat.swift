/// Sizes for people: `0 B`, `12.3 KiB`, `4.0 GiB`.
public enum ByteFormat {
    public static func string(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(bytes) / 1024
        var index = 0
        while value >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        if value >= 100 { return "\(Int(value.rounded())) \(units[index])" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[index])"
    }

    /// Decimal units, as Zenodo counts quotas (`50 GB` is 50,000,000,000 bytes): `50 GB`,
    /// `182.3 GB`, `1.2 TB`.
    public static func decimal(_ bytes: Int64) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        let units = ["kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes) / 1000
        var index = 0
        while value >= 1000, index < units.count - 1 {
            value /= 1000
            index += 1
        }
        let tenths = Int((value * 10).rounded())
        if tenths % 10 == 0 { return "\(tenths / 10) \(units[index])" }
        return "\(tenths / 10).\(tenths % 10) \(units[index])"
    }
}
