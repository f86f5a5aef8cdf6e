//! The server's settings, read once from the environment (CONTRACTS §6 and
//! SageMaker's own variables).

use std::time::Duration;

/// One mebibyte, the unit of the payload limits.
const MIB: f64 = 1024.0 * 1024.0;

/// The column order of header-less CSV requests when `NAYOSE_CSV_COLUMNS` is unset.
pub const DEFAULT_CSV_COLUMNS: &str = "client_id,name,address,phone,url";

/// A setting that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("invalid {variable}=`{value}`: {reason}")]
pub struct ConfigError {
    /// The environment variable.
    pub variable: &'static str,
    /// Its value.
    pub value: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Everything `serve` reads from the environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `SAGEMAKER_BIND_TO_PORT` (8080).
    pub port: u16,
    /// Body limit in bytes: `NAYOSE_MAX_PAYLOAD_MB`, else
    /// `SAGEMAKER_MAX_PAYLOAD_IN_MB`, else 6 MiB.
    pub max_payload_bytes: usize,
    /// Rows accepted in one request (`NAYOSE_MAX_ROWS`, 100 000).
    pub max_rows: usize,
    /// Refresh interval (`NAYOSE_REFRESH_SECS`, 300; `None` for 0 = never).
    pub refresh: Option<Duration>,
    /// Column order of header-less CSV (`NAYOSE_CSV_COLUMNS`).
    pub csv_columns: Vec<String>,
    /// Requests linked at the same time (`NAYOSE_MAX_CONCURRENCY`, 2 × cores).
    pub max_concurrency: usize,
    /// Requests allowed to wait for a slot (`NAYOSE_MAX_QUEUE`, 64); more get 503.
    pub max_queue: usize,
    /// How long a request waits for a slot before 503 (`NAYOSE_QUEUE_TIMEOUT_SECS`, 10).
    pub queue_timeout: Duration,
    /// Candidates reported per JSON result (`NAYOSE_CANDIDATES`, 3).
    pub candidates: usize,
    /// `MaxConcurrentTransforms` for Batch Transform
    /// (`SAGEMAKER_MAX_CONCURRENT_TRANSFORMS`, the number of cores).
    pub max_concurrent_transforms: usize,
    /// `MaxPayloadInMB` reported to Batch Transform (the body limit, rounded down, at least 1).
    pub max_payload_mb: u64,
    /// `SAGEMAKER_BATCH_STRATEGY` (reported; `MULTI_RECORD` by default).
    pub batch_strategy: String,
    /// Whether `SAGEMAKER_BATCH` says this is a Batch Transform job.
    pub batch: bool,
    /// Delta rows after which a refresh compacts the index (`NAYOSE_COMPACT_ROWS`, 50 000).
    pub compact_rows: usize,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (blank values count as unset).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let port = number(&get, "SAGEMAKER_BIND_TO_PORT", 8080u16)?;
        let payload_mb = match get("NAYOSE_MAX_PAYLOAD_MB") {
            Some(v) => megabytes("NAYOSE_MAX_PAYLOAD_MB", &v)?,
            None => match get("SAGEMAKER_MAX_PAYLOAD_IN_MB") {
                Some(v) => megabytes("SAGEMAKER_MAX_PAYLOAD_IN_MB", &v)?,
                None => 6.0,
            },
        };
        let refresh_secs = number(&get, "NAYOSE_REFRESH_SECS", 300u64)?;
        let csv_columns: Vec<String> = get("NAYOSE_CSV_COLUMNS")
            .unwrap_or_else(|| DEFAULT_CSV_COLUMNS.to_owned())
            .split(',')
            .map(|c| c.trim().to_owned())
            .collect();
        if crate::clients::columns::Columns::from_headers(&csv_columns).is_none() {
            return Err(ConfigError {
                variable: "NAYOSE_CSV_COLUMNS",
                value: csv_columns.join(","),
                reason: "no column is `name`".to_owned(),
            });
        }
        let max_concurrent_transforms =
            number(&get, "SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", cores)?.max(1);
        Ok(Self {
            port,
            max_payload_bytes: (payload_mb * MIB) as usize,
            max_rows: number(&get, "NAYOSE_MAX_ROWS", 100_000usize)?.max(1),
            refresh: (refresh_secs > 0).then(|| Duration::from_secs(refresh_secs)),
            csv_columns,
            max_concurrency: number(&get, "NAYOSE_MAX_CONCURRENCY", 2 * cores)?.max(1),
            max_queue: number(&get, "NAYOSE_MAX_QUEUE", 64usize)?,
            queue_timeout: Duration::from_secs(number(&get, "NAYOSE_QUEUE_TIMEOUT_SECS", 10u64)?),
            candidates: number(&get, "NAYOSE_CANDIDATES", 3usize)?,
            max_concurrent_transforms,
            max_payload_mb: (payload_mb.floor() as u64).max(1),
            batch_strategy: get("SAGEMAKER_BATCH_STRATEGY")
                .unwrap_or_else(|| "MULTI_RECORD".to_owned()),
            batch: get("SAGEMAKER_BATCH").is_some_and(|v| v.eq_ignore_ascii_case("true")),
            compact_rows: number(&get, "NAYOSE_COMPACT_ROWS", 50_000usize)?,
        })
    }
}

fn number<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match get(variable) {
        None => Ok(default),
        Some(value) => value.trim().parse().map_err(|_| ConfigError {
            variable,
            value,
            reason: "expected a non-negative whole number".to_owned(),
        }),
    }
}

fn megabytes(variable: &'static str, value: &str) -> Result<f64, ConfigError> {
    match value.trim().parse::<f64>() {
        Ok(mb) if mb.is_finite() && mb > 0.0 => Ok(mb),
        _ => Err(ConfigError {
            variable,
            value: value.to_owned(),
            reason: "expected a positive number of megabytes".to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_follow_the_contract() {
        let c = config(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.port, 8080);
        assert_eq!(c.max_payload_bytes, 6 * 1024 * 1024);
        assert_eq!(c.refresh, Some(Duration::from_secs(300)));
        assert_eq!(c.csv_columns.join(","), DEFAULT_CSV_COLUMNS);
        assert_eq!(c.batch_strategy, "MULTI_RECORD");
    }

    #[test]
    fn overrides_and_bad_values() {
        let c = config(&[
            ("SAGEMAKER_BIND_TO_PORT", "9000"),
            ("SAGEMAKER_MAX_PAYLOAD_IN_MB", "20"),
            ("NAYOSE_REFRESH_SECS", "0"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.port, c.max_payload_mb, c.refresh), (9000, 20, None));
        let c = config(&[
            ("SAGEMAKER_MAX_PAYLOAD_IN_MB", "20"),
            ("NAYOSE_MAX_PAYLOAD_MB", "1"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.max_payload_bytes, 1024 * 1024);
        let e = config(&[("SAGEMAKER_BIND_TO_PORT", "http")]).err();
        assert!(e.is_some_and(|e| e.to_string().contains("SAGEMAKER_BIND_TO_PORT")));
        let e = config(&[("NAYOSE_CSV_COLUMNS", "id,address")]).err();
        assert!(e.is_some_and(|e| e.to_string().contains("name")));
    }
}
