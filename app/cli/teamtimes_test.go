package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// withStore runs fn on the store in dir, opened and closed around it, as
// the window would between two commands.
func withStore(t *testing.T, dir string, fn func(st *store.Store)) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fn(st)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// The command line alone on both sides: alice's thread reaches bilal's
// skein threads, and once she deletes it (in her window) and both sync, it
// is gone from his list and his export. Then her layer stamped 9999 (an
// older skein took it in) is held back by her skein sync, which says so on
// stderr with the command; after skein check -repair-times her next sync
// writes it.
func TestSyncCarriesADeletedThreadAndHoldsBackAFarTime(t *testing.T) {
	ctx := context.Background()
	folder, alice, bilal := aliceImportsKakar(t)
	var doc string
	withStore(t, alice, func(st *store.Store) {
		sp, err := st.Span("s-alice-1")
		if err != nil {
			t.Fatal(err)
		}
		doc = sp.Doc
		for _, title := range []string{"Who blames whom", "Kakar's figure"} {
			if err := st.Apply(ctx, annotate.NewThread("alice", title, sp)); err != nil {
				t.Fatal(err)
			}
		}
	})
	run(t, alice, "-user", "alice", "team", folder)
	if code, _, stderr := run(t, bilal, "-user", "bilal", "team", folder); code != 0 {
		t.Fatalf("bilal's skein team: %d %s", code, stderr)
	}
	if _, list, _ := run(t, bilal, "threads"); !strings.Contains(list, "Who blames whom") {
		t.Fatalf("bilal's thread list lacks alice's thread:\n%s", list)
	}
	withStore(t, alice, func(st *store.Store) {
		ths, err := st.ThreadsOfSpan("s-alice-1")
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range ths {
			if th.Title == "Who blames whom" {
				if err := st.Apply(ctx, annotate.PutThread("alice", "delete thread", th, nil)); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	run(t, alice, "-user", "alice", "sync")
	code, out, stderr := run(t, bilal, "-user", "bilal", "sync")
	if code != 0 || !strings.Contains(out, "alice: 1 thread removed") {
		t.Errorf("bilal's sync after alice deleted her thread = %d\n%s%s", code, out, stderr)
	}
	_, list, _ := run(t, bilal, "threads")
	if strings.Contains(list, "Who blames whom") || !strings.Contains(list, "Kakar's figure") {
		t.Errorf("bilal's thread list after alice deleted 'Who blames whom':\n%s", list)
	}
	if _, exp, _ := run(t, bilal, "export", "-all", "-threads"); strings.Contains(exp, "Who blames whom") {
		t.Errorf("bilal's export still holds alice's deleted thread")
	}

	withStore(t, alice, func(st *store.Store) {
		if _, err := st.WriteBatch(ctx, &store.Batch{Stamps: []store.LayerStamp{{Doc: doc, Annotator: "alice", Modified: 253402300799999}}}); err != nil {
			t.Fatal(err)
		}
	})
	code, _, stderr = run(t, alice, "-user", "alice", "sync")
	if code != 0 || !strings.Contains(stderr, "held back: "+doc[:2]+".jsonl was not written to the team folder") || !strings.Contains(stderr, "9999-12-31 23:59:59 UTC") || !strings.Contains(stderr, "Run skein check -repair-times") {
		t.Errorf("alice's sync of a layer stamped 9999 = %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := run(t, bilal, "-user", "bilal", "sync"); code != 0 || strings.Contains(stderr, "refused") {
		t.Errorf("bilal's sync = %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr := run(t, alice, "check", "-repair-times"); code != 0 {
		t.Fatalf("check -repair-times = %d %s", code, stderr)
	}
	if code, out, stderr := run(t, alice, "-user", "alice", "sync"); code != 0 || strings.Contains(stderr, "held back") || !strings.Contains(out, "wrote 1 file") {
		t.Errorf("alice's sync after the repair = %d\n%s%s", code, out, stderr)
	}
}
