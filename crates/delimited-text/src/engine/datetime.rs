//! ISO 8601 text as NumPy's datetime64 reads it: `YYYY[-MM[-DD[(T| )hh
//! [:mm[:ss[.fraction]]]]]]` with an optional `Z`, or `NaT`; the value is
//! floored to the unit, as NumPy casts finer dates to coarser units.

use npy_format::{NAT, TimeUnit};

/// Attoseconds per unit (`None` for years and months, which vary).
fn unit_attos(unit: TimeUnit) -> Option<i128> {
    const S: i128 = 1_000_000_000_000_000_000;
    Some(match unit {
        TimeUnit::Week => 7 * 86_400 * S,
        TimeUnit::Day => 86_400 * S,
        TimeUnit::Hour => 3600 * S,
        TimeUnit::Minute => 60 * S,
        TimeUnit::Second => S,
        TimeUnit::Millisecond => S / 1_000,
        TimeUnit::Microsecond => S / 1_000_000,
        TimeUnit::Nanosecond => S / 1_000_000_000,
        TimeUnit::Picosecond => S / 1_000_000_000_000,
        TimeUnit::Femtosecond => S / 1_000_000_000_000_000,
        TimeUnit::Attosecond => 1,
        _ => return None,
    })
}

/// Days from 1970-01-01 to a proleptic Gregorian date (in `i128`: a year
/// of up to 19 digits does not overflow; the caller checks the result
/// fits the unit).
fn days_from_civil(y: i128, m: i128, d: i128) -> i128 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Exactly `n` ASCII digits at the start of `s`.
fn digits(s: &str, n: usize) -> Option<(i64, &str)> {
    let head = s.get(..n)?;
    head.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| (head.parse().ok(), &s[n..]))
        .and_then(|(v, rest)| v.map(|v| (v, rest)))
}

/// The unit NumPy gives a date written as `text` when no unit is asked
/// for (`np.array([text], dtype="M8")`): the finest part written, from
/// years (`2012`) to attoseconds (18 decimals); `Some(None)` for NaT,
/// `None` when `text` is not a date NumPy reads.
pub(crate) fn text_unit(text: &str) -> Option<Option<TimeUnit>> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("nat") {
        return Some(None);
    }
    parse_datetime(t, TimeUnit::Day, 1)?;
    let t = t.strip_suffix('Z').unwrap_or(t);
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    // Which parts are there: the separators after the year tell.
    let dashes = body.matches('-').count();
    let unit = match (dashes, body.find(['T', ' '])) {
        (0, _) => TimeUnit::Year,
        (1, _) => TimeUnit::Month,
        (_, None) => TimeUnit::Day,
        (_, Some(at)) => {
            let time = &body[at + 1..];
            match (time.matches(':').count(), time.find('.')) {
                (0, _) => TimeUnit::Hour,
                (1, _) => TimeUnit::Minute,
                (_, None) => TimeUnit::Second,
                (_, Some(dot)) => match time.len() - dot - 1 {
                    0..=3 => TimeUnit::Millisecond,
                    4..=6 => TimeUnit::Microsecond,
                    7..=9 => TimeUnit::Nanosecond,
                    10..=12 => TimeUnit::Picosecond,
                    13..=15 => TimeUnit::Femtosecond,
                    _ => TimeUnit::Attosecond,
                },
            }
        }
    };
    Some(Some(unit))
}

/// The finer of two units (years are the coarsest, attoseconds the
/// finest; weeks sit between months and days).
pub(crate) fn finer(a: TimeUnit, b: TimeUnit) -> TimeUnit {
    let rank = |u: TimeUnit| match u {
        TimeUnit::Year => 0,
        TimeUnit::Month => 1,
        TimeUnit::Week => 2,
        TimeUnit::Day => 3,
        TimeUnit::Hour => 4,
        TimeUnit::Minute => 5,
        TimeUnit::Second => 6,
        TimeUnit::Millisecond => 7,
        TimeUnit::Microsecond => 8,
        TimeUnit::Nanosecond => 9,
        TimeUnit::Picosecond => 10,
        TimeUnit::Femtosecond => 11,
        TimeUnit::Attosecond => 12,
        _ => -1,
    };
    if rank(a) >= rank(b) { a } else { b }
}

