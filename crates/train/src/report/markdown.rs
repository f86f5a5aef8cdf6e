//! `report.md`: the report as markdown tables.

use std::fmt::Write as _;

use super::document::{COST_CHART, ChartFiles, PR_CHART};
use super::{
    ALL_CATEGORY, CategoryMetrics, CategoryReliability, EvaluationReport, MISSED_LINK_PRICE,
    RELIABILITY_BINS, WRONG_LINK_PRICES,
};

/// Reads one ratio out of a metrics row.
type Metric = fn(&CategoryMetrics) -> f64;

/// What stands for a not-applicable value.
const NOT_APPLICABLE: &str = "–";
/// How far a reliability bin may lie from the diagonal (issue 24: every
/// populated bin within 0.1).
const BIN_TOLERANCE: f64 = 0.1;

/// A ratio as a percentage with two decimals, or `–`.
fn percent(value: f64) -> String {
    if value.is_finite() {
        format!("{:.2}%", value * 100.0)
    } else {
        NOT_APPLICABLE.to_owned()
    }
}

/// Text safe inside a table cell (no `|`, no line breaks).
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Every category of every system, in first-seen order.
fn categories(report: &EvaluationReport) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for system in &report.systems {
        for row in &system.metrics {
            if !names.contains(&row.category.as_str()) {
                names.push(&row.category);
            }
        }
    }
    names
}

/// The first system's row of a category (for the query counts).
fn first_row<'a>(report: &'a EvaluationReport, category: &str) -> Option<&'a CategoryMetrics> {
    report.systems.iter().find_map(|s| s.category(category))
}

/// Whether every system that has a category counts the same queries in it.
fn same_queries(report: &EvaluationReport, categories: &[&str]) -> bool {
    categories.iter().all(|category| {
        let counts: Vec<(usize, usize)> = report
            .systems
            .iter()
            .filter_map(|s| s.category(category))
            .map(|m| (m.queries, m.present))
            .collect();
        counts.windows(2).all(|pair| pair[0] == pair[1])
    })
}

fn system_header(out: &mut String, first: &[&str], report: &EvaluationReport) {
    let names: Vec<String> = report.systems.iter().map(|s| cell(&s.name)).collect();
    let _ = writeln!(out, "| {} | {} |", first.join(" | "), names.join(" | "));
    let rule = vec!["---:"; first.len() - 1 + names.len()];
    let _ = writeln!(out, "|---|{}|", rule.join("|"));
}

