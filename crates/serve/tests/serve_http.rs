//! `serve` over real HTTP (CONTRACTS §5, §6; issue 7): the real binary on a
//! free port, a small generated table and the shipped model.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail by panicking

mod serve_support;

use std::time::{Duration, Instant};

use nayose_probe::Response;
use serde_json::{Value, json};
use serve_support::{ROWS, Server, Table, client};

fn table_url(table: &Table) -> String {
    table.path.display().to_string()
}

#[test]
fn ping_is_503_while_loading_retries_then_200() {
    // The table is not there yet: the load fails and is retried with
    // backoff while /ping says 503 and /status says why.
    let table = Table::new(ROWS);
    let missing = table.dir.path().join("later.sqlite");
    let server = Server::start(&missing.display().to_string(), &[]);
    assert_eq!(server.get("/ping").status, 503);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        let status = server.status();
        if !status["last_load_error"].is_null() || Instant::now() > deadline {
            break status;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status["state"], "loading", "{status}");
    assert!(
        status["last_load_error"]
            .as_str()
            .unwrap_or_default()
            .contains("not found"),
        "{status}"
    );
    let busy = server.invoke(&[("Content-Type", "text/csv")], "1,x\n".as_bytes());
    assert_eq!(busy.status, 503);
    assert!(busy.header("retry-after").is_some());
    assert_eq!(server.get("/ping").status, 503);
    std::fs::copy(&table.path, &missing).unwrap();
    server.wait_ready(Duration::from_secs(20));
    let ping = server.get("/ping");
    assert_eq!((ping.status, ping.body.len()), (200, 0));
    let status = server.status();
    assert_eq!(status["state"], "ready");
    assert_eq!(status["index"]["rows"], ROWS);
    assert!(
        status["load_attempts"].as_u64().unwrap_or(0) >= 2,
        "{status}"
    );
    assert!(server.log().contains("\"event\":\"load_failed\""));
}

/// The reference system's own payload shape, with every §2 field.
#[test]
fn reference_payload_links_in_order() {
    let table = Table::new(ROWS);
    let server = Server::ready(&table_url(&table), &[]);
    let companies = [&table.rows[10], &table.rows[500], &table.rows[1500]];
    let mut clients: Vec<Value> = companies
        .iter()
        .enumerate()
        .map(|(i, c)| client(&format!("c{i}"), c))
        .collect();
    clients.push(json!({"client_id": "absent", "name": "株式会社存在しない架空商事テスト", "address": "北海道"}));
    clients.push(json!({"client_id": "42", "name": companies[0].name, "url": null, "corporate_number": "", "担当者": "山田"}));
    // Client fields are strings or null (CONTRACTS §8): a number is an
    // error row naming the field, not a 400 and not a link.
    clients.push(json!({"client_id": 43, "name": companies[0].name}));
    clients.push(json!({"client_id": "c6", "name": 123}));
    clients.push(json!({"client_id": "c7", "name": companies[0].name, "corporate_number": 1_180_301_018_771_u64}));
    // A 会社法人等番号 is set aside with a note; the row still links.
    clients.push(
        json!({"client_id": "c8", "name": companies[0].name, "invoice_number": "0104-01-012345"}),
    );
    // A client without `name` is a row, not a 400: with an address alone it
    // has nothing to link on.
    clients.push(json!({"client_id": "c9", "address": "北海道"}));
    let response = server.invoke_json(&json!({"mode": "bulk_linkage", "clients": clients}));
    let results = response["results"].as_array().expect("results");
    assert_eq!(results.len(), 10);
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["client_id"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(
        ids,
        [
            "c0", "c1", "c2", "absent", "42", "6", "c6", "c7", "c8", "c9"
        ]
    );
    assert_eq!(results[4]["match_id"], companies[0].id.as_str());
    assert!(results[4].get("match_note").is_none(), "{}", results[4]);
    assert_eq!(results[8]["match_id"], companies[0].id.as_str());
    assert_eq!(
        results[8]["match_note"],
        "`invoice_number` 010401012345 is a 12-digit 会社法人等番号, not a 法人番号: not used"
    );
    assert_eq!(results[9]["match_status"], "error");
    assert_eq!(
        results[9]["match_error"],
        "the record has no name, phone, web address or number"
    );
    for (result, reason) in results[5..8].iter().zip([
        "clients[5].client_id must be a string or null, not a number",
        "clients[6].name must be a string or null, not a number",
        "clients[7].corporate_number must be a string or null, not a number",
    ]) {
        assert_eq!(result["match_status"], "error", "{result}");
        assert_eq!(result["match_error"], reason, "{result}");
        assert_eq!(result["match_id"], Value::Null, "{result}");
        assert_eq!(result["match_score"], 0.0, "{result}");
    }
    for (result, company) in results.iter().zip(companies) {
        assert_eq!(result["match_id"], company.id.as_str(), "{result}");
        assert_eq!(result["match_name"], company.name.as_str());
        assert_eq!(result["match_status"], "matched", "{result}");
        let score = result["match_score"].as_f64().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&score));
        let candidates = result["candidates"].as_array().expect("candidates");
        assert!(!candidates.is_empty() && candidates.len() <= 3);
        assert!(candidates[0]["id"].is_string() && candidates[0]["score"].is_number());
    }
    assert_ne!(results[3]["match_status"], "matched", "{}", results[3]);
    // mode may be omitted.
    let response = server.invoke_json(&json!({"clients": [client("x", companies[1])]}));
    assert_eq!(response["results"][0]["match_id"], companies[1].id.as_str());
}

