import EssentialsExtras
import FoundationEssentials

/// The demo files: real, deterministic content, from a few bytes to a few MiB.
enum DemoFiles {
    struct File {
        var name: String
        var bytes: [UInt8]
    }

    static func text(_ name: String, _ content: String) -> File { File(name: name, bytes: Array(content.utf8)) }

    static func glacier(years: ClosedRange<Int>) -> [File] {
        var files = [text("README.txt", "Columns: glacier_id, year, balance_mwe (metres water equivalent), n_stakes\n")]
        var rng = SeededRandom(seed: UInt64(years.upperBound))
        var csv = "glacier_id,year,balance_mwe,n_stakes\n"
        for year in years {
            for glacier in 1...42 {
                csv +=
                    "G\(glacier),\(year),\(String(cFormat: "%.3f", -0.2 - rng.unit() * 1.8)),\(3 + Int(rng.unit() * 20))\n"
            }
        }
        files.append(text("mass_balance.csv", csv))
        return files
    }

    static func river() -> [File] {
        var rng = SeededRandom(seed: 7)
        var csv = "date,station,ssc_mg_l\n"
        for day in 0..<3650 {
            for station in ["Yichang", "Hankou", "Datong"] {
                csv += "d\(day),\(station),\(String(cFormat: "%.1f", 50 + rng.unit() * 900))\n"
            }
        }
        return [
            text("ssc_daily.csv", csv),
            text("stations.json", #"{"Yichang":[30.7,111.3],"Hankou":[30.6,114.3],"Datong":[30.8,117.6]}"#),
        ]
    }

    static func urbanHeat() -> [File] {
        [
            binary("temperature_10min.nc", size: 3 * 1024 * 1024 + 123, seed: 11),
            text("sensors.csv", "id,lat,lon\n1,60.39,5.32\n2,60.38,5.33\n"),
        ]
    }

    static func cohort() -> [File] { [text("summary.csv", "variable,mean,sd\nage,54.2,11.9\nbmi,26.1,4.3\n")] }
    static func interviews() -> [File] { [File(name: "transcripts.zip", bytes: DemoZip.transcripts())] }
    static func scripts() -> [File] {
        [
            text("figures.py", "import pandas as pd\n\nprint('figure 1')\n"),
            binary("environment.tar.gz", size: 150_000, seed: 5),
        ]
    }
    static func poster() -> [File] { [binary("poster.pdf", size: 1_200_000, seed: 9)] }
    static func sediment() -> [File] {
        [text("cores.csv", "core,depth_cm,grain_um,caco3_pct\nGC01,0,12.5,34.1\n"), text("notes.md", "# Cores\nx\n")]
    }

    static func binary(_ name: String, size: Int, seed: UInt64) -> File {
        var rng = SeededRandom(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size + 8)
        while bytes.count < size {
            withUnsafeBytes(of: rng.next().littleEndian) { bytes.append(contentsOf: $0) }
        }
        return File(name: name, bytes: Array(bytes.prefix(size)))
    }
}

/// A small deterministic generator (SplitMix64), so every demo has the same bytes and checksums.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
