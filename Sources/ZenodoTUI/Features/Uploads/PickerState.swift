import Foundation
import ZenodoKit

/// The local file picker for an upload.
public struct PickerState: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var isDirectory: Bool
        public var size: Int64
        public init(name: String, isDirectory: Bool, size: Int64) {
            self.name = name
            self.isDirectory = isDirectory
            self.size = size
        }
    }

    public var depositionID: Int
    public var directory: String
    public var entries: [Entry] = []
    public var selection = 0
    /// Full paths chosen (across directories), in the order chosen.
    public var chosen: [String] = []
    /// Sizes of chosen files, as listed (a typed path's size is known after pre-flight).
    public var sizes: [String: Int64] = [:]
    public var completions: [String] = []
    public var error: String?
    public var checking = false
    /// Take the usual junk of a chosen directory too (`J`); left out and named otherwise.
    public var includeJunk = false

    /// Why an entry of the directory shown is left out when chosen inside a directory, or `nil`.
    public func junkReason(_ entry: Entry) -> String? {
        includeJunk ? nil : Self.junk.reasonLeftOut(entry.name, isDirectory: entry.isDirectory)
    }

    private static let junk = FileSelection()
}
