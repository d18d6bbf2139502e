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
    # Checks go on after one over libwarden's size limit (the accelerator frees its grown buffer).
    with pytest.raises(warden.WardenError):
        engine.check("bash.execute", params={"blob": "x" * 2_000_000})
    assert engine.check("bash.execute", params={"command": "rm -rf /"}).rules == ["NoRm"]
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
        assert warden._native.fast_check is not None and warden._native.fast_check_action is not None
        e = warden.Engine.from_text(POLICY, "pay.yaml")
        assert type(e.check_json) is warden._native.Checker and type(e.check) is warden._native.Checker
        e.close()


def _without_accelerator(monkeypatch):
    """The pure ctypes path, for engines made from now on."""
    for name in ("fast_check", "fast_check_action", "Checker"):
        monkeypatch.setattr(warden._native, name, None)


def test_the_ctypes_path_gives_the_same_answers(monkeypatch):
    e = warden.Engine.from_text(POLICY, "pay.yaml")
    fast = e.check("bash.execute", params={"command": "rm -rf /"}).json
    e.close()
    _without_accelerator(monkeypatch)
    e = warden.Engine.from_text(POLICY, "pay.yaml")
    assert e.check.__func__ is warden.Engine.check and e.check_json.__func__ is warden.Engine.check_json
    assert e.check("bash.execute", params={"command": "rm -rf /"}).json == fast
    with pytest.raises(warden.WardenError) as info:
        e.check_json('{"type": "\ud800"}')
    assert info.value.status == "invalid_utf8"
    e.close()


def test_the_accelerator_makes_the_decision_python_would(monkeypatch):
    e = warden.Engine.from_text(POLICY, "pay.yaml")
    actions = [("bash.execute", {"command": "rm -rf /"}), ("bash.execute", {"command": "ls"}),
               ("payment.charge", {"amount": 5000}), ("unknown.tool", None)]
    fast = [e.check(t, params=p) for t, p in actions] + [e.check_json(json.dumps({"type": t, "params": p})) for t, p in actions]
    e.close()
    _without_accelerator(monkeypatch)
    e = warden.Engine.from_text(POLICY, "pay.yaml")
    slow = [e.check(t, params=p) for t, p in actions] * 2
    assert {d.decision for d in slow} == {"allow", "deny", "require_approval"}
    for f, s in zip(fast, slow):
        assert type(f) is warden.Decision
        assert (f.json, f.decision, f.reason, f.rules, f.policy, f.risk, f.allowed, f.requires_approval) == \
               (s.json, s.decision, s.reason, s.rules, s.policy, s.risk, s.allowed, s.requires_approval)
        assert (f.decision_id, f.approval_id, f.approval_expires_at) == (None, None, None)
        assert f == s and hash(f) == hash(s) and repr(f) == repr(s)
    e.close()


def test_the_accelerator_fills_a_decision_class_through_setattr_or_its_init():
    speedups = pytest.importorskip("warden._speedups")
    with pytest.raises(TypeError):
        speedups.bind_decision("not a class")

    class Plain:  # no __slots__: every field is set through setattr
        def __init__(self, text):
            self.json, self.decision, self.by_init = text, "?", True

    e = warden.Engine.from_text(POLICY, "pay.yaml")
    try:
        speedups.bind_decision(Plain)
        d = e.check_json('{"type":"bash.execute","params":{"command":"rm -rf /"}}')
        assert type(d) is Plain and d.decision == "deny" and d.json.startswith('{"decision":"deny"')
        assert (d._raw, d.decision_id, d.approval_id, d.approval_expires_at) == (None, None, None, None)
        assert not hasattr(d, "by_init")
    finally:
        speedups.bind_decision(warden.Decision)
    assert type(e.check_json('{"type":"bash.execute"}')) is warden.Decision
    e.close()


OFFICE_HOURS = """apiVersion: warden/v1
kind: Policy
metadata: {name: office}
spec:
  default: allow
  schedule:
    active_hours: {start: "09:00", end: "17:00"}
"""


