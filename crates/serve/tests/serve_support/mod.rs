//! Shared helpers of the `serve` integration tests: a generated company
//! table, the real `serve` binary on a free port, and a small HTTP client.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nayose::CompanyRecord;
use nayose::source::{SourceLocation, write_companies};
use nayose_datagen::{TableConfig, TableGenerator};
use nayose_probe::{self as probe, Response};

/// Rows of the test tables: small, so the debug build loads them in a blink.
pub const ROWS: usize = 2_000;

/// Runs a future to completion on a fresh runtime.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(future)
}

/// The deterministic generated table.
pub fn generated(rows: usize, seed: u64) -> Vec<CompanyRecord> {
    TableGenerator::new(TableConfig { rows, seed })
        .map(|c| c.record())
        .collect()
}

/// Writes `rows` as table `companies` at `location`.
pub fn write_table(location: &str, rows: Vec<CompanyRecord>) {
    let location = SourceLocation::parse(location).expect("location");
    block_on(write_companies(&location, "companies", rows)).expect("write companies");
}

/// A generated SQLite table in a temporary directory.
pub struct Table {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
    /// The SQLite file.
    pub path: PathBuf,
    /// Its rows.
    pub rows: Vec<CompanyRecord>,
}

impl Table {
    /// A table of `rows` generated rows.
    pub fn new(rows: usize) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("companies.sqlite");
        let rows = generated(rows, 7);
        write_table(&path.display().to_string(), rows.clone());
        Self { dir, path, rows }
    }
}

/// The shipped model.
pub fn model_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../opt/ml/model")
}

/// A free loopback port (bound, then released).
pub fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A running `serve` process; killed when dropped.
pub struct Server {
    /// The process.
    pub child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// Every line it wrote to stdout and stderr so far.
    pub output: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `serve` over `companies` with extra environment `env`.
    pub fn start(companies: &str, env: &[(&str, &str)]) -> Self {
        let port = free_port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_serve"));
        command
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("SAGEMAKER_BIND_TO_PORT", port.to_string())
            .env("NAYOSE_COMPANIES", companies)
            .env("NAYOSE_MODEL_DIR", model_dir())
            .env("NAYOSE_REFRESH_SECS", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start serve");
        let output = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push(line);
                }
            });
        }
        let server = Self {
            child,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            output,
        };
        server.wait_listening();
        server
    }

    /// Starts `serve` over `companies` and waits until `/ping` says 200.
    pub fn ready(companies: &str, env: &[(&str, &str)]) -> Self {
        let server = Self::start(companies, env);
        server.wait_ready(Duration::from_secs(60));
        server
    }

    fn wait_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(self.addr).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("serve did not listen on {}: {}", self.addr, self.log());
    }

    /// Waits until `/ping` answers 200.
    pub fn wait_ready(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.get("/ping").status == 200 {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("serve was not ready within {timeout:?}: {}", self.log());
    }

    /// Everything the process printed, one line each.
    pub fn log(&self) -> String {
        self.output.lock().unwrap().join("\n")
    }

    /// The log once a line satisfies `wanted` (the output is read by
    /// another thread, so a line written just now may not be there yet);
    /// panics with the log after `timeout`.
    pub fn wait_for_log_line(&self, wanted: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let log = self.log();
            if log.lines().any(&wanted) {
                return log;
            }
            assert!(
                Instant::now() < deadline,
                "the expected log line never came:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Response {
        probe::request(self.addr, "GET", path, &[], b"").expect("GET")
    }

    /// `GET /status` as JSON.
    pub fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/status").body).expect("status JSON")
    }

    /// `POST /invocations` with these headers.
    pub fn invoke(&self, headers: &[(&str, &str)], body: &[u8]) -> Response {
        probe::request(self.addr, "POST", "/invocations", headers, body).expect("POST")
    }

    /// `POST /invocations` of a JSON document, answered in JSON.
    pub fn invoke_json(&self, body: &serde_json::Value) -> serde_json::Value {
        let response = self.invoke(
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        );
        assert_eq!(response.status, 200, "{}", response.text());
        serde_json::from_slice(&response.body).expect("JSON response")
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Waits for the process to exit.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("serve did not exit within {timeout:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client object for `company` with its address (as a user would send it).
pub fn client(id: &str, company: &CompanyRecord) -> serde_json::Value {
    serde_json::json!({
        "client_id": id,
        "name": company.name,
        "address": company.address,
        "phone": company.phone,
    })
}
