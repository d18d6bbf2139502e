// Package warden runs Warden's policy engine in-process through libwarden (the C ABI in
// ffi/include/warden.h): the same decisions, byte for byte, as the gateway and
// `warden check --json`.
//
//	engine, err := warden.LoadEngine(".warden/policies")
//	if err != nil { ... }
//	defer engine.Close()
//	d, err := engine.Check(ctx, warden.Action{Type: "bash.execute", Params: map[string]any{"command": "rm -rf /"}})
//	d.Allowed(), d.Decision, d.Reason, d.Rules
//
// Build: `make ffi` first. cgo links build/lib/libwarden.so from this repository; elsewhere set
// CGO_CFLAGS=-I<dir with warden.h> and CGO_LDFLAGS="-L<dir> -lwarden -Wl,-rpath,<dir>".
// Connect gives a gateway client (checks, events, and waiting for approvals).
package warden

/*
#cgo CFLAGS: -I${SRCDIR}/../../ffi/include
#cgo LDFLAGS: -L${SRCDIR}/../../build/lib -lwarden -Wl,-rpath,${SRCDIR}/../../build/lib
#include <stdint.h>
#include <stdlib.h>
#include "warden.h"

// wd_engine_check_serial with its pointers passed as integers. cgo checks every Go pointer
// handed to C at run time (GODEBUG=cgocheck=1, the default): for a check's pointer arguments
// that took ~340 instructions of ~4,000, plus an 8-byte allocation. What a check passes is
// exactly what that check allows (Go memory holding no Go pointers: the action's bytes, the
// answer buffer, a size_t, a uint64_t and a slot for a C pointer; nothing kept after the
// call), and checkInput keeps it alive across the call.
static inline wd_status warden_check_serial(uintptr_t engine, uintptr_t action, int64_t at, uintptr_t buffer,
                                            size_t capacity, uintptr_t length, uintptr_t serial, uintptr_t error) {
	return wd_engine_check_serial((wd_engine *)engine, (const char *)action, at, (char *)buffer, capacity,
	                              (size_t *)length, (uint64_t *)serial, (char **)error);
}
*/
import "C"

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ABIVersion is the libwarden ABI this package was written against.
const ABIVersion = 1

// Error is a libwarden failure. Status is its stable name (invalid_json, policy_invalid,
// invalid_handle, token_refused, ...).
type Error struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	// Reason is set for refused tokens: malformed, unsupported_algorithm, unknown_key,
	// bad_signature, expired, not_yet_valid, invalid_claims, wrong_issuer.
	Reason string `json:"reason,omitempty"`
	// Diagnostics is set for invalid policies: every problem found.
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	// GRPCCode is set for gateway errors (Status "gateway_refused"): the gRPC status name,
	// such as unauthenticated, permission_denied, not_found or invalid_argument.
	GRPCCode string `json:"grpc_code,omitempty"`
	// Code is the numeric wd_status.
	Code int `json:"-"`
}

// Diagnostic is one problem in a policy set.
type Diagnostic struct {
	File    string `json:"file"`
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return "warden: " + e.Message }

// ErrClosed is wrapped by errors from a closed Engine.
var ErrClosed = errors.New("warden: engine is closed")

func takeString(p *C.char) string {
	if p == nil {
		return ""
	}
	defer C.wd_free(unsafe.Pointer(p))
	return C.GoString(p)
}

func failure(status C.wd_status, errText *C.char) error {
	e := &Error{Code: int(status)}
	text := takeString(errText)
	if text == "" || json.Unmarshal([]byte(text), e) != nil {
		e.Status, e.Message = "internal", fmt.Sprintf("libwarden returned status %d: %s", int(status), text)
	}
	return e
}

func cString(s, what string) (*C.char, error) {
	if err := noNUL(s, what); err != nil {
		return nil, err
	}
	return C.CString(s), nil
}

// noNUL refuses a string that C would see cut short at an embedded NUL.
func noNUL(s, what string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return &Error{Status: "invalid_argument", Message: what + " contains a NUL byte"}
	}
	return nil
}

