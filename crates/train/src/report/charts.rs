//! PNG charts: learning curves, precision–recall curves and reliability
//! diagrams, drawn with plotters and an embedded font.
//!
//! The font is an ASCII subset of DejaVu Sans
//! (`data/fonts/DejaVuSans-ascii.ttf`, see `data/fonts/README.md`), compiled
//! into the binary and registered with plotters as `sans-serif`, so charts
//! look the same on machines without system fonts. Labels should be ASCII:
//! other characters draw as empty boxes.

use std::error::Error;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};
use serde::{Deserialize, Serialize};

use super::{PrPoint, Reliability, ReportError};

/// Width and height in pixels of every chart.
pub const CHART_SIZE: (u32, u32) = (960, 640);

/// The embedded chart font.
const FONT_BYTES: &[u8] = include_bytes!("../../../../data/fonts/DejaVuSans-ascii.ttf");
/// The family name the font is registered under.
const FONT: &str = "sans-serif";

/// Okabe–Ito colours (distinguishable with the common colour-vision
/// deficiencies), one per series, repeating after seven.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
];

/// One named line of a line chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Legend entry (ASCII).
    pub name: String,
    /// `(x, y)` points in drawing order; non-finite points are skipped when
    /// drawing and are `null` in JSON.
    #[serde(with = "super::nan_null::pairs")]
    pub points: Vec<(f64, f64)>,
}

type DrawResult = Result<(), Box<dyn Error>>;

/// Registers the embedded font once per process.
fn ensure_font(path: &Path) -> Result<(), ReportError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| register_font(FONT, FontStyle::Normal, FONT_BYTES).is_ok());
    if ok {
        Ok(())
    } else {
        Err(ReportError::Font {
            path: path.to_owned(),
        })
    }
}

/// Registers the font, draws, and puts the path into any error.
fn render(path: &Path, draw: impl FnOnce(&Path) -> DrawResult) -> Result<(), ReportError> {
    ensure_font(path)?;
    draw(path).map_err(|error| ReportError::Chart {
        path: path.to_owned(),
        message: error.to_string(),
    })
}

fn colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// `min..max` of the values, padded by 5% (or ±0.5 around a single value);
/// `0..1` when there is no finite value.
fn padded_range(values: impl Iterator<Item = f64>) -> Range<f64> {
    let (min, max) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !min.is_finite() {
        return 0.0..1.0;
    }
    let pad = if max - min < 1e-12 {
        (max.abs() * 0.05).max(0.5)
    } else {
        (max - min) * 0.05
    };
    (min - pad)..(max + pad)
}

fn finite_points(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect()
}

/// Marker radius for a line of `points` points: `size` when they are few
/// enough to tell apart, none otherwise.
fn marker_size(points: usize, size: u32) -> u32 {
    if points <= 60 { size } else { 0 }
}

/// An axis tick: at most four decimals, trailing zeros dropped (`500`, `0.25`),
/// scientific notation for tiny values.
fn tick(value: f64) -> String {
    if value != 0.0 && value.abs() < 1e-3 {
        return format!("{value:.1e}");
    }
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Where the legend hides the least: the lower right when the lines end in
/// the upper half of the chart (a rising reward), else the upper right (a
/// falling loss).
fn legend_corner(series: &[Series], y_range: &Range<f64>) -> SeriesLabelPosition {
    let middle = (y_range.start + y_range.end) / 2.0;
    let ends: Vec<f64> = series
        .iter()
        .filter_map(|s| finite_points(&s.points).last().map(|p| p.1))
        .collect();
    let high = ends.iter().filter(|&&y| y > middle).count();
    if 2 * high > ends.len() {
        SeriesLabelPosition::LowerRight
    } else {
        SeriesLabelPosition::UpperRight
    }
}

/// Draws a line chart (e.g. a learning curve: x = step, y = loss or reward),
/// one coloured line with markers per series and a legend, axes fitted to
/// the data, into a [`CHART_SIZE`] PNG at `path` (its directory must exist).
pub fn line_chart_png(
    path: &Path,
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
) -> Result<(), ReportError> {
    render(path, |path| {
        let lines: Vec<Vec<(f64, f64)>> = series.iter().map(|s| finite_points(&s.points)).collect();
        let x_range = padded_range(lines.iter().flatten().map(|p| p.0));
        let y_range = padded_range(lines.iter().flatten().map(|p| p.1));
        let y_span = y_range.clone();
        let root = BitMapBackend::new(path, CHART_SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 26))
            .margin(20)
            .x_label_area_size(56)
            .y_label_area_size(84)
            .build_cartesian_2d(x_range, y_range)?;
        chart
            .configure_mesh()
            .x_desc(x_label)
            .y_desc(y_label)
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 18))
            .light_line_style(RGBColor(236, 236, 236))
            .draw()?;
        for (i, (s, points)) in series.iter().zip(lines).enumerate() {
            let style = colour(i).stroke_width(2);
            let marker = marker_size(points.len(), 3);
            chart
                .draw_series(LineSeries::new(points, style).point_size(marker))?
                .label(s.name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], style));
        }
        if series.iter().any(|s| !finite_points(&s.points).is_empty()) {
            chart
                .configure_series_labels()
                .position(legend_corner(series, &y_span))
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.4))
                .label_font((FONT, 16))
                .draw()?;
        } else {
            no_data(&root, "no data")?;
        }
        root.present()?;
        Ok(())
    })
}

