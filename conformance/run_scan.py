#!/usr/bin/env python3
"""Runs the content-scan vectors (conformance/fixtures/scan/vectors.json) against `warden scan`.

One `warden scan --jsonl --redact redact` over every vector's text, then for each vector:
the PII and secret findings must equal the expected ones on (category, kind, start, end) —
spans are UTF-8 byte offsets — the injection verdict must match ("detected" when there is an
injection finding or injection.score >= 0.5, else "clean"), and "redacted" must equal the
expected text byte for byte. Prints pass/total and a diff for each failure; exit 1 on any.

    python3 conformance/run_scan.py --warden .build/debug/warden [-v] [--only NAME-PREFIX]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "fixtures", "scan", "vectors.json")
INJECTION_THRESHOLD = 0.5


def key(f):
    return (f["category"], f["kind"], f["start"], f["end"])


def show(text, f):
    raw = text.encode("utf-8")[f[2]:f[3]].decode("utf-8", "replace")
    return "%s/%s %d..%d %r" % (f[0], f[1], f[2], f[3], raw if len(raw) <= 60 else raw[:57] + "...")


def run(warden, texts):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps(t, ensure_ascii=True) + "\n")
        path = f.name
    try:
        try:
            proc = subprocess.run([warden, "scan", "--jsonl", "--redact", "redact", path], capture_output=True)
        except OSError as e:
            raise SystemExit("run_scan: cannot run %s: %s" % (warden, e.strerror))
    finally:
        os.unlink(path)
    if proc.returncode not in (0, 2):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit("run_scan: warden scan exited %d" % proc.returncode)
    lines = [l for l in proc.stdout.decode("utf-8").split("\n") if l.strip()]
    if len(lines) != len(texts):
        raise SystemExit("run_scan: %d results for %d vectors" % (len(lines), len(texts)))
    return [json.loads(l) for l in lines]


def compare(vector, got):
    """The differences between a vector's expectation and warden's result, as lines."""
    exp = vector["expect"]
    text = vector["text"]
    if "error" in got:
        return ["error: %s" % got["error"]]
    diffs = []
    want = sorted(key(f) for f in exp["findings"])
    have = sorted(key(f) for f in got["findings"] if f["category"] in ("pii", "secret"))
    missing = [f for f in want if f not in have]
    extra = [f for f in have if f not in want]
    for f in missing:
        diffs.append("missing    %s" % show(text, f))
    for f in extra:
        diffs.append("unexpected %s" % show(text, f))
    injection = got.get("injection") or {}
    detected = any(f["category"] == "injection" for f in got["findings"]) or injection.get("score", 0) >= INJECTION_THRESHOLD
    verdict = "detected" if detected else "clean"
    if verdict != exp["injection"]:
        kinds = sorted({f["kind"] for f in got["findings"] if f["category"] == "injection"})
        diffs.append("injection  expected %s, got %s (score %s%s)" % (
            exp["injection"], verdict, injection.get("score"), ", kinds " + ",".join(kinds) if kinds else ""))
    if got.get("redacted") != exp["redacted"]:
        diffs.append("redacted   expected %s" % json.dumps(exp["redacted"], ensure_ascii=False))
        diffs.append("           got      %s" % json.dumps(got.get("redacted"), ensure_ascii=False))
    return diffs


def main():
    ap = argparse.ArgumentParser(description="Run the scan conformance vectors against warden scan.")
    ap.add_argument("--warden", required=True, help="path to the warden binary")
    ap.add_argument("--vectors", default=VECTORS)
    ap.add_argument("--only", default="", help="run only vectors whose name starts with this")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list passing vectors")
    args = ap.parse_args()
    with open(args.vectors, encoding="utf-8") as f:
        vectors = [v for v in json.load(f)["vectors"] if v["name"].startswith(args.only)]
    results = run(args.warden, [v["text"] for v in vectors])
    failed = 0
    for v, got in zip(vectors, results):
        diffs = compare(v, got)
        if diffs:
            failed += 1
            print("FAIL %s" % v["name"])
            for d in diffs:
                print("     " + d)
        elif args.verbose:
            print("ok   %s" % v["name"])
    print("scan vectors: %d/%d passed" % (len(vectors) - failed, len(vectors)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