func init() {
	if v := int(C.wd_abi_version()); v != ABIVersion {
		panic(fmt.Sprintf("warden: libwarden has ABI version %d; this package needs %d", v, ABIVersion))
	}
}

// Version is the Warden release of the linked libwarden.
func Version() string { return C.GoString(C.wd_version()) }

// Engine is a compiled, immutable policy set, safe for concurrent use.
type Engine struct {
	mu     sync.RWMutex
	handle *C.wd_engine
}

// LoadEngine loads every *.yaml, *.yml and *.json policy file in dir (or the one file dir).
// Invalid policies give an *Error with Status "policy_invalid" and every Diagnostic.
func LoadEngine(dir string) (*Engine, error) {
	cdir, err := cString(dir, "dir")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cdir))
	var h *C.wd_engine
	var errText *C.char
	if s := C.wd_engine_load_dir(cdir, &h, &errText); s != C.WD_OK {
		return nil, failure(s, errText)
	}
	return &Engine{handle: h}, nil
}

// LoadEngineText compiles policy text (YAML or JSON); name labels it in diagnostics.
func LoadEngineText(text, name string) (*Engine, error) {
	ctext, err := cString(text, "text")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(ctext))
	cname, err := cString(name, "name")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(cname))
	var h *C.wd_engine
	var errText *C.char
	if s := C.wd_engine_load_text(ctext, cname, &h, &errText); s != C.WD_OK {
		return nil, failure(s, errText)
	}
	return &Engine{handle: h}, nil
}

// Agent identifies who acts (selects agent:, team: and org: policies).
type Agent struct {
	ID   string `json:"id,omitempty"`
	Team string `json:"team,omitempty"`
	Org  string `json:"org,omitempty"`
}

// Action is something an agent wants to do.
type Action struct {
	Type    string         `json:"type"`
	Target  string         `json:"target,omitempty"`
	Params  map[string]any `json:"params,omitempty"`
	Context map[string]any `json:"context,omitempty"`
	Agent   *Agent         `json:"agent,omitempty"`
}

// PolicyRef names the deciding policy.
type PolicyRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Decision is one decision. JSON is its text, byte for byte what `warden check --json`
// prints. Decision (the outcome) is read from the text's fixed prefix; the other parts are
// decoded on first use by their methods, so a caller that only asks Allowed() never pays for a
// JSON decode.
type Decision struct {
	Decision string // allow | deny | require_approval
	JSON     string
	details  *details
}

// Details are the decision's other fields.
type Details struct {
	Reason              string     `json:"reason"`
	Rules               []string   `json:"rules"`
	Policy              *PolicyRef `json:"policy"`
	Risk                string     `json:"risk"`
	Notes               []string   `json:"notes"`
	ApprovalTimeoutSecs *int       `json:"approval_timeout_seconds"`
}

type details struct {
	once sync.Once
	d    Details
	err  error
}

const decisionPrefix = `{"decision":"`

// scratchPool holds what one check needs in Go memory that libwarden reads and writes only
// during the call: the action's NUL-terminated text, and what the caller-buffer entry point
// writes (the decision, its length and the error text). One pooled object per check (two
// pools cost a second Get and Put), so taking the addresses of the length and the error for C
// costs no allocation either.
var scratchPool = sync.Pool{New: func() any { return &scratch{input: make([]byte, 0, 4096), buf: make([]byte, 4096)} }}

type scratch struct {
	input   []byte
	buf     []byte
	n       C.size_t
	serial  C.uint64_t
	errText *C.char
}

// putScratch returns s to the pool unless one huge action or decision made a buffer grow past
// 1 MiB (a pool should not pin that much memory).
func putScratch(s *scratch) {
	if cap(s.input) <= 1<<20 && cap(s.buf) <= 1<<20 {
		scratchPool.Put(s)
	}
}

