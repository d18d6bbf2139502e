"""Interop: the stock Python grpcio client against `warden serve`.

Stubs are generated from proto/ with grpcio-tools into a temporary directory (nothing generated
is committed). The flow: register with an enrollment secret -> check one allowed and one denied
action -> record an event -> fetch the JWKS and verify the agent token with PyJWT + cryptography
-> health check -> refusals without or with a tampered token -> SIGTERM shuts the daemon down.
"""
import json
import os
import re
import signal
import subprocess
import tempfile
import time

import grpc
import jwt
import pytest

from conftest import PROTO, ROOT, WARDEN  # noqa: F401


@pytest.fixture(scope="module")
def gateway():
    data = tempfile.mkdtemp(prefix="warden-data-")
    policies = os.path.join(data, "policies")
    subprocess.run([WARDEN, "init", policies], check=True, capture_output=True)
    secret = subprocess.run([WARDEN, "keys", "create-enrollment", "--name", "interop", "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    admin = subprocess.run([WARDEN, "keys", "create-admin", "--name", "interop-admin", "--data", data],
                           check=True, capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen([WARDEN, "serve", "--listen", "127.0.0.1:0", "--data", data],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    assert match, f"no listening line: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
    channel = grpc.insecure_channel(f"127.0.0.1:{match.group(1)}")
    grpc.channel_ready_future(channel).result(timeout=10)
    yield {"channel": channel, "secret": secret, "admin": admin, "data": data, "proc": proc, "address": f"127.0.0.1:{match.group(1)}"}
    channel.close()
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)


def test_round_trip(stubs, gateway):
    pb = stubs["warden.v1.gateway_pb2"]
    api = stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(gateway["channel"])

    reg = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=gateway["secret"], name="py", team="qa"))
    assert reg.agent_id.startswith("agt_")
    auth = [("authorization", f"Bearer {reg.token}")]

    allow = api.CheckPolicy(pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json=json.dumps({"command": "git status"}))), metadata=auth)
    assert allow.decision.outcome == pb.OUTCOME_ALLOW
    assert allow.decision.rules == ["AllowShell"]
    deny = api.CheckPolicy(pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json=json.dumps({"command": "rm -rf /"}))), metadata=auth)
    assert deny.decision.outcome == pb.OUTCOME_DENY
    assert deny.decision.rules == ["DenyRecursiveDelete"]
    assert json.loads(deny.decision_json)["decision"] == "deny"

    event = pb.Event(decision_id=allow.decision_id, tool_call=pb.ToolCall(tool="bash", arguments_json='{"command":"git status"}'))
    ack = api.RecordEvent(pb.RecordEventRequest(event=event), metadata=auth)
    assert ack.sequence > 0 and len(ack.chain_hash) == 64

    jwks = json.loads(api.GetPublicKeys(pb.GetPublicKeysRequest()).jwks_json)
    header = jwt.get_unverified_header(reg.token)
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    claims = jwt.decode(reg.token, key=jwt.PyJWK(key), algorithms=["EdDSA"], issuer="warden")
    assert claims["sub"] == reg.agent_id and claims["team"] == "qa"


def test_refusals(stubs, gateway):
    pb = stubs["warden.v1.gateway_pb2"]
    api = stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(gateway["channel"])
    request = pb.CheckPolicyRequest(action=pb.Action(type="bash.execute"))
    with pytest.raises(grpc.RpcError) as missing:
        api.CheckPolicy(request)
    assert missing.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "missing credentials" in missing.value.details()

    reg = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=gateway["secret"], name="py2"))
    head, payload, sig = reg.token.split(".")
    tampered = ".".join([head, payload, sig[:-2] + ("AA" if sig[-2:] != "AA" else "BA")])
    with pytest.raises(grpc.RpcError) as forged:
        api.CheckPolicy(request, metadata=[("authorization", f"Bearer {tampered}")])
    assert forged.value.code() == grpc.StatusCode.UNAUTHENTICATED

    with pytest.raises(grpc.RpcError) as wrong_secret:
        api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret="wd_enroll_nope", name="x"))
    assert wrong_secret.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_health(stubs, gateway):
    hpb = stubs["warden_health.health_pb2"]
    health = stubs["warden_health.health_pb2_grpc"].HealthStub(gateway["channel"])
    assert health.Check(hpb.HealthCheckRequest()).status == hpb.HealthCheckResponse.SERVING
    assert health.Check(hpb.HealthCheckRequest(service="warden.v1.Gateway")).status == hpb.HealthCheckResponse.SERVING


