"""Governance end to end with the stock Python grpcio client and the `warden` CLI.

check -> pending approval (returned at once) -> `warden approvals approve` -> the WaitForApproval
stream delivers APPROVED -> the same action is allowed exactly once; webhooks receive signed
notifications with a Slack `text`; rate-limit windows and pending approvals survive `kill -9`.
"""
import hashlib
import hmac
import http.server
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time

import grpc
import pytest

from conftest import WARDEN

POLICY = """\
name: governed
version: "1"
default: allow
approval: {timeout_seconds: 120}
statements:
  - {sid: ReviewDeploy, effect: review, actions: [deploy.run], reason: deploys need a human}
tools:
  bash: {limit_per_hour: 3}
budget: {daily_limit_usd: 2, per: agent}
"""

WEBHOOK_SECRET = "whsec-interop-123"


class Hooks(http.server.BaseHTTPRequestHandler):
    received = []
    fail_first = [True]

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        # The first delivery fails: the gateway must retry it.
        if Hooks.fail_first[0]:
            Hooks.fail_first[0] = False
            self.send_response(503)
            self.end_headers()
            return
        Hooks.received.append((dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def start(data, config, env):
    proc = subprocess.Popen([WARDEN, "serve", "--listen", "127.0.0.1:0", "--data", data, "--config", config],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    assert match, f"no listening line: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
    address = f"127.0.0.1:{match.group(1)}"
    channel = grpc.insecure_channel(address)
    grpc.channel_ready_future(channel).result(timeout=10)
    return proc, channel, address


@pytest.fixture(scope="module")
def setup():
    hooks = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    data = tempfile.mkdtemp(prefix="warden-gov-")
    policies = os.path.join(data, "policies")
    os.makedirs(policies)
    with open(os.path.join(policies, "governed.yaml"), "w") as f:
        f.write(POLICY)
    config = os.path.join(data, "warden.yaml")
    with open(config, "w") as f:
        f.write(f"""approvals: {{grant_ttl_seconds: 600}}
pricing:
  models:
    small-model: {{input_per_1k: 0.5, output_per_1k: 1.0}}
webhooks:
  - url: http://127.0.0.1:{hooks.server_address[1]}/hook
    secret_env: WARDEN_TEST_WEBHOOK_SECRET
""")
    env = dict(os.environ, WARDEN_TEST_WEBHOOK_SECRET=WEBHOOK_SECRET)
    secret = subprocess.run([WARDEN, "keys", "create-enrollment", "--name", "gov", "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    admin = subprocess.run([WARDEN, "keys", "create-admin", "--name", "release-manager", "--data", data],
                           check=True, capture_output=True, text=True).stdout.strip()
    proc, channel, address = start(data, config, env)
    state = {"data": data, "config": config, "env": env, "secret": secret, "admin": admin,
             "proc": proc, "channel": channel, "address": address}
    yield state
    state["channel"].close()
    if state["proc"].poll() is None:
        state["proc"].send_signal(signal.SIGTERM)
        state["proc"].wait(timeout=10)
    hooks.shutdown()


def cli(setup, *args):
    env = dict(setup["env"], WARDEN_ADMIN_SECRET=setup["admin"])
    return subprocess.run([WARDEN, *args, "--server", setup["address"]], capture_output=True, text=True, env=env)


def register(stubs, setup, name="gov-agent"):
    pb = stubs["warden.v1.gateway_pb2"]
    api = stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(setup["channel"])
    reg = api.RegisterAgent(pb.RegisterAgentRequest(enrollment_secret=setup["secret"], name=name))
    return pb, api, reg, [("authorization", f"Bearer {reg.token}")]


def deploy(pb, version="v7"):
    return pb.CheckPolicyRequest(action=pb.Action(type="deploy.run", target="prod", params_json=json.dumps({"version": version})))


def test_approval_end_to_end(stubs, setup):
    pb, api, reg, auth = register(stubs, setup)
    first = api.CheckPolicy(deploy(pb), metadata=auth)
    assert first.decision.outcome == pb.OUTCOME_REQUIRE_APPROVAL
    assert first.approval_id.startswith("apr_") and first.approval_expires_at > time.time()

    delivered = []
    stream = api.WaitForApproval(pb.WaitForApprovalRequest(approval_id=first.approval_id), metadata=auth)
    waiter = threading.Thread(target=lambda: delivered.extend(stream))
    waiter.start()

    listed = cli(setup, "approvals", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["approval_id"] for r in rows] == [first.approval_id]
    assert rows[0]["action"] == {"type": "deploy.run", "target": "prod", "params": {"version": "v7"}}
    assert rows[0]["reason"] == "deploys need a human"

    approved = cli(setup, "approvals", "approve", first.approval_id, "--note", "release 7 signed off")
    assert approved.returncode == 0, approved.stderr
    assert "approved" in approved.stdout
    waiter.join(timeout=10)
    assert not waiter.is_alive(), "WaitForApproval did not deliver"
    assert [m.state for m in delivered] == [pb.APPROVAL_STATE_APPROVED]
    assert delivered[0].decided_by == "release-manager" and delivered[0].note == "release 7 signed off"

    retry = api.CheckPolicy(deploy(pb), metadata=auth)
    assert retry.decision.outcome == pb.OUTCOME_ALLOW
    assert f"approval:{first.approval_id}" in retry.decision.rules
    again = api.CheckPolicy(deploy(pb), metadata=auth)
    assert again.decision.outcome == pb.OUTCOME_REQUIRE_APPROVAL and again.approval_id != first.approval_id

    # Deciding the used approval the other way is refused; the same verdict is idempotent.
    flip = cli(setup, "approvals", "reject", first.approval_id)
    assert flip.returncode != 0 and "already approved" in flip.stderr
    assert cli(setup, "approvals", "approve", first.approval_id).returncode == 0
    shown = cli(setup, "approvals", "show", first.approval_id)
    assert shown.returncode == 0 and "used" in shown.stdout

    # Webhooks: created x2 and approved, each signed over "<timestamp>.<body>", the first one retried.
    deadline = time.time() + 15
    while time.time() < deadline and len(Hooks.received) < 3:
        time.sleep(0.1)
    events = sorted(json.loads(body)["event"] for _, body in Hooks.received)
    assert events == ["approval.approved", "approval.created", "approval.created"]
    for headers, body in Hooks.received:
        expected = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), f"{headers['X-Warden-Timestamp']}.{body}".encode(), hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Warden-Signature"], expected)
        assert json.loads(body)["text"].startswith("Warden: ")


def test_rate_limit_budget_and_restart_after_kill_9(stubs, setup):
    pb, api, reg, auth = register(stubs, setup, name="restart-agent")
    bash = pb.CheckPolicyRequest(action=pb.Action(type="bash.execute", params_json='{"command":"ls"}'))
    assert [api.CheckPolicy(bash, metadata=auth).decision.outcome for _ in range(3)] == [pb.OUTCOME_ALLOW] * 3
    pending = api.CheckPolicy(deploy(pb, "v8"), metadata=auth)
    assert pending.decision.outcome == pb.OUTCOME_REQUIRE_APPROVAL

    # An llm_call of small-model: 1000 in + 1000 out = $1.50 of the $2 daily budget.
    event = pb.Event(llm_call=pb.LlmCall(model="small-model", input_tokens=1000, output_tokens=1000))
    api.RecordEvent(pb.RecordEventRequest(event=event), metadata=auth)

    setup["proc"].kill()
    setup["proc"].wait(timeout=10)
    setup["channel"].close()
    setup["proc"], setup["channel"], setup["address"] = start(setup["data"], setup["config"], setup["env"])
    api = stubs["warden.v1.gateway_pb2_grpc"].GatewayStub(setup["channel"])

    limited = api.CheckPolicy(bash, metadata=auth)
    assert limited.decision.outcome == pb.OUTCOME_DENY
    assert "rate limit of 3 calls per hour for tools.bash reached" in limited.decision.reason
    llm = pb.CheckPolicyRequest(action=pb.Action(type="llm.call", params_json='{"estimated_cost_usd": 1}'))
    over = api.CheckPolicy(llm, metadata=auth)
    assert over.decision.outcome == pb.OUTCOME_DENY
    assert "would be exceeded: $1.50 used + $1.00 estimated" in over.decision.reason

    budgets = cli(setup, "budgets", "show", "--agent", reg.agent_id, "--json")
    assert budgets.returncode == 0, budgets.stderr
    row = json.loads(budgets.stdout.splitlines()[0])
    assert row["used"] == 1.5 and row["limit"] == 2 and row["subject"] == f"agent:{reg.agent_id}"

    listed = cli(setup, "approvals", "list", "--agent", reg.agent_id, "--json")
    assert [json.loads(line)["approval_id"] for line in listed.stdout.splitlines()] == [pending.approval_id]
    assert cli(setup, "approvals", "approve", pending.approval_id).returncode == 0
    assert api.CheckPolicy(deploy(pb, "v8"), metadata=auth).decision.outcome == pb.OUTCOME_ALLOW

    admin = stubs["warden.v1.admin_pb2_grpc"].AdminStub(setup["channel"])
    verified = admin.VerifyAudit(stubs["warden.v1.admin_pb2"].VerifyAuditRequest(), metadata=[("authorization", f"Bearer {setup['admin']}")])
    assert verified.valid


def test_cli_errors(setup):
    missing = cli(setup, "approvals", "show", "apr_does_not_exist")
    assert missing.returncode == 1 and "no approval 'apr_does_not_exist'" in missing.stderr
    bad = cli(setup, "approvals", "list", "--state", "maybe")
    assert bad.returncode != 0 and "--state must be pending, approved, rejected, expired or all" in bad.stderr
