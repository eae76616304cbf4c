import Testing
import ZenodoVocabularies

/// Legacy grant ids as zenodo-rdm's `load_funding` reads them: a funder DOI becomes its ROR id
/// (`FUNDER_DOI_TO_ROR`), a bare number is the European Commission's, a ROR id stays.
@Suite struct FunderIDsTests {
    @Test func legacyGrantIDsBecomeTheVocabularysIDs() {
        #expect(
            FunderIDs.funding(legacyGrantID: "10.13039/501100000780::283595")! == ("00k4n6c32", "00k4n6c32::283595"))
        #expect(FunderIDs.funding(legacyGrantID: "283595")! == ("00k4n6c32", "00k4n6c32::283595"))
        #expect(FunderIDs.funding(legacyGrantID: "00k4n6c32::283595")! == ("00k4n6c32", "00k4n6c32::283595"))
        #expect(
            FunderIDs.funding(legacyGrantID: "10.13039/501100000690::X1")! == ("001aqnf71", "001aqnf71::X1"),
            "RCUK is UKRI")
        #expect(FunderIDs.funding(legacyGrantID: "10.99999/unknown::7")! == ("10.99999/unknown", "10.99999/unknown::7"))
        #expect(FunderIDs.funding(legacyGrantID: "::7") == nil)
        #expect(FunderIDs.rorByDOI.count == 25)
    }
}