/// Every content type answered in every format `Accept` can ask for.
#[test]
fn every_content_type_and_accept() {
    let table = Table::new(ROWS);
    let server = Server::ready(&table_url(&table), &[]);
    let (a, b) = (&table.rows[3], &table.rows[700]);
    let json_body = json!({"clients": [client("a", a), client("b", b)]}).to_string();
    let jsonl_body = format!("{}\n{}\n", client("a", a), client("b", b));
    let csv_body = format!(
        "client_id,name,address\na,{},{}\nb,{},{}\n",
        a.name,
        a.address.clone().unwrap_or_default(),
        b.name,
        b.address.clone().unwrap_or_default()
    );
    let inputs = [
        ("application/json", json_body.as_str()),
        ("application/jsonlines", jsonl_body.as_str()),
        ("text/csv", csv_body.as_str()),
    ];
    for (content_type, body) in inputs {
        for accept in [
            None,
            Some("application/json"),
            Some("application/jsonlines"),
            Some("text/csv"),
            Some("*/*"),
        ] {
            let mut headers = vec![("Content-Type", content_type)];
            if let Some(accept) = accept {
                headers.push(("Accept", accept));
            }
            let response = server.invoke(&headers, body.as_bytes());
            let context = format!("{content_type} → {accept:?}: {}", response.text());
            assert_eq!(response.status, 200, "{context}");
            let expected = match accept {
                None | Some("*/*") => content_type,
                Some(accept) => accept,
            };
            let got = response.header("content-type").unwrap_or_default();
            assert!(got.starts_with(expected), "{context}: content-type {got}");
            let ids: Vec<String> = match expected {
                "application/json" => {
                    let doc: Value = serde_json::from_slice(&response.body).expect("json");
                    doc["results"]
                        .as_array()
                        .expect("results")
                        .iter()
                        .map(|r| r["match_id"].as_str().unwrap_or("").to_owned())
                        .collect()
                }
                "application/jsonlines" => response
                    .text()
                    .lines()
                    .map(|l| {
                        serde_json::from_str::<Value>(l).expect("line")["match_id"]
                            .as_str()
                            .unwrap_or("")
                            .to_owned()
                    })
                    .collect(),
                _ => {
                    let text = response.text();
                    let mut lines: Vec<&str> = text.lines().collect();
                    // A header is written when the request had one (CSV with header, or JSON).
                    if content_type != "application/jsonlines" {
                        assert_eq!(
                            lines.first().copied(),
                            Some("client_id,match_id,match_name,match_score,match_status"),
                            "{context}"
                        );
                        lines.remove(0);
                    }
                    lines
                        .iter()
                        .map(|l| l.split(',').nth(1).unwrap_or("").to_owned())
                        .collect()
                }
            };
            assert_eq!(ids, [a.id.clone(), b.id.clone()], "{context}");
        }
    }
}

