//! Small numeric helpers. Missing values are `NaN` throughout the engine.

/// Values that are not missing.
pub fn present(x: &[f64]) -> impl Iterator<Item = f64> + '_ {
    x.iter().copied().filter(|v| !v.is_nan())
}

/// Number of non-missing values.
pub fn count(x: &[f64]) -> usize {
    x.iter().filter(|v| !v.is_nan()).count()
}

/// Mean of the non-missing values (`NaN` if none). Uses a second correction pass like R's `mean()`.
pub fn mean(x: &[f64]) -> f64 {
    let n = count(x);
    if n == 0 {
        return f64::NAN;
    }
    let m: f64 = present(x).sum::<f64>() / n as f64;
    let corr: f64 = present(x).map(|v| v - m).sum::<f64>() / n as f64;
    m + corr
}

/// Sample standard deviation (n - 1) of the non-missing values.
pub fn sd(x: &[f64]) -> f64 {
    let n = count(x);
    if n < 2 {
        return f64::NAN;
    }
    let m = mean(x);
    let ss: f64 = present(x).map(|v| (v - m) * (v - m)).sum();
    (ss / (n as f64 - 1.0)).sqrt()
}

pub fn min(x: &[f64]) -> f64 {
    present(x).fold(f64::NAN, |a, b| if a.is_nan() || b < a { b } else { a })
}

pub fn max(x: &[f64]) -> f64 {
    present(x).fold(f64::NAN, |a, b| if a.is_nan() || b > a { b } else { a })
}

/// Median of the non-missing values (mean of the two middle values for even counts), like R.
pub fn median(x: &[f64]) -> f64 {
    let mut v: Vec<f64> = present(x).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Type-2 skewness and excess kurtosis in one pass over the data (`NaN` when undefined).
pub fn skew_kurt(x: &[f64]) -> (f64, f64) {
    let (mut n, mut sum) = (0usize, 0.0);
    for &v in x {
        if !v.is_nan() {
            n += 1;
            sum += v;
        }
    }
    if n < 3 {
        return (f64::NAN, f64::NAN);
    }
    let nf = n as f64;
    let m0 = sum / nf;
    let corr: f64 = present(x).map(|v| v - m0).sum::<f64>() / nf;
    let m = m0 + corr;
    let (mut s2, mut s3, mut s4) = (0.0, 0.0, 0.0);
    for &v in x {
        if !v.is_nan() {
            let d = v - m;
            let d2 = d * d;
            s2 += d2;
            s3 += d2 * d;
            s4 += d2 * d2;
        }
    }
    let sk = nf.sqrt() * s3 / s2.powf(1.5) * (nf * (nf - 1.0)).sqrt() / (nf - 2.0);
    let ku = if n < 4 {
        f64::NAN
    } else {
        let r = nf * s4 / (s2 * s2);
        ((nf + 1.0) * (r - 3.0) + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0))
    };
    (sk, ku)
}

/// Skewness of type 2 (Excel `SKEW`, e1071 type 2) over the non-missing values; `NaN` if n < 3.
pub fn skew(x: &[f64]) -> f64 {
    let n = count(x);
    if n < 3 {
        return f64::NAN;
    }
    let m = mean(x);
    let (mut s2, mut s3) = (0.0, 0.0);
    for v in present(x) {
        let d = v - m;
        s2 += d * d;
        s3 += d * d * d;
    }
    let nf = n as f64;
    let y = nf.sqrt() * s3 / s2.powf(1.5);
    y * (nf * (nf - 1.0)).sqrt() / (nf - 2.0)
}

/// Excess kurtosis of type 2 (Excel `KURT`, e1071 type 2); `NaN` if n < 4.
pub fn kurt(x: &[f64]) -> f64 {
    let n = count(x);
    if n < 4 {
        return f64::NAN;
    }
    let m = mean(x);
    let (mut s2, mut s4) = (0.0, 0.0);
    for v in present(x) {
        let d = v - m;
        let d2 = d * d;
        s2 += d2;
        s4 += d2 * d2;
    }
    let nf = n as f64;
    let r = nf * s4 / (s2 * s2);
    ((nf + 1.0) * (r - 3.0) + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0))
}

/// Ascending ranks with ties sharing the lowest rank (R `rank(x, ties.method = "min",
/// na.last = "keep")`). Missing stays missing.
pub fn rank_min_asc(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).filter(|&i| !x[i].is_nan()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut out = vec![f64::NAN; x.len()];
    let mut k = 0;
    while k < idx.len() {
        let mut j = k;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[k]] {
            j += 1;
        }
        for &i in &idx[k..=j] {
            out[i] = (k + 1) as f64;
        }
        k = j + 1;
    }
    out
}

/// Competition ranks of scores, 1 = highest, ties share the lowest rank (R
/// `rank(-x, ties.method = "min")`). Missing scores get rank 0 in the returned vector.
pub fn rank_desc_u32(x: &[f64]) -> Vec<u32> {
    let mut idx: Vec<usize> = (0..x.len()).filter(|&i| !x[i].is_nan()).collect();
    idx.sort_by(|&a, &b| x[b].total_cmp(&x[a]));
    let mut out = vec![0u32; x.len()];
    let mut k = 0;
    while k < idx.len() {
        let mut j = k;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[k]] {
            j += 1;
        }
        for &i in &idx[k..=j] {
            out[i] = (k + 1) as u32;
        }
        k = j + 1;
    }
    out
}

