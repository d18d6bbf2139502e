package warden

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The fast encoder's contract: for every action it accepts, exactly json.Marshal's bytes; for
// every other action, a fallback to json.Marshal (so Check's answer and errors do not change).

// marshalCheck is Check as it was before the fast encoder: json.Marshal, then CheckJSON.
func marshalCheck(e *Engine, a Action) (Decision, error) {
	if a.Type == "" {
		return Decision{}, &Error{Status: "invalid_argument", Message: "Action.Type is required (e.g. bash.execute)"}
	}
	text, err := json.Marshal(a)
	if err != nil {
		return Decision{}, &Error{Status: "invalid_json", Message: "action cannot be encoded as JSON: " + err.Error()}
	}
	return e.CheckJSON(context.Background(), string(text))
}

// sameOutcome fails t unless Check and marshalCheck agree on a: the same decision text, or
// errors of the same type, status and message.
func sameOutcome(t *testing.T, e *Engine, name string, a Action) {
	t.Helper()
	got, gotErr := e.Check(context.Background(), a)
	want, wantErr := marshalCheck(e, a)
	if got.JSON != want.JSON || got.Decision != want.Decision {
		t.Errorf("%s: Check gave %q, json.Marshal+CheckJSON %q", name, got.JSON, want.JSON)
	}
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && (gotErr.Error() != wantErr.Error() || status(gotErr) != status(wantErr)) {
		t.Errorf("%s: Check error %v, json.Marshal+CheckJSON error %v", name, gotErr, wantErr)
	}
}

func encodeAction(a Action) ([]byte, bool) { return appendAction(nil, &a) }

// wantMarshal fails t unless the fast encoder accepts a and writes what json.Marshal writes.
func wantMarshal(t *testing.T, a Action) {
	t.Helper()
	want, err := json.Marshal(a)
	if err != nil {
		t.Fatalf("json.Marshal(%#v): %v", a, err)
	}
	got, ok := encodeAction(a)
	if !ok {
		t.Fatalf("fast encoder refused %#v (json.Marshal: %s)", a, want)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("fast encoder differs for %#v\n got  %s\n want %s", a, got, want)
	}
}

// gen makes random actions out of the value types the fast encoder handles.
type gen struct{ r *rand.Rand }

