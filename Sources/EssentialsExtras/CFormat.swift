import Glibc

/// A number `String(cFormat:)` may pass to the C library: text cannot be one, so a `%@` or `%s`
/// with a Swift string (undefined behaviour in `vsnprintf`) does not compile.
public protocol CNumber: CVarArg {}
extension Int: CNumber {}
extension Int32: CNumber {}
extension Int64: CNumber {}
extension UInt: CNumber {}
extension UInt8: CNumber {}
extension UInt16: CNumber {}
extension UInt32: CNumber {}
extension UInt64: CNumber {}
extension Double: CNumber {}

extension String {
    /// `printf`-style formatting of numbers (`%02x`, `%.1f`, `%6d`), by the C library, as
    /// `String(format:)` did for the program's uses; numbers only.
    public init(cFormat format: String, _ arguments: any CNumber...) {
        let arguments: [any CVarArg] = arguments
        self = withVaList(arguments) { list in
            var buffer = [CChar](repeating: 0, count: 128)
            let needed = Int(vsnprintf(&buffer, buffer.count, format, list))
            guard needed >= buffer.count else { return String(cString: buffer) }
            return withVaList(arguments) { again in
                var larger = [CChar](repeating: 0, count: needed + 1)
                _ = vsnprintf(&larger, larger.count, format, again)
                return String(cString: larger)
            }
        }
    }

    /// Lower-case hex of `bytes`, two digits each (a digest's usual text).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
