#!/usr/bin/env python3
"""Runs the conformance fixtures through every binding and prints a matrix.

Usage: python3 conformance/run.py [--warden PATH] [--lib PATH] [--bindings cli,c,python,node,go,gateway] [-v]

Bindings:
  cli     the warden CLI (`check --batch`, `validate --json`, `scan --jsonl`): the Swift engine; policy suites and scan vectors
  c       conformance/runners/runner.c against libwarden (built here with gcc)
  python  conformance/runners/runner.py through the Python SDK
  node    conformance/runners/runner.js through the Node SDK (needs `make node`'s addon)
  go      bindings/go/cmd/warden-conformance through the Go package (built here with go build)
  gateway conformance/runners/runner_grpc.py: `warden serve` per suite, stock grpcio CheckPolicy
          (cases the gateway cannot express by design are reported as skipped, never passed)
The C, Python, Node, Go and gateway runners speak the line protocol in conformance/README.md. Every decision is
checked against the fixture's expectations and must also equal the CLI's decision byte for byte
after canonical JSON encoding (sorted keys, no spaces). When fixtures/scan/vectors.json exists,
its texts are scanned (and redacted) through every runner too: the "scan" column; each result is
checked against the vector and must equal the C runner's byte for byte after canonical encoding.
Exits non-zero on any mismatch.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from run_cli import check_decision  # noqa: E402

POLICY = os.path.join(HERE, "fixtures", "policy")
TOKENS = os.path.join(HERE, "fixtures", "tokens", "vectors.json")
SCAN = os.path.join(HERE, "fixtures", "scan", "vectors.json")
# The options every scan vector is sent with.
SCAN_OPTIONS = {"redact": "redact"}


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def load_suites():
    suites = []
    for name in sorted(os.listdir(POLICY)):
        path = os.path.join(POLICY, name, "cases.json")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                suites.append((name, os.path.join(POLICY, name, "policies"), json.load(f)))
    return suites


def cli_decisions(warden, suites):
    """The reference: {(suite, case index): decision} from `warden check --batch`."""
    ref = {}
    for name, policies, spec in suites:
        cases = spec.get("cases", [])
        groups = {}
        for i, c in enumerate(cases):
            groups.setdefault(c.get("at"), []).append(i)
        for at, idx in groups.items():
            cmd = [warden, "check", "--policy", policies, "--batch", "-"] + (["--at", str(at)] if at is not None else [])
            lines = "".join(json.dumps(cases[i]["action"], ensure_ascii=False) + "\n" for i in idx)
            p = subprocess.run(cmd, input=lines, capture_output=True, text=True, encoding="utf-8")
            out = [l for l in p.stdout.splitlines() if l.strip()]
            for k, i in enumerate(idx):
                ref[(name, i)] = json.loads(out[k]) if k < len(out) else {"error": p.stderr.strip()}
    return ref


def cli_invalid(warden, policies):
    p = subprocess.run([warden, "validate", "--json", policies], capture_output=True, text=True, encoding="utf-8")
    try:
        return json.loads(p.stdout).get("errors", [])
    except ValueError:
        return []


def diagnostics_problems(expected, diags):
    problems = []
    for d in diags:
        d["file"] = os.path.basename(d.get("file") or "")
    for e in expected:
        def ok(d):
            return (("file" not in e or d["file"] == e["file"]) and ("path" not in e or d.get("path") == e["path"])
                    and ("line" not in e or d.get("line") == e["line"])
                    and ("message_contains" not in e or e["message_contains"] in (d.get("message") or "")))
        if not any(ok(d) for d in diags):
            problems.append(f"missing diagnostic {canonical(e)}")
    return problems


def protocol_lines(suites, tokens):
    """(line, kind, check) triples: `check(result) -> problems` for each protocol line."""
    items = []
    for name, policies, spec in suites:
        if "expect_invalid" in spec:
            def check_invalid(r, spec=spec):
                err = r.get("error") or {}
                if err.get("status") != "policy_invalid":
                    return [f"expected policy_invalid, got {canonical(r)[:300]}"]
                return diagnostics_problems(spec["expect_invalid"], err.get("diagnostics", []))
            items.append((f"ENGINE\t{policies}", "invalid policy", f"{name}: rejected", check_invalid))
            continue
        items.append((f"ENGINE\t{policies}", None, f"{name}: loads", lambda r: [] if r.get("ok") else [canonical(r)[:300]]))
        for i, c in enumerate(spec.get("cases", [])):
            at = c.get("at")
            items.append((f"CHECK\t{-1 if at is None else at}\t{json.dumps(c['action'], ensure_ascii=False)}", "policy",
                          f"{name}: {c.get('name')}", (name, i, c.get("expect", {}))))
    for v in tokens["vectors"]:
        line = "\t".join(["TOKEN", str(v["now"]), str(v["leeway"]), v["issuer"] or "", v["token"], canonical(tokens["jwks"])])

        def check_token(r, v=v):
            e = v["expect"]
            if r.get("valid") is not e["valid"]:
                return [f"valid={r.get('valid')} want {e['valid']} ({canonical(r)[:300]})"]
            if e["valid"] and r.get("claims") != e["claims"]:
                return [f"claims {canonical(r.get('claims'))} != {canonical(e['claims'])}"]
            if not e["valid"] and (r.get("error") or {}).get("reason") != e["reason"]:
                return [f"reason {(r.get('error') or {}).get('reason')!r} != {e['reason']!r}"]
            return []
        items.append((line, "tokens", f"token: {v['name']}", check_token))
    return items


def scan_lines(vectors):
    """(line, "scan", name, check) for each scan vector. The text goes as an ASCII-only JSON
    string, so no runner's line splitting can see a line or field break inside it."""
    items = []
    for v in vectors["vectors"]:
        line = "\t".join(["SCAN", json.dumps(v["text"], ensure_ascii=True), canonical(SCAN_OPTIONS)])

        def check_scan(r, v=v):
            if "error" in r and "findings" not in r:
                return [f"error: {canonical(r['error'])[:300]}"]
            e = v["expect"]
            problems = []
            if "findings" in e:
                def spans(findings):
                    return sorted((f["category"], f["kind"], f["start"], f["end"]) for f in findings
                                  if f.get("category") in ("pii", "secret"))
                got, want = spans(r.get("findings", [])), spans(e["findings"])
                if got != want:
                    problems.append(f"pii/secret findings {got} != expected {want}")
            if "injection" in e:
                injection = r.get("injection") or {}
                detected = (injection.get("score") or 0) >= 0.5 or any(f.get("category") == "injection" for f in r.get("findings", []))
                if detected != (e["injection"] == "detected"):
                    problems.append(f"injection {'detected' if detected else 'clean'} (score {injection.get('score')}), expected {e['injection']}")
            if "redacted" in e and r.get("redacted") != e["redacted"]:
                problems.append(f"redacted {r.get('redacted')!r} != expected {e['redacted']!r}")
            return problems
        items.append((line, "scan", f"scan: {v['name']}", check_scan))
    return items