/// One table: a row per category, a column per system, `value` of each.
fn metric_table(out: &mut String, report: &EvaluationReport, categories: &[&str], value: Metric) {
    system_header(out, &["category", "queries", "present"], report);
    for category in categories {
        let (queries, present) =
            first_row(report, category).map_or((0, 0), |m| (m.queries, m.present));
        let values: Vec<String> = report
            .systems
            .iter()
            .map(|s| {
                s.category(category)
                    .map_or(NOT_APPLICABLE.to_owned(), |m| percent(value(m)))
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {queries} | {present} | {} |",
            cell(category),
            values.join(" | ")
        );
    }
    out.push('\n');
}

/// Renders the whole report; `files` names the charts it links to.
pub(crate) fn render(report: &EvaluationReport, files: &ChartFiles) -> String {
    let mut out = String::new();
    title_section(&mut out, report);
    let categories = categories(report);
    summary_section(&mut out, report);
    per_category_section(&mut out, report, &categories);
    absent_section(&mut out, report, &categories);
    counts_section(&mut out, report, &categories);
    calibration_section(&mut out, report, files);
    cost_section(&mut out, report);
    category_calibration_section(&mut out, report);
    charts_section(&mut out, report, files);
    out
}

/// The title, the run's notes, and a word when no system was evaluated.
fn title_section(out: &mut String, report: &EvaluationReport) {
    let _ = writeln!(out, "# {}\n", report.title.replace(['\n', '\r'], " "));
    if !report.notes.is_empty() {
        out.push_str("## Notes\n\n");
        for note in &report.notes {
            let _ = writeln!(out, "- {}", note.replace(['\n', '\r'], " "));
        }
        out.push('\n');
    }
    if report.systems.is_empty() {
        out.push_str("No system was evaluated.\n\n");
    }
}

/// One line per system over all queries.
fn summary_section(out: &mut String, report: &EvaluationReport) {
    out.push_str("## Summary\n\n");
    out.push_str(
        "Over all queries (`all`): precision = correct ÷ auto-accepted links; recall = correct ÷ queries \
         whose company is in the table; F1 = their harmonic mean; match rate (名寄せ率) = auto-accepted ÷ \
         queries; false links on absent = auto-accepted links for companies absent from the table ÷ such \
         queries; review = proposals left for a person; ECE = expected calibration error of the scores of \
         all proposals. `–` = not applicable (nothing to divide by).\n\n",
    );
    out.push_str("| system | precision | recall | F1 | match rate | false links on absent | review | ECE |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for system in &report.systems {
        let ece = ece_text(system.reliability.ece);
        match system.category(ALL_CATEGORY) {
            Some(all) => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {ece} |",
                    cell(&system.name),
                    percent(all.precision),
                    percent(all.recall),
                    percent(all.f1),
                    percent(all.match_rate),
                    percent(all.false_link_rate_absent),
                    all.review,
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "| {} | – | – | – | – | – | – | {ece} |",
                    cell(&system.name)
                );
            }
        }
    }
    out.push('\n');
}

/// Precision, recall, F1 and match rate per category.
fn per_category_section(out: &mut String, report: &EvaluationReport, categories: &[&str]) {
    out.push_str("## Per category\n\n");
    out.push_str(
        "One row per evaluation category, then `present` (every query whose company is in the table) and \
         `all`. Columns after the counts are the systems.\n\n",
    );
    if !same_queries(report, categories) {
        out.push_str(
            "**Caution:** the systems were not evaluated on the same queries (the counts differ); the \
             `queries` and `present` columns are those of the first system that has the category.\n\n",
        );
    }
    let tables: [(&str, Metric); 4] = [
        ("Precision", |m| m.precision),
        ("Recall", |m| m.recall),
        ("F1", |m| m.f1),
        ("Match rate (名寄せ率)", |m| m.match_rate),
    ];
    for (heading, value) in tables {
        let _ = writeln!(out, "### {heading}\n");
        metric_table(out, report, categories, value);
    }
}

/// False links per category with absent queries.
fn absent_section(out: &mut String, report: &EvaluationReport, categories: &[&str]) {
    out.push_str("### False links on absent companies\n\n");
    out.push_str("Auto-accepted links made for queries whose company is not in the table ÷ those queries.\n\n");
    let with_absent: Vec<&str> = categories
        .iter()
        .copied()
        .filter(|c| {
            report
                .systems
                .iter()
                .filter_map(|s| s.category(c))
                .any(|m| m.absent() > 0)
        })
        .collect();
    if with_absent.is_empty() {
        out.push_str("No query of this evaluation is absent from the table.\n\n");
    } else {
        system_header(out, &["category", "absent"], report);
        for category in &with_absent {
            let absent = first_row(report, category).map_or(0, CategoryMetrics::absent);
            let values: Vec<String> = report
                .systems
                .iter()
                .map(|s| {
                    s.category(category).map_or(NOT_APPLICABLE.to_owned(), |m| {
                        percent(m.false_link_rate_absent)
                    })
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {absent} | {} |",
                cell(category),
                values.join(" | ")
            );
        }
        out.push('\n');
    }
}

/// The raw counts behind the ratios.
fn counts_section(out: &mut String, report: &EvaluationReport, categories: &[&str]) {
    out.push_str("### Counts\n\n");
    out.push_str("| category | system | queries | present | linked | correct | wrong | review |\n");
    out.push_str("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for category in categories {
        for system in &report.systems {
            if let Some(m) = system.category(category) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    cell(category),
                    cell(&system.name),
                    m.queries,
                    m.present,
                    m.linked,
                    m.correct,
                    m.wrong,
                    m.review
                );
            }
        }
    }
    out.push('\n');
}

