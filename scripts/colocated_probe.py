#!/usr/bin/env python3
"""A probe of the most expensive mistake: an absent company written with the
street address of a building whose tenants are in the table.

Usage:
  colocated_probe.py build TABLE.sqlite EVAL_DIR OUT.csv [--queries N] [--seed S]
  colocated_probe.py score LINKED.csv

`build` takes the names of the evaluation set's `absent` queries (companies
that are not in the table) and gives each the address of a building that
two or more table rows share (the same street address and building, another
floor), with no phone or web address. Every query is absent, so every
`matched` row that `nayose link` returns for it is a false link; `score`
counts them. Interim measurement until the real-anchored development set
exists (issue 23): the names come from the first development set's absent
category, the addresses from the table.
"""
import argparse
import collections
import csv
import random
import re
import sqlite3
import sys

FLOOR = re.compile(r"\d+(F|階)$")


def build(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    with open(f"{args.eval_dir}/truth.csv", encoding="utf-8-sig", newline="") as f:
        absent_ids = {r["client_id"] for r in csv.DictReader(f) if r["category"] == "absent"}
    with open(f"{args.eval_dir}/queries.csv", encoding="utf-8-sig", newline="") as f:
        names = [r["name"] for r in csv.DictReader(f) if r["client_id"] in absent_ids]
    if not names:
        sys.exit(f"{args.eval_dir}: no absent queries")
    db = sqlite3.connect(f"file:{args.table}?mode=ro", uri=True)
    buildings = collections.defaultdict(list)
    query = "SELECT address FROM companies WHERE address LIKE '%ビル%F' OR address LIKE '%ビル%階' ORDER BY id"
    for (address,) in db.execute(query):
        buildings[FLOOR.sub("", address)].append(address)
    shared = sorted(b for b, tenants in buildings.items() if len(tenants) > 1)
    if len(shared) < args.queries:
        sys.exit(f"{args.table}: only {len(shared)} shared buildings")
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["client_id", "name", "address"])
        for i, building in enumerate(rng.sample(shared, args.queries)):
            name = names[i % len(names)]
            writer.writerow([f"C{i:05d}", name, f"{building}{rng.randint(1, 30)}F"])
    print(f"{args.queries} absent queries at {len(shared)} shared buildings -> {args.out}")


def score(args: argparse.Namespace) -> None:
    with open(args.linked, encoding="utf-8-sig", newline="") as f:
        statuses = collections.Counter(r["match_status"] for r in csv.DictReader(f))
    total = sum(statuses.values())
    print(f"{total} absent queries at shared buildings: " + ", ".join(f"{s} {n}" for s, n in sorted(statuses.items())))
    print(f"false links (matched): {statuses['matched'] / total:.2%}" if total else "no rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build")
    b.add_argument("table")
    b.add_argument("eval_dir")
    b.add_argument("out")
    b.add_argument("--queries", type=int, default=2000)
    b.add_argument("--seed", type=int, default=7)
    s = commands.add_parser("score")
    s.add_argument("linked")
    args = parser.parse_args()
    build(args) if args.command == "build" else score(args)


if __name__ == "__main__":
    main()
