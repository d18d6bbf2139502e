"""Govern LangChain tools with Warden: every tool call is checked before the tool runs.

    from warden.langchain import govern_tools
    tools = govern_tools([search, delete_file], engine=warden.Engine.from_directory(".warden/policies"))
    # or gateway=warden.Gateway.connect("127.0.0.1:50051", ...) after gateway.register(...)

Each call becomes the action `tool.call` with target = the tool's name and params = the tool's
input (a dict; a plain string input becomes {"input": "..."}). Allowed calls run the original
tool. A denied call never runs it: the agent gets a refusal text (`on_deny="return"`, the
default), or `warden.Denied` is raised (`on_deny="raise"`). `require_approval` at a gateway waits
up to `approval_timeout` seconds for a human (`warden approvals approve`) and runs the tool only
if approved (then checks again: an approved action is allowed once); without a gateway, or when
nobody approves in time, it is refused like a deny (`warden.ApprovalRequired` when raising).

For code that cannot replace its tools, `WardenCallbackHandler` does the same check in
`on_tool_start` and raises before the tool body runs (pass it in `callbacks=[...]`).

Needs `langchain-core` (pip install langchain-core); the rest of the SDK does not.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Union

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.tools import BaseTool, StructuredTool

from . import ApprovalRequired, Decision, Denied, Engine, Gateway

__all__ = ["govern_tools", "govern_tool", "WardenCallbackHandler", "check_tool_call"]

_REFUSAL = "Denied by Warden: {reason}"


def _params(tool_input: Any) -> Dict[str, Any]:
    if isinstance(tool_input, dict):
        return dict(tool_input)
    if isinstance(tool_input, str):
        try:
            parsed = json.loads(tool_input)
            if isinstance(parsed, dict):
                return parsed
        except ValueError:
            pass
        return {"input": tool_input}
    return {"input": tool_input}


def check_tool_call(tool_name: str, tool_input: Any, engine: Optional[Engine] = None, gateway: Optional[Gateway] = None,
                    action_type: str = "tool.call", approval_timeout: float = 300.0) -> Decision:
    """The decision for one tool call (after waiting for a human at a gateway, when needed)."""
    if (engine is None) == (gateway is None):
        raise ValueError("pass exactly one of engine= and gateway=")
    params = _params(tool_input)
    if engine is not None:
        return engine.check(action_type, target=tool_name, params=params)
    decision = gateway.check(action_type, target=tool_name, params=params)
    if decision.requires_approval and getattr(decision, "approval_id", None) and approval_timeout > 0:
        approval = gateway.wait_for_approval(decision.approval_id, timeout=approval_timeout)
        if approval.approved:
            return gateway.check(action_type, target=tool_name, params=params)
    return decision


def _refusal(decision: Decision) -> str:
    reason = decision.reason
    if decision.requires_approval:
        reason += " (requires human approval" + (f": approval {decision.approval_id} was not approved in time)"
                                                  if getattr(decision, "approval_id", None) else "; no gateway to ask)")
    return _REFUSAL.format(reason=reason)


def govern_tool(tool: BaseTool, engine: Optional[Engine] = None, gateway: Optional[Gateway] = None, on_deny: str = "return",
                action_type: str = "tool.call", approval_timeout: float = 300.0) -> BaseTool:
    """A tool with the same name, description and arguments that asks Warden first."""
    if on_deny not in ("return", "raise"):
        raise ValueError(f"on_deny must be 'return' or 'raise', got {on_deny!r}")
    if (engine is None) == (gateway is None):
        raise ValueError("pass exactly one of engine= and gateway=")

    def decide(kwargs: Dict[str, Any]) -> Optional[str]:
        decision = check_tool_call(tool.name, kwargs, engine=engine, gateway=gateway, action_type=action_type,
                                   approval_timeout=approval_timeout)
        if decision.allowed:
            return None
        if on_deny == "raise":
            raise ApprovalRequired(decision) if decision.requires_approval else Denied(decision)
        return _refusal(decision)

    def run(**kwargs: Any) -> Any:
        refusal = decide(kwargs)
        return refusal if refusal is not None else tool.invoke(kwargs)

    async def arun(**kwargs: Any) -> Any:
        refusal = decide(kwargs)
        return refusal if refusal is not None else await tool.ainvoke(kwargs)

    return StructuredTool.from_function(
        func=run, coroutine=arun, name=tool.name, description=tool.description, args_schema=tool.args_schema,
        return_direct=tool.return_direct, response_format=getattr(tool, "response_format", "content"))


def govern_tools(tools: Sequence[BaseTool], engine: Optional[Engine] = None, gateway: Optional[Gateway] = None,
                 on_deny: str = "return", action_type: str = "tool.call", approval_timeout: float = 300.0) -> List[BaseTool]:
    """`govern_tool` for each tool, in order."""
    return [govern_tool(t, engine=engine, gateway=gateway, on_deny=on_deny, action_type=action_type,
                        approval_timeout=approval_timeout) for t in tools]


class WardenCallbackHandler(BaseCallbackHandler):
    """Checks every tool call in `on_tool_start` and raises `warden.Denied` (or
    `warden.ApprovalRequired`) before a refused tool's body runs. LangChain propagates the
    exception because `raise_error` is set."""

    raise_error = True

    def __init__(self, engine: Optional[Engine] = None, gateway: Optional[Gateway] = None, action_type: str = "tool.call",
                 approval_timeout: float = 300.0):
        if (engine is None) == (gateway is None):
            raise ValueError("pass exactly one of engine= and gateway=")
        self.engine, self.gateway, self.action_type, self.approval_timeout = engine, gateway, action_type, approval_timeout

    def on_tool_start(self, serialized: Dict[str, Any], input_str: str, *, inputs: Optional[Dict[str, Any]] = None,
                      **kwargs: Any) -> None:
        name = (serialized or {}).get("name") or kwargs.get("name") or "unknown"
        decision = check_tool_call(name, inputs if inputs is not None else input_str, engine=self.engine, gateway=self.gateway,
                                   action_type=self.action_type, approval_timeout=self.approval_timeout)
        if not decision.allowed:
            raise ApprovalRequired(decision) if decision.requires_approval else Denied(decision)
