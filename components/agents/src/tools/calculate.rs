//! `calculate`: arithmetic expressions parsed by a small recursive-descent parser and
//! evaluated on `f64`, never run as code. Numbers, `+ - * / % ^` (power binds tightest
//! and to the right: `-2 ^ 2` is −4, `2 ^ -1` is 0.5), unary signs, parentheses, the constants `pi` and `e`, and the
//! functions `sqrt abs round floor ceil` (one argument) and `min max` (one or more).

/// Longest expression taken, in bytes.
pub const MAX_LEN: usize = 500;

/// Deepest nesting of parentheses and unary signs.
const MAX_DEPTH: usize = 64;

/// Why an expression has no value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalcError {
    /// Past [`MAX_LEN`] bytes.
    #[error("the expression is longer than {MAX_LEN} characters")]
    TooLong,
    /// Nested deeper than the parser goes.
    #[error("the expression is nested too deeply")]
    TooDeep,
    /// Not an expression at this byte offset.
    #[error("unexpected {found} at position {at}")]
    Unexpected {
        /// Byte offset.
        at: usize,
        /// What was there.
        found: String,
    },
    /// A function that does not exist, or the wrong number of arguments.
    #[error("{0}")]
    Function(String),
    /// Division or remainder by zero.
    #[error("division by zero")]
    DivisionByZero,
    /// The result is infinite or not a number.
    #[error("the result is not a finite number")]
    NotFinite,
}

/// The value of `expression`.
pub fn evaluate(expression: &str) -> Result<f64, CalcError> {
    if expression.len() > MAX_LEN {
        return Err(CalcError::TooLong);
    }
    let mut parser = Parser {
        text: expression.as_bytes(),
        at: 0,
        depth: 0,
    };
    let value = parser.expr()?;
    parser.skip_blanks();
    if parser.at < parser.text.len() {
        return Err(parser.unexpected());
    }
    if value.is_finite() {
        Ok(value)
    } else {
        Err(CalcError::NotFinite)
    }
}

/// `value` as a person writes it: whole numbers without a fraction, others to at most
/// twelve significant digits.
pub fn format(value: f64) -> String {
    if value == value.trunc() && value.abs() < 1e15 {
        return format!("{value:.0}");
    }
    let digits = 11 - value.abs().log10().floor().clamp(-300.0, 300.0) as i32;
    let text = format!(
        "{value:.*}",
        usize::try_from(digits.clamp(0, 17)).unwrap_or(0)
    );
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn skip_blanks(&mut self) {
        while self.text.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// The next byte that is not a blank, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_blanks();
        self.text.get(self.at).copied()
    }

    fn unexpected(&self) -> CalcError {
        let found = match self.text.get(self.at) {
            None => "end of expression".to_owned(),
            Some(_) => {
                let rest = String::from_utf8_lossy(&self.text[self.at..]);
                format!("'{}'", rest.chars().next().unwrap_or('?'))
            }
        };
        CalcError::Unexpected { at: self.at, found }
    }

    fn deeper(&mut self) -> Result<(), CalcError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(CalcError::TooDeep);
        }
        Ok(())
    }

    /// `term (('+' | '-') term)*`
    fn expr(&mut self) -> Result<f64, CalcError> {
        let mut value = self.term()?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.at += 1;
            let rhs = self.term()?;
            value = if op == b'+' { value + rhs } else { value - rhs };
        }
        Ok(value)
    }

    /// `unary (('*' | '/' | '%') unary)*`
    fn term(&mut self) -> Result<f64, CalcError> {
        let mut value = self.unary()?;
        while let Some(op @ (b'*' | b'/' | b'%')) = self.peek() {
            self.at += 1;
            let rhs = self.unary()?;
            value = match op {
                b'*' => value * rhs,
                _ if rhs == 0.0 => return Err(CalcError::DivisionByZero),
                b'/' => value / rhs,
                _ => value % rhs,
            };
        }
        Ok(value)
    }

    /// `primary ('^' unary)?`: right-associative, and tighter than a sign before it.
    fn power(&mut self) -> Result<f64, CalcError> {
        let base = self.primary()?;
        if self.peek() == Some(b'^') {
            self.at += 1;
            self.deeper()?;
            let exponent = self.unary()?;
            self.depth -= 1;
            return Ok(base.powf(exponent));
        }
        Ok(base)
    }

    /// `('-' | '+') unary | power`
    fn unary(&mut self) -> Result<f64, CalcError> {
        match self.peek() {
            Some(sign @ (b'-' | b'+')) => {
                self.at += 1;
                self.deeper()?;
                let value = self.unary()?;
                self.depth -= 1;
                Ok(if sign == b'-' { -value } else { value })
            }
            _ => self.power(),
        }
    }

    /// A number, a parenthesised expression, a constant or a function call.
    fn primary(&mut self) -> Result<f64, CalcError> {
        match self.peek() {
            Some(b'(') => {
                self.at += 1;
                self.deeper()?;
                let value = self.expr()?;
                self.depth -= 1;
                self.expect(b')')?;
                Ok(value)
            }
            Some(c) if c.is_ascii_digit() || c == b'.' => self.number(),
            Some(c) if c.is_ascii_alphabetic() => self.name(),
            _ => Err(self.unexpected()),
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), CalcError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn number(&mut self) -> Result<f64, CalcError> {
        let start = self.at;
        while self
            .text
            .get(self.at)
            .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
        {
            self.at += 1;
        }
        std::str::from_utf8(&self.text[start..self.at])
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .ok_or(CalcError::Unexpected {
                at: start,
                found: format!("'{}'", String::from_utf8_lossy(&self.text[start..self.at])),
            })
    }

    /// A constant, or a function and its parenthesised arguments.
    fn name(&mut self) -> Result<f64, CalcError> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(u8::is_ascii_alphabetic) {
            self.at += 1;
        }
        let name = String::from_utf8_lossy(&self.text[start..self.at]).to_ascii_lowercase();
        match name.as_str() {
            "pi" => return Ok(std::f64::consts::PI),
            "e" => return Ok(std::f64::consts::E),
            _ => {}
        }
        self.expect(b'(')?;
        self.deeper()?;
        let mut args = vec![self.expr()?];
        while self.peek() == Some(b',') {
            self.at += 1;
            args.push(self.expr()?);
        }
        self.depth -= 1;
        self.expect(b')')?;
        apply(&name, &args)
    }
}

