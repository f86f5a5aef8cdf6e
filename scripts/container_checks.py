#!/usr/bin/env python3
"""Checks of a running `serve` container against CONTRACTS §5, used by
scripts/container-test.sh.

    container_checks.py direct --url http://127.0.0.1:PORT --eval-dir DIR
        /invocations with the reference system's JSON shape
        ({"mode": "bulk_linkage", "clients": [...]}), CSV without a header
        (as Batch Transform splits it) and JSON Lines; answers in input
        order, the same links in the three formats, and the links right on
        the generated evaluation set; bad input gets a 4xx JSON error.
    container_checks.py boto3 --endpoint-url http://127.0.0.1:PORT --eval-dir DIR
        the same through boto3's sagemaker-runtime client and the stand-in
        front end (scripts/sagemaker_runtime_standin.py): a good request
        answers, a bad one raises ModelError.
    container_checks.py smoke --url http://127.0.0.1:PORT
        one small JSON request is answered with a well-formed result.

DIR is an evaluation set written by `nayose gen` (queries.csv, truth.csv).
Exits 1 with the reason on the first failed check.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

STATUSES = {"matched", "review", "unmatched", "error"}
RESULT_FIELDS = {"client_id", "match_id", "match_name", "match_score", "match_status"}
CSV_COLUMNS = ["client_id", "name", "address", "phone", "url"]
CSV_HEADER = ["client_id", "match_id", "match_name", "match_score", "match_status"]


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def ok(message: str) -> None:
    print(f"  ok: {message}", flush=True)


def load_eval(eval_dir: Path) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The queries (the client fields of CONTRACTS §2) and their true ids."""
    with open(eval_dir / "queries.csv", encoding="utf-8-sig", newline="") as f:
        queries = [{k: row.get(k, "") for k in CSV_COLUMNS} for row in csv.DictReader(f)]
    with open(eval_dir / "truth.csv", encoding="utf-8-sig", newline="") as f:
        truth = {row["client_id"]: row["true_id"] for row in csv.DictReader(f)}
    check(len(queries) > 0, f"no queries in {eval_dir}")
    return queries, truth


def post(url: str, body: bytes, content_type: str, accept: str | None = None):
    """(status, content type, body) of POST url/invocations."""
    headers = {"Content-Type": content_type}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url + "/invocations", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def match_id(result: dict) -> str:
    return result.get("match_id") or ""


def check_result(result: dict, where: str) -> None:
    missing = RESULT_FIELDS - result.keys()
    check(not missing, f"{where}: result lacks {sorted(missing)}: {result}")
    check(result["match_status"] in STATUSES, f"{where}: match_status {result['match_status']!r}")
    score = result["match_score"]
    if match_id(result):
        check(
            isinstance(score, (int, float)) and 0.0 <= float(score) <= 1.0,
            f"{where}: match_score {score!r} is not in [0, 1]",
        )


def check_json_results(payload: bytes, clients: list[dict], where: str) -> list[dict]:
    try:
        document = json.loads(payload)
    except ValueError as error:
        raise CheckFailed(f"{where}: the answer is not JSON ({error}): {payload[:300]!r}")
    check(isinstance(document, dict) and "results" in document, f"{where}: no `results`: {payload[:300]!r}")
    results = document["results"]
    check(
        len(results) == len(clients),
        f"{where}: {len(results)} results for {len(clients)} clients",
    )
    for i, (client, result) in enumerate(zip(clients, results)):
        check_result(result, f"{where} result {i}")
        check(
            str(result["client_id"]) == client["client_id"],
            f"{where}: result {i} is for {result['client_id']!r}, not {client['client_id']!r} (input order)",
        )
        candidates = result.get("candidates")
        check(isinstance(candidates, list), f"{where}: result {i} has no candidates list")
        for candidate in candidates:
            check(
                {"id", "name", "score"} <= candidate.keys(),
                f"{where}: candidate {candidate} lacks id/name/score",
            )
    return results


def check_accuracy(results: list[dict], truth: dict[str, str], where: str) -> None:
    """Links right on the generated evaluation set: the shipped model links
    nearly every present company and almost never a wrong one."""
    present = [r for r in results if truth.get(str(r["client_id"]))]
    right = sum(
        1 for r in present if r["match_status"] == "matched" and match_id(r) == truth[str(r["client_id"])]
    )
    wrong = sum(
        1
        for r in results
        if r["match_status"] == "matched" and match_id(r) != truth.get(str(r["client_id"]), "")
    )
    print(
        f"  {where}: {right}/{len(present)} present companies linked right, "
        f"{wrong}/{len(results)} wrong links",
        flush=True,
    )
    check(right >= 0.9 * len(present), f"{where}: only {right} of {len(present)} present companies linked right")
    check(wrong <= max(1, 0.02 * len(results)), f"{where}: {wrong} wrong links")


