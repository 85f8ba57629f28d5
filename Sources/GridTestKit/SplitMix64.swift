/// SplitMix64 (Steele, Lea, Flood 2014): a seeded random number generator, tiny, fast and
/// the same on every platform, which Foundation's and the standard library's generators do
/// not promise. The generated cases of a test and the synthetic banks of `gridduty-dev
/// generate` are therefore the same on every run, and a failure can be reproduced.
///
/// The helpers below are the generator's own, not the standard library's `random(in:using:)`,
/// whose algorithm may change between Swift versions: a seed writes the same bank forever.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in 0..<n.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One of `items`, uniformly.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
