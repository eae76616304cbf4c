import Foundation
import NIOCore
import TestScratch
import Testing

@testable import ZenodoKit

/// Independent readers of the archives `--pack` makes: Info-ZIP's `unzip -t`, libarchive's
/// `bsdtar`, Python's `zipfile` and `tarfile`. Each reads an archive written out from a
/// `PackedArchive` and compares it with the tree it packs.
enum ArchiveReaders {
    /// The archive's bytes in a file, read through a `PackReader` in pieces of `chunk` bytes
    /// (odd sizes cross every boundary). All-zero chunks are skipped with a seek: a sparse source
    /// gives a sparse archive, so a member of 4 GiB costs no disk.
    /// `holes`: the content of members over 1 MiB is not read but left as a hole (for sparse
    /// members of gigabytes, whose content is zeros); a ZIP's CRCs are still computed by the
    /// reader, from the member files.
    static func write(_ archive: PackedArchive, to url: URL, chunk: Int = 65_521, holes: Bool = false) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let reader = try archive.open()
        var buffer = ByteBufferAllocator().buffer(capacity: chunk)
        var offset: Int64 = 0
        while offset < archive.size {
            if holes, offset < archive.tailStart {
                let index = archive.member(at: offset)
                let start = archive.dataStarts[index]
                let end = start + PackedArchive.contentSize(archive.format, archive.members[index])
                if end - start > 1 << 20, offset >= start, offset < end {
                    offset = end
                    continue
                }
            }
            buffer.clear()
            let count = try reader.read(into: &buffer, at: offset, upTo: chunk)
            #expect(count > 0)
            try handle.seek(toOffset: UInt64(offset))
            try handle.write(contentsOf: Data(buffer.readableBytesView))
            offset += Int64(count)
        }
        try handle.truncate(atOffset: UInt64(archive.size))
    }

    /// Names and sizes as Python's reader lists them (and for ZIP, `testzip()`'s CRC check).
    static let pythonList = #"""
        import sys, tarfile, zipfile
        kind, archive, test = sys.argv[1:4]
        if kind == 'zip':
            z = zipfile.ZipFile(archive)
            if test == 'test':
                bad = z.testzip()
                if bad is not None:
                    print('bad CRC', bad); sys.exit(1)
            for i in z.infolist():
                print(i.file_size, i.filename)
        else:
            for m in tarfile.open(archive).getmembers():
                print(m.size, m.name)
        """#

    static func pythonList(_ format: PackFormat, _ archive: URL, test: Bool) async throws -> Tool.Output {
        try await Tool.run(
            "/usr/bin/python3", ["-c", pythonList, format.rawValue, archive.path, test ? "test" : "list"])
    }

    /// Python's reader checks the archive against the tree: the same names (the tree's files,
    /// directories and links under `prefix`), and for each file the same size and MD5; for ZIP,
    /// `testzip()` checks every CRC. Prints OK or what differs.
    static let pythonCheck = #"""
        import hashlib, os, sys, tarfile, zipfile
        kind, archive, root, prefix = sys.argv[1:5]
        skip = set(sys.argv[5:])
        expected = {}
        base = os.path.basename(root.rstrip('/'))
        expected[prefix] = ('dir', None)
        for d, dirs, files in os.walk(root):
            rel = os.path.relpath(d, root)
            for name in dirs + files:
                path = os.path.join(d, name)
                r = name if rel == '.' else rel + '/' + name
                if r in skip or any(r.startswith(s + '/') for s in skip):
                    continue
                full = prefix + r
                if os.path.islink(path):
                    expected[full] = ('link', os.readlink(path))
                elif os.path.isdir(path):
                    expected[full + '/'] = ('dir', None)
                else:
                    with open(path, 'rb') as f:
                        expected[full] = ('file', (os.path.getsize(path), hashlib.md5(f.read()).hexdigest()))
        if prefix == '':
            del expected['']
        found = {}
        if kind == 'zip':
            z = zipfile.ZipFile(archive)
            bad = z.testzip()
            if bad is not None:
                print('bad CRC', bad); sys.exit(1)
            for info in z.infolist():
                mode = info.external_attr >> 16
                if info.is_dir():
                    found[info.filename] = ('dir', None)
                elif (mode & 0o170000) == 0o120000:
                    found[info.filename] = ('link', z.read(info).decode())
                else:
                    h = hashlib.md5()
                    with z.open(info) as f:
                        for block in iter(lambda: f.read(1 << 20), b''):
                            h.update(block)
                    found[info.filename] = ('file', (info.file_size, h.hexdigest()))
        else:
            t = tarfile.open(archive)
            for m in t.getmembers():
                name = m.name + '/' if m.isdir() else m.name
                if m.isdir():
                    found[name] = ('dir', None)
                elif m.issym():
                    found[name] = ('link', m.linkname)
                else:
                    h = hashlib.md5()
                    f = t.extractfile(m)
                    for block in iter(lambda: f.read(1 << 20), b''):
                        h.update(block)
                    found[name] = ('file', (m.size, h.hexdigest()))
        if found != expected:
            for k in sorted(set(found) | set(expected)):
                if found.get(k) != expected.get(k):
                    print('differs:', k, 'archive', found.get(k), 'tree', expected.get(k))
            sys.exit(1)
        print('OK', len(found))
        """#

    static func python(_ format: PackFormat, _ archive: URL, root: URL, prefix: String, skip: [String] = [])
        async throws -> Tool.Output
    {
        try await Tool.run(
            "/usr/bin/python3", ["-c", pythonCheck, format.rawValue, archive.path, root.path, prefix] + skip)
    }
}
