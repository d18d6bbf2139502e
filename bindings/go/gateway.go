package warden

/*
#include <stdlib.h>
#include "warden.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"sync"
	"time"
	"unsafe"
)

// Gateway is a client of a Warden gateway (`warden serve`) through libwarden's gRPC client.
// When the gateway cannot be reached, Check does not fail: it answers deny (fail closed, the
// default) or allow (FailOpen) with rules ["gateway_unavailable"] and a reason that says so.
// Safe for concurrent use.
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
// fail-mode answers).
type GatewayDecision struct {
	Decision
	DecisionID string
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
		var out, id, errText *C.char
		if s := C.wd_gateway_check(h, caction, &out, &id, &errText); s != C.WD_OK {
			return failure(s, errText)
		}
		d.DecisionID = takeString(id)
		d.Decision, err = newDecision(takeString(out))
		return err
	})
	return d, err
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
