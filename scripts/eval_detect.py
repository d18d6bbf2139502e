#!/usr/bin/env python3
"""Measures Warden's detectors on the synthetic corpus in eval/detect/.

Runs `warden scan --jsonl` once over every sample, then reports per category (pii, secret,
injection) the sample-level confusion matrix, precision, recall, false-positive rate
(FP / negatives) and F1, and for structured PII the entity-level precision, recall and F1 by
byte-span overlap with matching kinds. Prints the detection goals and whether each is met.

    python3 scripts/eval_detect.py --warden .build/debug/warden
    python3 scripts/eval_detect.py --warden .build/release/warden -v      # list misclassified ids
    python3 scripts/eval_detect.py --warden .build/release/warden --json  # machine-readable
    python3 scripts/eval_detect.py --warden .build/release/warden --gate  # exit 1 on a missed goal

A sample is predicted positive for a category when the result holds at least one finding of
that category; for injection also when injection.score >= 0.5. Exit status: 0 (the numbers are
a report), 1 when warden fails, or with --gate when a goal is missed. Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(ROOT, "eval", "detect", "corpus.jsonl")
CATEGORIES = ["pii", "secret", "injection"]
INJECTION_THRESHOLD = 0.5

# Structured PII: fixed formats, most with checksums. Country-prefixed national ids (xx_...) count too.
STRUCTURED_PII = {"email", "phone", "us_ssn", "credit_card", "iban", "ip_address"}
NOT_STRUCTURED = {"passport_number", "drivers_license", "date_of_birth"}
NATIONAL_ID = re.compile(r"^[a-z]{2}_[a-z_]+$")

def measured(r, category):
    """True when the corpus has labelled positives for the goal of `category`."""
    if category == "pii":
        return r["entities"]["tp"] + r["entities"]["fn"] > 0
    return r["samples"][category]["positives"] > 0


GOALS = [
    # (name, description, predicate over the report)
    ("injection", "injection recall >= 0.85 at FPR <= 0.01",
     lambda r: r["samples"]["injection"]["recall"] >= 0.85 and r["samples"]["injection"]["fpr"] <= 0.01),
    ("secret", "secrets recall >= 0.95 at FPR <= 0.02",
     lambda r: r["samples"]["secret"]["recall"] >= 0.95 and r["samples"]["secret"]["fpr"] <= 0.02),
    ("pii", "structured PII entity F1 >= 0.95", lambda r: r["entities"]["f1"] >= 0.95),
]


def is_structured(kind):
    return kind not in NOT_STRUCTURED and (kind in STRUCTURED_PII or bool(NATIONAL_ID.match(kind)))


def ratio(a, b):
    return a / b if b else 0.0


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def run_warden(warden, texts):
    """One `warden scan --jsonl` over texts; returns the parsed results in order."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t}, ensure_ascii=True) + "\n")
        path = f.name
    try:
        started = time.monotonic()
        try:
            proc = subprocess.run([warden, "scan", "--jsonl", path], capture_output=True)
        except OSError as e:
            raise SystemExit("eval_detect: cannot run %s: %s" % (warden, e.strerror))
        elapsed = time.monotonic() - started
    finally:
        os.unlink(path)
    if proc.returncode not in (0, 2):
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise SystemExit("eval_detect: warden scan --jsonl exited %d" % proc.returncode)
    lines = [l for l in proc.stdout.decode("utf-8").split("\n") if l.strip()]
    if len(lines) != len(texts):
        raise SystemExit("eval_detect: %d results for %d samples" % (len(lines), len(texts)))
    results = [json.loads(l) for l in lines]
    for i, r in enumerate(results):
        if "error" in r:
            raise SystemExit("eval_detect: sample %d: %s" % (i, r["error"]))
    return results, elapsed


def predicted(result, category):
    if any(f["category"] == category for f in result["findings"]):
        return True
    if category == "injection":
        return (result.get("injection") or {}).get("score", 0) >= INJECTION_THRESHOLD
    return False


def sample_metrics(samples, results):
    out = {}
    for c in CATEGORIES:
        tp = fp = fn = tn = 0
        wrong = {"fp": [], "fn": []}
        for s, r in zip(samples, results):
            truth, guess = s["labels"][c], predicted(r, c)
            if truth and guess:
                tp += 1
            elif truth:
                fn += 1
                wrong["fn"].append(s["id"])
            elif guess:
                fp += 1
                wrong["fp"].append(s["id"])
            else:
                tn += 1
        p, rc = ratio(tp, tp + fp), ratio(tp, tp + fn)
        out[c] = {"samples": len(samples), "positives": tp + fn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                  "precision": p, "recall": rc, "fpr": ratio(fp, fp + tn), "f1": f1(p, rc), "misclassified": wrong}
    return out


def overlaps(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def entity_metrics(samples, results):
    """Structured PII, one-to-one matching by span overlap and equal kind."""
    tp = fp = fn = 0
    per_kind = {}
    wrong = []

    def k(kind):
        return per_kind.setdefault(kind, {"labelled": 0, "found": 0, "false_positives": 0})

    for s, r in zip(samples, results):
        gold = [e for e in s["entities"] if e["category"] == "pii" and is_structured(e["kind"])]
        pred = [f for f in r["findings"] if f["category"] == "pii" and is_structured(f["kind"])]
        used = set()
        missed = False
        for e in gold:
            k(e["kind"])["labelled"] += 1
            hit = next((j for j, f in enumerate(pred) if j not in used and f["kind"] == e["kind"] and overlaps(e, f)), None)
            if hit is None:
                fn += 1
                missed = True
            else:
                used.add(hit)
                tp += 1
                k(e["kind"])["found"] += 1
        for j, f in enumerate(pred):
            if j not in used:
                fp += 1
                k(f["kind"])["false_positives"] += 1
                missed = True
        if missed:
            wrong.append(s["id"])
    p, rc = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": rc, "f1": f1(p, rc),
            "per_kind": dict(sorted(per_kind.items())), "misclassified": wrong}