/// One output line per input line, in order, error rows included.
#[test]
fn one_output_line_per_input_line() {
    let table = Table::new(ROWS);
    let server = Server::ready(
        &table_url(&table),
        &[("NAYOSE_CSV_COLUMNS", "name,client_id")],
    );
    let (a, b) = (&table.rows[1], &table.rows[2]);
    // Header-less CSV in the NAYOSE_CSV_COLUMNS order, with a blank line,
    // an empty name and a broken quote.
    let body = format!(
        "{},r1\n\n,r3\n\"{}\",r4\n\"unterminated,r5\n{},r6\n",
        a.name, b.name, a.name
    );
    let response = server.invoke(&[("Content-Type", "text/csv")], body.as_bytes());
    assert_eq!(response.status, 200, "{}", response.text());
    let text = response.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    let fields: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes())
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    let ids: Vec<&str> = fields.iter().map(|f| f[0].as_str()).collect();
    assert_eq!(ids, ["r1", "2", "r3", "r4", "5", "r6"], "{text}");
    let statuses: Vec<&str> = fields.iter().map(|f| f[4].as_str()).collect();
    assert_eq!(statuses[0], "matched");
    assert_eq!(&statuses[1..3], ["error", "error"]);
    assert_eq!(statuses[3], "matched");
    assert_eq!(statuses[5], "matched");
    // Five columns on every line, error rows included (CONTRACTS §5).
    assert!(fields.iter().all(|f| f.len() == 5), "{text}");
    // The request's log line counts the error rows and says why the first failed.
    server.wait_for_log_line(
        |l| {
            l.contains("\"error_rows\":2")
                && l.contains("\"first_error\":\"")
                && l.contains("\"rows\":6")
        },
        Duration::from_secs(5),
    );
    assert_eq!(fields[3][1], b.id);

    // CSV with a (Japanese) header: the header line is answered by a header line.
    let body = format!("会社名,client_id\n{},h1\n\n{},h3\n", a.name, b.name);
    let response = server.invoke(&[("Content-Type", "text/csv")], body.as_bytes());
    let text = response.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].starts_with("client_id,match_id"));
    assert!(lines[1].starts_with(&format!("h1,{}", a.id)));
    assert!(lines[2].starts_with("2,,,,error"), "{text}");
    assert!(lines[3].starts_with(&format!("h3,{}", b.id)));

    // CSV in Shift_JIS (CP932), as Excel writes it: detected, and answered in
    // Shift_JIS so Batch Transform's joined lines share one encoding.
    let sjis = |text: &str| encoding_rs::SHIFT_JIS.encode(text).0.into_owned();
    let body = sjis(&format!("会社名,client_id\n{},s1\n{},s2\n", a.name, b.name));
    for content_type in ["text/csv", "text/csv; charset=Shift_JIS"] {
        let response = server.invoke(&[("Content-Type", content_type)], &body);
        assert_eq!(response.status, 200, "{content_type}: {}", response.text());
        assert_eq!(
            response.header("content-type").unwrap_or_default(),
            "text/csv; charset=shift_jis"
        );
        let (text, _, malformed) = encoding_rs::SHIFT_JIS.decode(&response.body);
        assert!(!malformed, "{content_type}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[1].starts_with(&format!("s1,{},{}", a.id, a.name)),
            "{text}"
        );
        assert!(lines[2].starts_with(&format!("s2,{}", b.id)), "{text}");
    }

    // JSON Lines with bad lines, answered in JSON Lines and in CSV.
    let body = format!(
        "{}\nnot json\n\n{{\"address\":\"東京都\"}}\n[1,2]\n{}\n",
        client("j1", a),
        client("j6", b)
    );
    for accept in ["application/jsonlines", "text/csv"] {
        let response = server.invoke(
            &[
                ("Content-Type", "application/jsonlines"),
                ("Accept", accept),
            ],
            body.as_bytes(),
        );
        assert_eq!(response.status, 200);
        let text = response.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{accept}: {text}");
        if accept == "application/jsonlines" {
            let rows: Vec<Value> = lines
                .iter()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let statuses: Vec<&str> = rows
                .iter()
                .map(|r| r["match_status"].as_str().unwrap())
                .collect();
            assert_eq!(
                statuses,
                ["matched", "error", "error", "error", "error", "matched"]
            );
            assert!(
                rows[1]["match_error"]
                    .as_str()
                    .unwrap()
                    .contains("not valid JSON")
            );
            assert!(
                rows[3]["match_error"]
                    .as_str()
                    .unwrap()
                    .contains("no name, phone, web address or number")
            );
            assert_eq!(rows[5]["client_id"], "j6");
        } else {
            // Every line has the five columns of CONTRACTS §5, error rows
            // too, so Batch Transform's joined output stays rectangular.
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let widths: Vec<usize> = reader.records().map(|r| r.unwrap().len()).collect();
            assert_eq!(widths, [5; 6], "{text}");
            assert!(lines[1].ends_with(",error"), "{text}");
            assert!(lines[0].starts_with(&format!("j1,{}", a.id)), "{text}");
            assert!(lines[5].starts_with(&format!("j6,{}", b.id)), "{text}");
        }
    }
}

