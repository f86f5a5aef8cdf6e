//! `nayose link` end to end: encodings, Japanese headers, pass-through
//! columns, order, error rows, malformed and empty inputs, and a killed run.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use encoding_rs::SHIFT_JIS;
use nayose::CompanyRecord;
use nayose::source::SourceLocation;
use nayose_datagen::{TableConfig, TableGenerator, generate};

const BOM: &[u8] = b"\xEF\xBB\xBF";

struct Fixture {
    dir: tempfile::TempDir,
    table: PathBuf,
    companies: Vec<CompanyRecord>,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("companies.sqlite");
    let config = TableConfig {
        rows: 2_000,
        seed: 17,
    };
    let location = SourceLocation::parse(table.to_str().unwrap()).unwrap();
    generate(config, &location, None, |_| {}).await.unwrap();
    let companies = TableGenerator::new(config).map(|c| c.record()).collect();
    Fixture {
        dir,
        table,
        companies,
    }
}

impl Fixture {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn link(&self, input: &Path, output: &Path, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_nayose"))
            .args(["link", "--quiet", "--input", input.to_str().unwrap()])
            .args(["--output", output.to_str().unwrap()])
            .args(["--companies", self.table.to_str().unwrap()])
            .args(extra)
            .output()
            .unwrap()
    }