def csv_body(clients: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for client in clients:
        writer.writerow([client[k] for k in CSV_COLUMNS])
    return out.getvalue().encode()


def parse_csv_answer(payload: bytes, where: str, header_allowed: bool = True) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(payload.decode("utf-8-sig"))))
    rows = [r for r in rows if r]
    if rows and rows[0][: len(CSV_HEADER)] == CSV_HEADER:
        # Batch Transform's JoinSource=Input appends output line i to input
        # line i: a header-less request needs a header-less answer.
        check(
            header_allowed,
            f"{where}: the answer to a header-less CSV request starts with a header row "
            "(Batch Transform with JoinSource=Input needs one output line per input line)",
        )
        rows = rows[1:]
    out = []
    for row in rows:
        check(len(row) >= len(CSV_HEADER), f"{where}: short CSV row {row}")
        out.append(dict(zip(CSV_HEADER, row)))
    return out


def direct(url: str, eval_dir: Path) -> None:
    queries, truth = load_eval(eval_dir)

    # The reference system's shape, all the evaluation queries in one request.
    body = json.dumps({"mode": "bulk_linkage", "clients": queries}, ensure_ascii=False).encode()
    status, ctype, payload = post(url, body, "application/json", "application/json")
    check(status == 200, f"JSON bulk_linkage: status {status}: {payload[:300]!r}")
    check(ctype.startswith("application/json"), f"JSON bulk_linkage: Content-Type {ctype!r}")
    results = check_json_results(payload, queries, "JSON bulk_linkage")
    check_accuracy(results, truth, "JSON bulk_linkage")
    ok(f"JSON bulk_linkage: {len(results)} results in input order")
    by_id = {str(r["client_id"]): r for r in results}

    # `mode` may be omitted.
    sample = queries[:5]
    status, _, payload = post(url, json.dumps({"clients": sample}).encode(), "application/json")
    check(status == 200, f"JSON without mode: status {status}: {payload[:300]!r}")
    check_json_results(payload, sample, "JSON without mode")
    ok("JSON without mode answered")

    # CSV without a header, as Batch Transform's SplitType=Line sends it.
    sample = queries[:40]
    status, ctype, payload = post(url, csv_body(sample), "text/csv", "text/csv")
    check(status == 200, f"CSV: status {status}: {payload[:300]!r}")
    check(ctype.startswith("text/csv"), f"CSV: Content-Type {ctype!r}")
    rows = parse_csv_answer(payload, "CSV", header_allowed=False)
    check(len(rows) == len(sample), f"CSV: {len(rows)} rows for {len(sample)} records")
    for client, row in zip(sample, rows):
        check(row["client_id"] == client["client_id"], f"CSV: row for {row['client_id']!r}, not {client['client_id']!r}")
        check(row["match_status"] in STATUSES, f"CSV: match_status {row['match_status']!r}")
        check(
            row["match_id"] == match_id(by_id[client["client_id"]]),
            f"CSV: {client['client_id']} linked to {row['match_id']!r}, JSON said {match_id(by_id[client['client_id']])!r}",
        )
    ok(f"CSV (no header): {len(rows)} rows, the same links as JSON")

    # JSON Lines.
    sample = queries[40:80] or queries[:40]
    body = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in sample).encode()
    status, ctype, payload = post(url, body, "application/jsonlines", "application/jsonlines")
    check(status == 200, f"JSON Lines: status {status}: {payload[:300]!r}")
    check(ctype.startswith("application/jsonlines"), f"JSON Lines: Content-Type {ctype!r}")
    lines = [json.loads(line) for line in payload.decode().splitlines() if line.strip()]
    check(len(lines) == len(sample), f"JSON Lines: {len(lines)} lines for {len(sample)} records")
    for i, (client, result) in enumerate(zip(sample, lines)):
        check_result(result, f"JSON Lines line {i}")
        check(str(result["client_id"]) == client["client_id"], f"JSON Lines line {i}: input order")
        check(
            match_id(result) == match_id(by_id[client["client_id"]]),
            f"JSON Lines: {client['client_id']} linked differently from JSON",
        )
    ok(f"JSON Lines: {len(lines)} lines, the same links as JSON")

    # Accept chooses the answer's format.
    sample = queries[:3]
    status, ctype, payload = post(url, json.dumps({"clients": sample}).encode(), "application/json", "text/csv")
    check(status == 200 and ctype.startswith("text/csv"), f"JSON in, Accept text/csv: {status} {ctype!r}")
    check(len(parse_csv_answer(payload, "Accept text/csv")) == 3, "Accept text/csv: not 3 rows")
    ok("Accept: text/csv turns a JSON request's answer into CSV")

    # Bad input: a 4xx with a JSON error.
    for label, body, ctype in [
        ("malformed JSON", b'{"mode": "bulk_linkage", "clients": [', "application/json"),
        ("unsupported Content-Type", b"<clients/>", "application/xml"),
    ]:
        status, answer_type, payload = post(url, body, ctype)
        check(400 <= status < 500, f"{label}: status {status}, not 4xx: {payload[:300]!r}")
        try:
            error = json.loads(payload)
        except ValueError:
            raise CheckFailed(f"{label}: the {status} body is not JSON: {payload[:300]!r}")
        check(isinstance(error, dict) and error.get("error"), f"{label}: no `error` in {error}")
        ok(f"{label}: {status} {error['error'][:100]!r}")


