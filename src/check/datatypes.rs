//! Literal validity: every typed literal's lexical form must be valid for its XSD datatype.
//!
//! Oxigraph's parsers keep an ill-typed literal such as `"2024-02-30"^^xsd:date` as it is, and
//! a query comparing it then silently finds nothing. Dates and durations are parsed with
//! `oxsdatatypes` (Oxigraph's own XSD value types), which knows the calendar; numbers and
//! booleans are matched against the XSD lexical grammar, which has no size limit.
//!
//! The quads are read in the one pass that [`super::scan`] shares with the other checks that
//! look at every quad.

use super::{Check, CheckError, CheckInfo, Context, Hit, Severity};
use crate::prefixes::Prefixes;
use oxigraph::model::{GraphName, Quad, Term};
use oxsdatatypes::{
    Date, DateTime, DayTimeDuration, Duration, GDay, GMonth, GMonthDay, GYear, GYearMonth, Time,
    YearMonthDuration,
};
use std::str::FromStr;

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Why a lexical form is invalid for a datatype; `Ok(())` when it is valid or the datatype is
/// not one argmap knows how to validate.
///
/// ```
/// use argmap::check::datatypes::validate;
/// const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
/// assert!(validate("2024-02-29", &format!("{XSD}date")).is_ok());
/// assert!(validate("2023-02-29", &format!("{XSD}date")).is_err());
/// assert!(validate("-1", &format!("{XSD}nonNegativeInteger")).is_err());
/// assert!(validate("12.50", &format!("{XSD}decimal")).is_ok());
/// assert!(validate("yes", &format!("{XSD}boolean")).is_err());
/// ```
pub fn validate(lexical: &str, datatype: &str) -> Result<(), String> {
    let Some(local) = datatype.strip_prefix(XSD) else {
        return Ok(());
    };
    fn parsed<T: FromStr>(lexical: &str) -> Result<(), String>
    where
        T::Err: std::fmt::Display,
    {
        T::from_str(lexical).map(|_| ()).map_err(|e| e.to_string())
    }
    match local {
        "boolean" => match lexical {
            "true" | "false" | "1" | "0" => Ok(()),
            _ => Err("a boolean is true, false, 1 or 0".to_owned()),
        },
        "decimal" => decimal(lexical),
        "double" | "float" => floating(lexical),
        "integer" => integer(lexical, None, None),
        "nonNegativeInteger" => integer(lexical, Some(0), None),
        "positiveInteger" => integer(lexical, Some(1), None),
        "nonPositiveInteger" => integer(lexical, None, Some(0)),
        "negativeInteger" => integer(lexical, None, Some(-1)),
        "long" => integer(lexical, Some(i64::MIN.into()), Some(i64::MAX.into())),
        "int" => integer(lexical, Some(i32::MIN.into()), Some(i32::MAX.into())),
        "short" => integer(lexical, Some(i16::MIN.into()), Some(i16::MAX.into())),
        "byte" => integer(lexical, Some(i8::MIN.into()), Some(i8::MAX.into())),
        "unsignedLong" => integer(lexical, Some(0), Some(u64::MAX.into())),
        "unsignedInt" => integer(lexical, Some(0), Some(u32::MAX.into())),
        "unsignedShort" => integer(lexical, Some(0), Some(u16::MAX.into())),
        "unsignedByte" => integer(lexical, Some(0), Some(u8::MAX.into())),
        "date" => parsed::<Date>(lexical),
        "dateTime" => parsed::<DateTime>(lexical),
        "dateTimeStamp" => match DateTime::from_str(lexical) {
            Ok(value) if value.timezone_offset().is_none() => {
                Err("an xsd:dateTimeStamp needs a time zone (Z or ±hh:mm)".to_owned())
            }
            other => other.map(|_| ()).map_err(|e| e.to_string()),
        },
        "time" => parsed::<Time>(lexical),
        "gYear" => parsed::<GYear>(lexical),
        "gYearMonth" => parsed::<GYearMonth>(lexical),
        "gMonth" => parsed::<GMonth>(lexical),
        "gDay" => parsed::<GDay>(lexical),
        "gMonthDay" => parsed::<GMonthDay>(lexical),
        "duration" => parsed::<Duration>(lexical),
        "dayTimeDuration" => parsed::<DayTimeDuration>(lexical),
        "yearMonthDuration" => parsed::<YearMonthDuration>(lexical),
        _ => Ok(()),
    }
}