/// Writes a centred grey message on an otherwise empty chart.
fn no_data(
    root: &DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>,
    message: &str,
) -> DrawResult {
    let (w, h) = CHART_SIZE;
    let style = TextStyle::from((FONT, 24).into_font())
        .color(&RGBColor(120, 120, 120))
        .pos(Pos::new(HPos::Center, VPos::Center));
    root.draw(&Text::new(message, ((w / 2) as i32, (h / 2) as i32), style))?;
    Ok(())
}

/// Draws the precision–recall curves of several systems (x = recall,
/// y = precision, one line per system, the lowest threshold at the right
/// end) into a [`CHART_SIZE`] PNG at `path`. The precision axis is zoomed to
/// the range the curves use (in steps of 0.05), since systems worth
/// comparing usually differ near 1.
pub fn pr_chart_png(path: &Path, systems: &[(String, Vec<PrPoint>)]) -> Result<(), ReportError> {
    render(path, |path| {
        let curves: Vec<Vec<(f64, f64)>> = systems
            .iter()
            .map(|(_, curve)| {
                finite_points(
                    &curve
                        .iter()
                        .map(|p| (p.recall, p.precision))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let lowest = curves.iter().flatten().map(|p| p.1).fold(1.0f64, f64::min);
        let y_min = ((lowest * 20.0).floor() / 20.0 - 0.05).clamp(0.0, 0.95);
        let root = BitMapBackend::new(path, CHART_SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption("Precision-recall as the accept threshold falls", (FONT, 26))
            .margin(20)
            .x_label_area_size(56)
            .y_label_area_size(84)
            .build_cartesian_2d(0.0..1.0, y_min..1.01)?;
        chart
            .configure_mesh()
            .x_desc("recall (correct links / queries whose company is in the table)")
            .y_desc("precision (correct / accepted links)")
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 17))
            .light_line_style(RGBColor(236, 236, 236))
            .draw()?;
        for (i, ((name, _), points)) in systems.iter().zip(curves).enumerate() {
            let style = colour(i).stroke_width(2);
            let marker = marker_size(points.len(), 2);
            chart
                .draw_series(LineSeries::new(points, style).point_size(marker))?
                .label(name.as_str())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], style));
        }
        if systems.iter().any(|(_, curve)| !curve.is_empty()) {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.4))
                .label_font((FONT, 16))
                .draw()?;
        } else {
            no_data(&root, "no proposed links")?;
        }
        root.present()?;
        Ok(())
    })
}

/// `1234`, `12.3k`, `1.40M`: short enough to sit over a bar.
fn short_count(count: usize) -> String {
    match count {
        0..10_000 => count.to_string(),
        10_000..1_000_000 => format!("{:.1}k", count as f64 / 1e3),
        _ => format!("{:.2}M", count as f64 / 1e6),
    }
}

