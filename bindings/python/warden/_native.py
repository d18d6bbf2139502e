"""Loading libwarden and calling its C ABI (ffi/include/warden.h) through ctypes."""
from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import threading
from typing import Any, Optional

ABI_VERSION = 1

# wd_status codes (warden.h).
OK = 0
E_TOKEN_REFUSED = 8
E_BUFFER_TOO_SMALL = 10


class WardenError(Exception):
    """A call into libwarden failed. `status` is the stable name (``invalid_json``,
    ``policy_invalid``, ``invalid_handle``...), `details` the whole error object."""

    def __init__(self, status: str, message: str, details: Optional[dict] = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or {}


class PolicyError(WardenError):
    """The policies are invalid; `diagnostics` lists every problem (file, path, line, message)."""

    @property
    def diagnostics(self) -> list:
        return list(self.details.get("diagnostics", []))


class TokenError(WardenError):
    """A token was refused; `reason` is one of malformed, unsupported_algorithm, unknown_key,
    bad_signature, expired, not_yet_valid, invalid_claims, wrong_issuer."""

    @property
    def reason(self) -> str:
        return str(self.details.get("reason", ""))


class InvalidInputError(WardenError, ValueError):
    """libwarden refused an input value (malformed or wrongly shaped JSON, an unknown option,
    text that is not UTF-8 or is over its limit). Also a ValueError, so callers that validate
    their own input can catch both alike."""


def _candidates() -> list:
    env = os.environ.get("WARDEN_LIB")
    if env:
        return [env]  # an explicit choice is not second-guessed
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_lib", "libwarden.so")
    found = ctypes.util.find_library("warden")
    return [p for p in (here, found) if p]


def _load() -> ctypes.CDLL:
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(f"{path} (missing)")
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as err:
            tried.append(f"{path} ({err})")
            continue
        _declare(lib)
        version = lib.wd_abi_version()
        if version != ABI_VERSION:
            raise ImportError(f"{path} has ABI version {version}; this warden package needs {ABI_VERSION}")
        return lib
    raise ImportError(
        "libwarden not found: set WARDEN_LIB to the path of libwarden.so, or install a package that bundles it"
        + (f" (tried: {'; '.join(tried)})" if tried else ""))


_out = ctypes.POINTER(ctypes.c_void_p)


def _declare(lib: ctypes.CDLL) -> None:
    c_char_p, c_int64, c_void_p = ctypes.c_char_p, ctypes.c_int64, ctypes.c_void_p
    sigs = {
        "wd_abi_version": ([], ctypes.c_uint32),
        "wd_version": ([], c_char_p),
        "wd_free": ([c_void_p], None),
        "wd_engine_load_dir": ([c_char_p, _out, _out], ctypes.c_int32),
        "wd_engine_load_text": ([c_char_p, c_char_p, _out, _out], ctypes.c_int32),
        "wd_engine_close": ([c_void_p, _out], ctypes.c_int32),
        "wd_engine_info": ([c_void_p, _out, _out], ctypes.c_int32),
        "wd_engine_check": ([c_void_p, c_char_p, c_int64, _out, _out], ctypes.c_int32),
        "wd_engine_check_batch": ([c_void_p, c_char_p, c_int64, _out, _out], ctypes.c_int32),
        "wd_engine_check_into": ([c_void_p, c_char_p, c_int64, c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t), _out],
                                 ctypes.c_int32),
        "wd_token_verify": ([c_char_p, c_char_p, c_int64, c_char_p, c_int64, _out, _out], ctypes.c_int32),
        "wd_gateway_connect": ([c_char_p, c_int64, ctypes.c_int32, ctypes.c_int32, _out, _out], ctypes.c_int32),
        "wd_gateway_close": ([c_void_p, _out], ctypes.c_int32),
        "wd_gateway_set_token": ([c_void_p, c_char_p, _out], ctypes.c_int32),
        "wd_gateway_register": ([c_void_p, c_char_p, _out, _out], ctypes.c_int32),
        "wd_gateway_check": ([c_void_p, c_char_p, _out, _out, _out], ctypes.c_int32),
        "wd_gateway_check_detailed": ([c_void_p, c_char_p, _out, _out], ctypes.c_int32),
        "wd_gateway_wait_for_approval": ([c_void_p, c_char_p, c_int64, _out, _out], ctypes.c_int32),
        "wd_gateway_record": ([c_void_p, c_char_p, _out, _out], ctypes.c_int32),
        "wd_scan": ([c_char_p, c_char_p, _out, _out], ctypes.c_int32),
        "wd_scan_arguments": ([c_char_p, _out, _out], ctypes.c_int32),
    }
    for name, (args, res) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res


