//! `serve`: the SageMaker inference endpoint (CONTRACTS §4–§6). No
//! arguments: everything comes from the environment. Logs are JSON lines on
//! stdout; the exit code is 0 after a graceful shutdown, 1 on a fatal error.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use nayose_serve::clients::columns::Columns;
use nayose_serve::http::log::{self, Level};
use nayose_serve::http::{Config, run};

fn main() -> ExitCode {
    match serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            log::event(
                Level::Error,
                "exit",
                serde_json::json!({ "error": format!("{error:#}") }),
            );
            ExitCode::FAILURE
        }
    }
}

fn serve() -> Result<()> {
    // SageMaker runs `docker run IMAGE serve`: a lone `serve` argument is expected.
    let extra: Vec<String> = std::env::args().skip(1).filter(|a| a != "serve").collect();
    if !extra.is_empty() {
        eprintln!(
            "serve takes no arguments (ignoring {extra:?}): configure it with the environment \
             (SAGEMAKER_BIND_TO_PORT, NAYOSE_COMPANIES, NAYOSE_MODEL_DIR, \
             NAYOSE_REFRESH_SECS, NAYOSE_CSV_COLUMNS, NAYOSE_MAX_PAYLOAD_MB; see the README)"
        );
    }
    let config = Config::from_env()?;
    let columns = Columns::from_headers(&config.csv_columns)
        .context("NAYOSE_CSV_COLUMNS has no `name` column")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("serve")
        .build()
        .context("cannot start the async runtime")?;
    let result = runtime.block_on(run(config, columns));
    // Blocking work (an index build still running, say) must not hold up the exit.
    runtime.shutdown_timeout(Duration::from_secs(1));
    Ok(result?)
}