func newDecision(text string) (Decision, error) {
	d := Decision{JSON: text, details: &details{}}
	if strings.HasPrefix(text, decisionPrefix) {
		if end := strings.IndexByte(text[len(decisionPrefix):], '"'); end >= 0 {
			d.Decision = text[len(decisionPrefix) : len(decisionPrefix)+end]
			return d, nil
		}
	}
	var probe struct {
		Decision string `json:"decision"`
	}
	if err := json.Unmarshal([]byte(text), &probe); err != nil {
		return d, err
	}
	d.Decision = probe.Decision
	return d, nil
}

// Details decodes (once) and returns the decision's other fields. The slices and pointers in
// the result are the caller's own: equal decisions share their decoded form (see
// decisionFor), so it is copied out.
func (d Decision) Details() Details {
	if d.details == nil {
		return Details{}
	}
	d.details.once.Do(func() { d.details.err = json.Unmarshal([]byte(d.JSON), &d.details.d) })
	out := d.details.d
	if out.Rules != nil {
		out.Rules = append([]string{}, out.Rules...)
	}
	if out.Notes != nil {
		out.Notes = append([]string{}, out.Notes...)
	}
	if out.Policy != nil {
		policy := *out.Policy
		out.Policy = &policy
	}
	if out.ApprovalTimeoutSecs != nil {
		seconds := *out.ApprovalTimeoutSecs
		out.ApprovalTimeoutSecs = &seconds
	}
	return out
}

// decisionCache holds the Decision made for each decision text seen so far, up to
// maxCachedDecisions of them: most checks give a text given before (a rule's own decision, or
// the default for an action type), and then the check allocates nothing. Allocating the text
// and its decoded form on every check made the garbage collector a quarter of a check's time
// in a program with a large heap. Decisions are values and their decoded form is shared
// read-only (Details copies it out), so equal texts can share one. Read with a single atomic
// load; replaced, copied with one more entry, under decisionCacheMu.
var (
	decisionCache   atomic.Pointer[map[string]Decision]
	decisionCacheMu sync.Mutex
)

const (
	maxCachedDecisions    = 512
	maxCachedDecisionSize = 4096
)

// serialDecisions holds the Decision made for each decision serial seen lately
// (wd_engine_check_serial): libwarden names each decision text it keeps and gives again (a
// rule's own decision, the default for an action type) by a serial that no other text ever
// gets, so a check that ends in one finds its Decision with one atomic load, where looking its
// text up in decisionCache hashed and compared ~200 bytes. Direct-mapped by serial: an engine's
// serials are consecutive, so they rarely share a slot, and an entry is taken only for its own
// serial.
var serialDecisions [serialSlots]atomic.Pointer[serialDecision]

const serialSlots = 1024

type serialDecision struct {
	serial uint64
	d      Decision
}

// decisionForSerial is decisionFor(text), kept under serial when it is not 0.
func decisionForSerial(text []byte, serial uint64) (Decision, error) {
	if serial == 0 {
		return decisionFor(text)
	}
	slot := &serialDecisions[serial&(serialSlots-1)]
	if e := slot.Load(); e != nil && e.serial == serial {
		return e.d, nil
	}
	d, err := decisionFor(text)
	if err == nil {
		slot.Store(&serialDecision{serial: serial, d: d})
	}
	return d, err
}

// decisionFor is newDecision(string(text)), from the cache when the text was seen before.
func decisionFor(text []byte) (Decision, error) {
	if m := decisionCache.Load(); m != nil {
		if d, ok := (*m)[string(text)]; ok { // a lookup by []byte does not allocate
			return d, nil
		}
	}
	d, err := newDecision(string(text))
	if err != nil || len(text) > maxCachedDecisionSize {
		return d, err
	}
	decisionCacheMu.Lock()
	defer decisionCacheMu.Unlock()
	old := decisionCache.Load()
	if old == nil || len(*old) < maxCachedDecisions {
		size := 1
		if old != nil {
			size += len(*old)
		}
		next := make(map[string]Decision, size)
		if old != nil {
			for k, v := range *old {
				next[k] = v
			}
		}
		next[d.JSON] = d
		decisionCache.Store(&next)
	}
	return d, nil
}

// Reason says why, in words a person can act on.
func (d Decision) Reason() string { return d.Details().Reason }