def run_protocol(cmd, items, env):
    stdin = "".join(line + "\n" for line, *_ in items)
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, encoding="utf-8", env=env)
    out = p.stdout.splitlines()
    if len(out) != len(items):
        raise SystemExit(f"error: {' '.join(cmd)} answered {len(out)} lines for {len(items)}; stderr:\n{p.stderr[-2000:]}")
    return [json.loads(l) for l in out]


def main(argv):
    warden = os.path.join(ROOT, ".build", "debug", "warden")
    lib = os.path.join(ROOT, "build", "lib", "libwarden.so")
    bindings = ["cli", "c", "python", "node", "go", "gateway"]
    verbose = False
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--warden":
            warden = args.pop(0)
        elif a == "--lib":
            lib = args.pop(0)
        elif a == "--bindings":
            bindings = args.pop(0).split(",")
        elif a in ("-v", "--verbose"):
            verbose = True
        else:
            raise SystemExit(f"unknown argument {a!r} (see --help in the file's docstring)")
    suites = load_suites()
    with open(TOKENS, encoding="utf-8") as f:
        tokens = json.load(f)
    scan_vectors = None
    if os.path.isfile(SCAN):
        with open(SCAN, encoding="utf-8") as f:
            scan_vectors = json.load(f)
    reference = cli_decisions(warden, suites)
    matrix = {}
    failures = 0

    skipped = {}

    def report(binding, kind, name, problems, got=None):
        nonlocal failures
        if isinstance(got, dict) and "skip" in got:
            skipped[(binding, kind)] = skipped.get((binding, kind), 0) + 1
            if verbose:
                print(f"skip [{binding}] {name}: {got['skip']}")
            return
        cell = matrix.setdefault(binding, {}).setdefault(kind, [0, 0])
        cell[1] += 1
        if problems:
            failures += 1
            print(f"FAIL [{binding}] {name}")
            for p in problems:
                print(f"     {p}")
            if got is not None:
                print(f"     got: {canonical(got)[:1000]}")
        else:
            cell[0] += 1
            if verbose:
                print(f"ok   [{binding}] {name}")

    if "cli" in bindings:
        for name, policies, spec in suites:
            if "expect_invalid" in spec:
                report("cli", "invalid policy", f"{name}: rejected", diagnostics_problems(spec["expect_invalid"], cli_invalid(warden, policies)))
                continue
            for i, c in enumerate(spec.get("cases", [])):
                d = reference[(name, i)]
                report("cli", "policy", f"{name}: {c.get('name')}",
                       [f"error: {d['error']}"] if "error" in d and "decision" not in d else check_decision(d, c.get("expect", {})), d)

    items = protocol_lines(suites, tokens) + (scan_lines(scan_vectors) if scan_vectors else [])
    env = dict(os.environ, WARDEN_LIB=lib)
    runners = {}
    if "c" in bindings:
        exe = os.path.join(ROOT, "build", "conformance-runner-c")
        subprocess.run(["gcc", "-std=c11", "-O1", "-Wall", "-Werror", f"-I{ROOT}/ffi/include", os.path.join(HERE, "runners", "runner.c"),
                        f"-L{os.path.dirname(lib)}", "-lwarden", f"-Wl,-rpath,{os.path.dirname(lib)}", "-o", exe], check=True)
        runners["c"] = [exe]
    if "python" in bindings:
        runners["python"] = [sys.executable, os.path.join(HERE, "runners", "runner.py")]
    if "node" in bindings:
        runners["node"] = ["node", os.path.join(HERE, "runners", "runner.js")]
    if "go" in bindings:
        exe = os.path.join(ROOT, "build", "conformance-runner-go")
        subprocess.run(["go", "build", "-o", exe, "./cmd/warden-conformance"], cwd=os.path.join(ROOT, "bindings", "go"), check=True)
        runners["go"] = [exe]
    if "gateway" in bindings:
        runners["gateway"] = [sys.executable, os.path.join(HERE, "runners", "runner_grpc.py"), warden]
    answers = {binding: run_protocol(cmd, items, env) for binding, cmd in runners.items()}
    for binding, results in answers.items():
        for index, ((line, kind, name, check), r) in enumerate(zip(items, results)):
            if kind is None:
                if check(r):
                    report(binding, "policy", name, check(r), r)
                continue
            if "skip" in r:
                report(binding, kind, name, [], r)
                continue
            if kind == "policy":
                suite, i, expect = check
                ref = reference[(suite, i)]
                problems = [f"error: {canonical(r['error'])}"] if "error" in r and "decision" not in r else check_decision(r, expect)
                if not problems and canonical(r) != canonical(ref):
                    problems = [f"differs from the CLI's decision: {canonical(ref)[:600]}"]
                report(binding, kind, name, problems, r if problems else None)
            elif kind == "scan":
                problems = check(r)
                # The C runner prints libwarden's result as is: the reference for the others.
                ref = answers["c"][index] if "c" in answers else None
                if not problems and binding != "c" and ref is not None and canonical(r) != canonical(ref):
                    problems = [f"differs from the C runner's result: {canonical(ref)[:600]}"]
                report(binding, kind, name, problems, r)
            else:
                report(binding, kind, name, check(r), r)

    if "cli" in bindings and scan_vectors:
        # The CLI: `warden scan --jsonl --redact redact`, one {"text": ...} line per vector.
        scan_items = [item for item in items if item[1] == "scan"]
        first = next(i for i, item in enumerate(items) if item[1] == "scan")
        stdin = "".join(json.dumps({"text": v["text"]}, ensure_ascii=True) + "\n" for v in scan_vectors["vectors"])
        p = subprocess.run([warden, "scan", "--jsonl", "--redact", "redact"], input=stdin, capture_output=True, text=True, encoding="utf-8")
        lines = [l for l in p.stdout.splitlines() if l.strip()]
        for k, (line, kind, name, check) in enumerate(scan_items):
            r = json.loads(lines[k]) if k < len(lines) else {"error": p.stderr.strip() or "no output"}
            problems = check(r)
            ref = answers["c"][first + k] if "c" in answers else None
            if not problems and ref is not None and canonical(r) != canonical(ref):
                problems = [f"differs from the C runner's result: {canonical(ref)[:600]}"]
            report("cli", kind, name, problems, r)

    kinds = ["policy", "invalid policy", "tokens"] + (["scan"] if scan_vectors else [])
    print()
    print(f"{'binding':<10}" + "".join(f"{k:>24}" for k in kinds))
    for binding in bindings:
        row = matrix.get(binding, {})
        def cell(k):
            text = f"{row[k][0]}/{row[k][1]}" if k in row else "-"
            return text + (f" ({skipped[(binding, k)]} skipped)" if (binding, k) in skipped else "")
        print(f"{binding:<10}" + "".join(f"{cell(k):>24}" for k in kinds))
    print(f"\n{'FAILED' if failures else 'PASSED'}: {failures} mismatch{'es' if failures != 1 else ''}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