// Pieces of strings: everything encoding/json escapes or replaces, and plain text around it.
var stringPieces = []string{
	"a", "Z", "0", " ", "rm -rf /", "ls", `"`, `\`, "/", "'", "<", ">", "&", "<script>", "&amp;",
	"\x00", "\x01", "\x07", "\b", "\f", "\n", "\r", "\t", "\x1b", "\x1f", "\x7f",
	"é", "日本語", "😀", "\u00a0", "\u2027", "\u2028", "\u2029", "\u202a", "\ufeff", "\ufffd", "\U0010ffff",
	"\xff", "\xfe", "\xc3", "\xc3\x28", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\x80",
}

func (g gen) string() string {
	var sb strings.Builder
	for n := g.r.Intn(6); n > 0; n-- {
		if g.r.Intn(5) == 0 {
			sb.WriteByte(byte(g.r.Intn(256))) // any byte at all
		} else {
			sb.WriteString(stringPieces[g.r.Intn(len(stringPieces))])
		}
	}
	return sb.String()
}

// Floats around every boundary of encoding/json's float format.
var specialFloats = []float64{
	0, math.Copysign(0, -1), 1, -1, 5, 5.5, 0.1, 0.2, 1.0 / 3, 100, 1e6, 1e20, 1e21, 1e22, -1e21, 123456789e13,
	1e-6, 1e-7, -1e-7, 9.999999e-7, 1.0000001e-6, 1e-9, 1e-10, 1e-100, 1e100, 1e300, 2.5e-308,
	math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.MaxFloat32, math.SmallestNonzeroFloat32,
	1 << 53, 1<<53 + 1, 1 << 63, 1 << 64, -(1 << 63), 4382.22, 2061.28, 0.000001, 0.0000009999999999999999,
	float64(float32(1e-6)), float64(float32(1e21)), float64(math.Nextafter32(1e-6, 0)), float64(math.Nextafter32(1e21, 0)),
}

func (g gen) float64() float64 {
	switch g.r.Intn(4) {
	case 0:
		return specialFloats[g.r.Intn(len(specialFloats))]
	case 1: // any finite bit pattern
		for {
			if f := math.Float64frombits(g.r.Uint64()); !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f
			}
		}
	case 2: // an integer value (written without a point)
		return float64(g.r.Int63n(1<<40) - 1<<39)
	default: // a few digits at any scale
		return float64(g.r.Int63n(200000)-100000) * math.Pow10(g.r.Intn(60)-30)
	}
}

func (g gen) float32() float32 {
	for {
		var f float32
		switch g.r.Intn(3) {
		case 0:
			f = float32(specialFloats[g.r.Intn(len(specialFloats))])
		case 1:
			f = math.Float32frombits(g.r.Uint32())
		default:
			f = float32(g.float64())
		}
		if !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0) { // json.Marshal refuses those
			return f
		}
	}
}

// int64 gives small numbers, full-range ones and the extremes.
func (g gen) int64() int64 {
	switch g.r.Intn(4) {
	case 0:
		return []int64{0, -1, 1, math.MaxInt64, math.MinInt64, math.MaxInt32, math.MinInt32, 1 << 53, -(1 << 53) - 1}[g.r.Intn(9)]
	case 1:
		return int64(g.r.Uint64())
	default:
		return g.r.Int63n(20000) - 10000
	}
}

func (g gen) uint64() uint64 {
	if g.r.Intn(3) == 0 {
		return []uint64{0, 1, math.MaxUint64, math.MaxUint32, 1 << 63}[g.r.Intn(5)]
	}
	return g.r.Uint64() >> uint(g.r.Intn(64))
}

func (g gen) value(depth int) any {
	n := 22
	if depth <= 0 {
		n = 17 // no more containers
	}
	switch g.r.Intn(n) {
	case 0:
		return nil
	case 1, 2:
		return g.string()
	case 3:
		return g.r.Intn(2) == 0
	case 4, 5:
		return g.float64()
	case 6:
		return g.float32()
	case 7:
		return int(g.int64())
	case 8:
		return int8(g.int64())
	case 9:
		return int16(g.int64())
	case 10:
		return int32(g.int64())
	case 11:
		return g.int64()
	case 12:
		switch u := g.uint64(); g.r.Intn(6) {
		case 0:
			return uint(u)
		case 1:
			return uint8(u)
		case 2:
			return uint16(u)
		case 3:
			return uint32(u)
		case 4:
			return uintptr(u)
		default:
			return u
		}
	case 13:
		return g.string()
	case 14:
		if g.r.Intn(4) == 0 {
			return []byte(nil)
		}
		b := make([]byte, g.r.Intn(10))
		g.r.Read(b)
		return b
	case 15:
		if g.r.Intn(4) == 0 {
			return []string(nil)
		}
		s := make([]string, g.r.Intn(4))
		for i := range s {
			s[i] = g.string()
		}
		return s
	case 16:
		if g.r.Intn(4) == 0 {
			return map[string]string(nil)
		}
		m := map[string]string{}
		for i := g.r.Intn(5); i > 0; i-- {
			m[g.string()] = g.string()
		}
		return m
	case 17, 18, 19:
		return g.object(depth - 1)
	default:
		if g.r.Intn(5) == 0 {
			return []any(nil)
		}
		s := make([]any, g.r.Intn(5))
		for i := range s {
			s[i] = g.value(depth - 1)
		}
		return s
	}
}

func (g gen) object(depth int) map[string]any {
	switch g.r.Intn(8) {
	case 0:
		return nil
	case 1:
		return map[string]any{}
	}
	m := map[string]any{}
	n := g.r.Intn(5)
	if g.r.Intn(10) == 0 {
		n = 9 + g.r.Intn(30) // past the stack array of keys and the insertion sort
	}
	for ; n > 0; n-- {
		m[g.string()] = g.value(depth)
	}
	return m
}

func (g gen) action() Action {
	a := Action{Type: g.string(), Params: g.object(3), Context: g.object(3)}
	if a.Type == "" {
		a.Type = "bash.execute"
	}
	if g.r.Intn(2) == 0 {
		a.Target = g.string()
	}
	if g.r.Intn(2) == 0 {
		a.Agent = &Agent{}
		if g.r.Intn(2) == 0 {
			a.Agent.ID = g.string()
		}
		if g.r.Intn(2) == 0 {
			a.Agent.Team = g.string()
		}
		if g.r.Intn(2) == 0 {
			a.Agent.Org = g.string()
		}
	}
	return a
}

func TestFastEncoderMatchesMarshalOnRandomActions(t *testing.T) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	for _, s := range []int64{1, 2, seed} {
		g := gen{rand.New(rand.NewSource(s))}
		for i := 0; i < 5000; i++ {
			wantMarshal(t, g.action())
		}
	}
}

func TestFastEncoderMatchesMarshalOnStrings(t *testing.T) {
	check := func(s string) {
		t.Helper()
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	}
	for b := 0; b < 256; b++ {
		check(string([]byte{byte(b)}))
		check("x" + string([]byte{byte(b)}) + "y")
	}
	for _, r := range []rune{0x7f, 0x80, 0x7ff, 0x800, 0x2028, 0x2029, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, utf8.MaxRune} {
		check(string(r))
		check("<" + string(r) + "&")
	}
	g := gen{rand.New(rand.NewSource(3))}
	for i := 0; i < 20000; i++ {
		check(g.string())
		b := make([]byte, g.r.Intn(12))
		g.r.Read(b)
		check(string(b))
	}
}

func TestFastEncoderMatchesMarshalOnNumbers(t *testing.T) {
	check := func(v any) {
		t.Helper()
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%v: %v", v, err)
		}
		if got, ok := appendValue(nil, v, 0); !ok || !bytes.Equal(got, want) {
			t.Fatalf("%T %v: got %s (%v), want %s", v, v, got, ok, want)
		}
	}
	for _, f := range specialFloats {
		check(f)
		check(-f)
		if f32 := float32(f); !math.IsInf(float64(f32), 0) {
			check(f32)
			check(-f32)
		}
	}
	g := gen{rand.New(rand.NewSource(4))}
	for i := 0; i < 50000; i++ {
		check(g.float64())
		check(g.float32())
	}
	// Both sides of the 'e' format cutoffs, in float64 and float32.
	for _, cut := range []float64{1e-6, 1e21} {
		f := cut
		for i := 0; i < 20; i++ {
			check(f)
			check(float32(f))
			f = math.Nextafter(f, 0)
		}
		f32 := float32(cut)
		for i := 0; i < 20; i++ {
			check(f32)
			check(float64(f32))
			f32 = math.Nextafter32(f32, math.MaxFloat32)
		}
	}
	for _, v := range []any{int8(math.MinInt8), int8(math.MaxInt8), int16(math.MinInt16), uint8(255), uint16(65535),
		uint32(math.MaxUint32), uint64(math.MaxUint64), int64(math.MinInt64), int(math.MaxInt), uint(math.MaxUint)} {
		check(v)
	}
}

func TestFastEncoderEdgeShapes(t *testing.T) {
	for _, a := range []Action{
		{Type: "x"},
		{Type: "x", Params: map[string]any{}, Context: map[string]any{}},
		{Type: "x", Agent: &Agent{}},
		{Type: "x", Agent: &Agent{Org: "o"}},
		{Type: "x", Agent: &Agent{ID: "i", Team: "t", Org: "o"}},
		{Type: "x", Target: "t", Params: map[string]any{"a": nil, "b": map[string]any(nil), "c": []any(nil), "d": []string(nil),
			"e": map[string]string(nil), "f": []byte(nil), "g": []any{}, "h": map[string]any{}, "i": []string{}, "j": map[string]string{}, "k": []byte{}}},
		{Type: "x", Params: map[string]any{"b": 1, "a": 2, "\xff": 3, "\xfe": 4, "A": 5, "": 6, "é": 7, "aa": 8, "a\x00": 9}},
		{Type: "payment.charge", Params: map[string]any{"amount": 5000, "ratio": 5.0, "f": 5.5, "neg": math.Copysign(0, -1)}},
		{Type: "x", Params: map[string]any{"deep": []any{map[string]any{"a": []any{[]any{map[string]any{"z": "y"}}}}}}},
	} {
		wantMarshal(t, a)
	}
	// Nesting up to the limit stays on the fast path.
	v := any("leaf")
	for i := 0; i < maxEncodeDepth-1; i++ {
		if i%2 == 0 {
			v = []any{v}
		} else {
			v = map[string]any{"k": v}
		}
	}
	wantMarshal(t, Action{Type: "x", Params: map[string]any{"v": v}})
}

// The encoder writes a typical action without allocating (a pooled buffer is reused).
func TestFastEncoderDoesNotAllocate(t *testing.T) {
	a := Action{Type: "payment.charge", Target: "acct", Params: map[string]any{"amount": 2061.28, "country": "KP", "tags": []any{"a", 1}},
		Context: map[string]any{"ip": "10.0.0.1"}, Agent: &Agent{ID: "bot"}}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(100, func() { buf, _ = appendAction(buf[:0], &a) }); n != 0 {
		t.Fatalf("%v allocations per encoding", n)
	}
}

type customMarshaler struct{}

func (customMarshaler) MarshalJSON() ([]byte, error) { return []byte(`{"custom":[1,2]}`), nil }

type failingMarshaler struct{}

func (failingMarshaler) MarshalJSON() ([]byte, error) { return nil, errors.New("no JSON for you") }

type textKey int

func (k textKey) MarshalText() ([]byte, error) { return []byte("k" + string(rune('0'+k))), nil }

type myMap map[string]any

func TestFallbackCasesGiveMarshalsResult(t *testing.T) {
	e := load(t)
	amount := 5000
	cycle := map[string]any{}
	cycle["self"] = cycle
	deep := any("leaf")
	for i := 0; i < 2*maxEncodeDepth; i++ {
		deep = []any{deep}
	}
	cases := map[string]any{
		"struct": struct{ Amount int }{5000},
		"struct with tags": struct {
			Amount int `json:"amount"`
		}{5000},
		"pointer":             &amount,
		"nil pointer":         (*int)(nil),
		"NaN":                 math.NaN(),
		"+Inf":                math.Inf(1),
		"-Inf":                math.Inf(-1),
		"float32 NaN":         float32(math.NaN()),
		"float32 +Inf":        float32(math.Inf(1)),
		"NaN in a slice":      []any{1, math.NaN()},
		"custom Marshaler":    customMarshaler{},
		"failing Marshaler":   failingMarshaler{},
		"Marshaler deep":      map[string]any{"a": []any{customMarshaler{}}},
		"json.RawMessage":     json.RawMessage(`{"raw": true}`),
		"bad json.RawMessage": json.RawMessage(`{`),
		"time.Duration":       time.Second,
		"time.Time":           time.Unix(0, 0).UTC(),
		"named map":           myMap{"amount": 5000},
		"map[string]int":      map[string]int{"b": 1, "a": 2},
		"map[int]any":         map[int]any{2: "b", 10: "a"},
		"text-keyed map":      map[textKey]any{1: "a"},
		"[]int":               []int{1, 2},
		"[3]string":           [3]string{"a"},
		"json.Number":         json.Number("5"),
		"invalid json.Number": json.Number("1x"),
		"channel":             make(chan int),
		"func":                func() {},
		"complex":             complex(1, 2),
		"cycle":               cycle,
		"too deep":            deep,
	}
	for name, v := range cases {
		for _, a := range []Action{
			{Type: "payment.charge", Params: map[string]any{"amount": v}},
			{Type: "payment.charge", Params: map[string]any{"amount": 5000}, Context: map[string]any{"z": []any{v}}},
		} {
			if _, ok := encodeAction(a); ok {
				t.Errorf("%s: the fast encoder accepted it", name)
			}
			sameOutcome(t, e, name, a)
		}
	}
	// The fallback's errors are json.Marshal's, as before.
	_, err := e.Check(context.Background(), Action{Type: "x", Params: map[string]any{"v": math.NaN()}})
	if status(err) != "invalid_json" || err.Error() != "warden: action cannot be encoded as JSON: json: unsupported value: NaN" {
		t.Errorf("NaN: %v", err)
	}
	_, err = e.Check(context.Background(), Action{Type: "x", Params: map[string]any{"v": math.Inf(1)}})
	if status(err) != "invalid_json" || err.Error() != "warden: action cannot be encoded as JSON: json: unsupported value: +Inf" {
		t.Errorf("+Inf: %v", err)
	}
}

func TestCheckDecidesLikeMarshalThenCheckJSON(t *testing.T) {
	e := load(t)
	for name, a := range map[string]Action{
		"int amount":       {Type: "payment.charge", Params: map[string]any{"amount": 5000}},
		"float amount":     {Type: "payment.charge", Params: map[string]any{"amount": 1000.5}},
		"whole float":      {Type: "payment.charge", Params: map[string]any{"amount": 1001.0}},
		"float32 amount":   {Type: "payment.charge", Params: map[string]any{"amount": float32(999.5)}},
		"exponent amount":  {Type: "payment.charge", Params: map[string]any{"amount": 1e4}},
		"string amount":    {Type: "payment.charge", Params: map[string]any{"amount": "5000"}},
		"tiny amount":      {Type: "payment.charge", Params: map[string]any{"amount": 1e-7}},
		"huge amount":      {Type: "payment.charge", Params: map[string]any{"amount": 1e21}},
		"uint64 amount":    {Type: "payment.charge", Params: map[string]any{"amount": uint64(math.MaxUint64)}},
		"rm":               {Type: "bash.execute", Params: map[string]any{"command": "rm -rf /"}},
		"escaped command":  {Type: "bash.execute", Params: map[string]any{"command": "echo \"<&>\"\u2028 \x00\xff; rm -rf /"}},
		"everything":       {Type: "bash.execute", Target: "host", Params: map[string]any{"command": "ls", "env": map[string]string{"A": "1"}}, Context: map[string]any{"ip": "10.0.0.1"}, Agent: &Agent{ID: "a", Team: "t"}},
		"unknown field":    {Type: "bash.execute", Agent: &Agent{}},
		"invalid UTF-8":    {Type: "bash.e\xffecute"},
		"non-object param": {Type: "bash.execute", Params: map[string]any{"command": []any{"rm", "-rf"}}},
	} {
		if _, ok := encodeAction(a); !ok {
			t.Errorf("%s: the fast encoder refused it", name)
		}
		sameOutcome(t, e, name, a)
	}
	g := gen{rand.New(rand.NewSource(5))}
	for i := 0; i < 300; i++ {
		a := g.action()
		if i%2 == 0 {
			a.Type = "payment.charge"
		}
		sameOutcome(t, e, "random", a)
	}
}

func TestErrorPrecedenceIsUnchanged(t *testing.T) {
	e, err := LoadEngineText(policy, "pay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_ = e.Close()
	// An action json.Marshal refuses is reported before the closed engine, as before.
	if _, err := e.Check(context.Background(), Action{Type: "x", Params: map[string]any{"v": math.NaN()}}); status(err) != "invalid_json" {
		t.Errorf("NaN on a closed engine: %v", err)
	}
	// A NUL byte is reported after the context and the closed engine.
	if _, err := e.CheckJSON(context.Background(), "{\"type\":\"a\x00b\"}"); !errors.Is(err, ErrClosed) {
		t.Errorf("NUL on a closed engine: %v", err)
	}
	open := load(t)
	if _, err := open.CheckJSON(context.Background(), "{\"type\":\"a\x00b\"}"); err == nil || err.Error() != "warden: action contains a NUL byte" || status(err) != "invalid_argument" {
		t.Errorf("NUL: %v", err)
	}
}

func BenchmarkEncodeAction(b *testing.B) {
	a := Action{Type: "payment.charge", Params: map[string]any{"amount": 2061.28, "country": "KP"}}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		buf := make([]byte, 0, 4096)
		for i := 0; i < b.N; i++ {
			buf, _ = appendAction(buf[:0], &a)
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = json.Marshal(a)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	e, err := LoadEngineText(policy, "pay.yaml")
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	a := Action{Type: "payment.charge", Params: map[string]any{"amount": 2061.28, "country": "KP"}}
	b.Run("Check", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = e.Check(ctx, a)
		}
	})
	b.Run("CheckJSON", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = e.CheckJSON(ctx, `{"params":{"amount":2061.28,"country":"KP"},"type":"payment.charge"}`)
		}
	})
}
