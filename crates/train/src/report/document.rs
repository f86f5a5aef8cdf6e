//! The report as a whole: several systems evaluated on the same queries,
//! written as `report.md`, `report.json` and PNG charts.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{
    ALL_CATEGORY, CategoryMetrics, CostPoint, Decision, PRESENT_CATEGORY, PrPoint, Reliability,
    ReportError, Series, category_metrics, cost_curve, line_chart_png, pr_chart_png,
    precision_recall_curve, reliability, reliability_png,
};

/// Number of score bins of the reliability diagrams in a [`SystemReport`].
pub const RELIABILITY_BINS: usize = 10;

/// File name of the precision–recall chart.
pub(crate) const PR_CHART: &str = "pr_curve.png";

/// File name of the cost chart.
pub(crate) const COST_CHART: &str = "cost_curve.png";

/// Everything the report says about one system.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SystemReport {
    /// The system's name (ASCII; used in chart legends and file names).
    pub name: String,
    /// [`category_metrics`] of its decisions.
    pub metrics: Vec<CategoryMetrics>,
    /// Calibration of its proposals' scores ([`RELIABILITY_BINS`] bins): every
    /// decision with a proposed id, matched or review, with whether the
    /// proposal is the true company.
    pub reliability: Reliability,
    /// [`precision_recall_curve`] of its decisions.
    pub pr_curve: Vec<PrPoint>,
    /// [`cost_curve`] of its decisions.
    #[serde(default)]
    pub cost_curve: Vec<CostPoint>,
    /// The reliability diagram of each category's proposals (categories in
    /// the order of `metrics`, without `present` and `all`).
    #[serde(default)]
    pub category_reliability: Vec<CategoryReliability>,
}

/// The reliability diagram of one category's proposals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryReliability {
    /// The category.
    pub category: String,
    /// Its proposals' reliability ([`RELIABILITY_BINS`] bins).
    pub reliability: Reliability,
}

/// `(score, proposal names the company meant)` of every decision with a
/// proposal ([`Decision::proposal_is_meant`]).
fn proposal_outcomes<'a>(decisions: impl Iterator<Item = &'a Decision>) -> Vec<(f32, bool)> {
    decisions
        .filter(|d| d.proposed.is_some())
        .map(|d| (d.score, d.proposal_is_meant()))
        .collect()
}

impl SystemReport {
    /// Computes metrics, calibration and the precision–recall curve of one
    /// system's decisions.
    pub fn evaluate(name: &str, decisions: &[Decision]) -> Self {
        let outcomes = proposal_outcomes(decisions.iter());
        let metrics = category_metrics(decisions);
        let category_reliability = metrics
            .iter()
            .filter(|m| m.category != ALL_CATEGORY && m.category != PRESENT_CATEGORY)
            .map(|m| CategoryReliability {
                category: m.category.clone(),
                reliability: reliability(
                    &proposal_outcomes(decisions.iter().filter(|d| d.category == m.category)),
                    RELIABILITY_BINS,
                ),
            })
            .collect();
        Self {
            name: name.to_owned(),
            metrics,
            reliability: reliability(&outcomes, RELIABILITY_BINS),
            pr_curve: precision_recall_curve(decisions),
            cost_curve: cost_curve(decisions),
            category_reliability,
        }
    }

    /// The metrics row of `category`, if the system has one.
    pub fn category(&self, category: &str) -> Option<&CategoryMetrics> {
        self.metrics.iter().find(|m| m.category == category)
    }
}

/// An evaluation report: systems side by side, with notes and learning
/// curves.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvaluationReport {
    /// Heading of `report.md`.
    pub title: String,
    /// Free-text notes (data set, seeds, thresholds, caveats), one bullet each.
    pub notes: Vec<String>,
    /// The systems, in the column order of the tables.
    pub systems: Vec<SystemReport>,
    /// Learning-curve charts: chart title → its series (x = step).
    pub learning_curves: Vec<(String, Vec<Series>)>,
}

/// File names of a report's charts, decided once so that the markdown links
/// and the files agree.
#[derive(Debug, Clone)]
pub(crate) struct ChartFiles {
    /// `reliability_<system>.png`, one per system, in order.
    pub(crate) reliability: Vec<String>,
    /// `learning_<title>.png`, one per learning-curve chart, in order.
    pub(crate) learning: Vec<String>,
}

/// A file-name-safe version of `name`: ASCII letters and digits lowercased,
/// anything else one `_`; `fallback` when nothing is left.
fn slug(name: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let slug = slug.trim_matches('_');
    if slug.is_empty() {
        fallback.to_owned()
    } else {
        slug.to_owned()
    }
}

/// `<prefix>_<slug>.png`, with `_2`, `_3`, … added when names collide.
fn unique_file(prefix: &str, name: &str, fallback: &str, used: &mut HashSet<String>) -> String {
    let stem = format!("{prefix}_{}", slug(name, fallback));
    let mut file = format!("{stem}.png");
    let mut n = 2;
    while !used.insert(file.clone()) {
        file = format!("{stem}_{n}.png");
        n += 1;
    }
    file
}

