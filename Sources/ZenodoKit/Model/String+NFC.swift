import EssentialsExtras
import FoundationEssentials

extension String {
    /// Unicode's composed form (NFC), as Zenodo stores keys; an ASCII string is its own NFC, so it
    /// skips Foundation's normaliser (a scan of 100,000 names spent a fifth of its time there).
    var nfc: String {
        utf8.allSatisfy { $0 < 0x80 } ? self : nfcNormalized
    }
}
