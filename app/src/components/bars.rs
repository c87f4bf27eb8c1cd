//! A small SVG bar chart: one group of bars per label (a month, a rep), one bar per series,
//! scaled to the largest value. Built as a string like the trend chart, so the server render,
//! hydration and live updates share it; the page puts a table beside it for screen readers.

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const W: f64 = 320.0;
const H: f64 = 164.0;
const LEFT: f64 = 30.0;
const RIGHT: f64 = 6.0;
const TOP: f64 = 10.0;
/// The legend's band above the plot, so a full bar never runs under it.
const LEGEND: f64 = 14.0;
const BOTTOM: f64 = 26.0;

/// A round top for the axis: 1, 2 or 5 times a power of ten at or above `max`.
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|t| *t >= max).unwrap_or(10.0 * power)
}

fn number(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The chart of `groups` (label, one value per series; None draws no bar). `label` names the
/// chart for assistive technology; `series` names the bars in the legend, in order.
pub fn bars_svg(label: &str, groups: &[(String, Vec<Option<f64>>)], series: &[String]) -> String {
    let n = groups.len().max(1);
    let k = series.len().max(1);
    let max = groups.iter().flat_map(|(_, v)| v.iter().flatten()).fold(0.0f64, |m, v| m.max(*v));
    let top = nice_top(max);
    let plot_top = TOP + LEGEND;
    let plot_h = H - plot_top - BOTTOM;
    let y_of = |v: f64| plot_top + (1.0 - (v / top).clamp(0.0, 1.0)) * plot_h;
    let slot = (W - LEFT - RIGHT) / n as f64;
    let bar = (slot * 0.8 / k as f64).max(1.0);
    let mut out = format!(
        "<svg class=\"bars\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"xMidYMid meet\">",
        esc(label)
    );
    for step in 0..=2 {
        let v = top * step as f64 / 2.0;
        let y = y_of(v);
        out.push_str(&format!(
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            LEFT - 4.0,
            y + 4.0,
            number(v)
        ));
    }
    let every = n.div_ceil(6).max(1);
    for (i, (name, values)) in groups.iter().enumerate() {
        let x0 = LEFT + i as f64 * slot + slot * 0.1;
        for (s, v) in values.iter().enumerate().take(k) {
            if let Some(v) = v {
                let y = y_of(*v);
                out.push_str(&format!(
                    "<rect class=\"bar s{s}\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{:.1}\"><title>{} {}: {}</title></rect>",
                    x0 + s as f64 * bar,
                    (plot_top + plot_h - y).max(0.0),
                    esc(name),
                    esc(series.get(s).map(String::as_str).unwrap_or("")),
                    number(*v)
                ));
            }
        }
        // every `every`-th label, counted back from the last (the latest month is always named)
        if (n - 1 - i).is_multiple_of(every) {
            out.push_str(&format!(
                "<text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                LEFT + (i as f64 + 0.5) * slot,
                H - 8.0,
                esc(name)
            ));
        }
    }
    // each legend entry after the one before, as wide as its text (10 px type: about 5.6 units a
    // Latin letter, 10 a Chinese character)
    let mut x = LEFT + 4.0;
    for (s, name) in series.iter().enumerate() {
        let text: f64 = name.chars().map(|c| if c.is_ascii() { 5.6 } else { 10.0 }).sum();
        out.push_str(&format!(
            "<rect class=\"bar s{s}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\"/><text class=\"legend\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            TOP - 6.0,
            x + 11.0,
            TOP + 2.0,
            esc(name)
        ));
        x += 11.0 + text + 12.0;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_a_round_top_and_skip_missing_values() {
        assert_eq!(nice_top(7.3), 10.0);
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(120.0), 200.0);
        let svg = bars_svg(
            "Times",
            &[("2026-11".into(), vec![Some(4.0), Some(9.0)]), ("2026-12".into(), vec![None, Some(2.0)])],
            &["median".into(), "p90".into()],
        );
        assert_eq!(svg.matches("<rect class=\"bar s1\"").count(), 3, "two bars and the legend");
        assert_eq!(svg.matches("<rect class=\"bar s0\"").count(), 2, "one bar and the legend");
        assert!(svg.contains("aria-label=\"Times\""));
        assert!(svg.contains(">10</text>"), "the axis tops at 10");
        assert!(svg.contains("y=\"4.0\" width=\"8\""), "the legend sits above the plot, not over a full bar");
    }
}
