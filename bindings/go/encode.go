package warden

import (
	"encoding/base64"
	"math"
	"strconv"
	"unicode/utf8"
)

// This file is Check's fast path: a hand-written encoder for Action that appends, without
// reflection, exactly the bytes json.Marshal would produce. It knows the value types people
// put in Params and Context (the ones json.Unmarshal makes, Go's numbers, and a few common
// maps and slices); for anything else (structs, pointers, named types such as json.Number,
// json.Marshaler implementations, NaN, ...) it reports failure and Check falls back to json.Marshal for the
// whole action, so the text and every error are json.Marshal's own.
//
// Byte-for-byte equality matters: the engine reads "5" as an integer and "5.5" as a float, and
// its messages quote the action. The rules below mirror Go's encoding/json (encode.go): keys
// sorted by their string, HTML-safe string escaping, ES6-style float formatting.

// maxEncodeDepth bounds the nesting the fast encoder follows. Deeper values (and cycles, which
// json.Marshal detects and refuses) go to json.Marshal.
const maxEncodeDepth = 64

// appendAction appends the JSON encoding of a to b, as json.Marshal(a) would write it. It
// reports false, with b's new contents unspecified, when a holds a value the fast path does not
// handle.
func appendAction(b []byte, a *Action) ([]byte, bool) {
	// Field order and omitempty rules of Action's struct tags.
	b = append(b, `{"type":`...)
	b = appendString(b, a.Type)
	if a.Target != "" {
		b = append(b, `,"target":`...)
		b = appendString(b, a.Target)
	}
	var ok bool
	if len(a.Params) > 0 {
		b = append(b, `,"params":`...)
		if b, ok = appendMap(b, a.Params, 1); !ok {
			return b, false
		}
	}
	if len(a.Context) > 0 {
		b = append(b, `,"context":`...)
		if b, ok = appendMap(b, a.Context, 1); !ok {
			return b, false
		}
	}
	if ag := a.Agent; ag != nil {
		// Agent's fields are all omitempty; none set gives {}.
		b = append(b, `,"agent":{`...)
		sep := false
		for _, f := range [...]struct{ name, value string }{{`"id":`, ag.ID}, {`"team":`, ag.Team}, {`"org":`, ag.Org}} {
			if f.value == "" {
				continue
			}
			if sep {
				b = append(b, ',')
			}
			sep = true
			b = append(b, f.name...)
			b = appendString(b, f.value)
		}
		b = append(b, '}')
	}
	return append(b, '}'), true
}

// appendValue appends one value found in a map or slice. Its dynamic type must match a case
// exactly, so named types (time.Duration, json.RawMessage, a user's type MyMap map[string]any,
// ...), which may have their own MarshalJSON, fall back.
func appendValue(b []byte, v any, depth int) ([]byte, bool) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), true
	case string:
		return appendString(b, v), true
	case bool:
		return strconv.AppendBool(b, v), true
	case float64:
		return appendFloat(b, v, 64)
	case float32:
		return appendFloat(b, float64(v), 32)
	case int:
		return strconv.AppendInt(b, int64(v), 10), true
	case int8:
		return strconv.AppendInt(b, int64(v), 10), true
	case int16:
		return strconv.AppendInt(b, int64(v), 10), true
	case int32:
		return strconv.AppendInt(b, int64(v), 10), true
	case int64:
		return strconv.AppendInt(b, v, 10), true
	case uint:
		return strconv.AppendUint(b, uint64(v), 10), true
	case uint8:
		return strconv.AppendUint(b, uint64(v), 10), true
	case uint16:
		return strconv.AppendUint(b, uint64(v), 10), true
	case uint32:
		return strconv.AppendUint(b, uint64(v), 10), true
	case uint64:
		return strconv.AppendUint(b, v, 10), true
	case uintptr:
		return strconv.AppendUint(b, uint64(v), 10), true
	case map[string]any:
		return appendMap(b, v, depth+1)
	case []any:
		if v == nil {
			return append(b, "null"...), true
		}
		if depth+1 > maxEncodeDepth {
			return b, false
		}
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			var ok bool
			if b, ok = appendValue(b, e, depth+1); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case map[string]string:
		return appendStringMap(b, v), true
	case []string:
		if v == nil {
			return append(b, "null"...), true
		}
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']'), true
	case []byte:
		// json.Marshal writes a []byte as a base64 string.
		if v == nil {
			return append(b, "null"...), true
		}
		n := base64.StdEncoding.EncodedLen(len(v))
		b = append(b, '"')
		b = append(b, make([]byte, n)...) // grows b in place; no allocation for the make
		base64.StdEncoding.Encode(b[len(b)-n:], v)
		return append(b, '"'), true
	}
	return b, false
}

