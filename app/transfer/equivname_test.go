package transfer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A brat corpus whose equivalence sets are Coref, with no relation of that
// name, comes back out of skein's brat export as Coref, with no note of a
// name changed: a name is numbered only where another type takes it. The
// export reserved every link label of the store as a relation, so the
// set's own label took its name from it (Coref_2, "1 name changed").
// Where a relation is Coref too, the set is numbered past it, as before.
func TestBratEquivalenceKeepsItsNameWhereNoRelationHasIt(t *testing.T) {
	for _, c := range []struct {
		name, ann, want string
		notes           bool
	}{
		{"no relation Coref", "T1\tactor 0 5\tKakar\nT2\tactor 26 28\the\n*\tCoref T1 T2\n", "*\tCoref T1 T2", false},
		{"a relation Coref too", "T1\tactor 0 5\tKakar\nT2\tactor 26 28\the\nR1\tCoref Arg1:T1 Arg2:T2\t\n*\tCoref T1 T2\n", "*\tCoref_2 T1 T2", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			corpus := filepath.Join(dir, "corpus")
			write(t, corpus, "a.txt", []byte("Kakar spoke to the press; he said so.\n"))
			write(t, corpus, "a.ann", []byte(c.ann))
			st := openStore(t)
			if _, err := Import(ctx, st, []string{corpus}, ImportOptions{User: "al"}); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out")
			notes, err := Export(ctx, st, nil, ExportOptions{Format: "brat", Dir: out, Threads: true})
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(out, "a.ann"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), c.want+"\n") {
				t.Errorf("a.ann:\n%s\nwant a line %q", b, c.want)
			}
			renamed := strings.Contains(strings.Join(notes, "\n"), "names changed") || strings.Contains(strings.Join(notes, "\n"), "name changed")
			if renamed != c.notes {
				t.Errorf("notes %q: a name said changed = %v, want %v", notes, renamed, c.notes)
			}
		})
	}
}
