package annotate

import (
	"errors"
	"strings"
	"testing"
)

// CheckID takes an ID of exactly MaxIDBytes bytes, in any script, and
// refuses one a byte longer, one holding a control character of any of
// Unicode's three ranges (C0, DEL, C1), and bytes not UTF-8; its message
// says the length and never holds the ID.
func TestCheckID(t *testing.T) {
	for _, c := range []struct {
		id   string
		want string
	}{
		{strings.Repeat("y", MaxIDBytes), ""},
		{strings.Repeat("é", MaxIDBytes/2), ""},
		{"01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e4", ""},
		{"T12 Zoë’s span", ""},
		{strings.Repeat("y", MaxIDBytes+1), "it is 4097 bytes long (at most 4096, with no control character)"},
		{"a\nb", "it holds a control character (a line break, a tab, NUL, escape…), which no ID or name may (3 bytes)"},
		{"a\tb", "it holds a control character"},
		{"a\x00b", "it holds a control character"},
		{"a\x1b[31mb", "it holds a control character"},
		{"a\x7fb", "it holds a control character"},
		{"a\u0085b", "it holds a control character"},
		{"a\xffb", "it is not UTF-8 (3 bytes)"},
	} {
		err := CheckID(c.id)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckID(%.40q) = %v, want nil", c.id, err)
		case c.want != "" && (err == nil || !errors.Is(err, ErrBadID) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckID(%.40q) = %v, want %q", c.id, err, c.want)
		case err != nil && len(c.id) > 2 && strings.Contains(err.Error(), c.id):
			t.Errorf("CheckID(%.40q) = %v: it prints the ID", c.id, err)
		}
	}
}

// IDText shows an ID CheckID takes, clipped with its length where it is
// long, and one it refuses by its length alone.
func TestIDText(t *testing.T) {
	for id, want := range map[string]string{
		"1f50a70ca5222e41":              "1f50a70ca5222e41",
		strings.Repeat("y", MaxIDBytes): strings.Repeat("y", 60) + "… (4096 bytes)",
		strings.Repeat("x", 70000):      "an ID of 70000 bytes",
		"evil\nskein: ok":               "an ID of 14 bytes holding a control character or a byte not UTF-8",
	} {
		if got := IDText(id); got != want {
			t.Errorf("IDText(%.40q) = %q, want %q", id, got, want)
		}
	}
}