lib = _load()


def take(pointer: ctypes.c_void_p) -> Optional[str]:
    """Copies a libwarden string and frees it."""
    if not pointer.value:
        return None
    try:
        return ctypes.string_at(pointer.value).decode("utf-8")
    finally:
        lib.wd_free(pointer)


def call(fn, *args: Any, input_errors: bool = False) -> Optional[str]:
    """Calls a function whose last two parameters are `char **out, char **error`; returns the
    out string or raises the right WardenError (an InvalidInputError for refused input values
    when `input_errors`)."""
    out, err = ctypes.c_void_p(), ctypes.c_void_p()
    status = fn(*args, ctypes.byref(out), ctypes.byref(err))
    if status != OK:
        raise error_from(take(err), status, input_errors)
    return take(out)


class _Scratch(threading.local):
    """A per-thread decision buffer for wd_engine_check_into: one foreign call per check."""

    def __init__(self) -> None:
        self.resize(4096)
        self.length = ctypes.c_size_t()
        self.length_ref = ctypes.byref(self.length)

    def resize(self, size: int) -> None:
        self.buffer = ctypes.create_string_buffer(size)
        self.address = ctypes.addressof(self.buffer)
        self.size = size


_scratch = _Scratch()


try:  # the optional C accelerator: one C call per check instead of ctypes' marshalling
    from . import _speedups

    # The package's __init__ hands over the Decision class; from then on both return Decisions.
    bind_decision = _speedups.bind_decision
    _speedups.bind(ctypes.cast(lib.wd_engine_check_into, ctypes.c_void_p).value)
    fast_check = _speedups.check
    # Writes the action's JSON itself (json.dumps is most of a check's cost from a dict).
    fast_check_action = _speedups.check_action
    # An engine's check_json / check as one C call (Engine.__init__).
    Checker = _speedups.Checker
except (ImportError, AttributeError):  # not built, or built from an older SDK: the ctypes path below does the same, slower
    bind_decision = None
    fast_check = None
    fast_check_action = None
    Checker = None


def check_into(handle: int, action: bytes, at: int) -> str:
    """The decision JSON for `action`, through the caller-buffer entry point."""
    s = _scratch
    while True:
        status = lib.wd_engine_check_into(handle, action, at, s.address, s.size, s.length_ref, None)
        if status == OK:
            return ctypes.string_at(s.address, s.length.value).decode("utf-8")
        if status == E_BUFFER_TOO_SMALL:
            s.resize(s.length.value + 1)
            continue
        # Ask again through the allocating entry point for the error's details.
        return call(lib.wd_engine_check, handle, action, at) or ""


_INPUT_STATUSES = ("invalid_utf8", "invalid_json", "too_large", "invalid_argument")


def error_from(text: Optional[str], status: int, input_errors: bool = False) -> WardenError:
    try:
        details = json.loads(text) if text else {}
    except ValueError:
        details = {"message": text}
    name = details.get("status", f"status {status}")
    message = details.get("message", f"libwarden returned status {status}")
    if name == "policy_invalid":
        return PolicyError(name, message, details)
    if name == "token_refused":
        return TokenError(name, message, details)
    if input_errors and name in _INPUT_STATUSES:
        return InvalidInputError(name, message, details)
    return WardenError(name, message, details)


def encode(text: str, what: str) -> bytes:
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a str, got {type(text).__name__}")
    if "\x00" in text:
        raise ValueError(f"{what} contains a NUL character")
    return text.encode("utf-8", "surrogatepass")
