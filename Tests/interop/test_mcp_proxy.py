"""`warden mcp-proxy` end to end with the real `mcp` package (PyPI): a FastMCP/MCPServer server
(mcp_demo_server.py) behind the proxy, driven by the package's own stdio client and ClientSession.

Local policies: an allowed tool works, a denied one never runs (its marker file stays absent), a
poisoned tool is denied, a changed definition (rug pull) is denied until `warden mcp-pins
approve`, even in a session that is already running. Raw JSON-RPC: the stream survives bad lines,
a call without a prior tools/list still gets inspected, the server's exit status comes back.
Gateway: a tool that needs approval waits until `warden approvals approve`, then runs once, and
the call and its result are in the audit log.
"""
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time

import anyio
import grpc
import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client

from conftest import WARDEN

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "mcp_demo_server.py")

POLICY = """\
name: mcp-test
version: "1"
default: allow
statements:
  - {sid: DenyMCPDeletes, effect: deny, actions: ["mcp.*.delete_file"], reason: deleting files through MCP is not allowed}
  - {sid: ReviewMCPDeploys, effect: review, actions: ["mcp.*.deploy"], reason: deploys need a human}
"""

DENIED_DELETE = "Denied by Warden: deleting files through MCP is not allowed"


class Work:
    def __init__(self, root):
        self.root = str(root)
        self.policies = os.path.join(self.root, "policies")
        os.makedirs(self.policies)
        with open(os.path.join(self.policies, "mcp.yaml"), "w") as f:
            f.write(POLICY)
        self.pins = os.path.join(self.root, "state", "mcp-pins.json")
        self.marker = os.path.join(self.root, "marker.txt")
        self.stderr = os.path.join(self.root, "proxy-stderr.txt")

    def params(self, *flags, env=None):
        environment = {"WARDEN_TEST_MARKER": self.marker}
        environment.update(env or {})
        return StdioServerParameters(
            command=WARDEN,
            args=["mcp-proxy", *flags, "--pins", self.pins, "--", sys.executable, SERVER],
            env=environment,
        )

    def local(self, env=None):
        return self.params("--policies", self.policies, env=env)

    def ran(self):
        if not os.path.exists(self.marker):
            return []
        with open(self.marker) as f:
            return f.read().splitlines()

    def log(self):
        with open(self.stderr) as f:
            return f.read()

    def pins_cli(self, *args):
        return subprocess.run([WARDEN, "mcp-pins", *args, "--pins", self.pins], capture_output=True, text=True)


def text_of(result):
    return result.content[0].text


async def session(work, params, body):
    """Runs `body(session, tools)` against the proxy; returns what it returns."""
    with open(work.stderr, "a") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as s:
                init = await s.initialize()
                assert init.server_info.name == "Warden Demo"
                tools = await s.list_tools()
                return await body(s, {t.name: t for t in tools.tools})


def run(work, params, body):
    return anyio.run(session, work, params, body)