/// Draws a reliability diagram into a [`CHART_SIZE`] PNG at `path`: one bar
/// per non-empty score bin up to its accuracy, a dot at (mean score,
/// accuracy), the diagonal of perfect calibration, the number of links over
/// each bar and the ECE in the corner.
pub fn reliability_png(
    path: &Path,
    reliability: &Reliability,
    title: &str,
) -> Result<(), ReportError> {
    render(path, |path| {
        let bins: Vec<_> = reliability
            .bins
            .iter()
            .filter(|b| b.count > 0 && b.accuracy.is_finite() && b.mean_score.is_finite())
            .collect();
        let root = BitMapBackend::new(path, CHART_SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 26))
            .margin(20)
            .x_label_area_size(56)
            .y_label_area_size(84)
            .build_cartesian_2d(0.0..1.0, 0.0..1.08)?;
        chart
            .configure_mesh()
            .x_desc("score (calibrated confidence)")
            .y_desc("accuracy (share of links that are right)")
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 18))
            .light_line_style(RGBColor(236, 236, 236))
            .draw()?;
        let bar = PALETTE[4].mix(0.45).filled();
        chart
            .draw_series(
                bins.iter()
                    .map(|b| Rectangle::new([(b.lower, 0.0), (b.upper, b.accuracy)], bar)),
            )?
            .label("accuracy per score bin")
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 24, y + 6)], bar));
        chart.draw_series(bins.iter().map(|b| {
            Rectangle::new(
                [(b.lower, 0.0), (b.upper, b.accuracy)],
                PALETTE[0].stroke_width(1),
            )
        }))?;
        let grey = RGBColor(110, 110, 110);
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, 0.0), (1.0, 1.0)],
                8,
                6,
                grey.stroke_width(2),
            ))?
            .label("perfect calibration")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 24, y)], grey.stroke_width(2))
            });
        let dot = PALETTE[1].filled();
        chart
            .draw_series(
                bins.iter()
                    .map(|b| Circle::new((b.mean_score, b.accuracy), 5, dot)),
            )?
            .label("(mean score, accuracy)")
            .legend(move |(x, y)| Circle::new((x + 12, y), 5, dot));
        let count_style = TextStyle::from((FONT, 14).into_font())
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        chart.draw_series(bins.iter().map(|b| {
            Text::new(
                format!("n={}", short_count(b.count)),
                ((b.lower + b.upper) / 2.0, b.accuracy + 0.012),
                count_style.clone(),
            )
        }))?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .label_font((FONT, 16))
            .draw()?;
        let summary = if reliability.ece.is_finite() {
            format!(
                "ECE = {:.4} over {} links, {} bins",
                reliability.ece,
                reliability.total(),
                reliability.bins.len()
            )
        } else {
            "no links: ECE not applicable".to_owned()
        };
        chart.draw_series(std::iter::once(Text::new(
            summary,
            (0.02, 1.05),
            TextStyle::from((FONT, 17).into_font()).color(&BLACK),
        )))?;
        root.present()?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::report::reliability;

    /// Width and height from a PNG's IHDR chunk, after checking the signature.
    fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert!(bytes.len() > 24, "PNG too short: {} bytes", bytes.len());
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        (width, height)
    }

    #[test]
    fn line_chart_is_a_png_of_the_chart_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loss.png");
        let series = vec![
            Series {
                name: "train loss".into(),
                points: (0..50)
                    .map(|i| (f64::from(i), 1.0 / f64::from(i + 1)))
                    .collect(),
            },
            Series {
                name: "validation loss".into(),
                points: vec![(0.0, 1.2), (25.0, f64::NAN), (49.0, 0.1)],
            },
        ];
        line_chart_png(&path, "Loss", "step", "loss", &series).unwrap();
        assert_eq!(png_size(&std::fs::read(&path).unwrap()), CHART_SIZE);
    }

    #[test]
    fn empty_charts_still_draw() {
        let dir = tempfile::tempdir().unwrap();
        let line = dir.path().join("line.png");
        line_chart_png(&line, "Nothing", "x", "y", &[]).unwrap();
        assert_eq!(png_size(&std::fs::read(&line).unwrap()), CHART_SIZE);
        let pr = dir.path().join("pr.png");
        pr_chart_png(&pr, &[("none".to_owned(), Vec::new())]).unwrap();
        assert_eq!(png_size(&std::fs::read(&pr).unwrap()), CHART_SIZE);
        let rel = dir.path().join("rel.png");
        reliability_png(&rel, &reliability(&[], 10), "Nothing").unwrap();
        assert_eq!(png_size(&std::fs::read(&rel).unwrap()), CHART_SIZE);
    }

    #[test]
    fn reliability_chart_is_a_png_of_the_chart_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reliability.png");
        let outcomes: Vec<(f32, bool)> = (0..200)
            .map(|i| ((i % 100) as f32 / 100.0, i % 3 != 0))
            .collect();
        reliability_png(&path, &reliability(&outcomes, 10), "Reliability").unwrap();
        assert_eq!(png_size(&std::fs::read(&path).unwrap()), CHART_SIZE);
    }

    #[test]
    fn missing_directory_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/chart.png");
        let error = line_chart_png(&path, "t", "x", "y", &[]).unwrap_err();
        assert!(matches!(error, ReportError::Chart { .. }));
        assert!(error.to_string().contains("chart.png"), "{error}");
    }

    #[test]
    fn padded_range_handles_single_and_missing_values() {
        assert_eq!(padded_range(std::iter::empty()), 0.0..1.0);
        assert_eq!(padded_range([2.0].into_iter()), 1.5..2.5);
        let r = padded_range([0.0, 10.0, f64::NAN].into_iter());
        assert!((r.start + 0.5).abs() < 1e-12 && (r.end - 10.5).abs() < 1e-12);
    }

    #[test]
    fn ticks_drop_trailing_zeros() {
        assert_eq!(tick(500.0), "500");
        assert_eq!(tick(0.25), "0.25");
        assert_eq!(tick(-0.0), "0");
        assert_eq!(tick(0.00012), "1.2e-4");
    }

    #[test]
    fn counts_are_short() {
        assert_eq!(short_count(9_999), "9999");
        assert_eq!(short_count(12_345), "12.3k");
        assert_eq!(short_count(1_400_000), "1.40M");
    }
}
