package team

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// copier is a sync engine at its worst: it copies the files of one folder
// into another late, in random order, and each file in pieces written
// straight into place (no temporary name), with pauses between them.
type copier struct {
	from, to string
	rng      *rand.Rand
	copied   map[string]string // relative path -> content copied
}

func newCopier(from, to string, seed uint64) *copier {
	return &copier{from: from, to: to, rng: rand.New(rand.NewPCG(seed, 7)), copied: map[string]string{}}
}

// round copies every file that differs, in random order and in pieces.
func (c *copier) round(t *testing.T) int {
	t.Helper()
	var todo []string
	filepath.WalkDir(c.from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, _ := filepath.Rel(c.from, p)
		b, err := os.ReadFile(p)
		if err == nil && c.copied[rel] != string(b) {
			todo = append(todo, rel)
		}
		return nil
	})
	c.rng.Shuffle(len(todo), func(i, j int) { todo[i], todo[j] = todo[j], todo[i] })
	for _, rel := range todo {
		b, err := os.ReadFile(filepath.Join(c.from, rel))
		if err != nil {
			continue
		}
		dst := filepath.Join(c.to, rel)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		f, err := os.Create(dst)
		if err != nil {
			t.Fatal(err)
		}
		for rest := b; len(rest) > 0; {
			n := 1 + c.rng.IntN(len(rest))
			f.Write(rest[:n])
			rest = rest[n:]
			time.Sleep(time.Duration(c.rng.IntN(8)) * time.Millisecond)
		}
		f.Close()
		c.copied[rel] = string(b)
	}
	return len(todo)
}

// Two stores, each on its own copy of the folder, a bad copier between
// them, both engines running as the window runs them: in the end each has
// the other's work exactly, and nothing half-copied was ever applied.
func TestCopierLateInPiecesOutOfOrder(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fa, fb := t.TempDir(), t.TempDir()
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb := open(t, a, fa, "alice"), open(t, b, fb, "bilal")

	var docs []*annotate.Document
	for i := 0; i < 20; i++ {
		d := addDoc(t, a, strings.Repeat("More words here. ", i)+kakar, "")
		docs = append(docs, d)
		addSpan(t, a, d, "alice", "actor", 0, 4)
		addSpan(t, a, d, "alice", "claim", 5, 10)
	}
	th := annotate.NewThread("alice", "across", mustSpans(t, a, docs[0].ID)[0])
	if err := a.Apply(ctx, th); err != nil {
		t.Fatal(err)
	}
	add, _ := annotate.AddMember("alice", th.Threads[0].After, mustSpans(t, a, docs[19].ID)[0], 1, "")
	if err := a.Apply(ctx, add); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var refusals []string
	opt := RunOptions{Debounce: 20 * time.Millisecond, Settle: 20 * time.Millisecond, Rescan: 100 * time.Millisecond}
	// The engines stop before the stores close (the cleanups): a pass
	// still running as the test ends would find its store closed.
	var running sync.WaitGroup
	defer running.Wait()
	defer cancel()
	for _, e := range []*Engine{ea, eb} {
		running.Add(1)
		go func() {
			defer running.Done()
			e.Run(ctx, opt, func(rep *Report, err error) {
				if err != nil && ctx.Err() == nil { // a pass cut short as the test ends is no failure
					t.Errorf("run: %v", err)
				}
				mu.Lock()
				for _, r := range rep.Refused {
					refusals = append(refusals, r.Error())
				}
				mu.Unlock()
			})
		}()
	}
	ab, ba := newCopier(fa, fb, 1), newCopier(fb, fa, 2)
	want := export(t, a, "alice")
	deadline := time.Now().Add(60 * time.Second)
	for export(t, b, "alice") != want {
		if time.Now().After(deadline) {
			t.Fatalf("bilal never got alice's work whole; refusals on the way:\n%s", strings.Join(refusals, "\n"))
		}
		ab.round(t)
		ba.round(t)
		time.Sleep(50 * time.Millisecond)
	}
	if n, _ := b.Thread(th.Threads[0].After.ID); n == nil {
		t.Fatal("alice's thread did not arrive")
	}
	// bilal answers: one span on one article, back through the copier.
	sb := addSpan(t, b, docs[3], "bilal", "figure", 11, 15)
	eb.Changed()
	for {
		if spans, _ := a.LayerSpans(docs[3].ID, "bilal"); len(spans) == 1 && spans[0].ID == sb.ID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("bilal's span never reached alice")
		}
		ba.round(t)
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d refusals of files caught mid-copy, each read again later", len(refusals))
}

func mustSpans(t *testing.T, st interface {
	LayerSpans(string, string) ([]*annotate.Span, error)
}, doc string) []*annotate.Span {
	t.Helper()
	spans, err := st.LayerSpans(doc, "alice")
	if err != nil || len(spans) == 0 {
		t.Fatalf("spans of %s: %v", doc, err)
	}
	return spans
}
