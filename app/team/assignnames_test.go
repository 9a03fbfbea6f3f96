package team

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// assign.json is anyone's in the team to write, and its names were read
// unchecked but for the articles': a line break in an annotator's name
// printed a line of its own wherever it was shown (the Assign form, the
// status line), a name of 10 MB filled them, one with "/" or ".." named
// no layer folder, and per_article or an article's names could say what
// skein assign never writes. Each is refused by file and field, a name
// that does not read as one not printed.
func TestAssignmentNamesRefused(t *testing.T) {
	long := strings.Repeat("a", 10<<20)
	many := make([]string, 2000)
	for i := range many {
		many[i] = fmt.Sprintf("%q", fmt.Sprintf("ann%d", i))
	}
	const doc = "00000000000000a1"
	for _, c := range []struct {
		name, file, want string
	}{
		{"a line break", `{"format":1,"annotators":["al","bo\nskein: all work deleted"],"per_article":1,"articles":{}}`,
			"field annotators[1]: a name holding a control character (a line break, a tab…) is not an annotator's name"},
		{"a name of 10 MB", `{"format":1,"annotators":["al","` + long + `"],"per_article":1,"articles":{}}`,
			"field annotators[1]: a name of 10485760 bytes is not an annotator's name"},
		{"a slash", `{"format":1,"annotators":["al","../bo"],"per_article":1,"articles":{}}`,
			`field annotators[1]: "../bo" is not an annotator's name`},
		{"dots", `{"format":1,"annotators":["..","bo"],"per_article":1,"articles":{}}`,
			`field annotators[0]: ".." is not an annotator's name`},
		{"the curated layer's", `{"format":1,"annotators":["al","curated"],"per_article":1,"articles":{}}`,
			`field annotators[1]: "curated" is not an annotator's name: it is the curated layer's name`},
		{"a name twice", `{"format":1,"annotators":["al","bo","al"],"per_article":1,"articles":{}}`,
			"field annotators[2]: al is named twice"},
		{"no annotator", `{"format":1,"annotators":[],"per_article":1,"articles":{}}`,
			"field annotators: it names no annotator"},
		{"per_article over their number", `{"format":1,"annotators":["al","bo"],"per_article":3,"articles":{}}`,
			"field per_article: 3 is not between 1 and the 2 annotators named"},
		{"per_article of none", `{"format":1,"annotators":["al","bo"],"per_article":0,"articles":{}}`,
			"field per_article: 0 is not between 1 and the 2 annotators named"},
		{"an article's name not among them", `{"format":1,"annotators":["al","bo"],"per_article":1,"articles":{"` + doc + `":["cy"]}}`,
			"field articles." + doc + "[0]: cy is not among the annotators"},
		{"an article's name twice", `{"format":1,"annotators":["al","bo"],"per_article":2,"articles":{"` + doc + `":["al","al"]}}`,
			"field articles." + doc + "[1]: al is named twice"},
		{"an article's name with a line break", `{"format":1,"annotators":["al","bo"],"per_article":1,"articles":{"` + doc + `":["al\n"]}}`,
			"field articles." + doc + "[0]: a name holding a control character"},
		{"an article ID with a line break", `{"format":1,"annotators":["al","bo"],"per_article":1,"articles":{"a\nb":["al"]}}`,
			"field articles: a name holding a control character"},
		{"a format of none", `{"format":0,"annotators":["al"],"per_article":1,"articles":{}}`,
			"field format: 0 is not an assignment's format"},
		{"thousands of annotators, one twice", `{"format":1,"annotators":[` + strings.Join(many, ",") + `,"ann7"],"per_article":1,"articles":{}}`,
			"field annotators[2000]: ann7 is named twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			folder := t.TempDir()
			p := filepath.Join(folder, "assign.json")
			if err := os.WriteFile(p, []byte(c.file), 0o644); err != nil {
				t.Fatal(err)
			}
			a, err := ReadAssignment(folder)
			if err == nil || !strings.Contains(err.Error(), p+": "+c.want) {
				t.Fatalf("ReadAssignment = %v, %v; want it refused: %q", a, err, p+": "+c.want)
			}
			if len(err.Error()) > 1000 || strings.Contains(err.Error(), "\n") {
				t.Errorf("the refusal is %d bytes long, or holds a line break: %.300q", len(err.Error()), err.Error())
			}
		})
	}
	// What skein assign writes is read.
	folder := t.TempDir()
	if err := os.WriteFile(filepath.Join(folder, "assign.json"), []byte(`{"format":1,"annotators":["al","bo","cy"],"per_article":2,"articles":{"`+doc+`":["al","cy"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if a, err := ReadAssignment(folder); err != nil || !a.Has(doc, "cy") {
		t.Fatalf("ReadAssignment of a sound assignment = %+v, %v", a, err)
	}
}
