//! Progress reporting on stderr for nayose's binaries: a bar on a terminal,
//! plain lines otherwise, nothing in quiet mode.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Reports progress of a job with a known total.
pub struct Progress {
    bar: Option<ProgressBar>,
    label: String,
    unit: String,
    quiet: bool,
    total: u64,
    started: Instant,
    next_line: u64,
}

impl Progress {
    /// A reporter whose terminal bar has length `length` (`None`: a
    /// spinner) and is drawn with `template`; plain lines every 10 % of a
    /// known length otherwise.
    fn with_template(
        label: &str,
        length: Option<u64>,
        unit: &str,
        quiet: bool,
        template: &str,
    ) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(length, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(template).unwrap_or_else(|_| {
                if length.is_some() {
                    ProgressStyle::default_bar()
                } else {
                    ProgressStyle::default_spinner()
                }
            });
            bar.set_style(style.progress_chars("=> "));
            bar.set_message(label.to_owned());
            bar
        });
        let total = length.unwrap_or(u64::MAX);
        Self {
            bar,
            label: label.to_owned(),
            unit: unit.to_owned(),
            quiet,
            total,
            started: Instant::now(),
            next_line: match length {
                Some(total) if !quiet => total / 10,
                _ => u64::MAX,
            },
        }
    }

    /// Starts reporting `label` towards `total` units (named `unit`, e.g.
    /// "rows"); `quiet` reports nothing.
    pub fn new(label: &str, total: u64, unit: &str, quiet: bool) -> Self {
        let template = format!(
            "{{msg}} [{{bar:40}}] {{human_pos}}/{{human_len}} {unit}, {{per_sec}}, ETA {{eta}}"
        );
        Self::with_template(label, Some(total), unit, quiet, &template)
    }

    /// Starts reporting `label` towards `total` units whose count is not
    /// worth showing (bytes read, say): the bar shows the percentage and the
    /// ETA, and [`Progress::set_with_detail`] supplies the figures users care
    /// about (rows, rows/s).
    pub fn detailed(label: &str, total: u64, quiet: bool) -> Self {
        let template = "{msg} [{bar:30}] {percent}%, ETA {eta}";
        Self::with_template(label, Some(total), "", quiet, template)
    }

    /// Starts reporting `label` for a job of unknown size (a spinner with a
    /// count on a terminal; nothing otherwise).
    pub fn counter(label: &str, unit: &str, quiet: bool) -> Self {
        let template = format!("{{spinner}} {{msg}}: {{human_pos}} {unit}, {{per_sec}}");
        Self::with_template(label, None, unit, quiet, &template)
    }

    /// Sets the number of units done.
    pub fn set(&mut self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        } else if done >= self.next_line && done < self.total {
            let seconds = self.started.elapsed().as_secs_f64();
            eprintln!(
                "{}: {done}/{} {} ({seconds:.1} s)",
                self.label, self.total, self.unit
            );
            self.next_line = done + (self.total / 10).max(1);
        }
    }

    /// Sets the units done and a detail shown after the label (e.g. rows
    /// and rows/s while the bar itself counts bytes read).
    pub fn set_with_detail(&mut self, done: u64, detail: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{}: {detail}", self.label));
            bar.set_position(done);
        } else if done >= self.next_line && done < self.total {
            let seconds = self.started.elapsed().as_secs_f64();
            let percent = 100.0 * done as f64 / self.total.max(1) as f64;
            eprintln!("{}: {detail} ({percent:.0} %, {seconds:.1} s)", self.label);
            self.next_line = done + (self.total / 10).max(1);
        }
    }

    /// Prints a line without disturbing the bar (nothing when quiet).
    pub fn note(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None if !self.quiet => eprintln!("{line}"),
            None => {}
        }
    }

    /// Ends the report.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
