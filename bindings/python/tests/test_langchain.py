"""warden.langchain with the real langchain-core: real tools driven by a scripted fake chat model
that emits tool calls. Denied tools must never execute; allowed ones must."""
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import warden  # noqa: E402
from warden.langchain import WardenCallbackHandler, govern_tools  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CLI = os.environ.get("WARDEN_BIN", os.path.join(ROOT, ".build", "debug", "warden"))

POLICY = """\
name: tools
default: deny
statements:
  - {sid: AllowReadOnly, effect: allow, actions: [tool.call], targets: [search, add]}
  - {sid: ReviewMoney, effect: review, actions: [tool.call], targets: [transfer_money], reason: money moves need a human}
  - {sid: NoDeletes, effect: deny, actions: [tool.call], targets: [delete_file], reason: agents do not delete files}
"""

executed = []


@tool
def search(query: str) -> str:
    """Search the web."""
    executed.append(("search", query))
    return f"results for {query}"


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    executed.append(("add", a, b))
    return a + b


@tool
def delete_file(path: str) -> str:
    """Delete a file."""
    executed.append(("delete_file", path))
    return "deleted"


@tool
def transfer_money(amount: int, to: str) -> str:
    """Send money."""
    executed.append(("transfer_money", amount, to))
    return "sent"


def run_agent(tools, calls):
    """A minimal tool-calling loop over langchain-core: the model asks for `calls`, the tools
    answer with ToolMessages, the model finishes."""
    model = FakeMessagesListChatModel(responses=[
        AIMessage(content="", tool_calls=[{"name": n, "args": a, "id": f"call_{i}"} for i, (n, a) in enumerate(calls)]),
        AIMessage(content="all done"),
    ])
    by_name = {t.name: t for t in tools}
    messages = [HumanMessage("do the things")]
    while True:
        reply = model.invoke(messages)
        messages.append(reply)
        if not reply.tool_calls:
            return messages
        for call in reply.tool_calls:
            messages.append(by_name[call["name"]].invoke(call))


@pytest.fixture()
def engine():
    executed.clear()
    with warden.Engine.from_text(POLICY) as e:
        yield e


def test_allowed_tools_run_and_denied_ones_never_do(engine):
    governed = govern_tools([search, add, delete_file, transfer_money], engine=engine)
    assert [t.name for t in governed] == ["search", "add", "delete_file", "transfer_money"]
    assert governed[1].args == add.args and governed[1].description == add.description
    messages = run_agent(governed, [("search", {"query": "warden"}), ("delete_file", {"path": "/etc/passwd"}),
                                    ("add", {"a": 2, "b": 3}), ("transfer_money", {"amount": 900, "to": "mallory"})])
    assert executed == [("search", "warden"), ("add", 2, 3)]
    results = {m.tool_call_id: m.content for m in messages if isinstance(m, ToolMessage)}
    assert results["call_0"] == "results for warden" and results["call_2"] == "5"
    assert results["call_1"] == "Denied by Warden: agents do not delete files"
    assert results["call_3"].startswith("Denied by Warden: money moves need a human (requires human approval; no gateway to ask)")
    assert messages[-1].content == "all done"


def test_raise_mode(engine):
    governed = {t.name: t for t in govern_tools([add, delete_file, transfer_money], engine=engine, on_deny="raise")}
    assert governed["add"].invoke({"a": 1, "b": 1}) == 2
    with pytest.raises(warden.Denied) as denied:
        governed["delete_file"].invoke({"path": "x"})
    assert denied.value.decision.rules == ["NoDeletes"]
    with pytest.raises(warden.ApprovalRequired):
        governed["transfer_money"].invoke({"amount": 1, "to": "bob"})
    assert executed == [("add", 1, 1)]


def test_async_tools(engine):
    import asyncio
    governed = {t.name: t for t in govern_tools([search, delete_file], engine=engine)}
    assert asyncio.run(governed["search"].ainvoke({"query": "q"})) == "results for q"
    assert asyncio.run(governed["delete_file"].ainvoke({"path": "p"})).startswith("Denied by Warden")
    assert executed == [("search", "q")]


def test_callback_handler_stops_the_tool_body(engine):
    handler = WardenCallbackHandler(engine=engine)
    assert search.invoke({"query": "ok"}, config={"callbacks": [handler]}) == "results for ok"
    with pytest.raises(warden.Denied):
        delete_file.invoke({"path": "/tmp/x"}, config={"callbacks": [handler]})
    assert executed == [("search", "ok")]


def test_bad_arguments(engine):
    with pytest.raises(ValueError):
        govern_tools([search])
    with pytest.raises(ValueError):
        govern_tools([search], engine=engine, on_deny="ignore")


@pytest.fixture(scope="module")
def gateway():
    data = tempfile.mkdtemp(prefix="warden-lc-gw-")
    os.makedirs(os.path.join(data, "policies"))
    with open(os.path.join(data, "policies", "tools.yaml"), "w") as f:
        f.write(POLICY)
    secret = subprocess.run([CLI, "keys", "create-enrollment", "--name", "lc", "--data", data], check=True, capture_output=True, text=True).stdout.strip()
    admin = subprocess.run([CLI, "keys", "create-admin", "--name", "treasurer", "--data", data], check=True, capture_output=True, text=True).stdout.strip()
    proc = subprocess.Popen([CLI, "serve", "--listen", "127.0.0.1:0", "--data", data], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    match = re.search(r"listening on (127\.0\.0\.1:\d+)", proc.stdout.readline())
    assert match
    gw = warden.Gateway.connect(match.group(1), timeout=10)
    gw.register(secret, "langchain-agent")
    yield {"gw": gw, "address": match.group(1), "admin": admin}
    gw.close()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)


def test_gateway_with_a_human_approval(gateway):
    executed.clear()
    env = dict(os.environ, WARDEN_ADMIN_SECRET=gateway["admin"])

    def approve():
        for _ in range(100):
            listed = subprocess.run([CLI, "approvals", "list", "--json", "--server", gateway["address"]], capture_output=True, text=True, env=env)
            if listed.stdout.strip():
                import json
                approval = json.loads(listed.stdout.splitlines()[0])["approval_id"]
                subprocess.run([CLI, "approvals", "approve", approval, "--server", gateway["address"]], env=env, check=True, capture_output=True)
                return
            time.sleep(0.1)

    approver = threading.Thread(target=approve)
    approver.start()
    governed = govern_tools([search, delete_file, transfer_money], gateway=gateway["gw"], approval_timeout=20)
    messages = run_agent(governed, [("search", {"query": "fx rates"}), ("delete_file", {"path": "/x"}),
                                    ("transfer_money", {"amount": 50, "to": "alice"})])
    approver.join()
    assert executed == [("search", "fx rates"), ("transfer_money", 50, "alice")]
    results = {m.tool_call_id: m.content for m in messages if isinstance(m, ToolMessage)}
    assert results["call_1"] == "Denied by Warden: agents do not delete files"
    assert results["call_2"] == "sent"
