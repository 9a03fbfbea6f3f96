package annotate

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestDupKey(t *testing.T) {
	many := func(n int, dup bool) string {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, `"k%d":%d,`, i, i)
		}
		if dup {
			b.WriteString(`"k7":0,`)
		}
		b.WriteString(`"end":1}`)
		return b.String()
	}
	for _, c := range []struct {
		name, json string
		key        string // "" for none
		at         int
	}{
		{"none", `{"label":"claim","start":3}`, "", -1},
		{"top level", `{"label":"claim","label":"actor"}`, "label", 17},
		{"a number", `{"start":3,"start":30}`, "start", 11},
		{"nested in an array", `{"spans":[{"a":1},{"a":1,"b":2,"a":3}]}`, "a", 31},
		{"same key in sibling objects", `[{"a":1},{"a":2}]`, "", -1},
		{"same key at two depths", `{"a":{"a":{"a":1}}}`, "", -1},
		{"a key after a nested object", `{"a":{"b":1},"b":2,"a":3}`, "a", 19},
		{"escaped the same", `{"label":1,"l\u0061bel":2}`, `label`, 11},
		{"quote and backslash in a value", `{"t":"say \"a\":1,\\","a":1,"t":2}`, "t", 28},
		{"keys in a string are not keys", `{"t":"{\"a\":1,\"a\":2}"}`, "", -1},
		{"a value that looks like a key", `{"a":"b","b":"a"}`, "", -1},
		{"many keys", many(100, false), "", -1},
		{"many keys, one twice", many(100, true), "k7", 0},
		{"deep", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), "", -1},
		{"deep object", strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000), "", -1},
		{"cut short", `{"a":1,"a`, "", -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			key, at := DupKey([]byte(c.json))
			if key != c.key || (c.at != 0 && at != c.at) || (c.key == "") != (at < 0) {
				t.Errorf("DupKey(%.60q) = %q at %d, want %q at %d", c.json, key, at, c.key, c.at)
			}
		})
	}
	err := DupKeyError("label", "at byte 17 of the line")
	if !errors.Is(err, ErrDupKey) || !strings.Contains(err.Error(), `key "label" given twice in one object (the second at byte 17 of the line)`) {
		t.Errorf("DupKeyError: %v", err)
	}
}
