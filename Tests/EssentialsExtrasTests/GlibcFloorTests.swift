import CGlibcFloor
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The release binary's hypot and hypotf are CGlibcFloor's wrappers (`--wrap`): they call the
/// symbol versions every glibc has, and must answer as glibc's default ones do, edges included.
@Suite struct GlibcFloorTests {
    static let pairs: [(Double, Double)] = [
        (3, 4), (0, 0), (-0.0, 0), (1e308, 1e308), (1e-320, 1e-320), (5e-324, 0), (-7.25, 1e-3),
        (.infinity, .nan), (.nan, .infinity), (.nan, 1), (-.infinity, 2), (1, .greatestFiniteMagnitude),
        (0.1, 0.2), (123_456.789, -987_654.321),
    ]

    @Test func hypotAnswersAsGlibcDoes() {
        for (x, y) in Self.pairs {
            let wrapped = zenodo_glibc_floor_hypot(x, y)
            let glibc = Glibc.hypot(x, y)
            #expect(wrapped.bitPattern == glibc.bitPattern || (wrapped.isNaN && glibc.isNaN), "hypot(\(x), \(y))")
        }
        #expect(zenodo_glibc_floor_hypot(3, 4) == 5)
        #expect(zenodo_glibc_floor_hypot(1e308, 1e308) == 1.4142135623730951e308, "no overflow on the way")
    }

    @Test func hypotfAnswersAsGlibcDoes() {
        for (x, y) in Self.pairs {
            let (fx, fy) = (Float(x), Float(y))
            let wrapped = zenodo_glibc_floor_hypotf(fx, fy)
            let glibc = Glibc.hypotf(fx, fy)
            #expect(wrapped.bitPattern == glibc.bitPattern || (wrapped.isNaN && glibc.isNaN), "hypotf(\(fx), \(fy))")
        }
        #expect(zenodo_glibc_floor_hypotf(3, 4) == 5)
    }
}
