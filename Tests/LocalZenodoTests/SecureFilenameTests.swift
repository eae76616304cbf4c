import Testing

@testable import LocalZenodo

/// Werkzeug's `secure_filename` (werkzeug/utils.py: NFKD, ASCII only, separators to spaces, runs of
/// space to `_`, `[^A-Za-z0-9_.-]` dropped, `._` stripped); the expected names are what Python
/// 3.11's `unicodedata` and that function give.
@Suite struct SecureFilenameTests {
    @Test(arguments: [
        ("Données été.csv", "Donnees_ete.csv"), ("ﬁnal ｒｅｐｏｒｔ².txt", "final_report2.txt"),
        ("a\u{A0}b.csv", "a_b.csv"), ("../../etc/passwd", "etc_passwd"), ("  .hidden_", "hidden"),
        ("x₁₂.dat", "x12.dat"), ("Ĳssel.nc", "IJssel.nc"),
    ])
    func namesAreMadeAsWerkzeugMakesThem(_ name: String, _ expected: String) {
        #expect(SecureFilename.make(name) == expected)
    }
}
