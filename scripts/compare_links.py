#!/usr/bin/env python3
"""Compares a `nayose link` output with the per-row results a training run
wrote beside its report (`dev_links.csv`), row by row.

Usage: compare_links.py LINKED_CSV DEV_LINKS_CSV

Both files have `client_id`, `match_id`, `match_status` and `match_score`
(four decimals, empty when nothing is linked). Prints how many rows agree
and the first disagreements; exits 1 when any row differs or is missing on
one side, so CI can tell when the published figures are no longer what
`nayose link` gives.
"""
import csv
import sys

FIELDS = ("match_id", "match_status", "match_score")


def read(path: str) -> dict:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ("client_id", *FIELDS) if c not in (reader.fieldnames or [])]
        if missing:
            sys.exit(f"{path}: no column {', '.join(missing)}")
        return {row["client_id"]: tuple(row[c] for c in FIELDS) for row in reader}


def main(linked_path: str, dev_links_path: str) -> int:
    linked = read(linked_path)
    published = read(dev_links_path)
    only_linked = sorted(set(linked) - set(published))
    only_published = sorted(set(published) - set(linked))
    differing = [c for c in published if c in linked and linked[c] != published[c]]
    same = len(published) - len(only_published) - len(differing)
    print(f"{same} of {len(published)} rows agree ({', '.join(FIELDS)})")
    for client_id in differing[:10]:
        print(f"  {client_id}: nayose link {linked[client_id]} vs report {published[client_id]}")
    if only_linked or only_published:
        print(f"  {len(only_linked)} rows only in {linked_path}, {len(only_published)} only in {dev_links_path}")
    return 1 if differing or only_linked or only_published else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
