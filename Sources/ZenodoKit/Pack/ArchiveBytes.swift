/// Little-endian and fixed-width field writers for archive headers.
struct ArchiveBytes {
    var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func u16(_ value: Int) { u16(UInt16(truncatingIfNeeded: value)) }
    mutating func u16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }
    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
    mutating func u32(_ value: Int64) { u32(UInt32(truncatingIfNeeded: value)) }
    mutating func u64(_ value: Int64) {
        let value = UInt64(bitPattern: value)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
    }
    mutating func append(_ text: String) { bytes.append(contentsOf: Array(text.utf8)) }
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
}
