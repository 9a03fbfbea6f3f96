package team

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// oddIDs are IDs a file anyone can write may hold, and what a refusal of
// each says (nothing where the ID is taken): at exactly the limit it is
// taken; over it, a store's key could not hold it (Badger's refusal was a
// hex dump of the key hundreds of KB long); a line break, NUL or escape
// would print what the file chose in the refusal.
var oddIDs = []struct{ name, id, want string }{
	{"70 KB", strings.Repeat("x", 70000), "it is 70000 bytes long (at most 4096"},
	{"a line break", "evil\nskein: ok", "it holds a control character"},
	{"NUL", "a\x00b", "it holds a control character"},
	{"escape", "a\x1b[31mb", "it holds a control character"},
	{"at the limit", strings.Repeat("y", annotate.MaxIDBytes), ""},
}

// refusedShort checks that no refusal holds a line break or is long: the
// ID is said, never printed.
func refusedShort(t *testing.T, errs []error) {
	t.Helper()
	for _, err := range errs {
		if msg := err.Error(); strings.Contains(msg, "\n") || len(msg) > 1000 {
			t.Errorf("a refusal holds a line break, or is %d bytes long: %.300q", len(msg), msg)
		}
	}
}

// A colleague's layer file whose span has an ID skein cannot keep is
// refused by file and line, naming the field, and nothing of it is read;
// one of an ID of exactly 4,096 bytes is read in.
func TestLayerFileSpanIDs(t *testing.T) {
	for _, c := range oddIDs {
		t.Run(c.name, func(t *testing.T) {
			folder := t.TempDir()
			a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
			ea, eb := open(t, a, folder, "alice"), open(t, b, folder, "bilal")
			d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
			sp := addSpan(t, a, d, "alice", "actor", 25, 47)
			syncOnce(t, ea)
			rel := "layers/alice/" + ea.Machine() + "/" + d.ID[:2] + ".jsonl"
			replaceIn(t, filepath.Join(folder, filepath.FromSlash(rel)), `"id":"`+sp.ID+`"`, `"id":`+jsonString(c.id))

			rep := syncOnce(t, eb)
			refusedShort(t, rep.Refused)
			spans, _ := b.LayerSpans(d.ID, "alice")
			if c.want == "" {
				if len(rep.Refused) != 0 || len(spans) != 1 || spans[0].ID != c.id {
					t.Fatalf("a span ID of exactly %d bytes: refused %.300v, %d spans; want it read in", len(c.id), rep.Refused, len(spans))
				}
				return
			}
			refusalsSay(t, rep, rel+":1: span 1: invalid span: field id: no ID or name skein keeps: "+c.want)
			if len(spans) != 0 {
				t.Errorf("bilal's store holds %d of alice's spans from the refused file", len(spans))
			}
		})
	}
}

// A copy of the user's threads on their other machine whose thread has an
// ID skein cannot keep is refused by file and line, and the take reads
// the rest; one of exactly 4,096 bytes is taken.
func TestTwinThreadIDs(t *testing.T) {
	for _, c := range oddIDs {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			lt := newLaptopThread(t)
			syncOnce(t, lt.el)
			rel := "layers/alice/" + lt.el.Machine() + "/threads.jsonl"
			replaceIn(t, filepath.Join(lt.ed.Dir(), filepath.FromSlash(rel)), `"id":"`+lt.id+`"`, `"id":`+jsonString(c.id))
			syncOnce(t, lt.ed)
			res, err := lt.ed.Take(ctx, lt.el.Machine())
			if err != nil {
				t.Fatalf("take: %.500v; want the threads file refused and the rest read", err)
			}
			refusedShort(t, res.Refused)
			_, got := lt.desktop.Thread(c.id)
			if c.want == "" {
				if len(res.Refused) != 0 || got != nil {
					t.Fatalf("a thread ID of exactly %d bytes: refused %.300v, thread %v; want it taken", len(c.id), res.Refused, got)
				}
				return
			}
			if want := rel + ":1: invalid thread: field id: no ID or name skein keeps: " + c.want; len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Error(), want) {
				t.Fatalf("take refused %.500v; want %q", res.Refused, want)
			}
			if spans, _ := lt.desktop.LayerSpans(lt.d.ID, "alice"); len(spans) != 1 {
				t.Errorf("the desktop holds %d of the laptop's spans: want its layer read though its threads file was refused", len(spans))
			}
		})
	}
}

// replaceIn replaces old, which must be there, with new in the file at p.
func replaceIn(t *testing.T, p, old, new string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s holds no %s", p, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// jsonString is s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
