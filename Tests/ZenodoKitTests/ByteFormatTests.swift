import Testing
import ZenodoKit

@Suite struct ByteFormatTests {
    @Test func byteSizesReadLikeTools() {
        #expect(ByteFormat.string(0) == "0 B")
        #expect(ByteFormat.string(1536) == "1.5 KiB")
        #expect(ByteFormat.string(3 * 1024 * 1024 + 123) == "3.0 MiB")
        #expect(ByteFormat.string(5_000_000_000) == "4.7 GiB")
    }
}