/// Competition ranks as f64 (`NaN` for missing scores).
pub fn rank_desc(x: &[f64]) -> Vec<f64> {
    rank_desc_u32(x)
        .into_iter()
        .map(|r| if r == 0 { f64::NAN } else { r as f64 })
        .collect()
}

/// Quantile with linear interpolation (R type 7) of already sorted values.
pub fn quantile_sorted(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

/// Format like C `%.17g`: 17 significant digits, trailing zeros removed, empty for missing.
pub fn fmt17(x: f64) -> String {
    let mut s = String::new();
    fmt17_into(&mut s, x);
    s
}

struct StackBuf {
    b: [u8; 48],
    n: usize,
}

impl std::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let bytes = s.as_bytes();
        if self.n + bytes.len() > self.b.len() {
            return Err(std::fmt::Error);
        }
        self.b[self.n..self.n + bytes.len()].copy_from_slice(bytes);
        self.n += bytes.len();
        Ok(())
    }
}

/// Append `x` formatted like C `%.17g` to `out` (nothing for missing), without allocating.
pub fn fmt17_into(out: &mut String, x: f64) {
    use std::fmt::Write;
    if x.is_nan() {
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "Inf" } else { "-Inf" });
        return;
    }
    if x == 0.0 {
        out.push('0');
        return;
    }
    let mut sb = StackBuf { b: [0; 48], n: 0 };
    if write!(sb, "{:.16e}", x).is_err() {
        let _ = write!(out, "{x}");
        return;
    }
    let s = &sb.b[..sb.n];
    let epos = s.iter().position(|&c| c == b'e').unwrap_or(s.len());
    let exp: i32 = std::str::from_utf8(&s[epos + 1..])
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let neg = s[0] == b'-';
    let mut digits = [0u8; 17];
    let mut nd = 0;
    for &c in &s[..epos] {
        if c.is_ascii_digit() && nd < 17 {
            digits[nd] = c;
            nd += 1;
        }
    }
    // significant digits without trailing zeros
    let mut last = nd;
    while last > 1 && digits[last - 1] == b'0' {
        last -= 1;
    }
    let d = &digits[..last];
    if neg {
        out.push('-');
    }
    let push = |out: &mut String, b: &[u8]| out.push_str(std::str::from_utf8(b).unwrap_or(""));
    if !(-4..17).contains(&exp) {
        push(out, &d[..1]);
        if d.len() > 1 {
            out.push('.');
            push(out, &d[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        let _ = write!(out, "{a}");
    } else if exp >= 0 {
        let e = exp as usize;
        if d.len() > e + 1 {
            push(out, &d[..=e]);
            out.push('.');
            push(out, &d[e + 1..]);
        } else {
            push(out, d);
            for _ in d.len()..=e {
                out.push('0');
            }
        }
    } else {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        push(out, d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::excessive_precision)]
    fn fmt17_matches_printf() {
        assert_eq!(fmt17(0.020000000000000004), "0.020000000000000004");
        assert_eq!(fmt17(1.0), "1");
        assert_eq!(fmt17(2018.0), "2018");
        assert_eq!(fmt17(68.383724238341713), "68.383724238341713");
        assert_eq!(fmt17(0.00099328924098166047), "0.00099328924098166047");
        assert_eq!(fmt17(1.5e-5), "1.5e-05");
        assert_eq!(fmt17(123456789012345680.0), "1.2345678901234568e+17");
        assert_eq!(fmt17(-0.5), "-0.5");
        assert_eq!(fmt17(1e20), "1e+20");
        assert_eq!(fmt17(f64::NAN), "");
        assert_eq!(fmt17(100.0), "100");
        assert_eq!(fmt17(1e16), "10000000000000000");
        assert_eq!(fmt17(0.0001), "0.0001");
        assert_eq!(fmt17(-2.5e-7), "-2.4999999999999999e-07");
        for v in [0.1, 1.0 / 3.0, 12345.678, 9.87e-3, 123456789012345680.0] {
            assert_eq!(fmt17(v).parse::<f64>().unwrap(), v);
        }
    }

    #[test]
    fn ranks_competition() {
        assert_eq!(
            rank_desc_u32(&[3.0, 5.0, 5.0, 1.0, f64::NAN]),
            vec![3, 1, 1, 4, 0]
        );
        let r = rank_min_asc(&[3.0, 5.0, 5.0, 1.0]);
        assert_eq!(r, vec![2.0, 3.0, 3.0, 1.0]);
    }

    #[test]
    fn moments_type2() {
        // Excel SKEW(1,2,3,10) and KURT(1,2,3,10), computed independently (Python, type-2 formulas)
        let x = [1.0, 2.0, 3.0, 10.0];
        assert!(
            (skew(&x) - 1.763_632_614_803_888).abs() < 1e-12,
            "{}",
            skew(&x)
        );
        assert!((kurt(&x) - 3.228).abs() < 1e-12, "{}", kurt(&x));
        assert!(skew(&[1.0, 2.0]).is_nan());
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0, 4.0], 0.05), 1.15);
    }
}