def test_local_policy_allows_denies_and_catches_poison(tmp_path):
    work = Work(tmp_path)

    async def body(s, tools):
        assert set(tools) == {"echo", "delete_file", "fetch_notes", "deploy"}
        return {
            "echo": await s.call_tool("echo", {"text": "hello through the proxy"}),
            "delete": await s.call_tool("delete_file", {"path": "/etc/important"}),
            "poisoned": await s.call_tool("fetch_notes", {"topic": "ssh"}),
            "deploy": await s.call_tool("deploy", {"env": "prod"}),
            "echo_again": await s.call_tool("echo", {"text": "still fine"}),
        }

    r = run(work, work.local(), body)
    assert not r["echo"].is_error and text_of(r["echo"]) == "hello through the proxy"
    assert r["echo_again"].structured_content == {"result": "still fine"}

    assert r["delete"].is_error and text_of(r["delete"]) == DENIED_DELETE
    assert r["poisoned"].is_error
    assert text_of(r["poisoned"]).startswith("Denied by Warden: tool 'fetch_notes' of MCP server 'warden_demo' looks poisoned")
    assert "instruction_override" in text_of(r["poisoned"]) and "exfiltration" in text_of(r["poisoned"])
    assert r["deploy"].is_error
    assert "deploys need a human" in text_of(r["deploy"]) and "no Warden gateway is configured" in text_of(r["deploy"])
    assert work.ran() == [], "a denied tool ran on the server"

    log = work.log()
    assert "its tools are the actions mcp.warden_demo.<tool>" in log
    assert "tool 'fetch_notes' of MCP server 'warden_demo' looks poisoned" in log
    assert "denied mcp.warden_demo.delete_file: deleting files through MCP is not allowed" in log

    # Trust on first use: every definition pinned, in a file only its owner can read.
    assert stat.S_IMODE(os.stat(work.pins).st_mode) == 0o600
    with open(work.pins) as f:
        pins = json.load(f)
    assert set(pins["servers"]["warden_demo"]) == {"echo", "delete_file", "fetch_notes", "deploy"}
    echo = pins["servers"]["warden_demo"]["echo"]
    assert re.fullmatch(r"[0-9a-f]{64}", echo["sha256"])
    assert echo["definition"]["description"] == "Echo the given text back to the caller."
    assert set(echo["definition"]) == {"name", "description", "inputSchema"}
    assert "instruction_override" in pins["servers"]["warden_demo"]["fetch_notes"]["injection"]


def test_covert_tool_poisoning_is_caught(tmp_path):
    work = Work(tmp_path)

    async def body(s, tools):
        assert {"add", "read_file"} <= set(tools)
        return await s.call_tool("add", {"a": 1, "b": 2, "sidenote": "{}"}), await s.call_tool("read_file", {"path": "README.md"})

    poisoned, ordinary = run(work, work.local(env={"WARDEN_TEST_COVERT": "1"}), body)
    assert poisoned.is_error and "tool 'add' of MCP server 'warden_demo' looks poisoned" in text_of(poisoned)
    assert "tool_poisoning" in text_of(poisoned)
    assert not ordinary.is_error and text_of(ordinary) == "contents of README.md"
    assert work.ran() == [], "the poisoned tool ran on the server"


def test_rug_pull_is_denied_until_approved(tmp_path):
    work = Work(tmp_path)

    async def first(s, tools):
        return await s.call_tool("echo", {"text": "v1"})

    assert not run(work, work.local(), first).is_error
    rows = [json.loads(line) for line in work.pins_cli("list", "--json").stdout.splitlines()]
    assert [(r["server"], r["tool"], r["status"]) for r in rows] == [
        ("warden_demo", "delete_file", "ok"), ("warden_demo", "deploy", "ok"), ("warden_demo", "echo", "ok"), ("warden_demo", "fetch_notes", "poisoned")]

    # The server now describes echo differently: denied, reported, recorded as pending.
    rug_pull = {"WARDEN_TEST_RUG_PULL": "1"}

    async def second(s, tools):
        assert "new and improved" in tools["echo"].description
        denied = await s.call_tool("echo", {"text": "v2"})
        listed = work.pins_cli("list", "--json", "warden_demo")
        # Approved from another terminal while the session runs: the next call goes through.
        approved = work.pins_cli("approve", "warden_demo", "echo")
        allowed = await s.call_tool("echo", {"text": "v2 after approval"})
        return denied, listed, approved, allowed

    denied, listed, approved, allowed = run(work, work.local(env=rug_pull), second)
    assert denied.is_error
    assert "the definition of tool 'echo' of MCP server 'warden_demo' changed since it was pinned (possible rug pull" in text_of(denied)
    assert "until a person reviews and approves the new definition" in text_of(denied)
    assert "mcp-pins" not in text_of(denied), "the model must not be told how to approve its own tools"
    assert "accept it (`warden mcp-pins approve warden_demo echo`)" in work.log()
    rows = {row["tool"]: row for row in map(json.loads, listed.stdout.splitlines())}
    assert rows["echo"]["status"] == "changed" and rows["echo"]["pending"]["sha256"] != rows["echo"]["sha256"]
    assert rows["delete_file"]["status"] == "ok" and rows["fetch_notes"]["status"] == "poisoned"
    assert approved.returncode == 0, approved.stderr
    assert approved.stdout.startswith("approved warden_demo echo: sha256 ")
    assert not allowed.is_error and text_of(allowed) == "v2 after approval"
    assert "changed since it was pinned" in work.log()

    # A new session with the approved definition: allowed from the start.
    async def third(s, tools):
        return await s.call_tool("echo", {"text": "v3"})

    assert text_of(run(work, work.local(env=rug_pull), third)) == "v3"
    # And the old definition is now the changed one.
    assert run(work, work.local(), third).is_error

    # Nothing left to approve names the tool; forget makes the next definition trusted on first use.
    again = work.pins_cli("approve", "warden_demo", "deploy")
    assert again.returncode == 1 and "nothing to approve: tool 'deploy' of MCP server 'warden_demo' matches its pin" in again.stderr
    unknown = work.pins_cli("approve", "nosuch")
    assert unknown.returncode == 1 and "no pins for MCP server 'nosuch'" in unknown.stderr and "warden_demo" in unknown.stderr
    forgot = work.pins_cli("forget", "warden_demo", "echo")
    assert forgot.returncode == 0 and forgot.stdout.strip() == "forgot the pin of warden_demo echo"
    assert not run(work, work.local(), third).is_error


