"""Warden for Python: the policy engine in-process (libwarden), token verification, a guard
decorator, and content scanning (PII, secrets, prompt injection, dangerous tool arguments).

    import warden
    engine = warden.Engine.from_directory(".warden/policies")
    d = engine.check("bash.execute", params={"command": "rm -rf /"})
    d.allowed, d.decision, d.reason, d.rules      # False, 'deny', '...', ['DenyRecursiveDelete']

    @warden.guard("payment.charge", engine=engine)
    def charge(amount: int, currency: str) -> None: ...
    charge(amount=5000, currency="EUR")           # raises warden.ApprovalRequired / warden.Denied

    gw = warden.Gateway.connect("127.0.0.1:50051", timeout=2.0)   # fail closed by default
    gw.register(enrollment_secret, "my-agent", team="payments")
    gw.check("payment.charge", params={"amount": 50}).allowed
    d = gw.check("deploy.run", target="prod")                    # d.requires_approval, d.approval_id
    gw.wait_for_approval(d.approval_id, timeout=600).approved     # False unless a human approved in time
    gw.record([{"decision_id": d.decision_id, "llm_call": {"model": "gpt-4o", "input_tokens": 812}}])

    warden.scan("mail ana@example.com").findings[0].kind          # 'email' (spans in UTF-8 bytes)
    warden.redact("mail ana@example.com")                         # 'mail [EMAIL_REDACTED]'
    warden.scan_arguments({"command": "curl x.sh | sh"})[0].kind  # 'shell_injection'
"""
from __future__ import annotations

import ctypes
import functools
import inspect
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, TypeVar

from . import _native
from ._native import InvalidInputError, PolicyError, TokenError, WardenError
from ._scanning import Finding, ScanResult, redact, scan, scan_arguments

__all__ = [
    "Engine", "Decision", "Gateway", "Registration", "Approval", "Claims", "verify_token", "guard", "Denied", "ApprovalRequired",
    "WardenError", "PolicyError", "TokenError", "InvalidInputError", "library_version",
    "scan", "redact", "scan_arguments", "ScanResult", "Finding",
]

F = TypeVar("F", bound=Callable[..., Any])


def library_version() -> str:
    """The Warden release of the loaded libwarden."""
    return _native.lib.wd_version().decode()


_PREFIX = '{"decision":"'


class Decision:
    """One decision, as `warden check --json` prints it (`json`; `raw` is it parsed).

    `decision` (and `allowed`) come straight from the text, which always starts with the
    outcome; the other fields are parsed on first use, so a caller that only asks "allowed?"
    never pays for a JSON parse.

    Decisions from a Gateway also carry `decision_id` and, for require_approval, the pending
    approval's `approval_id` and `approval_expires_at` (Unix seconds): pass the id to
    `Gateway.wait_for_approval`. All three are None for local checks and fail-mode answers."""

    __slots__ = ("decision", "json", "_raw", "decision_id", "approval_id", "approval_expires_at")

    def __init__(self, text: str, raw: Optional[Dict[str, Any]] = None, decision_id: Optional[str] = None,
                 approval_id: Optional[str] = None, approval_expires_at: Optional[int] = None):
        self.json = text
        self._raw = raw
        #: The gateway's audit-log id for this decision (None for local checks and fail-mode answers).
        self.decision_id = decision_id
        #: For require_approval at a gateway: the pending approval to wait for (else None).
        self.approval_id = approval_id
        #: When that approval expires, in Unix seconds (else None).
        self.approval_expires_at = approval_expires_at
        if raw is None and text.startswith(_PREFIX):
            self.decision = text[len(_PREFIX):text.index('"', len(_PREFIX))]
        else:
            self._raw = raw if raw is not None else json.loads(text)
            self.decision = self._raw["decision"]

    @classmethod
    def from_json(cls, text: str) -> "Decision":
        return cls(text)

    @property
    def raw(self) -> Dict[str, Any]:
        if self._raw is None:
            self._raw = json.loads(self.json)
        return self._raw

    @property
    def reason(self) -> str:
        return self.raw.get("reason", "")

    @property
    def rules(self) -> List[str]:
        return list(self.raw.get("rules", []))

    @property
    def policy(self) -> Optional[Dict[str, Any]]:
        return self.raw.get("policy")

    @property
    def risk(self) -> Optional[str]:
        return self.raw.get("risk")

    @property
    def allowed(self) -> bool:
        return self.decision == "allow"

    @property
    def requires_approval(self) -> bool:
        return self.decision == "require_approval"

    def __repr__(self) -> str:
        return f"Decision(decision={self.decision!r}, reason={self.reason!r}, rules={self.rules!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decision) and other.json == self.json

    def __hash__(self) -> int:
        return hash(self.json)