/// ECE, the largest gap and the bins off the diagonal, per system.
fn calibration_section(out: &mut String, report: &EvaluationReport, files: &ChartFiles) {
    out.push_str("## Calibration\n\n");
    let _ = writeln!(
        out,
        "Scores of every proposal (matched or review) against whether it names the company the query \
         was written from, in {RELIABILITY_BINS} equal-width bins; ECE = Σ bin share × |accuracy − mean \
         score| (0 = calibrated). Where a set records that company without making it the truth (a \
         name several rows carry, so no link can be counted right: `tied_name_only`), a proposal of it \
         counts as right here: a score says how likely the proposal is the company meant, and for a \
         tie between two namesakes that is one half.\n"
    );
    let _ = writeln!(
        out,
        "The largest gap is over populated bins; \"bins off by > {BIN_TOLERANCE}\" counts the \
         populated bins whose accuracy lies more than {BIN_TOLERANCE} from their mean score, first \
         beyond chance (the bin's whole 95 % Wilson interval lies outside mean score ± \
         {BIN_TOLERANCE}), then by the bare gap (a bin of one or two proposals is nearly always off \
         by it).\n"
    );
    let _ = writeln!(
        out,
        "| system | proposals | ECE | largest gap | bins off by > {BIN_TOLERANCE}: beyond chance, bare gap | reliability diagram |\n|---|---:|---:|---:|---:|---|"
    );
    for (system, file) in report.systems.iter().zip(&files.reliability) {
        let r = &system.reliability;
        let (beyond_chance, bare) = r.bins_off(BIN_TOLERANCE);
        let largest = r.largest_gap();
        let largest = if largest.is_finite() {
            format!("{largest:.3}")
        } else {
            "–".to_owned()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {largest} | {beyond_chance}, {bare} | [{file}]({file}) |",
            cell(&system.name),
            r.total(),
            ece_text(r.ece)
        );
    }
    out.push('\n');
}

/// The charts, linked.
fn charts_section(out: &mut String, report: &EvaluationReport, files: &ChartFiles) {
    out.push_str("## Charts\n\n");
    let _ = writeln!(out, "### Cost\n\n![cost per 1000 rows]({COST_CHART})\n");
    let _ = writeln!(
        out,
        "### Precision–recall\n\n![precision-recall curves]({PR_CHART})\n"
    );
    for (system, file) in report.systems.iter().zip(&files.reliability) {
        let _ = writeln!(
            out,
            "### Reliability: {}\n\n![reliability of {}]({file})\n",
            system.name,
            cell(&system.name)
        );
    }
    for ((title, _), file) in report.learning_curves.iter().zip(&files.learning) {
        let title = title.replace(['\n', '\r'], " ");
        let _ = writeln!(out, "### Learning curve: {title}\n\n![{title}]({file})\n");
    }
}

