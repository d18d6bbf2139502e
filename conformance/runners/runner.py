#!/usr/bin/env python3
"""The Python conformance runner: the line protocol of conformance/README.md over the Python
SDK (bindings/python), which calls libwarden (WARDEN_LIB)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings", "python"))
import warden  # noqa: E402


def error(e):
    return {"error": dict(e.details, status=e.status, message=e.message)}


def number(x):
    """A score as libwarden prints it: integral values without a fraction (1, not 1.0)."""
    return int(x) if float(x).is_integer() else x


def scan_json(text, options):
    """SCAN: the result rebuilt from the SDK's typed ScanResult, in libwarden's JSON shape."""
    r = warden.scan(text, categories=options.get("categories"), redact=options.get("redact"),
                    injection_threshold=options.get("injection_threshold"))
    findings = []
    for f in r.findings:
        item = {"category": f.category, "kind": f.kind, "start": f.start, "end": f.end, "severity": f.severity, "score": number(f.score)}
        if f.field is not None:
            item["field"] = f.field
        findings.append(item)
    out = {"findings": findings, "injection": {"score": number(r.injection_score), "severity": r.injection_severity}}
    if r.redacted is not None:
        out["redacted"] = r.redacted
    return out


def main():
    engine = None
    for raw in sys.stdin.buffer:
        f = raw.decode("utf-8").rstrip("\n").split("\t", 5)
        try:
            if f[0] == "ENGINE" and len(f) == 2:
                if engine is not None:
                    engine.close()
                engine = None
                engine = warden.Engine.from_directory(f[1])
                out = {"ok": True}
            elif f[0] == "CHECK" and len(f) == 3:
                if engine is None:
                    out = {"error": {"status": "invalid_handle", "message": "no engine loaded"}}
                else:
                    out, line = None, engine.check_json(f[2], at=int(f[1])).json
            elif f[0] == "TOKEN" and len(f) == 6:
                try:
                    claims = warden.verify_token(f[4], f[5], now=int(f[1]), issuer=f[3] or None, leeway=int(f[2]))
                    out = {"valid": True, "claims": claims.__dict__}
                except warden.TokenError as e:
                    out = {"valid": False, "error": error(e)["error"]}
            elif f[0] == "SCAN" and len(f) == 3:
                out = scan_json(json.loads(f[1]), json.loads(f[2]) if f[2] else {})
            else:
                out = {"error": {"status": "runner", "message": "bad protocol line"}}
        except warden.WardenError as e:
            out = error(e)
        sys.stdout.write((line if out is None else json.dumps(out, ensure_ascii=False)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