/// `[+-]?[0-9]+`, then the bounds, compared without overflow.
fn integer(lexical: &str, min: Option<i128>, max: Option<i128>) -> Result<(), String> {
    let (negative, digits) = match lexical.as_bytes().first() {
        Some(b'-') => (true, &lexical[1..]),
        Some(b'+') => (false, &lexical[1..]),
        _ => (false, lexical),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("an integer is digits with an optional sign, nothing else".to_owned());
    }
    let zero = digits.bytes().all(|b| b == b'0');
    let significant = digits.trim_start_matches('0');
    // `None` beyond 38 digits (past i128), which only matters for bounded types.
    let value: Option<i128> = if zero {
        Some(0)
    } else if significant.len() <= 38 {
        significant
            .parse::<i128>()
            .ok()
            .map(|v| if negative { -v } else { v })
    } else {
        None
    };
    let describe = |bound: i128, what: &str| format!("the value must be {what} {bound}");
    if let Some(min) = min {
        let below = match value {
            Some(v) => v < min,
            None => negative && !zero,
        };
        if below {
            return Err(describe(min, "at least"));
        }
    }
    if let Some(max) = max {
        let above = match value {
            Some(v) => v > max,
            None => !negative,
        };
        if above {
            return Err(describe(max, "at most"));
        }
    }
    Ok(())
}

/// `[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)`.
fn decimal(lexical: &str) -> Result<(), String> {
    if is_decimal(lexical) {
        Ok(())
    } else {
        Err("a decimal is digits with an optional sign and point (no exponent, no spaces, no thousands separators)".to_owned())
    }
}

fn is_decimal(lexical: &str) -> bool {
    let unsigned = lexical.strip_prefix(['+', '-']).unwrap_or(lexical);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    digits(whole)
        && fraction.is_none_or(digits)
        && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()))
}