// smallMap is the number of keys a map may have for appendMap to sort them on the stack.
const smallMap = 8

// appendMap appends a map[string]any with its keys in sorted order.
func appendMap(b []byte, m map[string]any, depth int) ([]byte, bool) {
	if m != nil && depth > maxEncodeDepth {
		return b, false
	}
	return appendSorted(b, m, depth, appendValue)
}

// appendStringMap appends a map[string]string with its keys in sorted order.
func appendStringMap(b []byte, m map[string]string) []byte {
	b, _ = appendSorted(b, m, 0, func(b []byte, s string, _ int) ([]byte, bool) { return appendString(b, s), true })
	return b
}

// appendSorted appends m as a JSON object (null when nil) with its keys sorted as encoding/json
// sorts them, each value written by value (given depth); false when value refuses one.
func appendSorted[V any](b []byte, m map[string]V, depth int, value func([]byte, V, int) ([]byte, bool)) ([]byte, bool) {
	if m == nil {
		return append(b, "null"...), true
	}
	var small [smallMap]string
	keys := small[:0]
	if len(m) > smallMap {
		keys = make([]string, 0, len(m))
	}
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		var ok bool
		if b, ok = value(b, m[k], depth); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// sortStrings sorts keys byte-wise, as encoding/json sorts map keys. It is written out rather
// than calling sort.Strings, whose interface conversion would move appendMap's stack array of
// keys to the heap: insertion sort for the small maps that are the rule, heapsort beyond.
func sortStrings(keys []string) {
	if len(keys) <= 12 {
		for i := 1; i < len(keys); i++ {
			for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
				keys[j], keys[j-1] = keys[j-1], keys[j]
			}
		}
		return
	}
	siftDown := func(root, n int) {
		for {
			child := 2*root + 1
			if child >= n {
				return
			}
			if child+1 < n && keys[child] < keys[child+1] {
				child++
			}
			if !(keys[root] < keys[child]) {
				return
			}
			keys[root], keys[child] = keys[child], keys[root]
			root = child
		}
	}
	for i := len(keys)/2 - 1; i >= 0; i-- {
		siftDown(i, len(keys))
	}
	for end := len(keys) - 1; end > 0; end-- {
		keys[0], keys[end] = keys[end], keys[0]
		siftDown(0, end)
	}
}

// appendFloat formats f as encoding/json's floatEncoder does (bits is 32 for a float32):
// shortest round-trip digits, in 'f' form for magnitudes in [1e-6, 1e21) and 'e' form (with a
// one-digit exponent left unpadded) outside it. It reports false for NaN and ±Inf, which
// json.Marshal refuses.
func appendFloat(b []byte, f float64, bits int) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	abs := math.Abs(f)
	format := byte('f')
	// The cutoffs are compared in float32 for a float32, as encoding/json does.
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// Clean up e-09 to e-9.
		n := len(b)
		if n-start >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

const hexDigits = "0123456789abcdef"

// htmlSafe reports the ASCII bytes appendString copies as they are (encoding/json's
// htmlSafeSet): all but control characters, ", \, <, > and &.
var htmlSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		safe[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return safe
}()

// appendString appends s as a JSON string the way json.Marshal writes it (HTML escaping on):
// ", \ and control characters escaped (\n, \r, \t by name, the rest as \u00XX), <, > and & as
// \u003c, \u003e and \u0026, U+2028 and U+2029 as \u2028 and \u2029, and each byte of invalid
// UTF-8 as \ufffd.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if htmlSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