def test_2026_protocol_client_discovers_and_calls_without_listing(tmp_path):
    """The 2026-07-28 protocol (mcp 2.x): no initialize, server/discover instead; calls carry their
    protocol version in _meta and the proxy's answers carry the resultType that revision requires."""
    if not hasattr(ClientSession, "discover"):
        pytest.skip("this mcp package predates the 2026-07-28 protocol")
    work = Work(tmp_path)

    async def main():
        with open(work.stderr, "a") as errlog:
            async with stdio_client(work.local(), errlog=errlog) as (read, write):
                async with ClientSession(read, write) as s:
                    await s.discover()
                    return (await s.call_tool("delete_file", {"path": "/x"}), await s.call_tool("echo", {"text": "modern"}),
                            await s.call_tool("fetch_notes", {"topic": "x"}))

    denied, echoed, poisoned = anyio.run(main)
    assert denied.is_error and text_of(denied) == DENIED_DELETE
    assert not echoed.is_error and text_of(echoed) == "modern"
    assert poisoned.is_error and "looks poisoned" in text_of(poisoned)
    assert "MCP server 'Warden Demo': its tools are the actions mcp.warden_demo.<tool>" in work.log()
    assert work.ran() == []


class RawProxy:
    """The proxy driven line by line, without an MCP client library."""

    def __init__(self, work, *flags, env=None):
        environment = dict(os.environ, WARDEN_TEST_MARKER=work.marker, **(env or {}))
        self.proc = subprocess.Popen(
            [WARDEN, "mcp-proxy", "--policies", work.policies, "--pins", work.pins, *flags, "--", sys.executable, SERVER],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)

    def send(self, line):
        self.proc.stdin.write((line if isinstance(line, bytes) else line.encode()) + b"\n")
        self.proc.stdin.flush()

    def request(self, id, method, params=None):
        message = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(json.dumps(message))

    def read(self):
        line = self.proc.stdout.readline()
        assert line, f"the proxy closed its stdout; stderr: {self.proc.stderr.read().decode()}"
        return line

    def until_id(self, id):
        """Reads lines until the response with this id; returns it and the lines before it."""
        before = []
        while True:
            line = self.read()
            try:
                message = json.loads(line)
            except ValueError:
                before.append(line)
                continue
            if isinstance(message, dict) and message.get("id") == id and "method" not in message:
                return message, before
            before.append(line)

    def initialize(self):
        self.request(1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}})
        reply, _ = self.until_id(1)
        self.send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        return reply


