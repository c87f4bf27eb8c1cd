//! A small SVG line chart of scores 1–5 across periods with a dashed target line, readable
//! on a phone (it scales to the width). Built as a string so the same markup serves the
//! server render, hydration and live updates; the page puts a table next to it for screen
//! readers.

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const W: f64 = 320.0;
const H: f64 = 150.0;
const LEFT: f64 = 26.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;

fn y_of(v: f64) -> f64 {
    TOP + (5.0 - v.clamp(1.0, 5.0)) / 4.0 * (H - TOP - BOTTOM)
}

fn x_of(i: usize, n: usize) -> f64 {
    if n <= 1 {
        LEFT + (W - LEFT - RIGHT) / 2.0
    } else {
        LEFT + i as f64 * (W - LEFT - RIGHT) / (n - 1) as f64
    }
}

/// The chart of `points` (period label, average or none) against `target`. `label` names the
/// chart for assistive technology; points below target are drawn as warnings.
pub fn trend_svg(label: &str, points: &[(String, Option<f64>)], target: f64, target_text: &str) -> String {
    let n = points.len();
    let mut out = format!(
        "<svg class=\"trend\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" preserveAspectRatio=\"xMidYMid meet\">",
        esc(label)
    );
    for v in 1..=5 {
        let y = y_of(v as f64);
        out.push_str(&format!(
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"axis\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0
        ));
    }
    let ty = y_of(target);
    out.push_str(&format!(
        "<line class=\"target-line\" data-target=\"{target}\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\"/>\
         <text class=\"target-text\" x=\"{}\" y=\"{:.1}\" text-anchor=\"start\">{} {target:.1}</text>",
        W - RIGHT,
        LEFT + 4.0,
        ty + 12.0,
        esc(target_text)
    ));
    // the line joins consecutive periods with answers
    let mut segment: Vec<String> = Vec::new();
    let mut lines = String::new();
    for (i, (_, v)) in points.iter().enumerate() {
        match v {
            Some(v) => segment.push(format!("{:.1},{:.1}", x_of(i, n), y_of(*v))),
            None => {
                if segment.len() > 1 {
                    lines.push_str(&format!("<polyline class=\"series\" points=\"{}\"/>", segment.join(" ")));
                }
                segment.clear();
            }
        }
    }
    if segment.len() > 1 {
        lines.push_str(&format!("<polyline class=\"series\" points=\"{}\"/>", segment.join(" ")));
    }
    out.push_str(&lines);
    let step = n.div_ceil(6).max(1);
    for (i, (period, v)) in points.iter().enumerate() {
        let x = x_of(i, n);
        if let Some(v) = v {
            let class = if *v < target { "dot below" } else { "dot" };
            out.push_str(&format!("<circle class=\"{class}\" cx=\"{x:.1}\" cy=\"{:.1}\" r=\"3.5\"/>", y_of(*v)));
        }
        if i % step == 0 || i + 1 == n {
            // the first and last labels stay inside the chart
            let anchor = if n > 1 && i == 0 {
                "start"
            } else if n > 1 && i + 1 == n {
                "end"
            } else {
                "middle"
            };
            out.push_str(&format!(
                "<text class=\"axis\" x=\"{x:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                H - 8.0,
                esc(period)
            ));
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_draws_the_target_line_and_marks_points_below_it() {
        let pts = vec![
            ("2025-H1".to_string(), Some(4.5)),
            ("2025-H2".to_string(), None),
            ("2026-H1".to_string(), Some(3.5)),
            ("2026-H2".to_string(), Some(3.8)),
        ];
        let svg = trend_svg("Quality", &pts, 4.0, "Target");
        assert!(svg.contains("class=\"target-line\" data-target=\"4\""));
        assert_eq!(svg.matches("<circle").count(), 3, "no dot for a period without answers");
        assert_eq!(svg.matches("dot below").count(), 2);
        assert_eq!(svg.matches("<polyline").count(), 1, "the gap splits the line; a lone point has none");
        // 5 is at the top, 1 at the bottom
        assert!(y_of(5.0) < y_of(1.0));
    }

    #[test]
    fn labels_are_escaped() {
        assert!(trend_svg("<b>", &[], 4.0, "T&").contains("aria-label=\"&lt;b&gt;\""));
    }
}