    /// Writes `text` as `name`, links it, and returns the output's rows
    /// (the header first); the run must succeed.
    fn link_text(&self, name: &str, text: &str) -> Vec<Vec<String>> {
        let input = self.path(&format!("{name}.csv"));
        std::fs::write(&input, text).unwrap();
        let output = self.path(&format!("{name}.out"));
        let run = self.link(&input, &output, &[]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        read_rows(&std::fs::read(&output).unwrap())
    }

    /// A client list in Japanese headers: the first `n` companies, with a
    /// pass-through column.
    fn japanese_csv(&self, n: usize) -> String {
        let mut text = String::from("client_id,会社名,住所,電話番号,担当者\n");
        for (i, c) in self.companies.iter().take(n).enumerate() {
            text.push_str(&format!(
                "C{i:05},\"{}\",\"{}\",{},担当{i}\n",
                c.name,
                c.address.clone().unwrap_or_default(),
                c.phone.clone().unwrap_or_default()
            ));
        }
        text
    }
}

fn read_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(bytes.strip_prefix(BOM).unwrap_or(bytes).to_vec()).unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn utf8_bom_and_cp932_inputs_with_japanese_headers() {
    let f = fixture().await;
    let text = f.japanese_csv(20);
    let cases: [(&str, Vec<u8>, bool); 3] = [
        ("utf8.csv", text.clone().into_bytes(), false),
        ("bom.csv", [BOM, text.as_bytes()].concat(), true),
        ("cp932.csv", SHIFT_JIS.encode(&text).0.into_owned(), true),
    ];
    for (name, bytes, expect_bom) in cases {
        let input = f.path(name);
        std::fs::write(&input, &bytes).unwrap();
        let output = f.path(&format!("{name}.out"));
        let run = f.link(&input, &output, &[]);
        assert!(
            run.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let written = std::fs::read(&output).unwrap();
        assert_eq!(written.starts_with(BOM), expect_bom, "{name}: BOM");
        let rows = read_rows(&written);
        assert_eq!(
            rows[0],
            [
                "client_id",
                "会社名",
                "住所",
                "電話番号",
                "担当者",
                "match_id",
                "match_name",
                "match_score",
                "match_status"
            ],
            "{name}: header (no match_error without errors)"
        );
        assert_eq!(rows.len(), 21, "{name}: one row per input row");
        for (i, row) in rows[1..].iter().enumerate() {
            assert_eq!(row[0], format!("C{i:05}"));
            assert_eq!(row[4], format!("担当{i}"), "pass-through column kept");
            assert_eq!(row[1], f.companies[i].name, "{name}: input decoded");
        }
        // Exact names with their address and phone link to themselves.
        let right = rows[1..]
            .iter()
            .enumerate()
            .filter(|(i, row)| row[8] == "matched" && row[5] == f.companies[*i].id)
            .count();
        assert!(right >= 18, "{name}: {right} of 20 linked right");
    }
    // CP932 output on request.
    let input = f.path("utf8.csv");
    let output = f.path("sjis.out");
    let run = f.link(
        &input,
        &output,
        &["--output-encoding", "cp932", "--candidates", "3"],
    );
    assert!(run.status.success());
    let bytes = std::fs::read(&output).unwrap();
    let (decoded, _, malformed) = SHIFT_JIS.decode(&bytes);
    assert!(!malformed);
    let rows = read_rows(decoded.as_bytes());
    assert_eq!(rows[0].last().unwrap(), "match_candidates");
    assert!(rows[1].last().unwrap().split('|').count() <= 3);
}

#[tokio::test]
async fn order_is_kept_across_chunks_and_bad_rows_become_error_rows() {
    let f = fixture().await;
    let mut text = String::from("client_id,name,address\n");
    let n = 5_000; // more than one chunk of 4 096 rows
    for i in 0..n {
        let c = &f.companies[i % f.companies.len()];
        match i {
            7 => text.push_str(&format!("C{i},,東京都\n")),
            8 => text.push_str(&format!(
                "C{i},\"{}\",\"{}\"\n",
                c.name,
                "長".repeat(400_000)
            )),
            _ => text.push_str(&format!("C{i},\"{}\",\n", c.name)),
        }
    }
    let mut bytes = text.into_bytes();
    // Row 9 gets invalid UTF-8 in its name.
    bytes.extend_from_slice(b"C_bad,\xff\xfe broken,\n");
    let input = f.path("many.csv");
    std::fs::write(&input, &bytes).unwrap();
    let output = f.path("many.out");
    let summary_path = f.path("summary.json");
    let run = f.link(
        &input,
        &output,
        &["--summary-json", summary_path.to_str().unwrap()],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rows = read_rows(&std::fs::read(&output).unwrap());
    assert_eq!(rows.len(), n + 2);
    assert_eq!(
        rows[0].last().unwrap(),
        "match_error",
        "errors add the column"
    );
    for (i, row) in rows[1..=n].iter().enumerate() {
        assert_eq!(row[0], format!("C{i}"), "order kept");
    }
    let status = |i: usize| rows[i + 1][6].as_str();
    let error = |i: usize| rows[i + 1][7].as_str();
    assert_eq!(
        (
            status(7),
            error(7).contains("no name, phone, web address or number")
        ),
        ("error", true)
    );
    assert_eq!((status(8), error(8).contains("address")), ("error", true));
    assert_eq!(
        (status(n), error(n).contains("invalid bytes")),
        ("error", true)
    );
    assert!(rows[1..n].iter().filter(|r| r[6] == "error").count() == 2);
    // The JSON summary counts every row once, by status.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary_path).unwrap()).unwrap();
    assert_eq!(summary["rows"], n as u64 + 1);
    assert_eq!(summary["errors"], 3);
    let by_status: u64 = ["matched", "review", "unmatched", "errors"]
        .iter()
        .map(|k| summary[*k].as_u64().unwrap())
        .sum();
    assert_eq!(by_status, n as u64 + 1);
    assert!(summary["rows_per_second"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn malformed_empty_and_header_only_inputs() {
    let f = fixture().await;
    let output = f.path("out.csv");

    let input = f.path("quotes.csv");
    std::fs::write(
        &input,
        "client_id,name\nC1,\"株式会社山田\nC2,田中商店\nC3,x,y\n",
    )
    .unwrap();
    let run = f.link(&input, &output, &[]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("line"), "{stderr}");
    assert!(
        stderr.contains("line 2"),
        "the open quote is on line 2: {stderr}"
    );
    assert!(!output.exists(), "no output for a malformed input");

    let input = f.path("empty.csv");
    std::fs::write(&input, "").unwrap();
    let run = f.link(&input, &output, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("empty"));

    let input = f.path("noname.csv");
    std::fs::write(&input, "id,住所\n1,東京都\n").unwrap();
    let run = f.link(&input, &output, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("会社名"));

    let input = f.path("header.csv");
    std::fs::write(&input, "会社名,メモ\n").unwrap();
    let run = f.link(&input, &output, &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rows = read_rows(&std::fs::read(&output).unwrap());
    assert_eq!(
        rows,
        [[
            "会社名",
            "メモ",
            "match_id",
            "match_name",
            "match_score",
            "match_status"
        ]]
    );

    let run = f.link(&f.path("missing.csv"), &output, &[]);
    assert_eq!(run.status.code(), Some(2));
}

#[tokio::test]
async fn a_killed_run_leaves_no_file_under_the_final_name() {
    let f = fixture().await;
    let input = f.path("big.csv");
    let mut text = f.japanese_csv(f.companies.len());
    for _ in 0..40 {
        text.push_str(&f.japanese_csv(f.companies.len())[text.find('\n').unwrap() + 1..]);
    }
    std::fs::write(&input, text).unwrap();
    let output = f.path("big.out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nayose"))
        .args(["link", "--input", input.to_str().unwrap()])
        .args(["--output", output.to_str().unwrap()])
        .args(["--companies", f.table.to_str().unwrap()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until linking has started (stderr keeps being drained, so the
    // child never writes to a closed pipe), then kill it mid-run.
    let stderr = child.stderr.take().unwrap();
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("indexed") {
                let _ = started_tx.send(());
            }
        }
    });
    started_rx.recv_timeout(Duration::from_secs(120)).unwrap();
    let linking = Instant::now();
    std::thread::sleep(Duration::from_millis(300));
    assert!(linking.elapsed() < Duration::from_secs(5));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run was still going when killed");
    assert!(
        !output.exists(),
        "no half-written file under the final name"
    );
}

#[tokio::test]
async fn candidates_and_explanations_columns() {
    let f = fixture().await;
    let input = f.path("explain.csv");
    std::fs::write(&input, f.japanese_csv(20)).unwrap();
    let output = f.path("explain.out");
    let run = f.link(&input, &output, &["--candidates", "3", "--explain"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rows = read_rows(&std::fs::read(&output).unwrap());
    assert_eq!(rows.len(), 21);
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, candidates, explanation) = (
        column("match_id"),
        column("match_candidates"),
        column("match_explanation"),
    );
    for (i, row) in rows[1..].iter().enumerate() {
        // up to 3 `id:score` pairs, best first, the link among them
        let listed: Vec<(&str, f64)> = row[candidates]
            .split('|')
            .map(|pair| {
                let (cid, score) = pair.rsplit_once(':').unwrap();
                (cid, score.parse().unwrap())
            })
            .collect();
        assert!((1..=3).contains(&listed.len()), "row {i}: {listed:?}");
        assert!(listed.windows(2).all(|w| w[0].1 >= w[1].1), "row {i}");
        if !row[id].is_empty() {
            assert_eq!(listed[0].0, row[id], "row {i}");
        }
        // the explanation is JSON naming the same decision and its candidates
        let json: serde_json::Value = serde_json::from_str(&row[explanation]).unwrap();
        assert_eq!(
            json["result"]["match_id"].as_str().unwrap_or_default(),
            row[id],
            "row {i}"
        );
        assert!(
            !json["candidates"].as_array().unwrap().is_empty(),
            "row {i}"
        );
    }
    assert!(rows[1..].iter().filter(|r| !r[id].is_empty()).count() >= 18);
}

#[tokio::test]
async fn identifier_columns_are_read_and_doubtful_numbers_noted() {
    let f = fixture().await;
    let c = &f.companies[0];
    // 法人番号 and 登録番号 under their Japanese headers, in several notations.
    let rows = [
        // the company's own number, full width, and its invoice number
        format!("a,\"{}\",{},T{}", c.name, to_full_width(&c.id), c.id),
        // a 会社法人等番号 (12 digits, hyphenated) and no invoice number
        format!("b,\"{}\",0104-01-012345,", c.name),
        // a wrong check digit, and an invoice cell that is no number
        format!("c,\"{}\",{},N/A", c.name, wrong_check_digit(&c.id)),
        // nothing in either
        format!("d,\"{}\",,", c.name),
    ];
    let text = format!("client_id,会社名,法人番号,登録番号\n{}\n", rows.join("\n"));
    let rows = f.link_text("numbers", &text);
    let header = &rows[0];
    assert_eq!(
        header[4..],
        [
            "match_id",
            "match_name",
            "match_score",
            "match_status",
            "match_note"
        ]
    );
    let note = |row: usize| rows[row][8].as_str();
    assert_eq!(note(1), "");
    assert_eq!(
        note(2),
        "`corporate_number` 010401012345 is a 12-digit 会社法人等番号, not a 法人番号: not used"
    );
    assert!(
        note(3).starts_with(&format!(
            "`corporate_number` {} has a wrong check digit",
            wrong_check_digit(&c.id)
        )),
        "{}",
        note(3)
    );
    assert!(
        note(3).contains("`invoice_number` is neither"),
        "{}",
        note(3)
    );
    assert_eq!(note(4), "");
    // The input's cells are written back as they were, and a note never
    // changes the status: every row names the same company.
    assert_eq!(rows[1][2], to_full_width(&c.id));
    for row in &rows[1..] {
        assert_eq!(row[7], rows[1][7]);
    }
    // Without an identifier column there is no note column.
    let plain_rows = f.link_text("plain", &f.japanese_csv(2));
    assert!(!plain_rows[0].iter().any(|h| h == "match_note"));
}

fn to_full_width(digits: &str) -> String {
    digits
        .chars()
        .map(|c| char::from_u32(u32::from(c) - u32::from('0') + u32::from('０')).unwrap())
        .collect()
}

/// `id` with its check digit (the first) changed.
fn wrong_check_digit(id: &str) -> String {
    let first = id.as_bytes()[0];
    let other = if first == b'9' {
        '1'
    } else {
        char::from(first + 1)
    };
    format!("{other}{}", &id[1..])
}

#[tokio::test]
async fn rows_without_a_name_are_linked_on_their_phone_or_number() {
    let f = fixture().await;
    let unique_phone = f
        .companies
        .iter()
        .find(|c| {
            c.phone.is_some() && f.companies.iter().filter(|o| o.phone == c.phone).count() == 1
        })
        .unwrap();
    let phone = unique_phone.phone.clone().unwrap();
    let text = format!(
        "client_id,name,address,phone,corporate_number\n\
         p,,,{phone},\n\
         n,,,,{}\n\
         a,,東京都千代田区丸の内1-1-1,,\n\
         b,  ,,  ,\n",
        unique_phone.id
    );
    let rows = f.link_text("nameless", &text);
    let column = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (id, status, error) = (
        column("match_id"),
        column("match_status"),
        column("match_error"),
    );
    // A phone alone finds the company that has it.
    assert_eq!(rows[1][id], unique_phone.id);
    assert_eq!(rows[1][status], "matched");
    // So does its 法人番号 alone.
    assert_eq!(
        (rows[2][id].as_str(), rows[2][status].as_str()),
        (unique_phone.id.as_str(), "matched")
    );
    // An address alone, or blanks, is nothing to link on.
    for row in &rows[3..] {
        assert_eq!(row[status], "error", "{row:?}");
        assert_eq!(
            row[error],
            "the record has no name, phone, web address or number"
        );
    }
}

/// Runs `nayose link` with progress messages and returns its stderr; the
/// run must succeed.
fn link_with_index_dir(fixture: &Fixture, input: &Path, output: &Path, index_dir: &Path) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_nayose"))
        .args(["link", "--input", input.to_str().unwrap()])
        .args(["--output", output.to_str().unwrap()])
        .args(["--companies", fixture.table.to_str().unwrap()])
        .args(["--index-dir", index_dir.to_str().unwrap()])
        .env_remove("NAYOSE_INDEX_DIR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    stderr
}

#[tokio::test]
async fn the_index_is_kept_as_a_snapshot_and_read_while_the_table_is_unchanged() {
    let fixture = fixture().await;
    let input = fixture.path("clients.csv");
    std::fs::write(&input, fixture.japanese_csv(50)).unwrap();
    let index_dir = fixture.path("index");
    let (first, second) = (fixture.path("first.csv"), fixture.path("second.csv"));

    let built = link_with_index_dir(&fixture, &input, &first, &index_dir);
    assert!(built.contains("no snapshot yet"), "{built}");
    assert!(built.contains("saved the index snapshot"), "{built}");
    let snapshots: Vec<PathBuf> = std::fs::read_dir(&index_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(snapshots.len(), 1, "{snapshots:?}");

    let read = link_with_index_dir(&fixture, &input, &second, &index_dir);
    assert!(read.contains("read the index of 2000 companies"), "{read}");
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );

    // A damaged snapshot is refused, rebuilt and replaced.
    let mut bytes = std::fs::read(&snapshots[0]).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&snapshots[0], bytes).unwrap();
    let refused = link_with_index_dir(&fixture, &input, &second, &index_dir);
    assert!(refused.contains("snapshot refused"), "{refused}");
    assert!(refused.contains("corrupt"), "{refused}");
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );

    // Another table at the same path: the snapshot is outdated.
    let location = SourceLocation::parse(fixture.table.to_str().unwrap()).unwrap();
    let other = TableConfig {
        rows: 1_500,
        seed: 18,
    };
    generate(other, &location, None, |_| {}).await.unwrap();
    let changed = link_with_index_dir(&fixture, &input, &second, &index_dir);
    assert!(
        changed.contains("the source changed since the snapshot"),
        "{changed}"
    );
    assert!(changed.contains("indexed 1500 companies"), "{changed}");
}
