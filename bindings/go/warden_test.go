package warden

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var policy = func() string {
	b, err := os.ReadFile("../testdata/pay.yaml")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func load(t *testing.T) *Engine {
	t.Helper()
	e, err := LoadEngineText(policy, "pay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func status(err error) string {
	var we *Error
	if errors.As(err, &we) {
		return we.Status
	}
	return ""
}

func TestCheckGivesTypedDecisions(t *testing.T) {
	e := load(t)
	ctx := context.Background()
	d, err := e.Check(ctx, Action{Type: "bash.execute", Params: map[string]any{"command": "rm -rf /"}})
	if err != nil || d.Allowed() || d.Decision != "deny" || len(d.Rules()) != 1 || d.Rules()[0] != "NoRm" || d.Policy().Name != "pay" || d.Reason() == "" {
		t.Fatalf("deny: %+v %v", d, err)
	}
	if d, _ := e.Check(ctx, Action{Type: "payment.charge", Params: map[string]any{"amount": 5000}}); !d.RequiresApproval() {
		t.Fatalf("approval: %+v", d)
	}
	if d, _ := e.CheckJSON(ctx, `{"type":"bash.execute","params":{"command":"ls"}}`); !d.Allowed() {
		t.Fatalf("allow: %+v", d)
	}
}

func TestDecisionJSONIsWhatTheCLIPrints(t *testing.T) {
	cli, _ := filepath.Abs("../../.build/debug/warden")
	if _, err := os.Stat(cli); err != nil {
		t.Skip("warden CLI not built")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "pay.yaml")
	if err := os.WriteFile(file, []byte(policy), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(cli, "check", "--policy", file, "--action", "payment.charge", "--param", "amount=5000", "--json").Output()
	d, err := load(t).Check(context.Background(), Action{Type: "payment.charge", Params: map[string]any{"amount": 5000}})
	if err != nil || strings.TrimSpace(string(out)) != d.JSON {
		t.Fatalf("CLI %q vs Go %q (%v)", out, d.JSON, err)
	}
}

func TestInvalidPoliciesListEveryDiagnostic(t *testing.T) {
	_, err := LoadEngineText("spec: {statements: [{effect: maybe}]}\n", "bad.yaml")
	var we *Error
	if !errors.As(err, &we) || we.Status != "policy_invalid" || len(we.Diagnostics) == 0 || we.Diagnostics[0].File != "bad.yaml" {
		t.Fatalf("got %#v", err)
	}
	if _, err := LoadEngine("/nonexistent/policies"); status(err) != "io" || !strings.Contains(err.Error(), "/nonexistent/policies") {
		t.Fatalf("missing dir: %v", err)
	}
	if _, err := LoadEngine("../../conformance/fixtures/policy/001-precedence/policies"); err != nil {
		t.Fatalf("fixture dir: %v", err)
	}
}

func TestBadInputsAreErrors(t *testing.T) {
	e := load(t)
	ctx := context.Background()
	cases := map[string]struct {
		json string
		want string
	}{
		"malformed":     {`{"type":`, "invalid_json"},
		"unknown field": {`{"type":"x","parms":{}}`, "invalid_json"},
		"not utf-8":     {"{\"type\":\"\xc3\x28\"}", "invalid_utf8"},
		"nul byte":      {"{\"type\":\"a\x00b\"}", "invalid_argument"},
		"too large":     {`{"type":"x","params":{"b":"` + strings.Repeat("a", 2<<20) + `"}}`, "too_large"},
	}
	for name, c := range cases {
		if _, err := e.CheckJSON(ctx, c.json); status(err) != c.want {
			t.Errorf("%s: got %v, want %s", name, err, c.want)
		}
	}
	if _, err := e.Check(ctx, Action{}); status(err) != "invalid_argument" {
		t.Errorf("empty type: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.Check(cancelled, Action{Type: "x"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestCloseAndUseAfterClose(t *testing.T) {
	e, err := LoadEngineText(policy, "pay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Check(context.Background(), Action{Type: "x"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("check after close: %v", err)
	}
	if err := e.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("double close: %v", err)
	}
}

func TestConcurrentChecks(t *testing.T) {
	e := load(t)
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				cmd := "ls"
				if (g+i)%2 == 1 {
					cmd = "rm -rf /"
				}
				d, err := e.Check(context.Background(), Action{Type: "bash.execute", Params: map[string]any{"command": cmd}})
				if err != nil || d.Allowed() != (cmd == "ls") {
					errs <- cmd
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for bad := range errs {
		t.Errorf("wrong answer for %q", bad)
	}
}

func TestCheckBatch(t *testing.T) {
	out, err := load(t).CheckBatch(context.Background(), []Action{{Type: "bash.execute"}, {Type: "payment.charge"}})
	if err != nil || len(out) != 2 || !out[0].Decision.Allowed() || !out[1].Decision.Allowed() {
		t.Fatalf("%+v %v", out, err)
	}
}

func TestVerifyTokenRefusal(t *testing.T) {
	_, err := VerifyToken("nope", `{"keys":[]}`, VerifyOptions{})
	var we *Error
	if !errors.As(err, &we) || we.Status != "token_refused" || we.Reason != "malformed" {
		t.Fatalf("got %#v", err)
	}
	if _, err := VerifyToken("a.b.c", "{", VerifyOptions{}); status(err) != "invalid_json" {
		t.Fatalf("bad jwks: %v", err)
	}
	if !strings.Contains(Version(), ".") {
		t.Fatalf("version %q", Version())
	}
}

func TestDecisionsLargerThanTheBuffer(t *testing.T) {
	reason := strings.Repeat("r", 10000)
	e, err := LoadEngineText("apiVersion: warden/v1\nkind: Policy\nmetadata: {name: long}\nspec:\n  default: deny\n  statements:\n"+
		"    - {sid: Long, effect: deny, actions: [x.y], reason: \""+reason+"\"}\n", "long.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	d, err := e.Check(context.Background(), Action{Type: "x.y"})
	if err != nil || d.Decision != "deny" || d.Reason() != reason {
		t.Fatalf("%v %q", err, d.Decision)
	}
}

func TestEqualDecisionsAreSharedButNotAliased(t *testing.T) {
	e := load(t)
	ctx := context.Background()
	action := `{"type":"bash.execute","params":{"command":"rm -rf /"}}`
	first, err := e.CheckJSON(ctx, action)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.CheckJSON(ctx, action)
	if err != nil {
		t.Fatal(err)
	}
	if first.JSON != again.JSON || first.Decision != again.Decision || first.Decision != "deny" {
		t.Fatalf("%+v != %+v", first, again)
	}
	fresh, err := newDecision(first.JSON)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Details().Reason != again.Details().Reason || len(again.Rules()) != 1 {
		t.Fatalf("cached %+v, fresh %+v", again.Details(), fresh.Details())
	}
	// What one caller does to its copy of the details is not seen by another.
	rules := first.Rules()
	rules[0] = "changed"
	details := first.Details()
	details.Policy.Name = "changed"
	if again.Rules()[0] == "changed" || again.Policy().Name == "changed" {
		t.Fatalf("details are shared: %+v", again.Details())
	}
}

func TestDecisionCacheIsBounded(t *testing.T) {
	e := load(t)
	ctx := context.Background()
	// Each type has its own default decision (its reason names the type): more texts than the
	// cache keeps, each still right, the first ones again after the cache is full.
	for round := 0; round < 2; round++ {
		for i := 0; i < maxCachedDecisions+100; i++ {
			typ := "t" + strings.Repeat("x", i%7) + "." + string(rune('a'+i%26)) + strings.Repeat("y", i/26)
			d, err := e.CheckJSON(ctx, `{"type":"`+typ+`"}`)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(d.Reason(), "no rule matched "+typ+";") {
				t.Fatalf("%s: %s", typ, d.Reason())
			}
		}
	}
	if m := decisionCache.Load(); m == nil || len(*m) > maxCachedDecisions {
		t.Fatalf("cache holds %d decisions (at most %d)", len(*m), maxCachedDecisions)
	}
}

// A check allocates nothing in Go once its decision text has been seen: the pooled scratch
// holds the action and the answer, the shared Decision comes from the cache, and the pointers
// cross to C without cgo's run-time check (which allocated 8 bytes a call). AllocsPerRun
// divides whole counts, so a pool refill after a garbage collection does not show.
func TestCheckJSONDoesNotAllocate(t *testing.T) {
	e := load(t)
	ctx := context.Background()
	action := `{"type":"payment.charge","params":{"amount":2061.28,"country":"KP"}}`
	want, err := e.CheckJSON(ctx, action)
	if err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if d, err := e.CheckJSON(ctx, action); err != nil || d.JSON != want.JSON {
			t.Fatalf("CheckJSON: %v %q", err, d.JSON)
		}
	})
	if allocs != 0 {
		t.Errorf("CheckJSON allocates %v times a call; want 0", allocs)
	}
}

// Checks that end in a kept decision find it by serial (decisionForSerial); these hold every
// answer to its own text, for more kept decisions than the table has slots, and for decisions
// made for one action alone (serial 0).
func TestDecisionsBySerialStayRight(t *testing.T) {
	e := load(t)
	ctx := context.Background()
	for round := 0; round < 2; round++ {
		for i := 0; i < 3*serialSlots; i++ {
			typ := "t" + strconv.Itoa(i) + ".x"
			d, err := e.Check(ctx, Action{Type: typ})
			if err != nil || d.Decision != "deny" || !strings.HasPrefix(d.Reason(), "no rule matched "+typ+";") {
				t.Fatalf("%s: %v %q", typ, err, d.JSON)
			}
		}
		d, err := e.CheckJSON(ctx, `{"type":"bash.execute","params":{"command":"rm -rf /"}}`)
		if err != nil || d.Decision != "deny" || strings.Join(d.Rules(), ",") != "NoRm" {
			t.Fatalf("rm: %v %q", err, d.JSON)
		}
	}
	two, err := LoadEngineText("default: allow\nstatements:\n  - {sid: A, effect: deny, actions: [x.y]}\n  - {sid: B, effect: deny, actions: [x.y]}\n", "two.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer two.Close()
	for i := 0; i < 3; i++ {
		d, err := two.CheckJSON(ctx, `{"type":"x.y"}`)
		if err != nil || d.Decision != "deny" || strings.Join(d.Rules(), ",") != "A,B" {
			t.Fatalf("two rules: %v %q", err, d.JSON)
		}
	}
}

// Two serials in one slot evict each other and each still gets its own text. The serials are
// far above any libwarden hands out, so no real check can meet these entries.
func TestDecisionForSerialSlots(t *testing.T) {
	a, b := uint64(1)<<62+5, uint64(1)<<62+5+serialSlots
	textA, textB := `{"decision":"allow","reason":"a"}`, `{"decision":"deny","reason":"b"}`
	for i := 0; i < 4; i++ {
		da, err := decisionForSerial([]byte(textA), a)
		if err != nil || da.JSON != textA || da.Decision != "allow" {
			t.Fatalf("a: %v %q", err, da.JSON)
		}
		db, err := decisionForSerial([]byte(textB), b)
		if err != nil || db.JSON != textB || db.Decision != "deny" {
			t.Fatalf("b: %v %q", err, db.JSON)
		}
	}
	// Kept: a second lookup of the same serial does not read the text.
	if d, _ := decisionForSerial([]byte(textB), b); d.JSON != textB {
		t.Fatal(d.JSON)
	}
	if d, _ := decisionForSerial([]byte("ignored"), b); d.JSON != textB {
		t.Fatalf("serial %d not kept: %q", b, d.JSON)
	}
}