def secret_kind_recall(samples, results):
    """Per labelled secret kind: how many were covered by some secret finding (any kind)."""
    out = {}
    for s, r in zip(samples, results):
        found = [f for f in r["findings"] if f["category"] == "secret"]
        for e in s["entities"]:
            if e["category"] != "secret":
                continue
            row = out.setdefault(e["kind"], {"labelled": 0, "covered": 0, "same_kind": 0})
            row["labelled"] += 1
            hits = [f for f in found if overlaps(e, f)]
            row["covered"] += bool(hits)
            row["same_kind"] += any(f["kind"] == e["kind"] for f in hits)
    return dict(sorted(out.items()))


def group_recall(samples, results, category):
    """Recall per id prefix (inj-direct-es, inj-encoded...) among the positives of category."""
    out = {}
    for s, r in zip(samples, results):
        if not s["labels"][category]:
            continue
        g = s["id"].rsplit("-", 1)[0]
        row = out.setdefault(g, [0, 0])
        row[0] += predicted(r, category)
        row[1] += 1
    return dict(sorted(out.items()))


def main():
    ap = argparse.ArgumentParser(description="Evaluate warden scan on the synthetic detection corpus.")
    ap.add_argument("--warden", required=True, help="path to the warden binary")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="corpus JSONL (default: eval/detect/corpus.jsonl)")
    ap.add_argument("--json", action="store_true", help="print the report as one JSON object")
    ap.add_argument("-v", "--verbose", action="store_true", help="list up to 10 misclassified ids per category")
    ap.add_argument("--gate", action="store_true", help="exit 1 when a goal is missed")
    args = ap.parse_args()

    with open(args.corpus, encoding="utf-8") as f:
        samples = [json.loads(l) for l in f if l.strip()]
    results, elapsed = run_warden(args.warden, [s["text"] for s in samples])
    report = {
        "corpus": os.path.relpath(args.corpus, ROOT) if args.corpus.startswith(ROOT) else args.corpus,
        "samples": sample_metrics(samples, results),
        "entities": entity_metrics(samples, results),
        "secret_kinds": secret_kind_recall(samples, results),
        "injection_groups": group_recall(samples, results, "injection"),
        "seconds": round(elapsed, 3),
        "bytes": sum(len(s["text"].encode("utf-8")) for s in samples),
    }
    # A goal is not measured (met: null) on a corpus without positives of its category: the
    # development set, for one, labels injection only.
    report["goals"] = [{"category": c, "goal": d, "met": bool(pred(report)) if measured(report, c) else None}
                       for c, d, pred in GOALS]

    if args.json:
        print(json.dumps(report, indent=2, sort_keys=True))
    else:
        print_report(report, args.verbose)
    if args.gate and any(g["met"] is False for g in report["goals"]):
        return 1
    return 0


def print_report(r, verbose):
    print("corpus %s: %d samples, %d bytes, one warden scan --jsonl in %.2f s"
          % (r["corpus"], r["samples"]["pii"]["samples"], r["bytes"], r["seconds"]))
    print()
    print("sample level    samples  pos    TP    FP    FN     TN  precision  recall    FPR     F1")
    for c in CATEGORIES:
        m = r["samples"][c]
        print("  %-12s %7d %4d %5d %5d %5d %6d  %9.3f  %6.3f  %5.3f  %5.3f" % (
            c, m["samples"], m["positives"], m["tp"], m["fp"], m["fn"], m["tn"], m["precision"], m["recall"],
            m["fpr"], m["f1"]))
    e = r["entities"]
    print()
    print("structured PII entities (span overlap, same kind): TP %d  FP %d  FN %d  precision %.3f  recall %.3f  F1 %.3f"
          % (e["tp"], e["fp"], e["fn"], e["precision"], e["recall"], e["f1"]))
    for kind, row in e["per_kind"].items():
        print("  %-18s labelled %4d  found %4d  false positives %3d" % (kind, row["labelled"], row["found"],
                                                                        row["false_positives"]))
    print()
    print("secret entities covered by a secret finding (any kind / same kind):")
    for kind, row in r["secret_kinds"].items():
        print("  %-26s %3d / %3d / %3d" % (kind, row["labelled"], row["covered"], row["same_kind"]))
    print()
    print("injection recall by group:")
    for g, (hit, n) in r["injection_groups"].items():
        print("  %-20s %3d / %3d  %.2f" % (g, hit, n, ratio(hit, n)))
    if verbose:
        print()
        for c in CATEGORIES:
            w = r["samples"][c]["misclassified"]
            print("%s false negatives: %s" % (c, ", ".join(w["fn"][:10]) or "-"))
            print("%s false positives: %s" % (c, ", ".join(w["fp"][:10]) or "-"))
        print("structured PII entity mismatches: %s" % (", ".join(e["misclassified"][:10]) or "-"))
    print()
    print("goals:")
    for g in r["goals"]:
        state = "n/a" if g["met"] is None else "met" if g["met"] else "MISSED"
        print("  [%s] %s%s" % (state, g["goal"], " (no positives in this corpus)" if g["met"] is None else ""))


if __name__ == "__main__":
    sys.exit(main())
