//! Civil dates and UTC timestamps without a time-zone database (proleptic Gregorian).

use std::fmt;

use edgecrew_core::civil;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year (four digits in practice).
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

impl Date {
    /// A valid date, or `None` (`2026-02-30` is not one).
    #[must_use]
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Self { year, month, day })
    }

    /// Days since 1970-01-01.
    #[must_use]
    pub fn to_days(self) -> i64 {
        civil::days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date `days` days after 1970-01-01.
    #[must_use]
    pub fn from_days(days: i64) -> Self {
        let (year, month, day) = civil::civil_from_days(days);
        let year = i32::try_from(year).unwrap_or(i32::MAX);
        let (month, day) = (
            u32::try_from(month).unwrap_or(1),
            u32::try_from(day).unwrap_or(1),
        );
        Self { year, month, day }
    }

    /// The date `n` days later.
    #[must_use]
    pub fn plus_days(self, n: i64) -> Self {
        Self::from_days(self.to_days() + n)
    }

    /// Day of the week, Monday = 0 … Sunday = 6.
    #[must_use]
    pub fn weekday(self) -> u32 {
        u32::try_from((self.to_days() + 3).rem_euclid(7)).unwrap_or(0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A UTC instant with second precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp {
    /// Seconds since the Unix epoch.
    pub unix: i64,
}

impl Timestamp {
    /// Parses RFC 3339 (`2026-03-09T14:05:00Z`, `2026-03-09T15:05:00+01:00`, fractions allowed).
    #[must_use]
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = s.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let date = Date::new(
            i32::try_from(num(0..4)?).ok()?,
            u32::try_from(num(5..7)?).ok()?,
            u32::try_from(num(8..10)?).ok()?,
        )?;
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (h, m, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if h > 23 || m > 59 || sec > 60 {
            return None;
        }
        let mut i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            i += digits;
        }
        let offset = match b.get(i) {
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
                let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
                if oh > 23 || om > 59 {
                    return None;
                }
                let o = oh * 3600 + om * 60;
                if *sign == b'+' { o } else { -o }
            }
            _ => return None,
        };
        Some(Self {
            unix: date.to_days() * 86_400 + h * 3600 + m * 60 + sec.min(59) - offset,
        })
    }

    /// The instant `hours` hours later.
    #[must_use]
    pub fn plus_hours(self, hours: i64) -> Self {
        Self {
            unix: self.unix + hours * 3600,
        }
    }

    /// The UTC calendar date.
    #[must_use]
    pub fn date(self) -> Date {
        Date::from_days(self.unix.div_euclid(86_400))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.unix.rem_euclid(86_400);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{Date, Timestamp};

    #[test]
    fn days_round_trip_and_weekdays() {
        for days in [-800_000, -1, 0, 1, 20_000, 20_521, 2_000_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::new(2026, 3, 9).unwrap().weekday(), 0, "a Monday");
        assert!(Date::new(2026, 2, 29).is_none());
        assert!(Date::new(2028, 2, 29).is_some());
    }

    #[test]
    fn rfc3339() {
        let t = Timestamp::parse_rfc3339("2026-03-09T15:05:00+01:00").unwrap();
        assert_eq!(t.to_string(), "2026-03-09T14:05:00Z");
        assert_eq!(t.plus_hours(24).to_string(), "2026-03-10T14:05:00Z");
        for bad in [
            "2026-03-09",
            "2026-13-09T00:00:00Z",
            "2026-03-09T25:00:00Z",
            "x",
        ] {
            assert!(Timestamp::parse_rfc3339(bad).is_none(), "{bad}");
        }
    }
}