/// Decimal with an optional exponent, or `INF`, `+INF`, `-INF`, `NaN`.
fn floating(lexical: &str) -> Result<(), String> {
    if matches!(lexical, "INF" | "+INF" | "-INF" | "NaN") {
        return Ok(());
    }
    let (mantissa, exponent) = match lexical.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (lexical, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    if is_decimal(mantissa) && exponent_ok {
        Ok(())
    } else {
        Err("a double is a decimal with an optional exponent (1.5E3), or INF, -INF, NaN".to_owned())
    }
}

/// The `invalid-literal` check.
#[derive(Debug, Clone)]
pub struct InvalidLiteral {
    info: CheckInfo,
}

impl InvalidLiteral {
    /// The check with its description.
    pub fn new() -> Self {
        Self {
            info: CheckInfo {
                name: "invalid-literal".to_owned(),
                severity: Severity::Error,
                description: "a literal's lexical form is not valid for its datatype".to_owned(),
                fix: "write the value in the datatype's form (xsd:date 2024-04-30, xsd:gYearMonth 2024-04, xsd:decimal 60.2) or change the datatype".to_owned(),
                defined_in: "rust".to_owned(),
            },
        }
    }
}

impl Default for InvalidLiteral {
    fn default() -> Self {
        Self::new()
    }
}

impl Check for InvalidLiteral {
    fn info(&self) -> &CheckInfo {
        &self.info
    }

    fn run(&self, context: &Context<'_>) -> Result<Vec<Hit>, CheckError> {
        Ok(context.scan()?.invalid_literals.clone())
    }
}

/// The invalid literals, gathered quad by quad in the shared pass ([`super::scan`]).
#[derive(Default)]
pub(crate) struct Accumulator {
    hits: Vec<Hit>,
}

impl Accumulator {
    /// Notes the quad if its object is a literal its datatype does not accept.
    pub(crate) fn observe(&mut self, quad: &Quad, prefixes: &Prefixes) {
        let Term::Literal(literal) = &quad.object else {
            return;
        };
        if let Err(why) = validate(literal.value(), literal.datatype().as_str()) {
            let datatype = crate::render::term_text(literal.datatype().into(), prefixes);
            let property = crate::render::term_text(quad.predicate.as_ref().into(), prefixes);
            let graph = match &quad.graph_name {
                GraphName::NamedNode(g) => Some(g.clone()),
                _ => None,
            };
            self.hits.push(
                Hit::new(quad.subject.clone())
                    .related(quad.predicate.clone())
                    .detail(format!(
                        "{property} {:?}^^{datatype} is not a valid {datatype}: {why}",
                        literal.value()
                    ))
                    .in_graph(graph),
            );
        }
    }

    /// The hits, in the order of the quads.
    pub(crate) fn finish(self) -> Vec<Hit> {
        self.hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(datatype: &str, valid: &[&str], invalid: &[&str]) {
        let iri = format!("{XSD}{datatype}");
        for lexical in valid {
            assert_eq!(
                validate(lexical, &iri),
                Ok(()),
                "{lexical:?}^^xsd:{datatype}"
            );
        }
        for lexical in invalid {
            assert!(
                validate(lexical, &iri).is_err(),
                "{lexical:?}^^xsd:{datatype} passed"
            );
        }
    }

    #[test]
    fn numbers_follow_the_xsd_grammar_without_size_limits() {
        check(
            "integer",
            &[
                "0",
                "-12",
                "+7",
                "123456789012345678901234567890123456789012",
            ],
            &["", "1.0", "1e3", " 1", "1,000", "+", "0x1F"],
        );
        check(
            "nonNegativeInteger",
            &[
                "0",
                "-0",
                "+42",
                "00012",
                "99999999999999999999999999999999999999999",
            ],
            &["-1", "-99999999999999999999999999999999999999999", "4.0"],
        );
        check("positiveInteger", &["1", "+3"], &["0", "-0", "-5"]);
        check("negativeInteger", &["-1"], &["0", "1"]);
        check("int", &["2147483647", "-2147483648"], &["2147483648"]);
        check("unsignedByte", &["255", "0"], &["256", "-1"]);
        check(
            "decimal",
            &[
                "60.2",
                "-0.5",
                ".5",
                "5.",
                "+12",
                "126000000000000000000000000",
            ],
            &["", ".", "1e3", "60,2", "$60.2", "1.2.3", "NaN"],
        );
        check(
            "double",
            &["1.5E3", "-1e-3", "INF", "-INF", "NaN", "42", ".5e1"],
            &["inf", "nan", "1e", "e3", "1.5E3.0", "Infinity"],
        );
        check(
            "boolean",
            &["true", "false", "1", "0"],
            &["True", "yes", ""],
        );
    }

    #[test]
    fn dates_know_the_calendar() {
        check(
            "date",
            &[
                "2024-02-29",
                "2022-02-24",
                "1938-09-30Z",
                "2024-04-30+02:00",
            ],
            &[
                "2023-02-29",
                "2024-04-31",
                "2024-4-30",
                "30/04/2024",
                "2024-04",
            ],
        );
        check(
            "dateTime",
            &["2024-09-25T10:00:00", "2024-09-25T10:00:00.5Z"],
            &["2024-09-25", "2024-09-25T25:00:00"],
        );
        check(
            "dateTimeStamp",
            &["2024-09-25T10:00:00Z"],
            &["2024-09-25T10:00:00"],
        );
        check("gYear", &["2024", "-0044"], &["24", "2024-01"]);
        check(
            "gYearMonth",
            &["2024-04", "1939-03"],
            &["2024-13", "2024", "2024-04-30"],
        );
        check("duration", &["P1Y2M", "PT36H"], &["P", "1Y"]);
    }

    #[test]
    fn other_datatypes_are_left_alone() {
        assert_eq!(validate("anything", &format!("{XSD}string")), Ok(()));
        assert_eq!(validate("x", "https://example.org/datatype"), Ok(()));
    }
}
