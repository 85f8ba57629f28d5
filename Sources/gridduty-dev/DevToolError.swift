/// A failure of a developer tool, printed as `Error: <description>` with exit status 1.
struct DevToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
