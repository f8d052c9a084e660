//! Expressions of derived indicators.
//!
//! Grammar (whitespace ignored):
//!
//! ```text
//! expr   := term (('+' | '-') term)*
//! term   := unary (('*' | '/') unary)*
//! unary  := '-' unary | atom
//! atom   := NUMBER | IDENT ('[' '-'? INTEGER ']')? | '(' expr ')'
//! IDENT  := [A-Za-z_][A-Za-z0-9_]*
//! ```
//!
//! `x[-1]` is item `x` one year before the year of evaluation; `x` alone is `x[0]`.
//! Evaluation answers `None` when a referenced value is missing, on division by zero, and
//! when the result is not finite: a derived value is never invented.

use std::collections::BTreeSet;
use std::fmt;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    /// An item at a year offset (0 = the evaluation year, -1 = the year before).
    Var(String, i32),
    Neg(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A syntax error with its character position (0-based).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("公式第 {pos} 个字符处: {msg}")]
pub struct ParseError {
    pub pos: usize,
    /// The problem in Chinese.
    pub msg: String,
    /// The problem in English.
    pub en: String,
}

impl ParseError {
    /// The error as a bilingual message (code `invalid_formula`), with its position.
    pub fn to_msg(&self) -> innocity_domain::Msg {
        let (pos, zh, en) = (self.pos, &self.msg, &self.en);
        innocity_domain::msg!(
            "invalid_formula",
            "公式第 {pos} 个字符处: {zh}",
            "Formula, character {pos}: {en}"
        )
    }
}

/// Largest year offset accepted (`x[-30]`).
pub const MAX_OFFSET: i32 = 30;
/// Longest formula accepted, in characters.
pub const MAX_LEN: usize = 1000;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    s: &'a [char],
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn err<T>(&self, msg: impl Into<String>, en: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            pos: self.i,
            msg: msg.into(),
            en: en.into(),
        })
    }
    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_whitespace() {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expr(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err("嵌套过深", "Nested too deeply");
        }
        let mut l = self.term()?;
        loop {
            let op = match self.peek() {
                Some('+') => BinOp::Add,
                Some('-') => BinOp::Sub,
                _ => break,
            };
            self.i += 1;
            let r = self.term()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
        self.depth -= 1;
        Ok(l)
    }
    fn term(&mut self) -> Result<Expr, ParseError> {
        let mut l = self.unary()?;
        loop {
            let op = match self.peek() {
                Some('*') => BinOp::Mul,
                Some('/') => BinOp::Div,
                _ => break,
            };
            self.i += 1;
            let r = self.unary()?;
            l = Expr::Bin(op, Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn unary(&mut self) -> Result<Expr, ParseError> {
        if self.eat('-') {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return self.err("嵌套过深", "Nested too deeply");
            }
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(e)));
        }
        self.atom()
    }
    fn atom(&mut self) -> Result<Expr, ParseError> {
        match self.peek() {
            None => self.err("公式不完整", "The formula is incomplete"),
            Some('(') => {
                self.i += 1;
                let e = self.expr()?;
                if !self.eat(')') {
                    return self.err("缺少右括号 )", "Missing closing parenthesis )");
                }
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_digit() || self.s[self.i] == '.')
                {
                    self.i += 1;
                }
                // Optional exponent: 1e6, 2.5E-3.
                if self.i < self.s.len() && matches!(self.s[self.i], 'e' | 'E') {
                    let save = self.i;
                    self.i += 1;
                    if self.i < self.s.len() && matches!(self.s[self.i], '+' | '-') {
                        self.i += 1;
                    }
                    let digits = self.i;
                    while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                        self.i += 1;
                    }
                    if self.i == digits {
                        self.i = save;
                    }
                }
                let text: String = self.s[start..self.i].iter().collect();
                match text.parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(Expr::Num(v)),
                    _ => Err(ParseError {
                        pos: start,
                        msg: format!("无效的数字 {text}"),
                        en: format!("Invalid number {text}"),
                    }),
                }
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == '_')
                {
                    self.i += 1;
                }
                let name: String = self.s[start..self.i].iter().collect();
                let mut off = 0;
                if self.eat('[') {
                    let neg = self.eat('-');
                    self.skip_ws();
                    let ds = self.i;
                    while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                        self.i += 1;
                    }
                    if ds == self.i {
                        return self.err(
                            "年份偏移须为整数,如 x[-1]",
                            "A year offset must be a whole number, as in x[-1]",
                        );
                    }
                    let n: String = self.s[ds..self.i].iter().collect();
                    let n: i32 = n.parse().unwrap_or(i32::MAX);
                    if n > MAX_OFFSET {
                        return self.err(
                            format!("年份偏移不能超过 {MAX_OFFSET}"),
                            format!("A year offset may be at most {MAX_OFFSET}"),
                        );
                    }
                    if !neg && n != 0 {
                        return self.err(
                            "只能引用以前的年份,如 x[-1]",
                            "Only earlier years may be referenced, as in x[-1]",
                        );
                    }
                    off = if neg { -n } else { n };
                    if !self.eat(']') {
                        return self.err("缺少 ]", "Missing ]");
                    }
                }
                Ok(Expr::Var(name, off))
            }
            Some(c) => self.err(
                format!("意外的字符 {c}"),
                format!("Unexpected character {c}"),
            ),
        }
    }
}

impl Expr {
    /// Parses a formula. Errors carry the character position.
    pub fn parse(src: &str) -> Result<Expr, ParseError> {
        let chars: Vec<char> = src.chars().collect();
        if chars.len() > MAX_LEN {
            return Err(ParseError {
                pos: MAX_LEN,
                msg: format!("公式不能超过 {MAX_LEN} 个字符"),
                en: format!("A formula may have at most {MAX_LEN} characters"),
            });
        }
        let mut p = Parser {
            s: &chars,
            i: 0,
            depth: 0,
        };
        if p.peek().is_none() {
            return p.err("公式为空", "The formula is empty");
        }
        let e = p.expr()?;
        if p.peek().is_some() {
            return p.err("多余的内容", "Unexpected text after the formula");
        }
        Ok(e)
    }

