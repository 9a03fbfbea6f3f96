package transfer

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// Skein files are parsed ahead of the in-order checks only a few per core
// at a time: a team folder's thousands of files are not all held at once.
// Every file is still given, in order, and stopping early waits for the
// parsing to end.
func TestSkeinParsedAheadInAWindow(t *testing.T) {
	dir := t.TempDir()
	d := &annotate.Document{ID: annotate.DocID("Kabul denies it."), Text: "Kabul denies it."}
	const n = 200
	var ins []input
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("f%03d.jsonl", i)
		write(t, dir, name, []byte(fmt.Sprintf(`{"id":"%s","spans":[{"id":"s%d","annotator":"ann","label":"actor","start":0,"end":5,"text":"Kabul"}]}`+"\n", d.ID, i)))
		ins = append(ins, input{path: filepath.Join(dir, name), name: name, format: "skein"})
	}
	var parsed atomic.Int64
	opt := ImportOptions{Annotator: "ann", Docs: func(id string) (*annotate.Document, error) { parsed.Add(1); return d, nil }}
	window := int64(aheadWindow * min(runtime.GOMAXPROCS(0), n))
	ctx := context.Background()
	a := parseSkeinAhead(ctx, ins, opt)
	for i := 0; i < n/2; i++ {
		f := a.next(ctx, i)
		if f == nil || len(f.errs) > 0 || len(f.recs) != 1 || f.recs[0].Spans[0].ID != fmt.Sprintf("s%d", i) {
			t.Fatalf("file %d: %+v", i, f)
		}
		if i == 10 {
			time.Sleep(50 * time.Millisecond) // let the parsing run ahead as far as it may
			if got := parsed.Load(); got > 11+window {
				t.Fatalf("%d files parsed with 11 taken: more than the window of %d ahead", got, window)
			}
		}
	}
	a.stop()
	if got := parsed.Load(); got > n/2+window {
		t.Fatalf("%d files parsed after stopping at %d", got, n/2)
	}
}
