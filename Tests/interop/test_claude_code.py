"""`warden hook claude-code` and `warden install|uninstall claude-code`.

Recorded PreToolUse payloads of every mapped tool (claude_code/payloads.json) go through the hook
and through agsec itself (the real package from PyPI, with its own default policies and its own
tool mapping): Warden's answers must equal agsec's (allow = allow, block = deny, review = ask),
and equal the expected answers written in the fixture, so the comparison cannot pass vacuously.
Then: the action each tool maps to, fail-closed answers, settings.json merging, and the gateway
mode (approval wait, PostToolUse events).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import agsec
import pytest
from agsec.cli.mapping import map_tool_to_action
from agsec.policy import PolicyEngine

from conftest import WARDEN

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = json.load(open(os.path.join(HERE, "claude_code", "payloads.json")))
AGSEC_POLICIES = os.path.join(os.path.dirname(agsec.__file__), "templates", "policies")
AGSEC_TO_HOOK = {"allow": "allow", "block": "deny", "review": "ask"}


def hook(payload, *args, env=None):
    text = payload if isinstance(payload, str) else json.dumps(payload)
    run = subprocess.run([WARDEN, "hook", "claude-code", *args], input=text, capture_output=True, text=True,
                         env=dict(os.environ, **(env or {})), timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Fatal error" not in run.stderr and "Stack dump" not in run.stderr
    return json.loads(run.stdout)["hookSpecificOutput"] if run.stdout.strip() else None


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_same_answers_as_agsec(case):
    engine = PolicyEngine()
    engine.load_from_directory(AGSEC_POLICIES)
    payload = case["payload"]
    action, params = map_tool_to_action(payload["tool_name"], payload["tool_input"])
    context = {k: payload[k] for k in ("session_id", "cwd", "permission_mode")}
    theirs = AGSEC_TO_HOOK[engine.evaluate(action, params, context).status.value]
    ours = hook(payload, "--policies", AGSEC_POLICIES)
    assert ours["hookEventName"] == "PreToolUse"
    assert ours["permissionDecision"] == theirs == case["agsec"], ours["permissionDecisionReason"]
    assert ours["permissionDecisionReason"].startswith("Warden: ")


def test_each_tool_maps_to_its_action():
    policies = tempfile.mkdtemp(prefix="warden-cc-map-")
    types = sorted({c["action"] for c in CASES})
    statements = "\n".join(f'  - {{sid: S{i}, effect: deny, actions: ["{t}"], reason: "mapped to {t}"}}' for i, t in enumerate(types))
    with open(os.path.join(policies, "map.yaml"), "w") as f:
        f.write("default: allow\nstatements:\n" + statements + "\n")
    for case in CASES:
        out = hook(case["payload"], "--policies", policies)
        assert out["permissionDecision"] == "deny"
        assert out["permissionDecisionReason"].startswith(f"Warden: mapped to {case['action']} "), case["name"]


def test_targets_and_context_reach_the_policy():
    policies = tempfile.mkdtemp(prefix="warden-cc-ctx-")
    with open(os.path.join(policies, "p.yaml"), "w") as f:
        f.write("""default: deny
statements:
  - {sid: ShopOnly, effect: allow, actions: ["file.*"], targets: ["/home/dev/shop/**"], when: 'context.cwd == "/home/dev/shop"'}
