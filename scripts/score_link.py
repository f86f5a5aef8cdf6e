#!/usr/bin/env python3
"""Scores a `nayose link` output against an evaluation set's truth.csv.

Usage: score_link.py LINKED_CSV TRUTH_CSV

Prints, per category and overall: precision (correct / matched), recall
(correct / present), F1, match rate (matched / queries), false links on absent
companies, and review counts. `matched` rows count as links; `review` rows do
not.
"""
import csv
import sys
from collections import defaultdict


def main(linked_path: str, truth_path: str) -> None:
    with open(truth_path, encoding="utf-8-sig", newline="") as f:
        truth = {r["client_id"]: (r["true_id"], r["category"]) for r in csv.DictReader(f)}
    stats = defaultdict(lambda: defaultdict(int))
    with open(linked_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            true_id, category = truth[row["client_id"]]
            for key in (category, "all"):
                s = stats[key]
                s["queries"] += 1
                s["present"] += bool(true_id)
                status = row["match_status"]
                s[status] += 1
                if status == "matched":
                    s["linked"] += 1
                    s["correct"] += row["match_id"] == true_id and bool(true_id)
                    s["absent_links"] += not true_id
                s["absent"] += not true_id
    print(f"{'category':<18} {'queries':>7} {'precision':>9} {'recall':>7} {'F1':>7} {'match%':>7} {'absentFL':>8} {'review':>6} {'error':>5}")
    for category in sorted(stats, key=lambda c: (c == "all", c)):
        s = stats[category]
        precision = s["correct"] / s["linked"] if s["linked"] else float("nan")
        recall = s["correct"] / s["present"] if s["present"] else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if s["present"] and s["linked"] and precision + recall else float("nan")
        absent_fl = s["absent_links"] / s["absent"] if s["absent"] else float("nan")
        print(
            f"{category:<18} {s['queries']:>7} {precision:>9.4f} {recall:>7.4f} {f1:>7.4f} "
            f"{s['linked'] / s['queries']:>7.4f} {absent_fl:>8.4f} {s['review']:>6} {s['error']:>5}"
        )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
