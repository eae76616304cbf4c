/// Whether `text` matches `pattern`, where each `*` in the pattern matches any run of bytes
/// (slashes included) and every other byte matches itself: the classic greedy match, going back
/// to the last `*`. On UTF-8 a `*` needs no care, since it takes whole runs of bytes. Shared by
/// LocalZenodo's fault rules and ZenodoKit's ignore patterns.
public func starMatch(_ pattern: some Collection<UInt8>, _ text: some Collection<UInt8>) -> Bool {
    let pattern = Array(pattern)
    let text = Array(text)
    let asterisk = UInt8(ascii: "*")
    var p = 0
    var t = 0
    var star = -1
    var resume = 0
    while t < text.count {
        if p < pattern.count, pattern[p] == asterisk {
            star = p
            resume = t
            p += 1
        } else if p < pattern.count, pattern[p] == text[t] {
            p += 1
            t += 1
        } else if star >= 0 {
            p = star + 1
            resume += 1
            t = resume
        } else {
            return false
        }
    }
    while p < pattern.count, pattern[p] == asterisk { p += 1 }
    return p == pattern.count
}
