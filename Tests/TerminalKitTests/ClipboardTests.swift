import Foundation
import TerminalKit
import Testing

@Suite struct ClipboardTests {
    @Test func osc52CarriesTheTextInBase64BetweenItsMarkers() {
        let sequence = Clipboard.osc52("https://zenodo.org/records/1?token=abc")
        #expect(sequence.hasPrefix("\u{1B}]52;c;") && sequence.hasSuffix("\u{07}"))
        let payload = sequence.dropFirst(7).dropLast()
        #expect(
            Data(base64Encoded: String(payload)).map { String(decoding: $0, as: UTF8.self) }
                == "https://zenodo.org/records/1?token=abc")
        #expect(!sequence.contains("token"), "the token does not travel readable")
    }
}