def boto3_checks(endpoint_url: str, eval_dir: Path) -> None:
    import boto3
    from botocore.config import Config

    queries, truth = load_eval(eval_dir)
    client = boto3.client(
        "sagemaker-runtime",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="not-a-secret",
        config=Config(retries={"max_attempts": 1}, read_timeout=70),
    )
    sample = queries[:60]
    response = client.invoke_endpoint(
        EndpointName="nayose",
        Body=json.dumps({"mode": "bulk_linkage", "clients": sample}, ensure_ascii=False).encode(),
        ContentType="application/json",
        Accept="application/json",
    )
    check(
        response["ResponseMetadata"]["HTTPStatusCode"] == 200,
        f"boto3: status {response['ResponseMetadata']['HTTPStatusCode']}",
    )
    check(response["ContentType"].startswith("application/json"), f"boto3: ContentType {response['ContentType']!r}")
    results = check_json_results(response["Body"].read(), sample, "boto3 invoke_endpoint")
    check_accuracy(results, truth, "boto3 invoke_endpoint")
    ok(f"boto3 invoke_endpoint: {len(results)} results, variant {response.get('InvokedProductionVariant')}")

    response = client.invoke_endpoint(
        EndpointName="nayose", Body=csv_body(sample[:10]), ContentType="text/csv", Accept="text/csv"
    )
    rows = parse_csv_answer(response["Body"].read(), "boto3 CSV", header_allowed=False)
    check(len(rows) == 10, f"boto3 CSV: {len(rows)} rows for 10 records")
    ok("boto3 invoke_endpoint with text/csv: 10 rows")

    try:
        client.invoke_endpoint(
            EndpointName="nayose",
            Body=b'{"mode": "bulk_linkage", "clients": [',
            ContentType="application/json",
            Accept="application/json",
        )
    except client.exceptions.ModelError as error:
        response = error.response
        check(response["Error"]["Code"] == "ModelError", f"ModelError code {response['Error']}")
        check(response["ResponseMetadata"]["HTTPStatusCode"] == 424, "ModelError: HTTP status is not 424")
        original = response.get("OriginalStatusCode")
        check(
            isinstance(original, int) and 400 <= original < 500,
            f"ModelError: OriginalStatusCode {original!r}, not the container's 4xx",
        )
        check("error" in json.loads(response.get("OriginalMessage", "{}")), "ModelError: OriginalMessage lacks the container's error")
        ok(f"bad request: ModelError, OriginalStatusCode {original}: {response['Error']['Message'][:120]!r}")
    else:
        raise CheckFailed("a malformed request did not raise ModelError")


def smoke(url: str) -> None:
    clients = [
        {"client_id": "a", "name": "株式会社テスト商事", "address": "東京都千代田区丸の内1-1-1"},
        {"client_id": "b", "name": "サンプル工業(株)"},
    ]
    status, _, payload = post(url, json.dumps({"mode": "bulk_linkage", "clients": clients}).encode(), "application/json")
    check(status == 200, f"smoke: status {status}: {payload[:300]!r}")
    check_json_results(payload, clients, "smoke")
    ok("smoke: 2 results")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("direct")
    p.add_argument("--url", required=True)
    p.add_argument("--eval-dir", type=Path, required=True)
    p = sub.add_parser("boto3")
    p.add_argument("--endpoint-url", required=True)
    p.add_argument("--eval-dir", type=Path, required=True)
    p = sub.add_parser("smoke")
    p.add_argument("--url", required=True)
    args = parser.parse_args()
    try:
        if args.command == "direct":
            direct(args.url.rstrip("/"), args.eval_dir)
        elif args.command == "boto3":
            boto3_checks(args.endpoint_url, args.eval_dir)
        else:
            smoke(args.url.rstrip("/"))
    except CheckFailed as failure:
        print(f"  FAILED: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
