import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The bytes of a stored ZIP (APPNOTE 6.3.10), member by member, computed from the members alone:
/// local header (UTF-8 flag, a data descriptor for files, whose CRC-32 is known only once their
/// bytes have been read), the bytes as they are, the descriptor, then the central directory and
/// its end. ZIP64 is used where a field does not fit: a member of 4 GiB or more, an offset past
/// 4 GiB, more than 65,535 entries. Times are UTC (the DOS fields, and the extended timestamp
/// field 0x5455); the host's owner and group are not recorded.
enum ZipFormat {
    static let limit32: Int64 = 0xFFFF_FFFF
    static let versionMadeBy: UInt16 = 0x0300 | 45  // Unix, APPNOTE 4.5

    static func isZip64(_ member: PackMember) -> Bool { member.size >= limit32 }

    private static func flags(_ member: PackMember) -> UInt16 {
        // Bit 11: the name is UTF-8. Bit 3: CRC-32 (and sizes) follow the data.
        member.kind == .file ? 0x0808 : 0x0800
    }

    private static func versionNeeded(_ member: PackMember, offset: Int64 = 0) -> UInt16 {
        isZip64(member) || offset >= limit32 ? 45 : 20
    }

    // MARK: Local header, data, descriptor

    static func localHeaderSize(_ member: PackMember) -> Int {
        30 + member.name.utf8.count + 9 + (isZip64(member) ? 20 : 0)
    }

    /// A directory's or link's CRC is known in advance (`crc`); a file's is in its descriptor.
    static func localHeader(_ member: PackMember, crc: UInt32) -> [UInt8] {
        var out = ArchiveBytes(capacity: localHeaderSize(member))
        let zip64 = isZip64(member)
        let (time, date) = dosTime(member.seconds)
        out.u32(UInt32(0x0403_4B50))
        out.u16(versionNeeded(member))
        out.u16(flags(member))
        out.u16(0)  // stored
        out.u16(time)
        out.u16(date)
        out.u32(member.kind == .file ? 0 : crc)
        out.u32(zip64 ? limit32 : member.size)
        out.u32(zip64 ? limit32 : member.size)
        out.u16(member.name.utf8.count)
        out.u16(9 + (zip64 ? 20 : 0))
        out.append(member.name)
        timestamp(member, into: &out)
        if zip64 {
            out.u16(0x0001)
            out.u16(16)
            out.u64(member.size)
            out.u64(member.size)
        }
        return out.bytes
    }

    static func descriptorSize(_ member: PackMember) -> Int {
        member.kind == .file ? (isZip64(member) ? 24 : 16) : 0
    }

    static func descriptor(_ member: PackMember, crc: UInt32) -> [UInt8] {
        guard member.kind == .file else { return [] }
        var out = ArchiveBytes(capacity: 24)
        out.u32(UInt32(0x0807_4B50))
        out.u32(crc)
        if isZip64(member) {
            out.u64(member.size)
            out.u64(member.size)
        } else {
            out.u32(member.size)
            out.u32(member.size)
        }
        return out.bytes
    }

    // MARK: Central directory

    private static func centralZip64Fields(_ member: PackMember, offset: Int64) -> Int {
        (isZip64(member) ? 2 : 0) + (offset >= limit32 ? 1 : 0)
    }

    static func centralSize(_ member: PackMember, offset: Int64) -> Int {
        let fields = centralZip64Fields(member, offset: offset)
        return 46 + member.name.utf8.count + 9 + (fields > 0 ? 4 + 8 * fields : 0)
    }