def test_agents_cli_suspends_an_agent(stubs, gateway):
    pb = stubs["warden.v1.gateway_pb2"]
    api = stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(gateway["channel"])
    reg = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=gateway["secret"], name="to-suspend", team="ops"))
    env = dict(os.environ, WARDEN_ADMIN_SECRET=gateway["admin"])

    def agents(*args, env=env):
        return subprocess.run([WARDEN, "agents", *args, "--server", gateway["address"]], capture_output=True, text=True, env=env)

    listed = agents("list", "--team", "ops", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["agent_id"] for r in rows] == [reg.agent_id] and rows[0]["state"] == "active"

    out = agents("suspend", reg.agent_id, "--reason", "interop test")
    assert out.returncode == 0 and "suspended" in out.stdout, out.stderr
    # Quarantine: every check is a deny that says why (and is audited); other calls are refused.
    quarantined = api.CheckPolicy(pb.CheckPolicyRequest(action=pb.Action(type="bash.execute")), metadata=[("authorization", f"Bearer {reg.token}")])
    assert quarantined.decision.outcome == pb.OUTCOME_DENY and list(quarantined.decision.rules) == ["quarantine"]
    assert "interop test" in quarantined.decision.reason and "is suspended since" in quarantined.decision.reason
    with pytest.raises(grpc.RpcError) as refused:
        api.RecordEvent(pb.RecordEventRequest(event=pb.Event(process=pb.ProcessEvent(command="ls"))), metadata=[("authorization", f"Bearer {reg.token}")])
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "interop test" in refused.value.details()

    assert agents("resume", reg.agent_id).returncode == 0
    api.CheckPolicy(pb.CheckPolicyRequest(action=pb.Action(type="bash.execute")), metadata=[("authorization", f"Bearer {reg.token}")])

    no_secret = agents("list", env={k: v for k, v in os.environ.items() if k != "WARDEN_ADMIN_SECRET"})
    assert no_secret.returncode == 1 and "no admin secret" in no_secret.stderr
    wrong = agents("list", env=dict(os.environ, WARDEN_ADMIN_SECRET=reg.token))
    assert wrong.returncode == 1 and "agent tokens are not accepted" in wrong.stderr


def test_scan_from_grpcio_matches_the_cli(stubs, gateway):
    """Gateway.Scan from a stock client: spans, redaction, and the same JSON as `warden scan --json`."""
    pb = stubs["warden.v1.gateway_pb2"]
    api = stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(gateway["channel"])
    reg = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=gateway["secret"], name="py-scan"))
    auth = [("authorization", f"Bearer {reg.token}")]
    text = "Grüße an ana.lopez@example.com — key AKIAQ3EGRUAJHRAMBSXB"
    reply = api.Scan(pb.ScanRequest(text=text, redact="redact"), metadata=auth)
    assert [f.kind for f in reply.findings] == ["email", "aws_access_key_id"]
    email = reply.findings[0]
    assert text.encode()[email.start:email.end] == b"ana.lopez@example.com"  # UTF-8 byte offsets
    assert reply.redacted == "Grüße an [EMAIL_REDACTED] — key [AWS_ACCESS_KEY_ID_REDACTED]"
    cli = subprocess.run([WARDEN, "scan", "--json", "--redact", "redact", "-"], input=text, capture_output=True, text=True)
    assert cli.stdout.strip() == reply.result_json
    tools = api.Scan(pb.ScanRequest(arguments_json=json.dumps({"url": "http://0x7f000001/admin"})), metadata=auth)
    assert [(f.kind, f.field, f.severity) for f in tools.findings] == [("ssrf", "url", "critical")]
    with pytest.raises(grpc.RpcError) as refused:
        api.Scan(pb.ScanRequest(text="x", redact="hide"), metadata=auth)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "unknown mode 'hide'" in refused.value.details()
    with pytest.raises(grpc.RpcError) as anonymous:
        api.Scan(pb.ScanRequest(text="x"))
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_audit_log_verifies_after_graceful_shutdown(gateway):
    proc = gateway["proc"]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0
    out = subprocess.run([WARDEN, "audit", "verify", "--data", gateway["data"]], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.match(r"ok: \d+ entries verified", out.stdout)