/// Parses `text` as a datetime64 of `unit` × `mult`: the count, or `None`
/// when it is not a date NumPy reads or does not fit.
// Long on purpose: NumPy's datetime grammar read left to right (year, month,
// day, time, fraction, zone), each part deciding the unit: one pass kept
// whole.
pub(crate) fn parse_datetime(text: &str, unit: TimeUnit, mult: u32) -> Option<i64> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("nat") {
        return Some(NAT);
    }
    let t = t.strip_suffix('Z').unwrap_or(t);
    // The year: a sign, then one digit or more (NumPy reads `12` as the
    // year 12 and `-193` as 194 BC).
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let year_len = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if year_len == 0 {
        return None;
    }
    let year = t[..year_len].parse::<i64>().ok()?;
    let (year, mut rest) = (if negative { -year } else { year }, &t[year_len..]);
    let (mut month, mut day) = (1, 1);
    let (mut hour, mut minute, mut second, mut frac_attos) = (0i128, 0i128, 0i128, 0i128);
    if let Some(r) = rest.strip_prefix('-') {
        let (m, r) = digits(r, 2)?;
        month = m;
        rest = r;
        if let Some(r) = rest.strip_prefix('-') {
            let (d, r) = digits(r, 2)?;
            day = d;
            rest = r;
            if let Some(r) = rest.strip_prefix(['T', ' ']) {
                let (h, r) = digits(r, 2)?;
                hour = h as i128;
                rest = r;
                if let Some(r) = rest.strip_prefix(':') {
                    let (mi, r) = digits(r, 2)?;
                    minute = mi as i128;
                    rest = r;
                    if let Some(r) = rest.strip_prefix(':') {
                        let (s, r) = digits(r, 2)?;
                        second = s as i128;
                        rest = r;
                        if let Some(r) = rest.strip_prefix('.') {
                            let n = r.bytes().take_while(|b| b.is_ascii_digit()).count();
                            if n == 0 || n > 18 {
                                return None;
                            }
                            frac_attos = r[..n].parse::<i128>().ok()? * 10i128.pow(18 - n as u32);
                            rest = &r[n..];
                        }
                    }
                }
            }
        }
    }
    if !rest.is_empty()
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    // In i128 with checked steps: a year of up to 19 digits overflows
    // nothing, and a count that does not fit the unit is refused below.
    let year = i128::from(year);
    let units: i128 = match unit {
        TimeUnit::Year => year - 1970,
        TimeUnit::Month => (year - 1970) * 12 + i128::from(month) - 1,
        _ => {
            let days = days_from_civil(year, month.into(), day.into());
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second;
            let attos = seconds
                .checked_mul(1_000_000_000_000_000_000)?
                .checked_add(frac_attos)?;
            attos.div_euclid(unit_attos(unit)?)
        }
    };
    let count = units.div_euclid(mult.max(1) as i128);
    i64::try_from(count).ok().filter(|&c| c != NAT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_years_are_refused_not_overflowed() {
        // Found by the text_loadtxt fuzz target: a 19-digit year.
        for unit in [
            TimeUnit::Day,
            TimeUnit::Year,
            TimeUnit::Month,
            TimeUnit::Attosecond,
        ] {
            assert_eq!(
                parse_datetime("9991844674407370955", unit, 1),
                None,
                "{unit:?}"
            );
            assert_eq!(
                parse_datetime("-9223372036854775808-12-31", unit, 1),
                None,
                "{unit:?}"
            );
        }
        assert_eq!(text_unit("99918446744073709551"), None);
        assert_eq!(
            parse_datetime("100000", TimeUnit::Year, 1),
            Some(100000 - 1970)
        );
    }

    #[test]
    fn units_from_text() {
        let u = |t: &str| text_unit(t).map(|u| u.map(|u| u.code()));
        assert_eq!(u("2012"), Some(Some("Y")));
        assert_eq!(u("-193"), Some(Some("Y")));
        assert_eq!(u("2012-03"), Some(Some("M")));
        assert_eq!(u("2013-01-15"), Some(Some("D")));
        assert_eq!(u("2013-01-15T10"), Some(Some("h")));
        assert_eq!(u("2013-01-15 10:30"), Some(Some("m")));
        assert_eq!(u("2013-01-15T10:30:01Z"), Some(Some("s")));
        assert_eq!(u("2013-01-15T10:30:01.5"), Some(Some("ms")));
        assert_eq!(u("2013-01-15T10:30:01.1234"), Some(Some("us")));
        assert_eq!(u("2013-01-15T10:30:01.123456789"), Some(Some("ns")));
        assert_eq!(
            u("2013-01-15T10:30:01.123456789012345678"),
            Some(Some("as"))
        );
        assert_eq!(u(" NaT "), Some(None));
        assert_eq!(u("2013-13"), None);
        assert_eq!(u("x"), None);
        assert_eq!(finer(TimeUnit::Month, TimeUnit::Day), TimeUnit::Day);
        assert_eq!(
            finer(TimeUnit::Nanosecond, TimeUnit::Second),
            TimeUnit::Nanosecond
        );
    }

    #[test]
    fn dates_as_numpy_reads_them() {
        let p = |t, u, m| parse_datetime(t, u, m);
        assert_eq!(p("2024-01-31", TimeUnit::Day, 1), Some(19_753));
        assert_eq!(p("1970-01-01", TimeUnit::Day, 1), Some(0));
        assert_eq!(
            p("2024-01-31T12:34", TimeUnit::Second, 1),
            Some(1_706_704_440)
        );
        assert_eq!(
            p("2024-01-31T12:34:56.789", TimeUnit::Millisecond, 1),
            Some(1_706_704_496_789)
        );
        assert_eq!(p("2024", TimeUnit::Year, 1), Some(54));
        assert_eq!(p("2024-02", TimeUnit::Month, 1), Some(649));
        assert_eq!(p("2024-01-31T01", TimeUnit::Day, 1), Some(19_753));
        assert_eq!(
            p("1969-12-31T23:59:59.5", TimeUnit::Microsecond, 1),
            Some(-500_000)
        );
        assert_eq!(p("2024-01-31 12:00", TimeUnit::Minute, 1), Some(28_445_040));
        assert_eq!(
            p("2024-01-31T12:00Z", TimeUnit::Minute, 1),
            Some(28_445_040)
        );
        assert_eq!(p("NaT", TimeUnit::Second, 1), Some(NAT));
        assert_eq!(p("1970-01-10", TimeUnit::Day, 3), Some(3));
        assert_eq!(p("24-01-01", TimeUnit::Year, 1), Some(24 - 1970));
        assert_eq!(p("+345", TimeUnit::Year, 1), Some(345 - 1970));
        assert_eq!(p("-1", TimeUnit::Year, 1), Some(-1 - 1970));
        assert_eq!(p("-0", TimeUnit::Year, 1), Some(-1970));
        for bad in [
            "2024-1-5",
            "2023-02-29",
            "2024-13-01",
            "2024-01-01T25",
            "+-1",
            "--1",
            "-",
            "+",
            "x",
            "",
        ] {
            assert_eq!(p(bad, TimeUnit::Day, 1), None, "{bad}");
        }
    }
}
