//! The `nayose` binary as a user runs it: `gen` and `info`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use std::process::Command;

fn nayose() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_nayose"));
    command
        .env_remove("NAYOSE_COMPANIES")
        .env_remove("DATABASE_URL");
    command
}

#[test]
fn gen_writes_a_table_and_its_evaluation_set_then_info_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small.sqlite");
    let output = nayose()
        .args([
            "gen",
            "--rows",
            "2000",
            "--seed",
            "3",
            "--eval-queries",
            "300",
            "-q",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("wrote 2000 companies"), "{stdout}");
    assert!(out.is_file());
    let truth = std::fs::read_to_string(dir.path().join("small-eval/truth.csv")).unwrap();
    assert!(truth.starts_with("client_id,true_id,category\n"));
    assert!(truth.lines().count() > 250, "{}", truth.lines().count());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let output = nayose()
        .args(["info", "-q", "--companies"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("companies:   2000"), "{stdout}");
    assert!(stdout.contains("株式会社"), "{stdout}");
}

#[test]
fn bad_sources_fail_with_a_clear_message() {
    let output = nayose()
        .args(["info", "-q", "--companies", "/nonexistent/companies.sqlite"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not found: /nonexistent/companies.sqlite"),
        "{stderr}"
    );

    let output = nayose()
        .args(["info", "-q", "--companies", "companies.xlsx"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("unsupported company source `companies.xlsx`")
    );

    let output = nayose()
        .args([
            "info",
            "-q",
            "--companies",
            "postgres://postgres:TopSecret@127.0.0.1:1/test",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot connect") && !stderr.contains("TopSecret"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_with_two() {
    let output = nayose().args(["gen", "--rows", "ten"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
