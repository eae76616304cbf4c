import CZlib
import FoundationEssentials

/// A member's compressed bytes turned into its content as they arrive: stored bytes as they are,
/// deflated ones through zlib's raw inflate; its CRC-32 computed on the way. Bounded: no more
/// content than the directory says (a member that inflates past it is a ZIP bomb, refused at the
/// first byte over), and a declared ratio beyond `maxRatio` refused before a byte is read.
final class MemberDecoder {
    let entry: ZipEntry
    private var stream = z_stream()
    private var inflating = false
    private(set) var produced: Int64 = 0
    private(set) var crc: UInt32 = 0
    private var finished = false

    static let maxRatio: Int64 = 1000

    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    init(_ entry: ZipEntry) throws {
        self.entry = entry
        if entry.encrypted { throw Refusal(description: "\(entry.name) is encrypted") }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else {
                throw Refusal(description: "\(entry.name) is stored but its sizes differ")
            }
        case 8:
            guard entry.size <= Self.maxRatio * max(entry.compressedSize, 1) + (1 << 20) else {
                throw Refusal(
                    description:
                        "\(entry.name) claims \(entry.size) bytes from \(entry.compressedSize) compressed, a ratio beyond \(Self.maxRatio) (a ZIP bomb?)"
                )
            }
            guard zt_inflate_init_raw(&stream) == Z_OK else { throw Refusal(description: "zlib cannot start") }
            inflating = true
        default:
            throw Refusal(description: "\(entry.name) is compressed with \(entry.methodName), which is not read here")
        }
    }

    deinit { if inflating { inflateEnd(&stream) } }

    /// Decodes `input`, handing each piece of content to `output`.
    func feed(_ input: [UInt8], _ output: ([UInt8]) throws -> Void) throws {
        guard !input.isEmpty else { return }
        if !inflating {
            try emit(input, output)
            return
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            repeat {
                let result: Int32 = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let count = chunk.count - Int(stream.avail_out)
                if count > 0 { try emit(Array(chunk[..<count]), output) }
                if result == Z_STREAM_END {
                    finished = true
                    break
                }
                guard result == Z_OK || result == Z_BUF_ERROR else {
                    throw Refusal(description: "\(entry.name) is not a valid deflate stream (zlib error \(result))")
                }
                if result == Z_BUF_ERROR && stream.avail_in == 0 { break }
            } while stream.avail_in > 0 || stream.avail_out == 0
        }
    }

    private func emit(_ bytes: [UInt8], _ output: ([UInt8]) throws -> Void) throws {
        produced += Int64(bytes.count)
        guard produced <= entry.size else {
            throw Refusal(
                description:
                    "\(entry.name) inflates to more than the \(entry.size) bytes its directory says (a ZIP bomb?)")
        }
        crc = bytes.withUnsafeBytes { CRC32.update(crc, $0) }
        try output(bytes)
    }

    /// Every byte in: the content's size and CRC-32 are what the directory says.
    func finish() throws {
        if inflating, !finished, entry.size > 0 || produced > 0 {
            throw Refusal(description: "\(entry.name)'s deflate stream ends early")
        }
        guard produced == entry.size else {
            throw Refusal(description: "\(entry.name) gave \(produced) bytes; its directory says \(entry.size)")
        }
        guard crc == entry.crc32 else {
            throw Refusal(
                description:
                    "\(entry.name)'s CRC-32 is \(String(crc, radix: 16)); its directory says \(String(entry.crc32, radix: 16)): the copy is damaged"
            )
        }
    }
}

/// The member decoder for the fuzz targets (the type itself stays internal).
public enum ZipMemberReading {
    public protocol Decoding: AnyObject {
        func feed(_ input: [UInt8], _ output: ([UInt8]) throws -> Void) throws
        func finish() throws
    }

    public static func decoder(_ entry: ZipEntry) throws -> any Decoding { try MemberDecoder(entry) }
}

extension MemberDecoder: ZipMemberReading.Decoding {}