/// Posts `body` as CSV from another thread and returns once the server
/// reports the request in flight.
fn post_csv_in_background(
    server: &Server,
    body: String,
) -> std::thread::JoinHandle<std::io::Result<Response>> {
    let addr = server.addr;
    let request = std::thread::spawn(move || {
        nayose_probe::request(
            addr,
            "POST",
            "/invocations",
            &[("Content-Type", "text/csv")],
            body.as_bytes(),
        )
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.status()["in_flight"] != 1 {
        assert!(Instant::now() < deadline, "the request never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    request
}

fn assert_error(response: &Response, status: u16, needle: &str) {
    let context = format!("{} {}", response.status, response.text());
    assert_eq!(response.status, status, "{context}");
    assert!(
        response
            .header("content-type")
            .unwrap_or_default()
            .starts_with("application/json"),
        "{context}"
    );
    let body: Value = serde_json::from_slice(&response.body).expect("JSON error body");
    let message = body["error"].as_str().unwrap_or_default();
    assert!(message.contains(needle), "expected `{needle}` in {context}");
}

/// Request headers, body, expected status, expected words in the message.
type BadCase = (
    Vec<(&'static str, &'static str)>,
    Vec<u8>,
    u16,
    &'static str,
);

/// Every bad input gets its 4xx and a JSON message naming the problem.
#[test]
fn bad_inputs_get_their_status_and_message() {
    let table = Table::new(ROWS);
    let server = Server::ready(
        &table_url(&table),
        &[("NAYOSE_MAX_ROWS", "50"), ("NAYOSE_MAX_PAYLOAD_MB", "0.05")],
    );
    let json_ct = [("Content-Type", "application/json")];
    let cases: Vec<BadCase> = vec![
        (
            json_ct.to_vec(),
            b"{\"clients\": [".to_vec(),
            400,
            "not valid JSON",
        ),
        (
            json_ct.to_vec(),
            br#"{"mode":"fuzzy","clients":[]}"#.to_vec(),
            400,
            "unknown mode `fuzzy`",
        ),
        (
            json_ct.to_vec(),
            br#"{"mode":"bulk_linkage"}"#.to_vec(),
            400,
            "no `clients`",
        ),
        (
            json_ct.to_vec(),
            b"{\"clients\":[{\"name\":\"\xff\xfe\"}]}".to_vec(),
            400,
            "not valid UTF-8",
        ),
        (
            vec![("Content-Type", "text/csv; charset=iso-2022-jp")],
            b"a,b\n".to_vec(),
            415,
            "unsupported charset",
        ),
        (json_ct.to_vec(), Vec::new(), 400, "empty"),
        (
            vec![("Content-Type", "text/plain")],
            b"x".to_vec(),
            415,
            "unsupported Content-Type `text/plain`",
        ),
        (Vec::new(), b"x".to_vec(), 415, "missing Content-Type"),
        (
            vec![("Content-Type", "text/csv"), ("Accept", "image/png")],
            b"1,a\n".to_vec(),
            406,
            "image/png",
        ),
        (
            vec![("Content-Type", "text/csv")],
            "1,a\n".repeat(51).into_bytes(),
            413,
            "too many rows: 51; the limit is 50",
        ),
        (
            json_ct.to_vec(),
            format!(
                "{{\"clients\":[{}]}}",
                vec!["{\"name\":\"a\"}"; 51].join(",")
            )
            .into_bytes(),
            413,
            "too many rows",
        ),
        (
            vec![("Content-Type", "text/csv")],
            vec![b'a'; 60_000],
            413,
            "larger than the limit",
        ),
    ];
    for (headers, body, status, needle) in &cases {
        let response = server.invoke(headers, body);
        assert_error(&response, *status, needle);
    }
    assert_error(&server.get("/nowhere"), 404, "no such endpoint");
    // Bad bytes inside a row, and fields that are not strings, are error
    // rows with the reason; the request is answered and every row keeps
    // its place.
    let name = &table.rows[0].name;
    let mut body = format!("client_id,name\nr1,{name}\n").into_bytes();
    body.extend_from_slice(b"r2,\xff\xfe\xfd\n");
    body.extend_from_slice(format!("r3,{name},extra\n").as_bytes());
    for content_type in ["text/csv", "text/csv; charset=utf-8"] {
        let response = server.invoke(
            &[
                ("Content-Type", content_type),
                ("Accept", "application/jsonlines"),
            ],
            &body,
        );
        assert_eq!(response.status, 200, "{}", response.text());
        let rows: Vec<Value> = response
            .text()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r["client_id"].as_str().unwrap(),
                    r["match_status"].as_str().unwrap(),
                    r["match_error"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got[0], ("r1", "matched", ""), "{content_type}");
        assert_eq!(
            got[1],
            ("r2", "error", "invalid bytes in column `name`"),
            "{content_type}"
        );
        assert_eq!((got[2].0, got[2].1), ("r3", "error"), "{content_type}");
        assert!(got[2].2.contains("the row has 3 fields"), "{:?}", got[2]);
    }
    let response = server
        .invoke_json(&json!({"clients": [{"name": ["a"]}, {"name": name, "phone": 312_345_678}]}));
    let reasons: Vec<&str> = response["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["match_error"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        reasons,
        [
            "clients[0].name must be a string or null, not an array",
            "clients[1].phone must be a string or null, not a number"
        ]
    );
    // The server is fine afterwards.
    let ok = server.invoke(
        &[("Content-Type", "text/csv")],
        format!("1,{}\n", table.rows[0].name).as_bytes(),
    );
    assert_eq!(ok.status, 200);
    let params: Value = serde_json::from_slice(&server.get("/execution-parameters").body).unwrap();
    assert_eq!(params["BatchStrategy"], "MULTI_RECORD");
    assert_eq!(params["MaxPayloadInMB"], 1);
    assert!(params["MaxConcurrentTransforms"].as_u64().unwrap_or(0) >= 1);
    let log = server.log();
    assert!(
        log.contains("\"status\":413") && log.contains("\"latency_ms\""),
        "{log}"
    );
}

/// The default payload limit is 6 MiB (CONTRACTS §6); SageMaker's variable
/// counts when NAYOSE_MAX_PAYLOAD_MB is unset.
#[test]
fn payload_limit_defaults_and_sagemaker_variables() {
    let table = Table::new(ROWS);
    let server = Server::ready(
        &table_url(&table),
        &[
            ("SAGEMAKER_MAX_PAYLOAD_IN_MB", "1"),
            ("SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", "3"),
        ],
    );
    let big = vec![b' '; 1024 * 1024 + 1];
    assert_error(
        &server.invoke(&[("Content-Type", "application/json")], &big),
        413,
        "limit of 1048576 bytes",
    );
    let params: Value = serde_json::from_slice(&server.get("/execution-parameters").body).unwrap();
    assert_eq!(
        params,
        json!({"MaxConcurrentTransforms": 3, "BatchStrategy": "MULTI_RECORD", "MaxPayloadInMB": 1})
    );
    drop(server);
    let server = Server::ready(&table_url(&table), &[]);
    let just_over = vec![b' '; 6 * 1024 * 1024 + 1];
    assert_error(
        &server.invoke(&[("Content-Type", "text/csv")], &just_over),
        413,
        "limit",
    );
}

/// SIGTERM: the in-flight request finishes with all its rows, then the
/// process exits 0.
#[test]
fn sigterm_drains_an_in_flight_request_and_exits_0() {
    let table = Table::new(ROWS);
    let mut server = Server::ready(&table_url(&table), &[]);
    let rows = 3_000;
    let body: String = (0..rows)
        .map(|i| {
            let c = &table.rows[i % table.rows.len()];
            format!("{i},{},{}\n", c.name, c.address.clone().unwrap_or_default())
        })
        .collect();
    let addr = server.addr;
    let request = post_csv_in_background(&server, body);
    server.terminate();
    let response = request
        .join()
        .unwrap()
        .expect("the in-flight request was answered");
    assert_eq!(response.status, 200);
    assert_eq!(response.text().lines().count(), rows);
    let status = server.wait_exit(Duration::from_secs(25));
    assert_eq!(status.code(), Some(0), "{}", server.log());
    let log = server.log();
    assert!(
        log.contains("\"signal\":\"SIGTERM\"") && log.contains("\"drained\":true"),
        "{log}"
    );
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "still accepting after shutdown"
    );
}

/// Bounded concurrency: with one slot and no place in line, a request that
/// arrives while another is linking gets 503 with `Retry-After`, and
/// `/ping` still answers at once.
#[test]
fn excess_requests_get_503_with_retry_after() {
    let table = Table::new(ROWS);
    let server = Server::ready(
        &table_url(&table),
        &[("NAYOSE_MAX_CONCURRENCY", "1"), ("NAYOSE_MAX_QUEUE", "0")],
    );
    let body: String = (0..3_000)
        .map(|i| format!("{i},{}\n", table.rows[i % table.rows.len()].name))
        .collect();
    let slow = post_csv_in_background(&server, body);
    let started = Instant::now();
    assert_eq!(server.get("/ping").status, 200);
    assert!(started.elapsed() < Duration::from_secs(2));
    let busy = server.invoke(&[("Content-Type", "text/csv")], b"1,x\n");
    assert_error(&busy, 503, "busy");
    assert_eq!(busy.header("retry-after"), Some("1"));
    let done = slow.join().unwrap().expect("answered");
    assert_eq!(done.status, 200);
}

/// Refresh over the SQLite source (no database server needed): a changed
/// row is visible after the interval, and with `NAYOSE_COMPACT_ROWS=0`
/// every applied change is compacted into a fresh base.
#[test]
fn sqlite_refresh_applies_and_compacts() {
    use sqlx::{Connection, Executor};
    let table = Table::new(ROWS);
    let server = Server::ready(
        &table_url(&table),
        &[("NAYOSE_REFRESH_SECS", "1"), ("NAYOSE_COMPACT_ROWS", "0")],
    );
    let url = format!("sqlite://{}", table.path.display());
    serve_support::block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        conn.execute(
            "INSERT INTO companies (id, name, address, updated_at) VALUES \
             ('9999999999992', '株式会社ナヨセ試験登録', '大阪府大阪市北区梅田1-1-1', '2099-01-01T00:00:00Z')",
        )
        .await
        .unwrap();
        conn.close().await.unwrap();
    });
    let client =
        json!({"clients": [{"name": "ナヨセ試験登録(株)", "address": "大阪市北区梅田1-1-1"}]});
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let result = server.invoke_json(&client);
        if result["results"][0]["match_id"] == "9999999999992" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not visible: {}",
            server.status()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = server.status();
    assert_eq!(status["index"]["rows"], ROWS + 1, "{status}");
    assert_eq!(status["index"]["delta_rows"], 0, "{status}");
    assert_eq!(
        status["index"]["version"], 3,
        "applied, then compacted: {status}"
    );
}