def test_the_checker_answers_every_call_shape_as_the_method_does():
    # Engine.check_json / Engine.check called on the class run the Python methods; the engine's
    # own check_json / check are the accelerator's Checkers when it is built. Same answers,
    # same errors, whatever the call looks like.
    noon, night = 1_700_000_000 - 1_700_000_000 % 86400 + 12 * 3600, 1_700_000_000 - 1_700_000_000 % 86400 + 3600

    class Text(str):
        pass

    e = warden.Engine.from_text(POLICY + "---\n" + OFFICE_HOURS, "pay.yaml")
    action = '{"type":"bash.execute","params":{"command":"ls"}}'
    json_calls = [((action,), {}), ((action, noon), {}), ((action, night), {}), ((action, None), {}),
                  ((action,), {"at": night}), ((), {"action_json": action}), ((action, float(night)), {}),
                  ((action, True), {}), ((Text(action),), {})]
    check_calls = [(("bash.execute",), {}), (("bash.execute", None, {"command": "rm -rf /"}), {}),
                   (("payment.charge", None, {"amount": 5000}, None, None, noon), {}),
                   (("payment.charge", None, {"amount": 5000}, None, None, night), {}),
                   (("bash.execute",), {"params": {"command": "ls"}, "at": night}),
                   (("x.y", "t", {"a": [1, 2.5, None]}, {"c": True}, {"id": "a1"}), {}),
                   (("bash.execute", None, {1: "int key"}), {}), ((Text("bash.execute"),), {}),
                   ((), {"type": "bash.execute"}), (("bash.execute", None, None, None, None, -1), {})]
    for method, calls in ((warden.Engine.check_json, json_calls), (warden.Engine.check, check_calls)):
        bound = getattr(e, method.__name__)
        for args, kwargs in calls:
            assert bound(*args, **kwargs) == method(e, *args, **kwargs), (method.__name__, args, kwargs)
    assert e.check_json(action, noon).decision == "allow" and e.check_json(action, night).decision == "deny"
    bad_calls = [(e.check_json, warden.Engine.check_json, ('{"type":',)), (e.check_json, warden.Engine.check_json, (action, "soon")),
                 (e.check_json, warden.Engine.check_json, (action, None, "extra")), (e.check_json, warden.Engine.check_json, ()),
                 (e.check_json, warden.Engine.check_json, (action, 2**70)), (e.check, warden.Engine.check, ("a.b",) + (None,) * 4 + (-2**64,)),
                 (e.check, warden.Engine.check, ("",)), (e.check, warden.Engine.check, (42,)),
                 (e.check, warden.Engine.check, ("a.b", None, None, None, None, None, "extra")),
                 (e.check, warden.Engine.check, ("a.b", None, "not a mapping"))]
    for bound, method, args in bad_calls:
        with pytest.raises(Exception) as fast:
            bound(*args)
        with pytest.raises(Exception) as slow:
            method(e, *args)
        assert (type(fast.value), str(fast.value)) == (type(slow.value), str(slow.value)), args
    e.close()
    for bound in (e.check_json, lambda *a: e.check("bash.execute")):
        with pytest.raises(warden.WardenError) as info:
            bound(action)
        assert info.value.status == "invalid_handle"


def test_a_subclass_keeps_its_own_check_methods():
    class Audited(warden.Engine):
        def check_json(self, action_json, at=None):
            self.seen = action_json
            return super().check_json(action_json, at)

    e = Audited.from_text(POLICY, "pay.yaml")
    assert e.check_json('{"type":"bash.execute"}').decision == "allow" and e.seen == '{"type":"bash.execute"}'
    e.close()


def test_the_checker_type_refuses_bad_arguments():
    speedups = pytest.importorskip("warden._speedups")
    with pytest.raises(TypeError):
        speedups.Checker("not a handle", 0, print)
    with pytest.raises(ValueError):
        speedups.Checker(1, 2, print)
    with pytest.raises(TypeError):
        speedups.Checker(1, 0, "not callable")
    c = speedups.Checker(7, 0, lambda handle, *a, **k: (handle, a, k))
    assert c(at=3) == (7, (), {"at": 3}) and c.fallback(1) == (1, (), {})
    assert "check_json" in repr(c)


def test_engines_checked_in_turn_each_decide_with_their_own_policy():
    # The accelerator remembers the last handle it converted: alternating engines, an equal
    # handle held by another int object, and a closed engine must each still be told apart.
    deny_all = """apiVersion: warden/v1
kind: Policy
metadata: {name: deny-all}
spec:
  default: deny
"""
    pay, closed = warden.Engine.from_text(POLICY, "pay.yaml"), warden.Engine.from_text(deny_all)
    strict = warden.Engine.from_text(deny_all)
    action = '{"type":"bash.execute","params":{"command":"ls"}}'
    for _ in range(3):
        assert pay.check_json(action).decision == "allow"
        assert strict.check_json(action).decision == "deny"
        assert pay.check("bash.execute", params={"command": "ls"}).decision == "allow"
        assert strict.check("bash.execute", params={"command": "ls"}).decision == "deny"
    same = warden.Engine(int(str(pay._handle)))  # an equal number in a different int object
    assert same._handle is not pay._handle and same.check_json(action).decision == "allow"
    closed.close()
    for check in (lambda: closed.check_json(action), lambda: closed.check("bash.execute")):
        with pytest.raises(warden.WardenError) as info:
            check()
        assert info.value.status == "invalid_handle"
    assert pay.check_json(action).decision == "allow"
    pay.close()
    strict.close()


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