// Rules are the ids of the rules that decided.
func (d Decision) Rules() []string { return d.Details().Rules }

// Policy names the deciding policy (nil when none applied).
func (d Decision) Policy() *PolicyRef { return d.Details().Policy }

// Risk is low, medium, high or critical.
func (d Decision) Risk() string { return d.Details().Risk }

// Allowed reports whether the action may go ahead.
func (d Decision) Allowed() bool { return d.Decision == "allow" }

// RequiresApproval reports whether a human must approve the action first.
func (d Decision) RequiresApproval() bool { return d.Decision == "require_approval" }

// CheckOptions tune a check. At is the evaluation time in Unix seconds (0: now).
type CheckOptions struct{ At int64 }

func at(opts []CheckOptions) C.int64_t {
	if len(opts) > 0 && opts[0].At > 0 {
		return C.int64_t(opts[0].At)
	}
	return -1
}

func (e *Engine) call(ctx context.Context, fn func(h *C.wd_engine) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.handle == nil {
		return ErrClosed
	}
	return fn(e.handle)
}

// Check decides one action.
func (e *Engine) Check(ctx context.Context, a Action, opts ...CheckOptions) (Decision, error) {
	if a.Type == "" {
		return Decision{}, &Error{Status: "invalid_argument", Message: "Action.Type is required (e.g. bash.execute)"}
	}
	w := scratchPool.Get().(*scratch)
	defer putScratch(w)
	// The fast encoder writes the action straight into the pooled input buffer; a value it
	// does not know sends the whole action through json.Marshal (same text, same errors).
	text, ok := appendAction(w.input[:0], &a)
	if !ok {
		marshalled, err := json.Marshal(a)
		if err != nil {
			return Decision{}, &Error{Status: "invalid_json", Message: "action cannot be encoded as JSON: " + err.Error()}
		}
		text = append(text[:0], marshalled...)
	}
	w.input = append(text, 0)
	return e.checkInput(ctx, w, opts)
}

// CheckJSON decides an action given as JSON text (the `warden check --batch` line format).
func (e *Engine) CheckJSON(ctx context.Context, actionJSON string, opts ...CheckOptions) (Decision, error) {
	w := scratchPool.Get().(*scratch)
	defer putScratch(w)
	w.input = append(append(w.input[:0], actionJSON...), 0)
	return e.checkInput(ctx, w, opts)
}

// checkInput decides an action: w.input is its JSON text followed by one NUL byte (Check and
// CheckJSON write it there). One call into the caller-buffer entry point: the action and the
// answer both live in pooled Go memory, so no C.CString malloc and free, which cost two more
// cgo calls per check.
func (e *Engine) checkInput(ctx context.Context, w *scratch, opts []CheckOptions) (Decision, error) {
	var d Decision
	err := e.call(ctx, func(h *C.wd_engine) error {
		// Check's encoders escape NUL as \u0000; only CheckJSON's text can hold one.
		if err := noNUL(bytesString(w.input[:len(w.input)-1]), "action"); err != nil {
			return err
		}
		ctext := (*C.char)(unsafe.Pointer(&w.input[0]))
		for {
			w.n, w.serial, w.errText = 0, 0, nil
			s := C.warden_check_serial(address(unsafe.Pointer(h)), address(unsafe.Pointer(ctext)), at(opts),
				address(unsafe.Pointer(&w.buf[0])), C.size_t(len(w.buf)), address(unsafe.Pointer(&w.n)),
				address(unsafe.Pointer(&w.serial)), address(unsafe.Pointer(&w.errText)))
			runtime.KeepAlive(w)
			if s == C.WD_E_BUFFER_TOO_SMALL {
				C.wd_free(unsafe.Pointer(w.errText))
				w.buf = make([]byte, int(w.n)+1)
				continue
			}
			if s != C.WD_OK {
				return failure(s, w.errText)
			}
			var err error
			d, err = decisionForSerial(w.buf[:int(w.n)], uint64(w.serial))
			return err
		}
	})
	return d, err
}

