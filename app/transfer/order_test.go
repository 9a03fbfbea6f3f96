package transfer

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// A refused import lists its problems file by file, each file's top to
// bottom, so they can be fixed in that order; brat's reader finds them by
// kind (syntax first, then references, which may point forward).
func TestProblemsInFileAndLineOrder(t *testing.T) {
	dir := t.TempDir()
	text := "Sony sued Apple in March.\n"
	write(t, dir, "a.txt", []byte(text))
	write(t, dir, "a.ann", []byte("R1\ttargets Arg1:T9 Arg2:T1\nT1\tactor 0 4\tSony\nT2\tactor\n"))
	write(t, dir, "b.txt", []byte(text))
	write(t, dir, "b.ann", []byte("T1\tactor 0 4\tSony\nT2\tactor 10 15\tApples\n"))
	write(t, dir, "c.ann", []byte("T1\tactor 0 4\tSony\n"))
	st := openStore(t)
	_, err := Import(context.Background(), st, []string{dir}, ImportOptions{User: "al", Format: "brat"})
	var r *Refused
	if !errors.As(err, &r) {
		t.Fatalf("import gave %v, want a refusal", err)
	}
	var got []string
	for _, p := range r.Problems {
		s := p.Error()
		got = append(got, s[:strings.Index(s, ": ")])
	}
	// Named relative to the folder given, as every file in a folder is.
	want := []string{"a.ann:1", "a.ann:3", "b.ann:2", "c.ann"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems in the order\n%s\nwant\n%s\n(%v)", strings.Join(got, "\n"), strings.Join(want, "\n"), err)
	}
	lines := strings.Split(err.Error(), "\n")[1:]
	for i := range lines {
		if !strings.HasPrefix(strings.TrimSpace(lines[i]), want[i]+":") {
			t.Errorf("Error() line %d is %q, want it at %s", i+1, lines[i], want[i])
		}
	}
}

func TestSortProblemsKeepsWholeFileProblemsFirst(t *testing.T) {
	le := func(file string, line int, msg string) error {
		return &annotate.LineError{File: file, Line: line, Err: errors.New(msg)}
	}
	ps := []error{le("b.ann", 7, "b7"), le("a.ann", 5, "a5"), le("a.ann", 0, "a-first"), errors.New("no file"), le("a.ann", 0, "a-second"), le("a.ann", 2, "a2")}
	sortProblems(ps)
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	want := "no file|a.ann: a-first|a.ann: a-second|a.ann:2: a2|a.ann:5: a5|b.ann:7: b7"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}