impl EvaluationReport {
    /// An empty report with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    pub(crate) fn chart_files(&self) -> ChartFiles {
        let mut used = HashSet::from([PR_CHART.to_owned(), COST_CHART.to_owned()]);
        ChartFiles {
            reliability: self
                .systems
                .iter()
                .map(|s| unique_file("reliability", &s.name, "system", &mut used))
                .collect(),
            learning: self
                .learning_curves
                .iter()
                .map(|(title, _)| unique_file("learning", title, "curve", &mut used))
                .collect(),
        }
    }

    /// The text of `report.md` (see [`EvaluationReport::write`]).
    pub fn markdown(&self) -> String {
        super::markdown::render(self, &self.chart_files())
    }

    /// Writes into `dir` (created if missing):
    ///
    /// - `report.md`: per category, the systems side by side (precision,
    ///   recall, F1, match rate), the false-link rate on absent companies,
    ///   the counts, the ECE per system, the notes and links to the charts;
    /// - `report.json`: this report, serialised (NaN as `null`);
    /// - `pr_curve.png` with every system, `reliability_<system>.png` per
    ///   system and `learning_<title>.png` per learning-curve chart (names
    ///   made file-safe: lowercase ASCII letters and digits, `_` otherwise).
    ///
    /// Existing files of those names are replaced.
    pub fn write(&self, dir: &Path) -> Result<(), ReportError> {
        fs::create_dir_all(dir).map_err(|source| ReportError::CreateDir {
            path: dir.to_owned(),
            source,
        })?;
        let files = self.chart_files();
        let curves: Vec<(String, Vec<PrPoint>)> = self
            .systems
            .iter()
            .map(|s| (s.name.clone(), s.pr_curve.clone()))
            .collect();
        pr_chart_png(&dir.join(PR_CHART), &curves)?;
        let costs: Vec<Series> = self
            .systems
            .iter()
            .map(|s| Series {
                name: s.name.clone(),
                points: s
                    .cost_curve
                    .iter()
                    .map(|p| (p.wrong_link_price, p.cost_per_thousand))
                    .collect(),
            })
            .collect();
        line_chart_png(
            &dir.join(COST_CHART),
            "Expected cost per 1000 rows (in reviews)",
            "price of a wrong link (reviews)",
            "cost per 1000 rows",
            &costs,
        )?;
        for (system, file) in self.systems.iter().zip(&files.reliability) {
            let title = format!("Calibration of {}", system.name);
            reliability_png(&dir.join(file), &system.reliability, &title)?;
        }
        for ((title, series), file) in self.learning_curves.iter().zip(&files.learning) {
            line_chart_png(&dir.join(file), title, "step", "value", series)?;
        }
        let json_path = dir.join("report.json");
        let mut json = serde_json::to_string_pretty(self).map_err(|source| ReportError::Json {
            path: json_path.clone(),
            source,
        })?;
        json.push('\n');
        write_file(&json_path, &json)?;
        write_file(
            &dir.join("report.md"),
            &super::markdown::render(self, &files),
        )
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), ReportError> {
    fs::write(path, text).map_err(|source| ReportError::Write {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::report::Status;

    fn decision(
        category: &str,
        truth: Option<&str>,
        proposed: Option<&str>,
        status: Status,
        score: f32,
    ) -> Decision {
        Decision {
            category: category.to_owned(),
            truth: truth.map(str::to_owned),
            intended: None,
            proposed: proposed.map(str::to_owned),
            status,
            score,
        }
    }

    fn decisions(good: bool) -> Vec<Decision> {
        use Status::*;
        let mut all = Vec::new();
        for i in 0..40 {
            let id = format!("c{i}");
            let right = good || i % 4 != 0;
            let proposed = if right {
                id.clone()
            } else {
                "other".to_owned()
            };
            let score = 0.5 + f32::from(u8::try_from(i).unwrap()) / 100.0;
            let status = if score >= 0.7 { Matched } else { Review };
            all.push(decision(
                if i % 2 == 0 { "typo" } else { "kana" },
                Some(&id),
                Some(&proposed),
                status,
                score,
            ));
        }
        all.push(decision("absent", None, Some("ghost"), Matched, 0.95));
        all.push(decision("absent", None, None, Unmatched, 0.0));
        all
    }

    fn report() -> EvaluationReport {
        let mut report = EvaluationReport::new("Evaluation on the dev set");
        report.notes.push("seed 42, 42 queries".to_owned());
        report
            .systems
            .push(SystemReport::evaluate("baseline rules", &decisions(false)));
        report
            .systems
            .push(SystemReport::evaluate("policy v1", &decisions(true)));
        report.learning_curves.push((
            "Mean episode reward".to_owned(),
            vec![Series {
                name: "reward".to_owned(),
                points: (0..20)
                    .map(|i| (f64::from(i) * 100.0, 1.0 - 0.9f64.powi(i)))
                    .collect(),
            }],
        ));
        report
    }

    #[test]
    fn evaluate_uses_every_proposal_for_calibration() {
        let system = SystemReport::evaluate("s", &decisions(false));
        assert_eq!(system.reliability.total(), 41);
        assert_eq!(system.reliability.bins.len(), RELIABILITY_BINS);
        assert_eq!(system.pr_curve.len(), 41);
        assert_eq!(system.category("absent").unwrap().linked, 1);
        assert!(system.category("nope").is_none());
        // One diagram per category, together holding every proposal.
        let names: Vec<&str> = system
            .category_reliability
            .iter()
            .map(|c| c.category.as_str())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(names.contains(&"typo") && names.contains(&"absent"));
        let per_category: usize = system
            .category_reliability
            .iter()
            .map(|c| c.reliability.total())
            .sum();
        assert_eq!(per_category, 41);
        assert_eq!(
            system.cost_curve.len(),
            crate::report::WRONG_LINK_PRICES.len()
        );
    }

    #[test]
    fn calibration_judges_a_tie_by_the_company_meant_and_metrics_count_it_wrong() {
        use Status::*;
        // Two rows carry the name; the query was written from "a". The set
        // leaves the truth empty, so no link counts as right, but half the
        // proposals scored 0.5 name the company meant: calibrated.
        let ties: Vec<Decision> = (0..10)
            .map(|i| Decision {
                intended: Some("a".to_owned()),
                ..decision(
                    "tied",
                    None,
                    Some(if i % 2 == 0 { "a" } else { "b" }),
                    Review,
                    0.5,
                )
            })
            .collect();
        assert!(ties[0].proposal_is_meant() && !ties[0].proposal_is_correct());
        assert!(!ties[1].proposal_is_meant());
        let system = SystemReport::evaluate("s", &ties);
        assert!(
            system.reliability.ece.abs() < 1e-6,
            "{:?}",
            system.reliability
        );
        let tied = system.category("tied").unwrap();
        assert_eq!((tied.present, tied.correct, tied.review), (0, 0, 10));
        // Without the company meant, every proposal is judged wrong.
        let unknown: Vec<Decision> = ties
            .into_iter()
            .map(|d| Decision {
                intended: None,
                ..d
            })
            .collect();
        let system = SystemReport::evaluate("s", &unknown);
        assert!((system.reliability.ece - 0.5).abs() < 1e-6);
    }

    #[test]
    fn write_creates_markdown_json_and_charts() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nested/report");
        let report = report();
        report.write(&out).unwrap();

        let md = std::fs::read_to_string(out.join("report.md")).unwrap();
        for category in ["typo", "kana", "absent", "present", "all"] {
            assert!(
                md.contains(&format!("| {category} |")),
                "category {category} missing:\n{md}"
            );
        }
        for system in ["baseline rules", "policy v1"] {
            assert!(md.contains(system), "system {system} missing");
        }
        assert!(md.contains("## Cost") && md.contains("## Calibration per category"));
        for file in [
            "pr_curve.png",
            "cost_curve.png",
            "reliability_baseline_rules.png",
            "reliability_policy_v1.png",
            "learning_mean_episode_reward.png",
        ] {
            assert!(md.contains(&format!("({file})")), "link to {file} missing");
            let bytes = std::fs::read(out.join(file)).unwrap();
            assert!(
                bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
                "{file} is not a PNG"
            );
        }
        assert!(md.contains("seed 42, 42 queries"));
        assert!(md.contains("ECE"));

        let json = std::fs::read_to_string(out.join("report.json")).unwrap();
        let back: EvaluationReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back.title, report.title);
        assert_eq!(back.systems.len(), 2);
        assert_eq!(
            back.systems[1].metrics[0].correct,
            report.systems[1].metrics[0].correct
        );
        // The absent row's recall is not applicable: null in JSON, NaN again after reading.
        assert!(json.contains("\"recall\": null"));
        assert!(back.systems[0].category("absent").unwrap().recall.is_nan());
        assert_eq!(
            back.learning_curves[0].1[0].points,
            report.learning_curves[0].1[0].points
        );
        assert_eq!(back.markdown(), md);
    }

    #[test]
    fn empty_report_writes_without_panicking() {
        let dir = tempfile::tempdir().unwrap();
        EvaluationReport::new("empty").write(dir.path()).unwrap();
        assert!(dir.path().join("report.md").exists());
        assert!(dir.path().join("pr_curve.png").exists());
        let mut report = EvaluationReport::new("no decisions");
        report.systems.push(SystemReport::evaluate("idle", &[]));
        report.write(dir.path()).unwrap();
        let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
        assert!(md.contains("| all |"));
    }

    #[test]
    fn chart_file_names_are_safe_and_unique() {
        let mut report = EvaluationReport::new("t");
        for name in ["A/B", "a b", "名寄せ", "pr curve"] {
            report.systems.push(SystemReport::evaluate(name, &[]));
        }
        let files = report.chart_files();
        assert_eq!(
            files.reliability,
            [
                "reliability_a_b.png",
                "reliability_a_b_2.png",
                "reliability_system.png",
                "reliability_pr_curve.png"
            ]
        );
    }

    #[test]
    fn unwritable_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        let error = report().write(&file.join("sub")).unwrap_err();
        assert!(matches!(error, ReportError::CreateDir { .. }));
        assert!(error.to_string().contains("a-file"), "{error}");
    }
}