def test_raw_stream_bad_lines_unlisted_calls_and_exit(tmp_path):
    work = Work(tmp_path)
    proxy = RawProxy(work)
    try:
        assert proxy.initialize()["result"]["serverInfo"]["name"] == "Warden Demo"

        # Not JSON: passed to the server unchanged (it answers with a parse error or ignores it);
        # the stream goes on.
        proxy.send(b"this is not json")
        proxy.request(2, "ping")
        pong, _ = proxy.until_id(2)
        assert pong["result"] == {}

        # Calls without a tools/list first: the proxy fetches the list itself, out of sight.
        proxy.request("call-1", "tools/call", {"name": "delete_file", "arguments": {"path": "/tmp/x"}})
        denied, before = proxy.until_id("call-1")
        assert denied["result"] == {"content": [{"type": "text", "text": DENIED_DELETE}], "isError": True}
        assert not any(b"warden-mcp-proxy" in line for line in before), before
        proxy.request("call-2", "tools/call", {"name": "fetch_notes", "arguments": {"topic": "x"}})
        poisoned, _ = proxy.until_id("call-2")
        assert poisoned["result"]["isError"] and "looks poisoned" in poisoned["result"]["content"][0]["text"]

        # A line a lenient parser would read as tools/call (the last "name" wins) never reaches the server.
        proxy.send(b'{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","name":"delete_file","arguments":{"path":"/x"}}}')
        refused = json.loads(proxy.read())
        assert refused["id"] is None and refused["error"]["code"] == -32700 and "duplicate key" in refused["error"]["message"]

        # Big messages pass whole (2 MB of arguments).
        big = "x" * (2 << 20)
        proxy.request(4, "tools/call", {"name": "echo", "arguments": {"text": big}})
        echoed, _ = proxy.until_id(4)
        assert echoed["result"]["content"][0]["text"] == big

        # A malformed call is denied by the proxy, not forwarded.
        proxy.request(5, "tools/call", {"arguments": {}})
        malformed, _ = proxy.until_id(5)
        assert "Denied by Warden: a tools/call needs a string params.name" == malformed["result"]["content"][0]["text"]

        # The client closes its end: the server's stdin is closed, the proxy exits with its status.
        proxy.proc.stdin.close()
        assert proxy.proc.wait(timeout=20) == 0
    finally:
        if proxy.proc.poll() is None:
            proxy.proc.kill()
    assert work.ran() == []


def test_server_exit_status_and_usage_errors(tmp_path):
    work = Work(tmp_path)
    r = subprocess.run([WARDEN, "mcp-proxy", "--policies", work.policies, "--pins", work.pins, "--", sys.executable, "-c", "import sys; sys.exit(7)"],
                       stdin=subprocess.PIPE, capture_output=True, timeout=30)
    assert r.returncode == 7 and r.stdout == b""
    r = subprocess.run([WARDEN, "mcp-proxy", "--policies", work.policies, "--pins", work.pins], capture_output=True, text=True)
    assert r.returncode == 1 and "no MCP server command: put the command that starts the server after --" in r.stderr
    r = subprocess.run([WARDEN, "mcp-proxy", "--policies", work.policies, "--pins", work.pins, "--", "no-such-mcp-server-xyz"], capture_output=True, text=True)
    assert r.returncode == 1 and "cannot start the MCP server 'no-such-mcp-server-xyz': No such file or directory" in r.stderr


# --- With a gateway: approvals and events ---------------------------------------------------------