/// Call function `name` on `args`.
fn apply(name: &str, args: &[f64]) -> Result<f64, CalcError> {
    let one = |f: fn(f64) -> f64| match args {
        [x] => Ok(f(*x)),
        _ => Err(CalcError::Function(format!("{name}() takes one argument"))),
    };
    match name {
        "sqrt" => one(f64::sqrt),
        "abs" => one(f64::abs),
        "round" => one(f64::round),
        "floor" => one(f64::floor),
        "ceil" => one(f64::ceil),
        "min" => Ok(args.iter().copied().fold(f64::INFINITY, f64::min)),
        "max" => Ok(args.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
        _ => Err(CalcError::Function(format!(
            "unknown function '{name}' (known: sqrt, abs, round, floor, ceil, min, max)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_associativity_and_functions() {
        let cases = [
            ("1 + 2 * 3", 7.0),
            ("(1 + 2) * 3", 9.0),
            ("2 ^ 3 ^ 2", 512.0),
            ("-2 ^ 2", -4.0),
            ("2 ^ -1", 0.5),
            ("10 - 4 - 3", 3.0),
            ("100 / 8 / 5", 2.5),
            ("17 % 5", 2.0),
            ("12.5 * (3 + 4)", 87.5),
            ("sqrt(16) + abs(-3)", 7.0),
            ("max(1, 7, 3) - min(4, 2)", 5.0),
            ("round(2.5) + floor(1.9) + ceil(1.1)", 6.0),
            ("  3  ", 3.0),
            ("--3", 3.0),
        ];
        for (text, want) in cases {
            assert_eq!(evaluate(text), Ok(want), "{text}");
        }
        assert!((evaluate("2 * pi").unwrap() - std::f64::consts::TAU).abs() < 1e-12);
    }

    #[test]
    fn bad_expressions_say_what_is_wrong() {
        assert_eq!(evaluate("1 / 0"), Err(CalcError::DivisionByZero));
        assert_eq!(evaluate("5 % 0"), Err(CalcError::DivisionByZero));
        assert_eq!(evaluate("10 ^ 400"), Err(CalcError::NotFinite));
        assert_eq!(
            evaluate("2 +"),
            Err(CalcError::Unexpected {
                at: 3,
                found: "end of expression".into()
            })
        );
        assert_eq!(
            evaluate("2 $ 3"),
            Err(CalcError::Unexpected {
                at: 2,
                found: "'$'".into()
            })
        );
        assert!(matches!(
            evaluate("1.2.3"),
            Err(CalcError::Unexpected { .. })
        ));
        assert!(matches!(evaluate("exec(1)"), Err(CalcError::Function(_))));
        assert!(matches!(
            evaluate("sqrt(1, 2)"),
            Err(CalcError::Function(_))
        ));
        assert!(matches!(evaluate("(1"), Err(CalcError::Unexpected { .. })));
        assert_eq!(evaluate(&"1+".repeat(300)), Err(CalcError::TooLong));
        assert_eq!(
            evaluate(&format!("{}1{}", "(".repeat(100), ")".repeat(100))),
            Err(CalcError::TooDeep)
        );
        assert_eq!(evaluate(&"-".repeat(200)), Err(CalcError::TooDeep));
    }

    #[test]
    fn results_read_as_written() {
        assert_eq!(format(87.5), "87.5");
        assert_eq!(format(7.0), "7");
        assert_eq!(format(-12.0), "-12");
        assert_eq!(format(1.0 / 3.0), "0.333333333333");
        assert_eq!(format(2.0 / 3.0 * 1000.0), "666.666666667");
        assert_eq!(format(1e20), "100000000000000000000");
    }
}