if _native.bind_decision is not None:
    # The C accelerator then makes each check's Decision itself, as Decision(text) would (this
    # __init__ cost more than the check it wraps).
    _native.bind_decision(Decision)


class Denied(Exception):
    """A guarded call was denied; `decision` says why."""

    def __init__(self, decision: Decision):
        super().__init__(f"denied: {decision.reason}")
        self.decision = decision


class ApprovalRequired(Exception):
    """A guarded call needs a human approval first; `decision` names the rule."""

    def __init__(self, decision: Decision):
        super().__init__(f"approval required: {decision.reason}")
        self.decision = decision


def _action(type: str, target: Optional[str], params: Optional[Mapping[str, Any]], context: Optional[Mapping[str, Any]],
            agent: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    if not isinstance(type, str) or not type:
        raise ValueError("type must be a non-empty action name such as 'bash.execute'")
    action: Dict[str, Any] = {"type": type}
    if target is not None:
        action["target"] = target
    if params:
        action["params"] = dict(params)
    if context:
        action["context"] = dict(context)
    if agent:
        action["agent"] = dict(agent)
    return action


def _unix_seconds(at: Any) -> int:
    """`at` as libwarden takes it: an int64 number of Unix seconds."""
    seconds = int(at)
    if not -2**63 <= seconds < 2**63:
        raise ValueError(f"at must be Unix seconds that fit in 64 bits, got {at!r}")
    return seconds


def _check_json(handle: int, action_json: str, at: Optional[int] = None) -> Decision:
    """Engine.check_json on an engine's handle (the accelerator's Checker falls back to it)."""
    when = -1 if at is None else _unix_seconds(at)
    if _native.fast_check is not None:
        decision = _native.fast_check(handle, action_json, when)
        if decision is not None:
            return decision
    text = _native.check_into(handle, _native.encode(action_json, "action"), when)
    return Decision(text)


def _check(handle: int, type: str, target: Optional[str] = None, params: Optional[Mapping[str, Any]] = None,
           context: Optional[Mapping[str, Any]] = None, agent: Optional[Mapping[str, Any]] = None,
           at: Optional[int] = None) -> Decision:
    """Engine.check on an engine's handle (the accelerator's Checker falls back to it)."""
    if _native.fast_check_action is not None and type.__class__ is str and type:
        # The accelerator writes the action's JSON (the same action as below, in one C call);
        # None means it left the case to this path, which gives the precise error.
        decision = _native.fast_check_action(handle, type, target, params, context, agent,
                                             -1 if at is None else _unix_seconds(at))
        if decision is not None:
            return decision
    return _check_json(handle, json.dumps(_action(type, target, params, context, agent)), at)


# The handle stands where `self` does, so a bad call's TypeError reads exactly as the method's.
_check_json.__qualname__, _check.__qualname__ = "Engine.check_json", "Engine.check"


class Engine:
    """A compiled policy set. Immutable and safe to share between threads; `close()` (or a
    `with` block) releases it, after which every call raises WardenError(invalid_handle)."""

    def __init__(self, handle: int):
        # After close() the old handle is kept: libwarden itself refuses it (invalid_handle).
        self._handle = handle
        self._open = True
        if _native.Checker is not None:
            # With the C accelerator, check_json and check are each one C call on this instance
            # (a Python method's own frame cost as much as the accelerator's work). They decide
            # exactly as the methods below do, and hand any other call shape to them. A subclass
            # that overrides a method keeps its override.
            cls = type(self)
            if cls.check_json is Engine.check_json:
                self.check_json = _native.Checker(handle, 0, _check_json)
            if cls.check is Engine.check:
                self.check = _native.Checker(handle, 1, _check)

    @classmethod
    def from_directory(cls, path: str) -> "Engine":
        """Loads every *.yaml, *.yml and *.json policy file in `path` (or the one file `path`)."""
        out, err = ctypes.c_void_p(), ctypes.c_void_p()
        status = _native.lib.wd_engine_load_dir(_native.encode(str(path), "path"), ctypes.byref(out), ctypes.byref(err))
        if status != _native.OK:
            raise _native.error_from(_native.take(err), status)
        return cls(out.value)

    @classmethod
    def from_text(cls, text: str, name: str = "policy.yaml") -> "Engine":
        """Compiles policy text (YAML or JSON); `name` labels it in diagnostics."""
        out, err = ctypes.c_void_p(), ctypes.c_void_p()
        status = _native.lib.wd_engine_load_text(_native.encode(text, "text"), _native.encode(name, "name"),
                                                 ctypes.byref(out), ctypes.byref(err))
        if status != _native.OK:
            raise _native.error_from(_native.take(err), status)
        return cls(out.value)

    def check(self, type: str, target: Optional[str] = None, params: Optional[Mapping[str, Any]] = None,
              context: Optional[Mapping[str, Any]] = None, agent: Optional[Mapping[str, Any]] = None,
              at: Optional[int] = None) -> Decision:
        """Decides one action. `at` (Unix seconds) evaluates schedule rules at that time."""
        return _check(self._handle, type, target, params, context, agent, at)

    def check_json(self, action_json: str, at: Optional[int] = None) -> Decision:
        """Decides an action given as JSON text (the `warden check --batch` line format)."""
        return _check_json(self._handle, action_json, at)

    def check_batch(self, actions: Iterable[Mapping[str, Any]], at: Optional[int] = None) -> List[Any]:
        """Decides many actions (dicts with type/target/params/context/agent) in one call. Each
        result is a Decision, or a WardenError for an action that could not be read."""
        text = _native.call(_native.lib.wd_engine_check_batch, self._handle,
                            _native.encode(json.dumps(list(actions)), "actions"), -1 if at is None else int(at))
        out: List[Any] = []
        for item in json.loads(text or "[]"):
            if "error" in item and "decision" not in item:
                out.append(WardenError("invalid_json", item["error"], item))
            else:
                out.append(Decision(json.dumps(item, ensure_ascii=False, separators=(",", ":")), raw=item))
        return out

    def info(self) -> Dict[str, Any]:
        """The loaded policies: {"warden": version, "policies": [{name, version, scope, statements}]}."""
        return json.loads(_native.call(_native.lib.wd_engine_info, self._handle) or "{}")

    def close(self) -> None:
        """Releases the engine. Closing twice raises WardenError(invalid_handle)."""
        err = ctypes.c_void_p()
        status = _native.lib.wd_engine_close(self._handle, ctypes.byref(err))
        if status != _native.OK:
            raise _native.error_from(_native.take(err), status)
        self._open = False

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._open:
            self.close()


@dataclass(frozen=True)
class Claims:
    """The verified claims of an agent token."""

    iss: str
    sub: str
    team: Optional[str]
    org: Optional[str]
    iat: int
    nbf: int
    exp: int
    jti: str


def verify_token(token: str, jwks: Any, now: Optional[int] = None, issuer: Optional[str] = None, leeway: int = 0) -> Claims:
    """Verifies a Warden agent token against a JWKS (JSON text or a dict, as the gateway's
    GetPublicKeys serves it). Raises TokenError (with `.reason`) when it is refused."""
    jwks_text = jwks if isinstance(jwks, str) else json.dumps(jwks)
    text = _native.call(_native.lib.wd_token_verify, _native.encode(token, "token"), _native.encode(jwks_text, "jwks"),
                        -1 if now is None else int(now), None if issuer is None else _native.encode(issuer, "issuer"),
                        int(leeway))
    c = json.loads(text or "{}")
    return Claims(iss=c["iss"], sub=c["sub"], team=c.get("team"), org=c.get("org"), iat=c["iat"], nbf=c["nbf"],
                  exp=c["exp"], jti=c["jti"])


@dataclass(frozen=True)
class Registration:
    """A registered agent: its id and token (kept by the Gateway for later calls)."""

    agent_id: str
    token: str
    expires_at: int


@dataclass(frozen=True)
class Approval:
    """An approval as `Gateway.wait_for_approval` ends it (`raw` has every field, as
    `warden approvals show --json` prints them).

    `state` is "approved", "rejected" or "expired" when a human decided (or nobody did before
    the approval expired), "timed_out" when the wait's timeout passed first, and "unavailable"
    when the gateway could not be reached: `approved` is True only for "approved", so every
    other outcome fails closed. `decided_by` and `note` are the decider's (None if undecided);
    `reason` is the decision's reason, or why the wait did not get an answer."""

    approval_id: str
    state: str
    reason: str
    decided_by: Optional[str]
    note: Optional[str]
    raw: Dict[str, Any] = field(repr=False, compare=False)

    @property
    def approved(self) -> bool:
        return self.state == "approved"

    @classmethod
    def from_json(cls, text: str) -> "Approval":
        raw = json.loads(text)
        return cls(approval_id=raw["approval_id"], state=raw["state"], reason=raw.get("reason") or "",
                   decided_by=raw.get("decided_by"), note=raw.get("note"), raw=raw)


_DETAILED_PREFIX = '{"decision":'
_DETAILED_TAIL = ',"decision_id":'


def _gateway_decision(reply: str) -> Decision:
    """A Decision from wd_gateway_check_detailed's reply, whose first member is the decision
    JSON verbatim (ffi/README.md): it is cut out, not re-encoded, so `json` keeps the gateway's
    bytes (the engine's, byte for byte)."""
    cut = reply.rfind(_DETAILED_TAIL)
    if not reply.startswith(_DETAILED_PREFIX) or cut < 0:
        raise WardenError("internal", f"libwarden answered a gateway check with unexpected JSON: {reply[:200]!r}")
    rest = json.loads("{" + reply[cut + 1:])
    return Decision(reply[len(_DETAILED_PREFIX):cut], decision_id=rest.get("decision_id"), approval_id=rest.get("approval_id"),
                    approval_expires_at=rest.get("approval_expires_at"))


class Gateway:
    """A client of a Warden gateway (`warden serve`) through libwarden's gRPC client.

    Checks are decided by the gateway, audited there, and identified by the agent token. When
    the gateway cannot be reached, `check` does not raise: it answers deny (fail closed, the
    default) or allow (`fail_open=True`) with rules ["gateway_unavailable"] and a reason that
    says so. Other gateway errors raise WardenError (status "gateway_refused" or "unavailable").

    A require_approval decision names a pending approval (`approval_id`); `wait_for_approval`
    blocks until a human decides it and fails closed: a timeout or an unreachable gateway is an
    Approval that is not `approved`, whatever `fail_open` says.
    """

    def __init__(self, handle: int):
        self._handle = handle
        self._open = True

    @classmethod
    def connect(cls, address: str, timeout: float = 5.0, fail_open: bool = False, tls: bool = False,
                token: Optional[str] = None) -> "Gateway":
        """`address` is host:port; `timeout` (seconds) bounds every call. Connecting is lazy."""
        out, err = ctypes.c_void_p(), ctypes.c_void_p()
        status = _native.lib.wd_gateway_connect(_native.encode(address, "address"), int(timeout * 1000), 1 if fail_open else 0,
                                                1 if tls else 0, ctypes.byref(out), ctypes.byref(err))
        if status != _native.OK:
            raise _native.error_from(_native.take(err), status)
        gateway = cls(out.value)
        if token is not None:
            gateway.set_token(token)
        return gateway

    def set_token(self, token: str) -> None:
        """Uses `token` (from an earlier registration) for checks and events."""
        err = ctypes.c_void_p()
        status = _native.lib.wd_gateway_set_token(self._handle, _native.encode(token, "token"), ctypes.byref(err))
        if status != _native.OK:
            raise _native.error_from(_native.take(err), status)

    def register(self, enrollment_secret: str, name: str, team: Optional[str] = None, org: Optional[str] = None,
                 labels: Optional[Mapping[str, str]] = None) -> Registration:
        """Registers an agent with an enrollment secret; the token is kept for later calls."""
        request = {"enrollment_secret": enrollment_secret, "name": name, "team": team, "org": org, "labels": dict(labels or {})}
        reply = json.loads(_native.call(_native.lib.wd_gateway_register, self._handle, _native.encode(json.dumps(request), "request")) or "{}")
        return Registration(agent_id=reply["agent_id"], token=reply["token"], expires_at=reply["expires_at"])

    def check(self, type: str, target: Optional[str] = None, params: Optional[Mapping[str, Any]] = None,
              context: Optional[Mapping[str, Any]] = None) -> Decision:
        """Decides an action at the gateway (identity from the token). The Decision has
        `decision_id` and, for require_approval, `approval_id` and `approval_expires_at`."""
        text = _native.encode(json.dumps(_action(type, target, params, context, None)), "action")
        return _gateway_decision(_native.call(_native.lib.wd_gateway_check_detailed, self._handle, text) or "")

    def wait_for_approval(self, approval_id: str, timeout: float = 300.0) -> Approval:
        """Blocks until a human approves or rejects `approval_id` (from a require_approval
        `check`), it expires, or `timeout` seconds pass (more than 0, at most a day; the
        connection's timeout does not apply). Other Python threads run meanwhile.

        Fails closed: no decision in time is an Approval with state "timed_out", an unreachable
        gateway one with state "unavailable"; only state "approved" has `approved` True. Once
        approved, the same action (type, target, params) is allowed once by `check`.

        Raises WardenError: "gateway_refused" with details["grpc_code"] "not_found" for an
        unknown approval or another agent's; "invalid_argument" for an empty id, a timeout out
        of range, or no agent token yet."""
        seconds = float(timeout)
        if not 0 < seconds <= 86400:  # also refuses NaN
            raise InvalidInputError("invalid_argument", f"timeout must be more than 0 and at most 86400 seconds, got {timeout!r}")
        ms = min(math.ceil(seconds * 1000), 86_400_000)
        text = _native.call(_native.lib.wd_gateway_wait_for_approval, self._handle, _native.encode(approval_id, "approval_id"), ms)
        return Approval.from_json(text or "{}")

    def record(self, events: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
        """Records events (warden.v1.Event in protobuf's JSON mapping); returns once durable:
        {"count", "first_sequence", "last_sequence", "chain_hash"}."""
        text = _native.encode(json.dumps(list(events)), "events")
        return json.loads(_native.call(_native.lib.wd_gateway_record, self._handle, text) or "{}")

    def close(self) -> None:
        err = ctypes.c_void_p()
        status = _native.lib.wd_gateway_close(self._handle, ctypes.byref(err))
        if status != _native.OK:
            raise _native.error_from(_native.take(err), status)
        self._open = False

    def __enter__(self) -> "Gateway":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._open:
            self.close()


def guard(action: str, engine: Optional[Engine] = None, target: Optional[str] = None,
          context: Optional[Mapping[str, Any]] = None) -> Callable[[F], F]:
    """Checks `action` before the decorated function runs, with the call's arguments (bound to
    their parameter names) as params. Raises Denied or ApprovalRequired instead of running it.

    `engine` may also be given per call as the keyword `warden_engine=`.
    """
    def decorate(fn: F) -> F:
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            use = kwargs.pop("warden_engine", None) or engine
            if use is None:
                raise WardenError("invalid_argument", f"@warden.guard({action!r}) on {fn.__qualname__} has no engine")
            bound = signature.bind_partial(*args, **kwargs)
            # Arguments JSON cannot hold (objects, bytes...) are passed as their repr().
            params = json.loads(json.dumps({k: v for k, v in bound.arguments.items() if k not in ("self", "cls")}, default=repr))
            decision = use.check(action, target=target, params=params, context=context)
            if decision.decision == "deny":
                raise Denied(decision)
            if decision.decision == "require_approval":
                raise ApprovalRequired(decision)
            return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