// address is p as the integer warden_check_serial takes (see the preamble).
func address(p unsafe.Pointer) C.uintptr_t { return C.uintptr_t(uintptr(p)) }

// bytesString views b as a string without copying; the string must not outlive b's contents.
func bytesString(b []byte) string { return *(*string)(unsafe.Pointer(&b)) }

// BatchResult is one answer of CheckBatch: a Decision, or Err for an unreadable action.
type BatchResult struct {
	Decision Decision
	Err      error
}

// CheckBatch decides many actions in one call, in order.
func (e *Engine) CheckBatch(ctx context.Context, actions []Action, opts ...CheckOptions) ([]BatchResult, error) {
	text, err := json.Marshal(actions)
	if err != nil {
		return nil, &Error{Status: "invalid_json", Message: "actions cannot be encoded as JSON: " + err.Error()}
	}
	var results []BatchResult
	err = e.call(ctx, func(h *C.wd_engine) error {
		ctext, err := cString(string(text), "actions")
		if err != nil {
			return err
		}
		defer C.free(unsafe.Pointer(ctext))
		var out, errText *C.char
		if s := C.wd_engine_check_batch(h, ctext, at(opts), &out, &errText); s != C.WD_OK {
			return failure(s, errText)
		}
		var items []json.RawMessage
		if err := json.Unmarshal([]byte(takeString(out)), &items); err != nil {
			return err
		}
		for _, item := range items {
			var probe struct {
				Error    *string `json:"error"`
				Decision *string `json:"decision"`
			}
			_ = json.Unmarshal(item, &probe)
			if probe.Error != nil && probe.Decision == nil {
				results = append(results, BatchResult{Err: &Error{Status: "invalid_json", Message: *probe.Error}})
				continue
			}
			d, err := newDecision(string(item))
			if err != nil {
				return err
			}
			results = append(results, BatchResult{Decision: d})
		}
		return nil
	})
	return results, err
}

// Close releases the engine; it waits for checks in flight. Closing twice returns ErrClosed.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.handle == nil {
		return ErrClosed
	}
	var errText *C.char
	s := C.wd_engine_close(e.handle, &errText)
	e.handle = nil
	if s != C.WD_OK {
		return failure(s, errText)
	}
	return nil
}

// Claims are the verified claims of an agent token.
type Claims struct {
	Iss  string  `json:"iss"`
	Sub  string  `json:"sub"`
	Team *string `json:"team"`
	Org  *string `json:"org"`
	Iat  int64   `json:"iat"`
	Nbf  int64   `json:"nbf"`
	Exp  int64   `json:"exp"`
	Jti  string  `json:"jti"`
}

// VerifyOptions tune VerifyToken. Now 0 means the current time; Issuer "" skips the check.
type VerifyOptions struct {
	Now    int64
	Issuer string
	Leeway int64
}

// VerifyToken verifies a Warden agent token against a JWKS (the gateway's GetPublicKeys JSON).
// A refused token gives an *Error with Status "token_refused" and a Reason.
func VerifyToken(token string, jwks string, opts VerifyOptions) (Claims, error) {
	var c Claims
	ctoken, err := cString(token, "token")
	if err != nil {
		return c, err
	}
	defer C.free(unsafe.Pointer(ctoken))
	cjwks, err := cString(jwks, "jwks")
	if err != nil {
		return c, err
	}
	defer C.free(unsafe.Pointer(cjwks))
	var cissuer *C.char
	if opts.Issuer != "" {
		if cissuer, err = cString(opts.Issuer, "issuer"); err != nil {
			return c, err
		}
		defer C.free(unsafe.Pointer(cissuer))
	}
	now := C.int64_t(-1)
	if opts.Now > 0 {
		now = C.int64_t(opts.Now)
	}
	var out, errText *C.char
	if s := C.wd_token_verify(ctoken, cjwks, now, cissuer, C.int64_t(opts.Leeway), &out, &errText); s != C.WD_OK {
		return c, failure(s, errText)
	}
	err = json.Unmarshal([]byte(takeString(out)), &c)
	return c, err
}
