//! Library side of `nayose-train`: the pieces of training that are worth
//! testing on their own, starting with the evaluation report
//! ([`report`]: metrics per evaluation category, calibration, precision–recall
//! curves, PNG charts and a markdown/JSON report).

pub mod report;