""")
    by_name = {c["name"]: c["payload"] for c in CASES}
    assert hook(by_name["write-src"], "--policies", policies)["permissionDecision"] == "allow"
    assert hook(by_name["write-etc"], "--policies", policies)["permissionDecision"] == "deny"
    elsewhere = dict(by_name["write-src"], cwd="/tmp")
    assert hook(elsewhere, "--policies", policies)["permissionDecision"] == "deny"


@pytest.mark.parametrize("payload,args,env,reason", [
    ("not json", [], {}, "the hook payload is not valid JSON"),
    ("[1, 2]", [], {}, "the hook payload is not a JSON object"),
    ('{"hook_event_name": "PreToolUse", "tool_input": {}}', [], {}, "the hook payload has no tool_name"),
    ('{"tool_name": "Bash", "tool_input": "ls"}', [], {}, "tool_input is not a JSON object"),
    ('{"tool_name": "Bash", "tool_input": {"command": "ls"}}', ["--policies", "/nonexistent/policies"], {}, "policy path '/nonexistent/policies' does not exist"),
    ('{"tool_name": "Bash", "tool_input": {"command": "ls"}}', [], {"WARDEN_GATEWAY": "127.0.0.1:9"}, "a gateway needs an agent token"),
    ('{"tool_name": "Bash", "tool_input": {"command": "ls"}}', [], {"WARDEN_GATEWAY": "127.0.0.1:9", "WARDEN_AGENT_TOKEN": "x.y.z"}, "could not decide"),
])
def test_failures_deny_with_the_reason(payload, args, env, reason):
    cwd = tempfile.mkdtemp(prefix="warden-cc-empty-")  # no .warden/policies here
    run = subprocess.run([WARDEN, "hook", "claude-code", *args], input=payload, capture_output=True, text=True, cwd=cwd,
                         env=dict(os.environ, WARDEN_POLICIES="", **env), timeout=60)
    assert run.returncode == 0
    out = json.loads(run.stdout)["hookSpecificOutput"]
    assert out["permissionDecision"] == "deny"
    assert reason in out["permissionDecisionReason"], out["permissionDecisionReason"]
    assert "fail closed" in out["permissionDecisionReason"]


def test_default_policy_directory_and_env(tmp_path):
    os.makedirs(tmp_path / ".warden" / "policies")
    (tmp_path / ".warden" / "policies" / "p.yaml").write_text("default: deny\nstatements:\n  - {sid: Ls, effect: allow, actions: [bash.execute]}\n")
    payload = json.dumps({"tool_name": "Bash", "tool_input": {"command": "ls"}})
    run = subprocess.run([WARDEN, "hook", "claude-code"], input=payload, capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env=dict(os.environ, WARDEN_POLICIES=""))
    assert json.loads(run.stdout)["hookSpecificOutput"]["permissionDecision"] == "allow"
    other = tmp_path / "other"
    os.makedirs(other)
    (other / "p.yaml").write_text("default: deny\n")
    run = subprocess.run([WARDEN, "hook", "claude-code"], input=payload, capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env=dict(os.environ, WARDEN_POLICIES=str(other)))
    assert json.loads(run.stdout)["hookSpecificOutput"]["permissionDecision"] == "deny"


def test_other_events_say_nothing():
    payload = {"hook_event_name": "UserPromptSubmit", "prompt": "hi", "tool_name": "Bash", "tool_input": {}}
    assert hook(payload, "--policies", AGSEC_POLICIES) is None
    post = dict(CASES[0]["payload"], hook_event_name="PostToolUse", tool_response={"stdout": "ok"})
    assert hook(post, "--policies", AGSEC_POLICIES) is None  # no gateway: nothing to record


ORIGINAL = """{
  "model": "opus",
  "permissions": {
    "allow": [
      "Bash(npm run test:*)"
    ]
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          {
            "type": "command",
            "command": "/usr/local/bin/lint-bash"
          }
        ]
      }
    ],
    "Stop": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "say done"
          }
        ]
      }
    ]
  }
}
"""


def test_install_merges_is_idempotent_and_uninstall_restores(tmp_path):
    settings = tmp_path / ".claude" / "settings.json"
    os.makedirs(settings.parent)
    settings.write_text(ORIGINAL)
    first = subprocess.run([WARDEN, "install", "claude-code", "--project"], cwd=tmp_path, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    installed = json.loads(settings.read_text())
    assert installed["model"] == "opus" and installed["permissions"] == {"allow": ["Bash(npm run test:*)"]}
    assert installed["hooks"]["Stop"] == json.loads(ORIGINAL)["hooks"]["Stop"]
    pre = installed["hooks"]["PreToolUse"]
    assert pre[0]["hooks"][0]["command"] == "/usr/local/bin/lint-bash"
    ours = pre[1]["hooks"][0]["command"]
    assert ours.endswith(" hook claude-code") and os.path.isabs(ours.split(" ")[0].strip("'"))
    assert installed["hooks"]["PostToolUse"][0]["hooks"][0]["command"] == ours
    assert list(installed) == ["model", "permissions", "hooks"]  # order kept

    snapshot = settings.read_text()
    again = subprocess.run([WARDEN, "install", "claude-code", "--project"], cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert settings.read_text() == snapshot

    # The installed command really answers the hook.
    out = subprocess.run(ours + f" --policies '{AGSEC_POLICIES}'", shell=True, input=json.dumps(CASES[1]["payload"]),
                         capture_output=True, text=True, timeout=60)
    assert json.loads(out.stdout)["hookSpecificOutput"]["permissionDecision"] == "deny"

    removed = subprocess.run([WARDEN, "uninstall", "claude-code", "--project"], cwd=tmp_path, capture_output=True, text=True)
    assert removed.returncode == 0 and "removed 2 Warden hooks" in removed.stdout
    assert settings.read_text() == ORIGINAL
    nothing = subprocess.run([WARDEN, "uninstall", "claude-code", "--project"], cwd=tmp_path, capture_output=True, text=True)
    assert nothing.returncode == 0 and "no Warden hooks" in nothing.stdout


def test_install_into_a_new_file_and_refuse_broken_json(tmp_path):
    fresh = tmp_path / "user" / "settings.json"
    run = subprocess.run([WARDEN, "install", "claude-code", "--settings", str(fresh), "--policies", "pol"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    command = json.loads(fresh.read_text())["hooks"]["PreToolUse"][0]["hooks"][0]["command"]
    assert command.endswith(f" hook claude-code --policies {tmp_path}/pol")
    assert subprocess.run([WARDEN, "uninstall", "claude-code", "--settings", str(fresh)], capture_output=True).returncode == 0
    assert json.loads(fresh.read_text()) == {}

    broken = tmp_path / "broken.json"
    broken.write_text('{"hooks": [1,]}')
    bad = subprocess.run([WARDEN, "install", "claude-code", "--settings", str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1 and "is not valid JSON" in bad.stderr and "not changing it" in bad.stderr
    assert broken.read_text() == '{"hooks": [1,]}'
    both = subprocess.run([WARDEN, "install", "claude-code", "--user", "--project"], capture_output=True, text=True)
    assert both.returncode != 0 and "choose one of --project, --user and --settings" in both.stderr


@pytest.fixture(scope="module")
def gateway():
    data = tempfile.mkdtemp(prefix="warden-cc-gw-")
    policies = os.path.join(data, "policies")
    shutil.copytree(AGSEC_POLICIES, policies)
    secret = subprocess.run([WARDEN, "keys", "create-enrollment", "--name", "cc", "--data", data], check=True, capture_output=True, text=True).stdout.strip()
    admin = subprocess.run([WARDEN, "keys", "create-admin", "--name", "reviewer", "--data", data], check=True, capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen([WARDEN, "serve", "--listen", "127.0.0.1:0", "--data", data], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    match = re.search(r"listening on (127\.0\.0\.1:\d+)", proc.stdout.readline())
    assert match
    address = match.group(1)
    token_file = os.path.join(data, "agent-token.json")
    reg = subprocess.run([WARDEN, "register", "--server", address, "--name", "claude-code", "--token-file", token_file],
                         capture_output=True, text=True, env=dict(os.environ, WARDEN_ENROLLMENT_SECRET=secret))
    assert reg.returncode == 0, reg.stderr
    assert oct(os.stat(token_file).st_mode & 0o777) == "0o600"
    yield {"data": data, "address": address, "admin": admin, "env": {"WARDEN_GATEWAY": address, "WARDEN_AGENT_TOKEN_FILE": token_file}}
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)


def test_gateway_decides_waits_for_approval_and_records(gateway):
    by_name = {c["name"]: c["payload"] for c in CASES}
    assert hook(by_name["bash-ls"], env=gateway["env"])["permissionDecision"] == "allow"
    assert hook(by_name["bash-rm"], env=gateway["env"])["permissionDecision"] == "deny"

    # require_approval at a gateway: the hook waits; a reviewer approves meanwhile.
    admin_env = dict(os.environ, WARDEN_ADMIN_SECRET=gateway["admin"])

    def approve():
        for _ in range(100):
            listed = subprocess.run([WARDEN, "approvals", "list", "--json", "--server", gateway["address"]], capture_output=True, text=True, env=admin_env)
            if listed.stdout.strip():
                approval = json.loads(listed.stdout.splitlines()[0])["approval_id"]
                subprocess.run([WARDEN, "approvals", "approve", approval, "--server", gateway["address"]], env=admin_env, check=True, capture_output=True)
                return
            time.sleep(0.1)

    approver = threading.Thread(target=approve)
    approver.start()
    out = hook(by_name["webfetch-external"], "--approval-wait", "20", env=gateway["env"])
    approver.join()
    assert out["permissionDecision"] == "allow", out
    assert "approved by reviewer" in out["permissionDecisionReason"]
    # Nobody approves this one: after the wait it is denied, naming the approval to approve.
    other = dict(by_name["webfetch-external"], tool_input={"url": "https://example.org/", "prompt": "x"})
    late = hook(other, "--approval-wait", "1", env=gateway["env"])
    assert late["permissionDecision"] == "deny" and "timed out" in late["permissionDecisionReason"] and "warden approvals approve apr_" in late["permissionDecisionReason"]

    post = dict(by_name["bash-ls"], hook_event_name="PostToolUse", tool_response={"stdout": "src\n", "stderr": "", "interrupted": False})
    assert hook(post, env=gateway["env"]) is None
    audit = subprocess.run([WARDEN, "audit", "query", "--data", gateway["data"], "--kind", "event.tool_result", "--json"], capture_output=True, text=True)
    assert audit.returncode == 0, audit.stderr
    assert '"tool":"Bash"' in audit.stdout


def test_the_starter_policies_work_for_claude_code(tmp_path):
    """The docs' quickstart: `warden init .warden/policies` then the hook in that project."""
    subprocess.run([WARDEN, "init", str(tmp_path / ".warden" / "policies")], check=True, capture_output=True)
    expected = {"bash-ls": "allow", "bash-rm": "deny", "read-readme": "allow", "read-ssh-key": "deny", "write-src": "allow",
                "write-env": "deny", "todowrite": "allow", "exitplanmode": "allow", "task": "allow", "glob": "allow",
                "webfetch-external": "ask", "websearch": "allow"}
    by_name = {c["name"]: c["payload"] for c in CASES}
    for name, decision in expected.items():
        run = subprocess.run([WARDEN, "hook", "claude-code"], input=json.dumps(by_name[name]), capture_output=True, text=True,
                             cwd=tmp_path, timeout=60, env=dict(os.environ, WARDEN_POLICIES=""))
        out = json.loads(run.stdout)["hookSpecificOutput"]
        assert out["permissionDecision"] == decision, (name, out)