    static func central(_ member: PackMember, crc: UInt32, offset: Int64) -> [UInt8] {
        var out = ArchiveBytes(capacity: centralSize(member, offset: offset))
        let zip64 = isZip64(member)
        let fields = centralZip64Fields(member, offset: offset)
        let (time, date) = dosTime(member.seconds)
        out.u32(UInt32(0x0201_4B50))
        out.u16(versionMadeBy)
        out.u16(versionNeeded(member, offset: offset))
        out.u16(flags(member))
        out.u16(0)
        out.u16(time)
        out.u16(date)
        out.u32(crc)
        out.u32(zip64 ? limit32 : member.size)
        out.u32(zip64 ? limit32 : member.size)
        out.u16(member.name.utf8.count)
        out.u16(9 + (fields > 0 ? 4 + 8 * fields : 0))
        out.u16(0)  // comment
        out.u16(0)  // disk
        out.u16(0)  // internal attributes
        out.u32(externalAttributes(member))
        out.u32(offset >= limit32 ? limit32 : offset)
        out.append(member.name)
        timestamp(member, into: &out)
        if fields > 0 {
            out.u16(0x0001)
            out.u16(UInt16(8 * fields))
            if zip64 {
                out.u64(member.size)
                out.u64(member.size)
            }
            if offset >= limit32 { out.u64(offset) }
        }
        return out.bytes
    }

    private static func externalAttributes(_ member: PackMember) -> UInt32 {
        switch member.kind {
        case .file: return (UInt32(S_IFREG) | member.mode) << 16
        case .directory: return (UInt32(S_IFDIR) | member.mode) << 16 | 0x10
        case .link: return (UInt32(S_IFLNK) | member.mode) << 16
        }
    }

    // MARK: End of central directory

    static func needsZip64End(count: Int, directoryOffset: Int64, directorySize: Int64) -> Bool {
        count >= 0xFFFF || directoryOffset >= limit32 || directorySize >= limit32
    }

    static func endSize(count: Int, directoryOffset: Int64, directorySize: Int64) -> Int {
        needsZip64End(count: count, directoryOffset: directoryOffset, directorySize: directorySize) ? 56 + 20 + 22 : 22
    }

    static func end(count: Int, directoryOffset: Int64, directorySize: Int64) -> [UInt8] {
        var out = ArchiveBytes(capacity: 98)
        let zip64 = needsZip64End(count: count, directoryOffset: directoryOffset, directorySize: directorySize)
        if zip64 {
            let recordOffset = directoryOffset + directorySize
            out.u32(UInt32(0x0606_4B50))
            out.u64(44)  // the record's size after this field
            out.u16(versionMadeBy)
            out.u16(45)
            out.u32(UInt32(0))
            out.u32(UInt32(0))
            out.u64(Int64(count))
            out.u64(Int64(count))
            out.u64(directorySize)
            out.u64(directoryOffset)
            out.u32(UInt32(0x0706_4B50))
            out.u32(UInt32(0))
            out.u64(recordOffset)
            out.u32(UInt32(1))
        }
        out.u32(UInt32(0x0605_4B50))
        out.u16(0)
        out.u16(0)
        out.u16(zip64 ? 0xFFFF : count)
        out.u16(zip64 ? 0xFFFF : count)
        out.u32(zip64 ? limit32 : directorySize)
        out.u32(zip64 ? limit32 : directoryOffset)
        out.u16(0)
        return out.bytes
    }

    // MARK: Times

    /// The extended timestamp field (0x5455): the modification time in Unix seconds.
    private static func timestamp(_ member: PackMember, into out: inout ArchiveBytes) {
        out.u16(0x5455)
        out.u16(5)
        out.bytes.append(1)
        out.u32(UInt32(clamping: max(0, min(Int64(Int32.max), member.seconds))))
    }

    /// MS-DOS time and date, UTC, from 1980 (earlier times are 1980-01-01 00:00).
    static func dosTime(_ seconds: Int64) -> (time: UInt16, date: UInt16) {
        var time = time_t(max(seconds, 315_532_800))
        var parts = tm()
        gmtime_r(&time, &parts)
        let year = min(Int(parts.tm_year) + 1900 - 1980, 127)
        let date = UInt16(year << 9 | Int(parts.tm_mon + 1) << 5 | Int(parts.tm_mday))
        let clock = UInt16(Int(parts.tm_hour) << 11 | Int(parts.tm_min) << 5 | Int(parts.tm_sec) / 2)
        return (clock, date)
    }
}
