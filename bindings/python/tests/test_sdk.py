"""The Python SDK over libwarden (WARDEN_LIB points at build/lib/libwarden.so in make test)."""
import json
import os
import subprocess
import sys
import threading

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import warden  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FIXTURES = os.path.join(ROOT, "conformance", "fixtures", "policy")

with open(os.path.join(ROOT, "bindings", "testdata", "pay.yaml"), encoding="utf-8") as f:
    POLICY = f.read()


@pytest.fixture()
def engine():
    with warden.Engine.from_text(POLICY, "pay.yaml") as e:
        yield e


def test_check_gives_a_typed_decision(engine):
    d = engine.check("bash.execute", params={"command": "rm -rf /"})
    assert (d.allowed, d.decision, d.rules) == (False, "deny", ["NoRm"])
    assert d.policy["name"] == "pay" and d.raw["decision"] == "deny"
    assert engine.check("bash.execute", params={"command": "ls"}).allowed
    assert engine.check("payment.charge", params={"amount": 5000}).requires_approval
    assert engine.check("unknown.tool").decision == "deny"


def test_decision_json_is_what_the_cli_prints(engine, tmp_path):
    (tmp_path / "pay.yaml").write_text(POLICY)
    cli = os.path.join(ROOT, ".build", "debug", "warden")
    if not os.path.exists(cli):
        pytest.skip("warden CLI not built")
    out = subprocess.run([cli, "check", "--policy", str(tmp_path / "pay.yaml"), "--action", "payment.charge",
                          "--param", "amount=5000", "--json"], capture_output=True, text=True)
    assert out.stdout.strip() == engine.check("payment.charge", params={"amount": 5000}).json


def test_from_directory_loads_a_fixture_suite():
    with warden.Engine.from_directory(os.path.join(FIXTURES, "001-precedence", "policies")) as e:
        assert e.info()["policies"][0]["name"] == "base"
        assert e.check("bash.execute", params={"command": "rm -rf /tmp/x"}).decision == "deny"


def test_invalid_policies_raise_with_every_diagnostic():
    with pytest.raises(warden.PolicyError) as info:
        warden.Engine.from_text("spec: {statements: [{effect: maybe}]}\n", "bad.yaml")
    assert info.value.status == "policy_invalid"
    assert info.value.diagnostics and all(d["file"] == "bad.yaml" for d in info.value.diagnostics)


def test_bad_inputs_raise_precise_errors(engine):
    with pytest.raises(warden.WardenError) as info:
        warden.Engine.from_directory("/nonexistent/policies")
    assert info.value.status == "io" and "/nonexistent/policies" in info.value.message
    with pytest.raises(warden.WardenError) as info:
        engine.check_json('{"type": "x", "parms": {}}')
    assert info.value.status == "invalid_json" and "parms" in info.value.message
    with pytest.raises(warden.WardenError) as info:
        engine.check_json('{"type": "\ud800"}')  # a lone surrogate is not UTF-8
    assert info.value.status == "invalid_utf8"
    with pytest.raises(warden.WardenError) as info:
        engine.check("x", params={"blob": "a" * (2 << 20)})
    assert info.value.status == "too_large"
    with pytest.raises(ValueError):
        engine.check("")
    with pytest.raises(ValueError):
        engine.check_json('{"type": "a\x00b"}')


def test_batch_keeps_order_and_reports_bad_items(engine):
    out = engine.check_batch([{"type": "bash.execute", "params": {"command": "ls"}}, {"typo": 1}, {"type": "payment.charge"}])
    assert [getattr(d, "decision", None) for d in out] == ["allow", None, "allow"]
    assert isinstance(out[1], warden.WardenError) and "type" in out[1].message


def test_use_after_close_is_an_error_not_a_crash():
    e = warden.Engine.from_text(POLICY)
    e.close()
    with pytest.raises(warden.WardenError) as info:
        e.check("bash.execute")
    assert info.value.status == "invalid_handle"
    with pytest.raises(warden.WardenError):
        e.close()


def test_threads_share_one_engine(engine):
    bad = []

    def work(i):
        for k in range(300):
            d = engine.check("bash.execute", params={"command": "rm -rf /" if (i + k) % 2 else "ls"})
            if d.allowed != ((i + k) % 2 == 0):
                bad.append((i, k))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert bad == []


def test_guard_checks_before_the_function_runs(engine):
    ran = []

    @warden.guard("payment.charge", engine=engine)
    def charge(amount, currency="EUR"):
        ran.append(amount)
        return "charged"

    assert charge(10) == "charged"
    with pytest.raises(warden.ApprovalRequired) as info:
        charge(amount=5000)
    assert info.value.decision.rules == ["BigPayments"]
    assert ran == [10]

    @warden.guard("bash.execute", engine=engine)
    def shell(command):
        ran.append(command)

    with pytest.raises(warden.Denied):
        shell("rm -rf /")
    assert ran == [10]


def test_guard_without_engine_fails_closed():
    @warden.guard("bash.execute")
    def shell(command):
        raise AssertionError("must not run")

    with pytest.raises(warden.WardenError):
        shell("ls")


def test_verify_token_refusal_has_a_reason():
    with pytest.raises(warden.TokenError) as info:
        warden.verify_token("not-a-token", {"keys": []})
    assert info.value.reason == "malformed"
    with pytest.raises(warden.WardenError) as info:
        warden.verify_token("a.b.c", "{")
    assert info.value.status == "invalid_json"


def test_library_version():
    assert warden.library_version().count(".") == 2


def test_decisions_larger_than_the_scratch_buffer():
    reason = "r" * 10000
    policy = f"""
apiVersion: warden/v1
kind: Policy
metadata: {{name: long}}
spec:
  default: deny
  statements:
    - {{sid: Long, effect: deny, actions: [x.y], reason: "{reason}"}}
"""
    with warden.Engine.from_text(policy) as e:
        d = e.check("x.y")
        assert d.decision == "deny" and d.reason == reason
        assert e.check("x.y").json == d.json  # the grown buffer is reused


def test_the_accelerator_is_used_when_built():
    if os.environ.get("WARDEN_REQUIRE_SPEEDUPS") == "1":  # make test builds it in place
        assert warden._native.fast_check is not None


def test_the_ctypes_path_gives_the_same_answers(monkeypatch):
    e = warden.Engine.from_text(POLICY, "pay.yaml")
    fast = e.check("bash.execute", params={"command": "rm -rf /"}).json
    monkeypatch.setattr(warden._native, "fast_check", None)
    assert e.check("bash.execute", params={"command": "rm -rf /"}).json == fast
    with pytest.raises(warden.WardenError) as info:
        e.check_json('{"type": "\ud800"}')
    assert info.value.status == "invalid_utf8"
    e.close()


def test_the_accelerator_hands_errors_to_the_precise_path():
    e = warden.Engine.from_text(POLICY, "pay.yaml")
    for bad, status in (('{"type":', "invalid_json"), ('{"type": "\ud800"}', "invalid_utf8")):
        with pytest.raises(warden.WardenError) as info:
            e.check_json(bad)
        assert info.value.status == status
    with pytest.raises(ValueError):
        e.check_json('{"type": "a\x00b"}')
    e.close()
    with pytest.raises(warden.WardenError) as info:
        e.check_json('{"type": "x"}')
    assert info.value.status == "invalid_handle"
