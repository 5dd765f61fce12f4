//! Human-readable numbers: SI prefixes and thousands separators.

/// `value` with an SI prefix and `unit`, three significant digits: `81.6 GW`.
pub fn si(value: f64, unit: &str) -> String {
    if !value.is_finite() {
        return format!("{value} {unit}");
    }
    const PREFIXES: [(f64, &str); 9] = [
        (1e24, "Y"),
        (1e21, "Z"),
        (1e18, "E"),
        (1e15, "P"),
        (1e12, "T"),
        (1e9, "G"),
        (1e6, "M"),
        (1e3, "k"),
        (1.0, ""),
    ];
    let magnitude = value.abs();
    let (scale, prefix) = PREFIXES
        .iter()
        .copied()
        .find(|(s, _)| magnitude >= *s)
        .unwrap_or((1.0, ""));
    let scaled = value / scale;
    let digits = if scaled.abs() >= 100.0 {
        0
    } else if scaled.abs() >= 10.0 {
        1
    } else {
        2
    };
    format!("{scaled:.digits$} {prefix}{unit}")
}

/// An integer with thin-space-free comma grouping: `999,900`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_grouping() {
        assert_eq!(si(81.63e9, "W"), "81.6 GW");
        assert_eq!(si(1.0e20, "FLOP/s"), "100 EFLOP/s");
        assert_eq!(si(0.5, "W"), "0.50 W");
        assert_eq!(si(-2500.0, "W"), "-2.50 kW");
        assert_eq!(grouped(999_900), "999,900");
        assert_eq!(grouped(12), "12");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }
}
