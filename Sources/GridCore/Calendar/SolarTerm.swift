import Foundation

/// The 24 solar terms (二十四节气): the days the sun's apparent ecliptic longitude reaches a
/// multiple of 15°. 清明, a statutory holiday, is one of them, so its date moves between
/// 4 and 6 April and has to be computed, not written down once.
public enum SolarTerm: String, CaseIterable, Sendable, Hashable {
    case xiaohan, dahan, lichun, yushui, jingzhe, chunfen, qingming, guyu, lixia, xiaoman, mangzhong, xiazhi
    case xiaoshu, dashu, liqiu, chushu, bailu, qiufen, hanlu, shuangjiang, lidong, xiaoxue, daxue, dongzhi

    /// The sun's apparent longitude at the term, in degrees (小寒 285° … 冬至 270°).
    public var longitude: Double {
        Double((285 + 15 * SolarTerm.allCases.firstIndex(of: self)!) % 360)
    }

    /// The civil date of the term in `year` in China Standard Time (UTC+8), the time zone the
    /// Chinese calendar and the State Council's notices use.
    ///
    /// The sun's position is Meeus's low-accuracy solar theory (Astronomical Algorithms,
    /// ch. 25: about 0.01°, a quarter of an hour of the sun's motion), with ΔT from Espenak
    /// and Meeus's polynomial. For 清明 it agrees with the published dates of 1901–2099; in
    /// 2100 the term falls within minutes of midnight and the two disagree by a day.
    public func date(in year: Int) -> LocalDate? {
        guard (1900...2200).contains(year) else { return nil }
        // The terms fall from about the 4th to the 23rd of their months: 小寒 in January.
        let month = SolarTerm.allCases.firstIndex(of: self)! / 2 + 1
        guard let first = LocalDate(year: year, month: month, day: 1) else { return nil }
        // Bisect on Julian days across the month; the longitude rises about 0.9856° a day.
        var low = Self.julianDay(of: first) - 2
        var high = low + 34
        let target = longitude
        func past(_ jd: Double) -> Bool {
            // Degrees past the target, folded into -180..<180 so 0° is crossed cleanly.
            let difference =
                (Self.apparentLongitude(julianEphemerisDay: jd + Self.deltaT(year: year) / 86_400)
                - target + 540).truncatingRemainder(dividingBy: 360) - 180
            return difference >= 0
        }
        guard !past(low), past(high) else { return nil }
        for _ in 0..<40 {
            let middle = (low + high) / 2
            if past(middle) { high = middle } else { low = middle }
        }
        // Julian day 2440587.5 is 1970-01-01 00:00 UTC; China Standard Time is 8 hours ahead.
        let cst = high - 2_440_587.5 + 8.0 / 24
        return LocalDate(dayNumber: Int(cst.rounded(.down)))
    }

    /// The Julian day at 00:00 UTC of a civil date.
    static func julianDay(of date: LocalDate) -> Double { Double(date.dayNumber) + 2_440_587.5 }

    /// The sun's apparent geocentric longitude in degrees at a Julian Ephemeris Day.
    static func apparentLongitude(julianEphemerisDay jde: Double) -> Double {
        let t = (jde - 2_451_545.0) / 36_525
        let l0 = 280.46646 + 36_000.76983 * t + 0.000_303_2 * t * t
        let m = (357.52911 + 35_999.05029 * t - 0.000_153_7 * t * t) * .pi / 180
        let center =
            (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(m) + (0.019993 - 0.000101 * t) * sin(2 * m)
            + 0.000289 * sin(3 * m)
        let omega = (125.04 - 1934.136 * t) * .pi / 180
        let apparent = l0 + center - 0.00569 - 0.00478 * sin(omega)
        let folded = apparent.truncatingRemainder(dividingBy: 360)
        return folded < 0 ? folded + 360 : folded
    }

    /// Terrestrial minus universal time in seconds (Espenak and Meeus, NASA 2006).
    static func deltaT(year: Int) -> Double {
        let y = Double(year) + 0.5
        switch year {
        case ..<1920:
            let t = y - 1900
            return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t
        case ..<1941:
            let t = y - 1920
            return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t
        case ..<1961:
            let t = y - 1950
            return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547
        case ..<1986:
            let t = y - 1975
            return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718
        case ..<2005:
            let t = y - 2000
            return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * t * t * t * t
        case ..<2050:
            let t = y - 2000
            return 62.92 + 0.32217 * t + 0.005589 * t * t
        case ..<2150:
            return -20 + 32 * ((y - 1820) / 100) * ((y - 1820) / 100) - 0.5628 * (2150 - y)
        default:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u
        }
    }
}
