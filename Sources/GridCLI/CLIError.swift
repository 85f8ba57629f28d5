/// A refusal or failure explained to the user; ArgumentParser prints it and exits 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