/// The expected cost per 1 000 rows of each system at each wrong-link
/// price.
fn cost_section(out: &mut String, report: &EvaluationReport) {
    out.push_str("## Cost\n\n");
    let _ = writeln!(
        out,
        "Expected cost per 1 000 rows, in reviews (one person looking at one row): a `review` row costs 1, \
         a company of the table left unmatched {MISSED_LINK_PRICE} (a name several rows carry included: \
         its answer is a review with the namesakes listed), a wrong link the price in the first column, \
         a right link or a right \"no match\" nothing. The lowest cost in each row is in bold.\n"
    );
    out.push_str("| wrong link costs |");
    for system in &report.systems {
        let _ = write!(out, " {} |", cell(&system.name));
    }
    out.push_str("\n|---:|");
    out.push_str(&"---:|".repeat(report.systems.len()));
    out.push('\n');
    for (i, price) in WRONG_LINK_PRICES.iter().enumerate() {
        let costs: Vec<Option<f64>> = report
            .systems
            .iter()
            .map(|s| s.cost_curve.get(i).map(|p| p.cost_per_thousand))
            .collect();
        let lowest = costs
            .iter()
            .flatten()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let _ = write!(out, "| {price} reviews |");
        for cost in costs {
            match cost {
                Some(c) if c == lowest => {
                    let _ = write!(out, " **{c:.1}** |");
                }
                Some(c) => {
                    let _ = write!(out, " {c:.1} |");
                }
                None => out.push_str(" – |"),
            }
        }
        out.push('\n');
    }
    out.push('\n');
}

/// Per system, each category's reliability diagram as a table row: in each
/// populated score bin, accuracy − mean score and the number of proposals.
fn category_calibration_section(out: &mut String, report: &EvaluationReport) {
    out.push_str("## Calibration per category\n\n");
    let _ = writeln!(
        out,
        "Each category's proposals in the same {RELIABILITY_BINS} bins: a cell is accuracy − mean score \
         (positive: the scores are too modest) and, in brackets, the proposals in the bin; the largest \
         gap is over populated bins.\n"
    );
    for system in &report.systems {
        let _ = writeln!(out, "### {}\n", system.name.replace(['\n', '\r'], " "));
        out.push_str("| category | proposals | ECE | largest gap |");
        let bins = RELIABILITY_BINS;
        for i in 0..bins {
            let _ = write!(
                out,
                " {:.1}–{:.1} |",
                i as f64 / bins as f64,
                (i + 1) as f64 / bins as f64
            );
        }
        out.push_str("\n|---|---:|---:|---:|");
        out.push_str(&"---:|".repeat(bins));
        out.push('\n');
        let overall = CategoryReliability {
            category: ALL_CATEGORY.to_owned(),
            reliability: system.reliability.clone(),
        };
        for row in system
            .category_reliability
            .iter()
            .chain(std::iter::once(&overall))
        {
            let r = &row.reliability;
            let largest = r.largest_gap();
            let largest = if largest.is_finite() {
                format!("{largest:.3}")
            } else {
                "–".to_owned()
            };
            let _ = write!(
                out,
                "| {} | {} | {} | {largest} |",
                cell(&row.category),
                r.total(),
                ece_text(r.ece)
            );
            for bin in &r.bins {
                if bin.count == 0 {
                    out.push_str(" |");
                } else {
                    let _ = write!(
                        out,
                        " {:+.3} ({}) |",
                        bin.accuracy - bin.mean_score,
                        bin.count
                    );
                }
            }
            out.push('\n');
        }
        out.push('\n');
    }
}

fn ece_text(ece: f64) -> String {
    if ece.is_finite() {
        format!("{ece:.4}")
    } else {
        NOT_APPLICABLE.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::report::{Decision, Status, SystemReport};

    #[test]
    fn not_applicable_values_are_dashes_and_pipes_are_escaped() {
        let decisions = vec![Decision {
            category: "absent|odd".to_owned(),
            truth: None,
            intended: None,
            proposed: None,
            status: Status::Unmatched,
            score: 0.0,
        }];
        let mut report = EvaluationReport::new("t");
        report.systems.push(SystemReport::evaluate("s", &decisions));
        let md = report.markdown();
        assert!(md.contains("| absent\\|odd | 1 | 0 | – |"), "{md}");
        assert!(
            md.contains("| s | – | – | – | 0.00% | 0.00% | 0 | – |"),
            "{md}"
        );
    }

    #[test]
    fn percentages_have_two_decimals() {
        assert_eq!(percent(0.98765), "98.77%");
        assert_eq!(percent(f64::NAN), "–");
    }
}
