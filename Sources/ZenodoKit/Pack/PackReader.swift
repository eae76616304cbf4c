import EssentialsExtras
import FoundationEssentials
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a `PackedArchive` at any offset: headers and trailers are made from the members, content
/// is read from the member's file (kept open while it is read), and a member's CRC-32 is computed
/// as its bytes go by in order. A member that is not as planned when it is opened, is shorter than
/// planned, or is not as planned once its last byte is read, fails the read in words: the archive
/// would not be the one whose size was declared.
final class PackReader: ByteReader, @unchecked Sendable {
    let archive: PackedArchive
    private let lock = PlainLock()
    /// The member file open now.
    private var open: (index: Int, fd: Int32)?
    /// The CRC of the member being read in order: which, up to where, and its value so far.
    private var running: (index: Int, position: Int64, crc: UInt32)?

    init(_ archive: PackedArchive) { self.archive = archive }

    deinit { if let open { close(open.fd) } }

    func identity() -> FileIdentity? { try? archive.identity() }

    func read(into buffer: inout ByteBuffer, at offset: Int64, upTo count: Int) throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        var total = 0
        while total < count {
            let position = offset + Int64(total)
            guard position < archive.size else { break }
            let wanted = count - total
            total += try fill(&buffer, at: position, wanted)
        }
        return total
    }

    /// Some bytes at `position` (at least one, at most `wanted`), from the one piece that holds it.
    private func fill(_ buffer: inout ByteBuffer, at position: Int64, _ wanted: Int) throws -> Int {
        let format = archive.format
        if position < archive.tailStart {
            let index = archive.member(at: position)
            let member = archive.members[index]
            let dataStart = archive.dataStarts[index]
            let dataEnd = dataStart + PackedArchive.contentSize(format, member)
            if position < dataStart {
                let header =
                    format == .zip
                    ? ZipFormat.localHeader(member, crc: member.kind == .link ? try crc(index) : 0)
                    : TarFormat.header(member)
                return copy(header, from: Int(position - archive.starts[index]), wanted, into: &buffer)
            }
            if position < dataEnd {
                return try content(
                    index, at: position - dataStart, Int(min(Int64(wanted), dataEnd - position)), &buffer)
            }
            let trailer =
                format == .zip
                ? ZipFormat.descriptor(member, crc: try crc(index))
                : [UInt8](repeating: 0, count: TarFormat.paddingSize(member))
            return copy(trailer, from: Int(position - dataEnd), wanted, into: &buffer)
        }
        let inTail = position - archive.tailStart
        guard format == .zip else {
            return copy([UInt8](repeating: 0, count: TarFormat.endSize), from: Int(inTail), wanted, into: &buffer)
        }
        if inTail < archive.directorySize {
            let index = archive.directoryEntry(at: inTail)
            let entry = ZipFormat.central(archive.members[index], crc: try crc(index), offset: archive.starts[index])
            return copy(entry, from: Int(inTail - archive.directoryStarts[index]), wanted, into: &buffer)
        }
        let end = ZipFormat.end(
            count: archive.members.count, directoryOffset: archive.tailStart, directorySize: archive.directorySize)
        return copy(end, from: Int(inTail - archive.directorySize), wanted, into: &buffer)
    }

    private func copy(_ bytes: [UInt8], from start: Int, _ wanted: Int, into buffer: inout ByteBuffer) -> Int {
        let slice = bytes[start..<min(bytes.count, start + wanted)]
        buffer.writeBytes(slice)
        return slice.count
    }

    // MARK: Content

    /// Up to `count` bytes of member `index` from `offset` within it, its CRC kept up to date.
    private func content(_ index: Int, at offset: Int64, _ count: Int, _ buffer: inout ByteBuffer) throws -> Int {
        let member = archive.members[index]
        var read = 0
        if member.kind == .link {
            let target = Array((member.linkTarget ?? "").utf8)
            let slice = target[Int(offset)..<min(target.count, Int(offset) + count)]
            buffer.writeBytes(slice)
            read = slice.count
        } else {
            let fd = try descriptor(for: index)
            var failure: Int32 = 0
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
                while read < count {
                    let result = pread(fd, pointer.baseAddress! + read, count - read, off_t(offset) + off_t(read))
                    if result < 0, errno == EINTR { continue }
                    if result < 0 {
                        failure = errno
                        break
                    }
                    if result == 0 { break }
                    read += result
                }
                return read
            }
            if failure != 0 {
                throw ZenodoError(
                    .localFile, "cannot read \(member.path) while packing it (\(String(cString: strerror(failure))))")
            }
            if read == 0 { throw changed(member, "it is shorter than when the archive was planned") }
        }
        let written = buffer.readableBytesView.suffix(read)
        try account(index, at: offset, written)
        if offset + Int64(read) == member.size, member.kind == .file { try checkUnchanged(index) }
        return read
    }

    /// Feeds the running CRC when the bytes follow the ones before; records it at the member's end.
    private func account(_ index: Int, at offset: Int64, _ bytes: ByteBufferView) throws {
        guard archive.format == .zip else { return }
        var state: (index: Int, position: Int64, crc: UInt32)
        if let running, running.index == index, running.position == offset {
            state = running
        } else if offset == 0 {
            state = (index, 0, 0)
        } else {
            running = nil
            return
        }
        state.crc = bytes.withUnsafeBytes { CRC32.update(state.crc, $0) }
        state.position += Int64(bytes.count)
        if state.position == archive.members[index].size {
            running = nil
            guard archive.crcs.record(index, state.crc) else {
                throw changed(archive.members[index], "its bytes differ from an earlier read of it")
            }
        } else {
            running = state
        }
    }

    /// A member's CRC-32: as recorded, or read from its file now.
    private func crc(_ index: Int) throws -> UInt32 {
        if let known = archive.crcs.value(index) { return known }
        let member = archive.members[index]
        var crc: UInt32 = 0
        if member.kind == .link {
            crc = CRC32.of(Array((member.linkTarget ?? "").utf8))
        } else if member.kind == .file {
            let fd = try descriptor(for: index)
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            var offset: Int64 = 0
            while offset < member.size {
                let result = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
                if result < 0, errno == EINTR { continue }
                guard result > 0 else { throw changed(member, "it is shorter than when the archive was planned") }
                let taken = Int(min(Int64(result), member.size - offset))
                crc = chunk.withUnsafeBytes { CRC32.update(crc, UnsafeRawBufferPointer(rebasing: $0[..<taken])) }
                offset += Int64(taken)
            }
            try checkUnchanged(index)
        }
        guard archive.crcs.record(index, crc) else {
            throw changed(member, "its bytes differ from an earlier read of it")
        }
        return crc
    }

    // MARK: Member files

    private func descriptor(for index: Int) throws -> Int32 {
        if let open, open.index == index { return open.fd }
        if let open { close(open.fd) }
        open = nil
        let member = archive.members[index]
        let fd = Glibc.open(member.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            if errno == ENOENT { throw changed(member, "it is gone") }
            throw ZenodoError(
                .localFile, "cannot open \(member.path) to pack it (\(String(cString: strerror(errno))))")
        }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        open = (index, fd)
        try checkUnchanged(index)
        return fd
    }

    /// The open member is as planned: same size, same modification time.
    private func checkUnchanged(_ index: Int) throws {
        guard let open, open.index == index else { return }
        let member = archive.members[index]
        var info = stat()
        guard fstat(open.fd, &info) == 0 else { throw changed(member, "it cannot be looked at") }
        if Int64(info.st_size) != member.size {
            throw changed(
                member,
                "it \(Int64(info.st_size) > member.size ? "grew" : "shrank") from \(member.size) to \(info.st_size) bytes"
            )
        }
        if Int64(info.st_mtim.tv_sec) != member.seconds || Int32(info.st_mtim.tv_nsec) != member.nanoseconds {
            throw changed(member, "it was modified")
        }
    }

    private func changed(_ member: PackMember, _ what: String) -> ZenodoError {
        ZenodoError(
            .localFile,
            "\(member.name) changed while \(archive.name) was being packed (\(what)); nothing of this archive is published: send it again once the tree is complete"
        )
    }
}
