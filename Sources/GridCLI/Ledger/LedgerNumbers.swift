/// The next number for a new finding or measure typed without one: one past the largest
/// whole number already used, so a number is never given twice even when some are text.
enum LedgerNumbers {
    static func next(after used: [String]) -> String {
        let taken = Set(used)
        var next = (used.compactMap { Int($0) }.max() ?? 0) + 1
        while taken.contains(String(next)) { next += 1 }
        return String(next)
    }
}
