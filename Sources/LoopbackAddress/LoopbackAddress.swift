#if canImport(Glibc)
    import Glibc
#endif

/// Whether a host is this machine, decided by the parsed address, never by the spelling of a
/// name (`127.evil.example` is a name anyone can point anywhere): `localhost`, `127.0.0.0/8`,
/// `::1` and `::ffff:127.x.y.z`, with or without the brackets of a URL. Shared by ZenodoKit (plain
/// HTTP and the LOCAL badge only for loopback) and LocalZenodo (listening off loopback), which may
/// not import each other.
public enum LoopbackAddress {
    public static func contains(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, name, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
        // ::ffff:127.x.y.z
        return bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
    }
}
