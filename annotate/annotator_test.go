package annotate

import (
	"strings"
	"testing"
)

func TestValidAnnotatorName(t *testing.T) {
	for _, name := range []string{
		"alice", "Bilal Khan", "bilal.khan@uni.edu", "anna-lena_2", "Zoë", "Zoe\u0308",
		"अनिल", "بلال", "王芳", "a+b", strings.Repeat("x", 64), "console", "com10", "curator",
	} {
		if err := ValidAnnotatorName(name); err != nil {
			t.Errorf("%q: %v, want it taken", name, err)
		}
	}
	for _, c := range []struct{ name, why string }{
		{"", "a name is needed"},
		{"../bob", "begins with a letter or a digit"},
		{" alice", "begins with a letter or a digit"},
		{"a/b", `'/' cannot be in a name`},
		{`a\b`, `'\\' cannot be in a name`},
		{"a:b", `':' cannot be in a name`},
		{"a\tb", `'\t' cannot be in a name`},
		{"o'brien", `'\'' cannot be in a name`},
		{"bilal.", "ends with a space or a dot"},
		{"bilal ", "ends with a space or a dot"},
		{"curated", "curated layer's name"},
		{"CURATED", "curated layer's name"},
		{"con", "Windows keeps it for a device"},
		{"NUL.txt", "Windows keeps it for a device"},
		{"com1", "Windows keeps it for a device"},
		{"lpt9 .x", "Windows keeps it for a device"},
		{strings.Repeat("x", 65), "65 characters long; a name has at most 64"},
		{"a\xffb", "not valid UTF-8"},
	} {
		err := ValidAnnotatorName(c.name)
		if err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%q: got %v, want it refused: %s", c.name, err, c.why)
		}
	}
}

func TestAnnotatorNameFrom(t *testing.T) {
	for in, want := range map[string]string{
		"alice":                 "alice",
		"John Smith":            "John Smith",
		"o'brien":               "o-brien",
		".hidden":               "hidden",
		"name.":                 "name",
		"":                      "annotator",
		"con":                   "annotator",
		"curated":               "annotator",
		"$$$":                   "annotator",
		"a:b/c":                 "a-b-c",
		strings.Repeat("y", 70): strings.Repeat("y", 64),
	} {
		got := AnnotatorNameFrom(in)
		if got != want {
			t.Errorf("AnnotatorNameFrom(%q) = %q, want %q", in, got, want)
		}
		if err := ValidAnnotatorName(got); err != nil {
			t.Errorf("AnnotatorNameFrom(%q) = %q, which is refused: %v", in, got, err)
		}
	}
}

// A name is kept composed whichever way it was typed or given back: "Zoë"
// as e and a combining diaeresis is the one Zoë.
func TestNormalName(t *testing.T) {
	if got := NormalName("Zoe\u0308"); got != "Zo\u00eb" {
		t.Errorf("NormalName(Zoe+U+0308) = %q, want Zo\u00eb", got)
	}
	if got := AnnotatorNameFrom("zoe\u0308"); got != "zo\u00eb" {
		t.Errorf("AnnotatorNameFrom(zoe+U+0308) = %q, want zo\u00eb", got)
	}
}

// A label too long is refused naming its first words and its length, not
// repeating all of it: a 500-byte label's message filled the screen.
func TestLongLabelRefusedShortly(t *testing.T) {
	long := strings.Repeat("accusation ", 50)
	err := ValidLabelName(strings.TrimSpace(long))
	if err == nil || len(err.Error()) > 100 || !strings.Contains(err.Error(), "549 bytes long, longer than 64") {
		t.Errorf("got %v", err)
	}
	if err := ValidLabelName("accusation"); err != nil {
		t.Errorf("a short label: %v", err)
	}
}