    /// Evaluates for `year`; `lookup(item, year)` gives a value or `None` when missing.
    pub fn eval(&self, year: i32, lookup: &impl Fn(&str, i32) -> Option<f64>) -> Option<f64> {
        let v = match self {
            Expr::Num(v) => *v,
            Expr::Var(name, off) => lookup(name, year + off)?,
            Expr::Neg(e) => -e.eval(year, lookup)?,
            Expr::Bin(op, l, r) => {
                let a = l.eval(year, lookup)?;
                let b = r.eval(year, lookup)?;
                match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    BinOp::Div => {
                        if b == 0.0 {
                            return None;
                        }
                        a / b
                    }
                }
            }
        };
        v.is_finite().then_some(v)
    }

    /// The items referenced, with their offsets, in order and without repeats.
    pub fn vars(&self) -> Vec<(String, i32)> {
        fn walk(e: &Expr, out: &mut Vec<(String, i32)>, seen: &mut BTreeSet<(String, i32)>) {
            match e {
                Expr::Num(_) => {}
                Expr::Var(n, o) => {
                    if seen.insert((n.clone(), *o)) {
                        out.push((n.clone(), *o));
                    }
                }
                Expr::Neg(e) => walk(e, out, seen),
                Expr::Bin(_, l, r) => {
                    walk(l, out, seen);
                    walk(r, out, seen);
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out, &mut BTreeSet::new());
        out
    }

    /// The distinct item codes referenced.
    pub fn items(&self) -> BTreeSet<String> {
        self.vars().into_iter().map(|(n, _)| n).collect()
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Num(v) => write!(f, "{v}"),
            Expr::Var(n, 0) => write!(f, "{n}"),
            Expr::Var(n, o) => write!(f, "{n}[{o}]"),
            Expr::Neg(e) => write!(f, "-({e})"),
            Expr::Bin(op, l, r) => {
                let o = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    BinOp::Div => "/",
                };
                write!(f, "({l} {o} {r})")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn data() -> HashMap<(String, i32), f64> {
        let mut m = HashMap::new();
        m.insert(("rd_expenditure".into(), 2023), 60.0);
        m.insert(("gdp".into(), 2023), 3000.0);
        m.insert(("x".into(), 2022), 100.0);
        m.insert(("x".into(), 2023), 110.0);
        m.insert(("zero".into(), 2023), 0.0);
        m
    }

    fn ev(src: &str, year: i32) -> Option<f64> {
        let d = data();
        Expr::parse(src)
            .unwrap()
            .eval(year, &|n, y| d.get(&(n.to_string(), y)).copied())
    }

    #[test]
    fn ratio_and_growth() {
        assert!((ev("rd_expenditure / gdp * 100", 2023).unwrap() - 2.0).abs() < 1e-12);
        assert!((ev("x / x[-1] - 1", 2023).unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(ev("x / x[-1] - 1", 2022), None, "2021 is missing");
    }

    #[test]
    fn precedence_unary_and_parentheses() {
        assert_eq!(ev("1 + 2 * 3", 2023), Some(7.0));
        assert_eq!(ev("(1 + 2) * 3", 2023), Some(9.0));
        assert_eq!(ev("-2 * -3", 2023), Some(6.0));
        assert_eq!(ev("10 - 4 - 3", 2023), Some(3.0), "left associative");
        assert_eq!(ev("8 / 4 / 2", 2023), Some(1.0));
        assert_eq!(ev("1e3 + 2.5E-1", 2023), Some(1000.25));
        assert_eq!(ev("x[0]", 2023), Some(110.0));
    }

    #[test]
    fn missing_and_division_by_zero() {
        assert_eq!(ev("gdp / zero", 2023), None);
        assert_eq!(ev("nothing + 1", 2023), None);
    }

    #[test]
    fn vars_and_display() {
        let e = Expr::parse("x / x[-1] - 1 + x").unwrap();
        assert_eq!(e.vars(), vec![("x".into(), 0), ("x".into(), -1)]);
        assert_eq!(e.items().len(), 1);
        let again = Expr::parse(&e.to_string()).unwrap();
        assert_eq!(again, e, "display round-trips");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = Expr::parse("gdp / ").unwrap_err();
        assert_eq!(e.pos, 6);
        assert!(Expr::parse("(gdp").unwrap_err().msg.contains(')'));
        assert!(Expr::parse("gdp gdp").unwrap_err().msg.contains("多余"));
        assert!(Expr::parse("x[1]").is_err(), "future years are refused");
        assert!(Expr::parse("x[-99]").is_err());
        assert!(Expr::parse("x[-a]").is_err());
        assert!(Expr::parse("").is_err());
        assert!(Expr::parse("研发").is_err());
        assert!(Expr::parse("1.2.3").is_err());
        assert!(
            Expr::parse(&"(".repeat(200)).is_err(),
            "deep nesting is refused"
        );
        assert!(Expr::parse(&"-".repeat(200)).is_err());
        assert!(Expr::parse(&"1+".repeat(600)).is_err(), "too long");
    }

    #[test]
    fn library_formulas_parse() {
        for f in [
            "rd_expenditure / gdp * 100",
            "invention_patents / resident_population",
            "professional_technical_personnel / resident_population * 10000",
            "gdp / employed_persons",
        ] {
            assert!(Expr::parse(f).is_ok(), "{f}");
        }
    }
}
