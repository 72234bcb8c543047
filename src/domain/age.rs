//! Age brackets: the only age information kept about a person (no birth date).

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBracket {
    From11To14,
    From15To17,
    From18To25,
    From26To64,
    From65,
}

impl AgeBracket {
    pub const ALL: [AgeBracket; 5] = [
        AgeBracket::From11To14,
        AgeBracket::From15To17,
        AgeBracket::From18To25,
        AgeBracket::From26To64,
        AgeBracket::From65,
    ];

    /// The code stored in the database and shown to the user.
    pub fn code(self) -> &'static str {
        match self {
            AgeBracket::From11To14 => "11-14",
            AgeBracket::From15To17 => "15-17",
            AgeBracket::From18To25 => "18-25",
            AgeBracket::From26To64 => "26-64",
            AgeBracket::From65 => "65+",
        }
    }

    pub fn from_code(code: &str) -> Option<AgeBracket> {
        AgeBracket::ALL
            .into_iter()
            .find(|b| b.code() == code.trim())
    }

    /// The bracket of an age in years; under 11 is refused (the campaign's minimum age), and so
    /// is an age past 110 (a slip: « 120 » for « 12 »).
    pub fn from_age(years: u32) -> Result<AgeBracket, AgeError> {
        match years {
            0..=10 => Err(AgeError::TooYoung),
            11..=14 => Ok(AgeBracket::From11To14),
            15..=17 => Ok(AgeBracket::From15To17),
            18..=25 => Ok(AgeBracket::From18To25),
            26..=64 => Ok(AgeBracket::From26To64),
            65..=110 => Ok(AgeBracket::From65),
            _ => Err(AgeError::Implausible),
        }
    }

    /// Under 18: a project needs an adult referent.
    pub fn is_minor(self) -> bool {
        matches!(self, AgeBracket::From11To14 | AgeBracket::From15To17)
    }

    /// Under 15: a parent's consent is recorded too.
    pub fn needs_parent_consent(self) -> bool {
        self == AgeBracket::From11To14
    }
}

/// Why an age in years has no bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeError {
    /// Under the campaign's minimum age, 11.
    TooYoung,
    /// Past 110: a slip.
    Implausible,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_their_bracket() {
        let table = [
            (11, "11-14"),
            (14, "11-14"),
            (15, "15-17"),
            (17, "15-17"),
            (18, "18-25"),
            (25, "18-25"),
            (26, "26-64"),
            (64, "26-64"),
            (65, "65+"),
            (99, "65+"),
        ];
        for (age, code) in table {
            assert_eq!(AgeBracket::from_age(age).unwrap().code(), code, "age {age}");
        }
        assert!(AgeBracket::from_age(10).is_err());
        assert!(AgeBracket::from_age(0).is_err());
        assert!(AgeBracket::from_age(120).is_err());
        assert_eq!(AgeBracket::from_age(110), Ok(AgeBracket::From65));
    }

    #[test]
    fn codes_round_trip_and_minors_are_known() {
        for b in AgeBracket::ALL {
            assert_eq!(AgeBracket::from_code(b.code()), Some(b));
        }
        assert_eq!(AgeBracket::from_code("10-14"), None);
        assert!(AgeBracket::From15To17.is_minor());
        assert!(!AgeBracket::From18To25.is_minor());
        assert!(AgeBracket::From11To14.needs_parent_consent());
        assert!(!AgeBracket::From15To17.needs_parent_consent());
    }
}
