#!/usr/bin/env python3
"""Run every conformance suite in conformance/fixtures/policy through the warden CLI.

Usage: python3 conformance/run_cli.py [--warden PATH] [-v] [SUITE ...]

Valid suites: the actions of cases.json are fed to `warden check --policy DIR --batch -`
(one batch per distinct `at`, passed as --at) and each decision is compared with `expect`.
Invalid suites: `warden validate --json DIR` must fail and report every diagnostic listed in
`expect_invalid` (file is compared by file name).
Exits non-zero on any mismatch and prints "N passed, M failed".
"""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "fixtures", "policy")
DEFAULT_WARDEN = os.path.join(os.path.dirname(HERE), ".build", "debug", "warden")


def run(cmd, stdin=None):
    """Run the CLI; wait and retry briefly if the binary is being rebuilt."""
    for attempt in range(30):
        if os.path.exists(cmd[0]):
            try:
                return subprocess.run(cmd, input=stdin, capture_output=True, text=True, encoding="utf-8")
            except OSError:
                pass
        time.sleep(2)
    raise SystemExit(f"error: {cmd[0]} not found (build it with `swift build --product warden`)")


def check_decision(d, e):
    """Return a list of problems (empty when the decision matches the expectation)."""
    bad = []
    if "decision" in e and d.get("decision") != e["decision"]:
        bad.append(f"decision {d.get('decision')!r} != {e['decision']!r}")
    if "rules" in e and d.get("rules") != e["rules"]:
        bad.append(f"rules {d.get('rules')} != {e['rules']}")
    reason = d.get("reason", "")
    if "reason_contains" in e and e["reason_contains"] not in reason:
        bad.append(f"reason does not contain {e['reason_contains']!r}")
    for s in e.get("reason_contains_all", []):
        if s not in reason:
            bad.append(f"reason does not contain {s!r}")
    if "reason_excludes" in e and e["reason_excludes"] in reason:
        bad.append(f"reason contains {e['reason_excludes']!r}")
    if "policy" in e:
        got = d.get("policy")
        if e["policy"] is None:
            if got is not None:
                bad.append(f"policy {got} != null")
        elif got is None or got.get("name") != e["policy"]:
            bad.append(f"policy {got} != {e['policy']!r}")
    if "risk" in e and d.get("risk") != e["risk"]:
        bad.append(f"risk {d.get('risk')!r} != {e['risk']!r}")
    if "pending_checks" in e:
        got = [p.get("rule") for p in d.get("pending_checks", [])]
        if got != e["pending_checks"]:
            bad.append(f"pending_checks {got} != {e['pending_checks']}")
    if "notes_contains" in e and not any(e["notes_contains"] in n for n in d.get("notes", [])):
        bad.append(f"no note contains {e['notes_contains']!r} (notes: {d.get('notes')})")
    if "approval_timeout_seconds" in e and d.get("approval_timeout_seconds") != e["approval_timeout_seconds"]:
        bad.append(f"approval_timeout_seconds {d.get('approval_timeout_seconds')} != {e['approval_timeout_seconds']}")
    return bad


def run_valid(warden, suite, policies, cases, report):
    groups = {}
    for i, c in enumerate(cases):
        groups.setdefault(c.get("at"), []).append(i)
    results = [None] * len(cases)
    for at, idx in groups.items():
        cmd = [warden, "check", "--policy", policies, "--batch", "-"]
        if at is not None:
            cmd += ["--at", str(at)]
        lines = "".join(json.dumps(cases[i].get("action"), ensure_ascii=False) + "\n" for i in idx)
        p = run(cmd, lines)
        out = [l for l in p.stdout.splitlines() if l.strip()]
        for k, i in enumerate(idx):
            if k < len(out):
                try:
                    results[i] = json.loads(out[k])
                except ValueError:
                    results[i] = {"error": out[k]}
            else:
                results[i] = {"error": (p.stderr or "no output").strip()[:2000]}
    for c, d in zip(cases, results):
        name = f"{suite}: {c.get('name')}"
        if "error" in d and "decision" not in d:
            report(name, [f"error: {d['error']}"], d)
            continue
        report(name, check_decision(d, c.get("expect", {})), d)


def run_invalid(warden, suite, policies, expected, report):
    p = run([warden, "validate", "--json", policies])
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        doc = {"valid": None, "errors": []}
    diags = doc.get("errors", [])
    for d in diags:
        d["file"] = os.path.basename(d.get("file") or "")
    listing = "\n".join(f"    {d['file']}:{d.get('line')}: {d.get('path')}: {d.get('message')}" for d in diags)
    if doc.get("valid") is not False or p.returncode == 0:
        report(f"{suite}: policy set is rejected", [f"validate did not fail (rc={p.returncode}): {p.stdout[:500]}{p.stderr[:500]}"], None)
    for i, e in enumerate(expected):
        def ok(d):
            return (("file" not in e or d["file"] == e["file"])
                    and ("path" not in e or d.get("path") == e["path"])
                    and ("line" not in e or d.get("line") == e["line"])
                    and ("message_contains" not in e or e["message_contains"] in (d.get("message") or "")))
        label = e.get("name") or f"{e.get('file', '')} {e.get('path', '')} {e.get('message_contains', '')}".strip()
        found = any(ok(d) for d in diags)
        report(f"{suite}: invalid[{i}] {label}", [] if found else [f"expected {json.dumps(e, ensure_ascii=False)} among:\n{listing}"], None)


def main(argv):
    warden = os.environ.get("WARDEN", DEFAULT_WARDEN)
    verbose = False
    only = []
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--warden":
            warden = args.pop(0)
        elif a in ("-v", "--verbose"):
            verbose = True
        else:
            only.append(a)
    passed = failed = 0

    def report(name, problems, decision):
        nonlocal passed, failed
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print(f"     {p}")
            if decision is not None:
                print(f"     got: {json.dumps(decision, ensure_ascii=False)[:1500]}")
        else:
            passed += 1
            if verbose:
                print(f"ok   {name}")

    for suite in sorted(os.listdir(ROOT)):
        if only and suite not in only:
            continue
        sdir = os.path.join(ROOT, suite)
        cpath = os.path.join(sdir, "cases.json")
        if not os.path.isfile(cpath):
            continue
        try:
            with open(cpath, encoding="utf-8") as f:
                spec = json.load(f)
        except ValueError as err:
            report(f"{suite}: cases.json parses", [str(err)], None)
            continue
        policies = os.path.join(sdir, "policies")
        if "expect_invalid" in spec:
            run_invalid(warden, suite, policies, spec["expect_invalid"], report)
        else:
            run_valid(warden, suite, policies, spec.get("cases", []), report)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
