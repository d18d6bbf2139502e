#!/usr/bin/env python3
"""The gateway conformance runner: the line protocol of conformance/README.md against
`warden serve`, through the stock grpcio client (stubs generated from proto/ at start).

ENGINE starts a fresh gateway on the suite's policy directory (an invalid set must make it
refuse to start; its printed diagnostics are returned as policy_invalid). CHECK registers an
agent with the action's team and org (once per pair) and calls CheckPolicy with its token; the
answer is the response's decision_json. What the gateway cannot express by design is answered
{"skip": "..."}: an action naming an agent id (the gateway takes identity from the token, never
from the request) and evaluation at a fixed time (`at`; the gateway decides at its own clock).
SCAN calls the Scan RPC (on the current gateway, or on one started with a one-line policy when
none is running) and answers its result_json. TOKEN lines are skipped: the gateway verifies its
own keys, not a test JWKS.

Usage: runner_grpc.py WARDEN_BINARY < protocol lines
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

import grpc
from grpc_tools import protoc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIAGNOSTIC = re.compile(r"^(?:warden: )?(?P<file>\(policy set\)|.*?\.(?:ya?ml|json))(?::(?P<line>\d+))?: (?:(?P<path>[A-Za-z_][\w.\[\]-]*): )?(?P<message>.*)$")


def stubs():
    out = tempfile.mkdtemp(prefix="warden-stubs-")
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    if protoc.main(["protoc", f"-I{ROOT}/proto", f"-I{include}", f"--python_out={out}", f"--grpc_python_out={out}", "warden/v1/gateway.proto"]):
        raise SystemExit("protoc failed")
    for pkg in ("warden", "warden/v1"):  # regular packages: an installed `warden` SDK must not shadow them
        open(os.path.join(out, pkg, "__init__.py"), "a").close()
    sys.path.insert(0, out)
    from warden.v1 import gateway_pb2, gateway_pb2_grpc  # noqa: E402
    return gateway_pb2, gateway_pb2_grpc


class Gateway:
    def __init__(self, warden, policies):
        self.warden = warden
        self.data = tempfile.mkdtemp(prefix="warden-conformance-")
        self.secret = subprocess.run([warden, "keys", "create-enrollment", "--name", "conformance", "--data", self.data],
                                     check=True, capture_output=True, text=True).stdout.strip()
        self.proc = subprocess.Popen([warden, "serve", "--listen", "127.0.0.1:0", "--data", self.data, "--policies", policies],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not match:
            self.proc.wait(timeout=30)
            self.stderr = self.proc.stderr.read()
            self.channel = None
            return
        self.channel = grpc.insecure_channel(f"127.0.0.1:{match.group(1)}")
        grpc.channel_ready_future(self.channel).result(timeout=30)
        self.tokens = {}

    def token(self, api, pb, team, org):
        key = (team, org)
        if key not in self.tokens:
            reply = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=self.secret, name="conformance", team=team or "", org=org or ""))
            self.tokens[key] = reply.token
        return self.tokens[key]

    def stop(self):
        if self.channel is not None:
            self.channel.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
        shutil.rmtree(self.data, ignore_errors=True)


def main():
    warden = sys.argv[1]
    pb, pb_grpc = stubs()
    gateway = None
    out = []
    for raw in sys.stdin:
        f = raw.rstrip("\n").split("\t", 5)
        if f[0] == "ENGINE":
            if gateway:
                gateway.stop()
            gateway = Gateway(warden, f[1])
            if gateway.channel is None:
                diags = []
                for line in gateway.stderr.splitlines():
                    m = DIAGNOSTIC.match(line.strip())
                    if m:
                        diags.append({"file": m["file"], "line": int(m["line"]) if m["line"] else None, "path": m["path"] or "",
                                      "message": m["message"]})
                out.append({"error": {"status": "policy_invalid", "message": gateway.stderr[-500:], "diagnostics": diags}})
            else:
                out.append({"ok": True})
        elif f[0] == "CHECK":
            action = json.loads(f[2])
            agent = action.get("agent") or {}
            if f[1] != "-1":
                out.append({"skip": "evaluation at a fixed time"})
            elif agent.get("id"):
                out.append({"skip": "an agent id in the request (the gateway takes it from the token)"})
            elif gateway is None or gateway.channel is None:
                out.append({"error": {"status": "invalid_handle", "message": "no gateway running"}})
            else:
                api = pb_grpc.GatewayStub(gateway.channel)
                token = gateway.token(api, pb, agent.get("team"), agent.get("org"))
                req = pb.CheckPolicyRequest(action=pb.Action(
                    type=action["type"], target=action.get("target") or "",
                    params_json=json.dumps(action["params"]) if "params" in action else "",
                    context_json=json.dumps(action["context"]) if "context" in action else ""))
                try:
                    reply = api.CheckPolicy(req, metadata=[("authorization", f"Bearer {token}")], timeout=30)
                    out.append(json.loads(reply.decision_json))
                except grpc.RpcError as err:
                    out.append({"error": {"status": err.code().name.lower(), "message": err.details()}})
        elif f[0] == "SCAN":
            if gateway is None or gateway.channel is None:
                if gateway:
                    gateway.stop()
                policies = tempfile.mkdtemp(prefix="warden-scan-policies-")
                with open(os.path.join(policies, "p.yaml"), "w") as p:
                    p.write("default: deny\n")
                gateway = Gateway(warden, policies)
            options = json.loads(f[2]) if len(f) > 2 and f[2] else {}
            api = pb_grpc.GatewayStub(gateway.channel)
            token = gateway.token(api, pb, None, None)
            req = pb.ScanRequest(text=json.loads(f[1]), categories=options.get("categories") or [],
                                 redact=options.get("redact") or "", injection_threshold=options.get("injection_threshold") or 0)
            try:
                reply = api.Scan(req, metadata=[("authorization", f"Bearer {token}")], timeout=30)
                out.append(json.loads(reply.result_json))
            except grpc.RpcError as err:
                out.append({"error": {"status": err.code().name.lower(), "message": err.details()}})
        else:
            out.append({"skip": "token vectors use a test JWKS, not the gateway's keys"})
    if gateway:
        gateway.stop()
    sys.stdout.write("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out))


if __name__ == "__main__":
    main()
