package warden

/*
#include <stdlib.h>
#include "warden.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"time"
	"unsafe"
)

// Gateway is a client of a Warden gateway (`warden serve`) through libwarden's gRPC client.
// When the gateway cannot be reached, Check does not fail: it answers deny (fail closed, the
// default) or allow (FailOpen) with rules ["gateway_unavailable"] and a reason that says so.
// A require_approval decision names a pending approval (ApprovalID) that WaitForApproval
// waits for; that wait always fails closed. Safe for concurrent use.
type Gateway struct {
	mu     sync.RWMutex
	handle *C.wd_gateway
}

// GatewayOptions configure Connect.
type GatewayOptions struct {
	Timeout  time.Duration // per call; default 5s
	FailOpen bool          // allow instead of deny when the gateway is unreachable
	TLS      bool          // verify the server with the system trust roots
	Token    string        // an agent token from an earlier registration
}

// Registration is a registered agent; the Gateway keeps its token for later calls.
type Registration struct {
	AgentID   string `json:"agent_id"`
	Token     string `json:"token"`
	ExpiresAt int64  `json:"expires_at"`
}

// Connect opens a (lazy) connection to the gateway at address (host:port).
func Connect(address string, opts GatewayOptions) (*Gateway, error) {
	caddr, err := cString(address, "address")
	if err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(caddr))
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 5 * time.Second
	}
	failMode, tls := C.int32_t(0), C.int32_t(0)
	if opts.FailOpen {
		failMode = 1
	}
	if opts.TLS {
		tls = 1
	}
	var h *C.wd_gateway
	var errText *C.char
	if s := C.wd_gateway_connect(caddr, C.int64_t(timeout.Milliseconds()), failMode, tls, &h, &errText); s != C.WD_OK {
		return nil, failure(s, errText)
	}
	g := &Gateway{handle: h}
	if opts.Token != "" {
		if err := g.SetToken(opts.Token); err != nil {
			g.Close()
			return nil, err
		}
	}
	return g, nil
}

func (g *Gateway) call(ctx context.Context, fn func(h *C.wd_gateway) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.handle == nil {
		return ErrClosed
	}
	return fn(g.handle)
}

// SetToken uses token for later calls.
func (g *Gateway) SetToken(token string) error {
	return g.call(context.Background(), func(h *C.wd_gateway) error {
		ctoken, err := cString(token, "token")
		if err != nil {
			return err
		}
		defer C.free(unsafe.Pointer(ctoken))
		var errText *C.char
		if s := C.wd_gateway_set_token(h, ctoken, &errText); s != C.WD_OK {
			return failure(s, errText)
		}
		return nil
	})
}

// Register registers an agent with an enrollment secret.
func (g *Gateway) Register(ctx context.Context, enrollmentSecret, name, team, org string, labels map[string]string) (Registration, error) {
	var reg Registration
	request, _ := json.Marshal(map[string]any{"enrollment_secret": enrollmentSecret, "name": name, "team": team, "org": org, "labels": labels})
	err := g.call(ctx, func(h *C.wd_gateway) error {
		creq, err := cString(string(request), "request")
		if err != nil {
			return err
		}
		defer C.free(unsafe.Pointer(creq))
		var out, errText *C.char
		if s := C.wd_gateway_register(h, creq, &out, &errText); s != C.WD_OK {
			return failure(s, errText)
		}
		return json.Unmarshal([]byte(takeString(out)), &reg)
	})
	return reg, err
}

// GatewayDecision is a Decision made by the gateway, with its audit-log id ("" for
// fail-mode answers) and, for require_approval, the pending approval to pass to
// WaitForApproval and when it expires (Unix seconds); "" and 0 otherwise.
type GatewayDecision struct {
	Decision
	DecisionID        string
	ApprovalID        string
	ApprovalExpiresAt int64
}

// detailedReply is wd_gateway_check_detailed's answer. Decision is a json.RawMessage so the
// decision keeps the gateway's bytes (the engine's, byte for byte).
type detailedReply struct {
	Decision          json.RawMessage `json:"decision"`
	DecisionID        *string         `json:"decision_id"`
	ApprovalID        *string         `json:"approval_id"`
	ApprovalExpiresAt *int64          `json:"approval_expires_at"`
}

// Check decides an action at the gateway (identity from the token, not from a.Agent).
func (g *Gateway) Check(ctx context.Context, a Action) (GatewayDecision, error) {
	var d GatewayDecision
	text, err := json.Marshal(a)
	if err != nil {
		return d, &Error{Status: "invalid_json", Message: "action cannot be encoded as JSON: " + err.Error()}
	}
	err = g.call(ctx, func(h *C.wd_gateway) error {
		caction, err := cString(string(text), "action")
		if err != nil {
			return err
		}
		defer C.free(unsafe.Pointer(caction))
		var out, errText *C.char
		if s := C.wd_gateway_check_detailed(h, caction, &out, &errText); s != C.WD_OK {
			return failure(s, errText)
		}
		var reply detailedReply
		if err := json.Unmarshal([]byte(takeString(out)), &reply); err != nil {
			return &Error{Status: "internal", Message: "libwarden answered a gateway check with unexpected JSON: " + err.Error()}
		}
		if reply.DecisionID != nil {
			d.DecisionID = *reply.DecisionID
		}
		if reply.ApprovalID != nil {
			d.ApprovalID = *reply.ApprovalID
		}
		if reply.ApprovalExpiresAt != nil {
			d.ApprovalExpiresAt = *reply.ApprovalExpiresAt
		}
		d.Decision, err = newDecision(string(reply.Decision))
		return err
	})
	return d, err
}

// Approval is an approval as WaitForApproval ends it. State is "approved", "rejected" or
// "expired" when a human decided (or nobody did before it expired), "timed_out" when the
// wait's timeout passed first, and "unavailable" when the gateway could not be reached.
// Approved is true only for "approved": every other outcome fails closed. DecidedBy and Note
// are the decider's ("" if nobody decided); Reason is the decision's reason, or why the wait
// got no answer. Raw is the whole approval JSON, as `warden approvals show --json` prints it.
type Approval struct {
	ApprovalID string
	State      string
	Approved   bool
	DecidedBy  string
	Note       string
	Reason     string
	Raw        json.RawMessage
}

// MaxApprovalWait is the longest wait WaitForApproval accepts.
const MaxApprovalWait = 24 * time.Hour

// WaitForApproval waits until a human approves or rejects approvalID (from a require_approval
// Check), it expires, or timeout passes (1ms to MaxApprovalWait; the connection's Timeout does
// not apply). A ctx deadline sooner than timeout shortens the wait, with the same result as a
// timeout; cancelling ctx returns ctx.Err() at once (libwarden's wait then ends in the
// background at its deadline, and Close waits for it).
//
// It fails closed: no decision in time is an Approval with State "timed_out", an unreachable
// gateway one with State "unavailable" (even with FailOpen), both with a nil error and
// Approved false. Once approved, the same action (type, target, params) is allowed once by
// Check. An unknown approval, or another agent's, is an *Error with Status "gateway_refused"
// and GRPCCode "not_found".
func (g *Gateway) WaitForApproval(ctx context.Context, approvalID string, timeout time.Duration) (Approval, error) {
	var a Approval
	if err := ctx.Err(); err != nil {
		return a, err
	}
	shortened := false
	if deadline, ok := ctx.Deadline(); ok {
		if left := time.Until(deadline); left < timeout {
			if left <= 0 {
				return a, context.DeadlineExceeded
			}
			timeout, shortened = left, true
		}
	}
	// Rounded up, so a positive timeout under a millisecond still waits; libwarden refuses
	// anything out of range with a message that names it.
	ms := int64(timeout / time.Millisecond)
	if timeout > 0 && timeout%time.Millisecond != 0 {
		ms++
	}
	cid, err := cString(approvalID, "approvalID")
	if err != nil {
		return a, err
	}
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	// The blocking call runs in its own goroutine, which holds the read lock (released there)
	// and frees the id, so a cancelled ctx can return early without freeing what libwarden
	// still uses, and Close waits for the wait.
	g.mu.RLock()
	h := g.handle
	if h == nil {
		g.mu.RUnlock()
		C.free(unsafe.Pointer(cid))
		return a, ErrClosed
	}
	go func() {
		defer g.mu.RUnlock()
		defer C.free(unsafe.Pointer(cid))
		var out, errText *C.char
		if s := C.wd_gateway_wait_for_approval(h, cid, C.int64_t(ms), &out, &errText); s != C.WD_OK {
			done <- result{err: failure(s, errText)}
			return
		}
		done <- result{text: takeString(out)}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		if !shortened || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return a, ctx.Err()
		}
		// The wait has the same deadline, so it ends now too, as "timed_out".
		r = <-done
	}
	if r.err != nil {
		return a, r.err
	}
	var fields struct {
		ApprovalID string  `json:"approval_id"`
		State      string  `json:"state"`
		DecidedBy  *string `json:"decided_by"`
		Note       *string `json:"note"`
		Reason     string  `json:"reason"`
	}
	if err := json.Unmarshal([]byte(r.text), &fields); err != nil {
		return a, &Error{Status: "internal", Message: "libwarden answered a wait with unexpected JSON: " + err.Error()}
	}
	a = Approval{ApprovalID: fields.ApprovalID, State: fields.State, Approved: fields.State == "approved",
		Reason: fields.Reason, Raw: json.RawMessage(r.text)}
	if fields.DecidedBy != nil {
		a.DecidedBy = *fields.DecidedBy
	}
	if fields.Note != nil {
		a.Note = *fields.Note
	}
	return a, nil
}

// EventsReply acknowledges durably committed events.
type EventsReply struct {
	Count         int64  `json:"count"`
	FirstSequence int64  `json:"first_sequence"`
	LastSequence  int64  `json:"last_sequence"`
	ChainHash     string `json:"chain_hash"`
}

// Record records events: warden.v1.Event values in protobuf's JSON mapping, e.g.
// map[string]any{"decision_id": id, "llm_call": map[string]any{"model": "gpt-4o", "input_tokens": 812}}.
func (g *Gateway) Record(ctx context.Context, events []map[string]any) (EventsReply, error) {
	var reply EventsReply
	text, err := json.Marshal(events)
	if err != nil {
		return reply, &Error{Status: "invalid_json", Message: "events cannot be encoded as JSON: " + err.Error()}
	}
	err = g.call(ctx, func(h *C.wd_gateway) error {
		cevents, err := cString(string(text), "events")
		if err != nil {
			return err
		}
		defer C.free(unsafe.Pointer(cevents))
		var out, errText *C.char
		if s := C.wd_gateway_record(h, cevents, &out, &errText); s != C.WD_OK {
			return failure(s, errText)
		}
		return json.Unmarshal([]byte(takeString(out)), &reply)
	})
	return reply, err
}

// Close closes the connection after calls in flight; later calls return ErrClosed.
func (g *Gateway) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.handle == nil {
		return ErrClosed
	}
	var errText *C.char
	s := C.wd_gateway_close(g.handle, &errText)
	g.handle = nil
	if s != C.WD_OK {
		return failure(s, errText)
	}
	return nil
}