def start_gateway(data, policies):
    proc = subprocess.Popen([WARDEN, "serve", "--listen", "127.0.0.1:0", "--data", data, "--policies", policies],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    assert match, f"no listening line: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
    address = f"127.0.0.1:{match.group(1)}"
    with grpc.insecure_channel(address) as channel:
        grpc.channel_ready_future(channel).result(timeout=10)
    return proc, address


def test_gateway_approval_while_the_proxy_waits(tmp_path):
    work = Work(tmp_path)
    data = os.path.join(work.root, "gateway")
    secret = subprocess.run([WARDEN, "keys", "create-enrollment", "--name", "mcp", "--data", data],
                            check=True, capture_output=True, text=True).stdout.strip()
    admin = subprocess.run([WARDEN, "keys", "create-admin", "--name", "reviewer", "--data", data],
                           check=True, capture_output=True, text=True).stdout.strip()
    gateway, address = start_gateway(data, work.policies)
    try:
        token_file = os.path.join(work.root, "agent-token.json")
        reg = subprocess.run([WARDEN, "register", "--server", address, "--name", "mcp-agent", "--token-file", token_file],
                             capture_output=True, text=True, env=dict(os.environ, WARDEN_ENROLLMENT_SECRET=secret))
        assert reg.returncode == 0, reg.stderr
        admin_env = dict(os.environ, WARDEN_ADMIN_SECRET=admin)

        def approvals(*args):
            return subprocess.run([WARDEN, "approvals", *args, "--server", address], capture_output=True, text=True, env=admin_env)

        approved = {}

        def approve_when_pending():
            deadline = time.time() + 60
            while time.time() < deadline:
                listed = approvals("list", "--json")
                rows = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
                if rows:
                    approved["row"] = rows[0]
                    approved["cli"] = approvals("approve", rows[0]["approval_id"], "--note", "ship it")
                    return
                time.sleep(0.2)

        async def body(s, tools):
            denied = await s.call_tool("delete_file", {"path": "/srv/data"})
            echoed = await s.call_tool("echo", {"text": "via the gateway"})
            approver = threading.Thread(target=approve_when_pending)
            approver.start()
            deployed = await s.call_tool("deploy", {"env": "prod"})
            approver.join()
            return denied, echoed, deployed

        params = work.params("--gateway", address, "--approval-timeout", "60", env={"WARDEN_AGENT_TOKEN_FILE": token_file})
        denied, echoed, deployed = run(work, params, body)
        assert denied.is_error and text_of(denied) == DENIED_DELETE
        assert text_of(echoed) == "via the gateway"
        assert approved["row"]["action"] == {"type": "mcp.warden_demo.deploy", "params": {"env": "prod"}}
        assert approved["row"]["reason"] == "deploys need a human"
        assert approved["cli"].returncode == 0, approved["cli"].stderr
        assert not deployed.is_error and text_of(deployed) == "deployed to prod"
        assert work.ran() == ["deploy prod"]
        assert "needs approval (deploys need a human): waiting up to 60 s" in work.log()

        # Allowed once: the same call needs a new approval (which nobody gives in 1 s).
        async def again(s, tools):
            return await s.call_tool("deploy", {"env": "prod"})

        params = work.params("--gateway", address, "--approval-timeout", "1", env={"WARDEN_AGENT_TOKEN_FILE": token_file})
        retry = run(work, params, again)
        assert retry.is_error and "was not given within 1 s" in text_of(retry)
        assert work.ran() == ["deploy prod"]

        # The forwarded calls and their results are in the audit log, linked to their decisions.
        tail = subprocess.run([WARDEN, "audit", "tail", "--data", data, "--lines", "200", "--json"], capture_output=True, text=True)
        assert tail.returncode == 0, tail.stderr
        entries = [json.loads(line) for line in tail.stdout.splitlines()]
        events = [e for e in entries if e["kind"].startswith("event.")]
        assert [(e["kind"], e["payload"]["tool"]) for e in events] == [
            ("event.tool_call", "mcp.warden_demo.echo"), ("event.tool_result", "mcp.warden_demo.echo"),
            ("event.tool_call", "mcp.warden_demo.deploy"), ("event.tool_result", "mcp.warden_demo.deploy")]
        assert events[0]["payload"]["arguments"] == {"text": "via the gateway"}
        assert events[2]["payload"]["arguments"] == {"env": "prod"}
        assert [e["payload"]["is_error"] for e in events[1::2]] == [False, False]
        outcomes = {e["decision_id"]: e["outcome"] for e in entries if e["kind"] == "decision"}
        assert all(outcomes[e["decision_id"]] == "allow" for e in events)
    finally:
        gateway.send_signal(signal.SIGTERM)
        gateway.wait(timeout=10)