def _random_text(rng):
    alphabet = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\t', '\x00', '\x1f', '\x7f', 'é', '\u2028', '中', '😀']
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))


def _random_value(rng, depth=0):
    kinds = ["str", "int", "float", "bool", "none"] + (["list", "tuple", "dict"] if depth < 4 else [])
    kind = rng.choice(kinds)
    if kind == "str":
        return _random_text(rng)
    if kind == "int":
        return rng.choice([0, -1, 1, 2**31, -2**63, 2**63 - 1, rng.randrange(-10**12, 10**12)])
    if kind == "float":
        return rng.choice([0.0, -0.0, 0.1, 1.5, 100.0, 1e16, 1e-7, -2.5e300, 5e-324, rng.uniform(-1e6, 1e6)])
    if kind == "bool":
        return rng.choice([True, False])
    if kind == "none":
        return None
    items = [_random_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    if kind == "list":
        return items
    if kind == "tuple":
        return tuple(items)
    return {_random_text(rng): v for v in items}


def test_the_accelerator_writes_the_action_json_dumps_would():
    speedups = pytest.importorskip("warden._speedups")
    import random

    rng = random.Random(7)
    for _ in range(3000):
        args = ("x." + _random_text(rng), rng.choice([None, _random_text(rng)]),
                rng.choice([None, {}, _random_value(rng, 3) if rng.random() < 0.2 else {"p": _random_value(rng)}]),
                rng.choice([None, {"c": _random_value(rng)}]), rng.choice([None, {"id": "a"}]))
        text = speedups.action_json(*args)
        if not isinstance(args[2], (dict, type(None))):
            assert text is None  # a params that is not a dict is the Python path's to judge
            continue
        expected = json.loads(json.dumps(warden._action(*args)))
        assert text is not None
        got = json.loads(text)
        assert got == expected and json.dumps(got) == json.dumps(expected)  # ints stay ints, floats floats


def test_the_accelerator_leaves_what_it_does_not_write_to_json_dumps():
    speedups = pytest.importorskip("warden._speedups")
    from collections import OrderedDict

    class Text(str):
        pass

    deep = []
    for _ in range(70):
        deep = [deep]
    for params in ({1: "a"}, {"x": float("nan")}, {"x": float("inf")}, {"x": 2**64}, {"x": "\ud800"}, {"x": deep},
                   {"x": Text("t")}, {"x": {None: 1}}, {"x": object()}, OrderedDict(x=1)):
        assert speedups.action_json("a.b", None, params, None, None) is None, params
    assert speedups.action_json(Text("a.b"), None, None, None, None) is None


def test_check_from_a_dict_decides_as_the_json_path_does(engine):
    for params in ({"amount": 5000}, {"amount": 5000.0}, {"amount": 2**70}, {"command": "rm -rf /\x00"},
                   {1: "a"}, {"nested": {"a": [1, (2, 3), None]}}, {"x": "é😀\u2028"}):
        action = warden._action("payment.charge", None, params, {"k": True}, None)
        assert engine.check("payment.charge", params=params, context={"k": True}).json == \
            engine.check_json(json.dumps(action)).json, params
    # Rejections come from the Python path with their precise errors, as before.
    for params, status in (({"x": float("nan")}, "invalid_json"), ({"x": "\ud800"}, "invalid_json")):
        with pytest.raises(warden.WardenError) as info:
            engine.check("bash.execute", params=params)
        assert info.value.status == status, params
    with pytest.raises(warden.WardenError) as info:
        engine.check("bash.execute", target=5)
    assert "target" in info.value.message
    with pytest.raises(TypeError):
        engine.check("bash.execute", params={"x": object()})
    with pytest.raises(ValueError):
        engine.check("")
    # Checks go on after one over libwarden's size limit (the accelerator frees its grown buffer).
    with pytest.raises(warden.WardenError):
        engine.check("bash.execute", params={"blob": "x" * 2_000_000})
    assert engine.check("bash.execute", params={"command": "rm -rf /"}).rules == ["NoRm"]
