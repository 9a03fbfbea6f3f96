package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// benchCorpus makes, in dir, a closed store of n articles of ~1.9 KB with
// 10 spans each by annotator "bench", as app/transfer's export benchmark has.
func benchCorpus(b *testing.B, dir string, n int) {
	b.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the minister said on Tuesday that 40 people had been killed in attacks near the border and officials denied any responsibility for the surge")
	batch := &store.Batch{}
	for i := range n {
		var sb strings.Builder
		fmt.Fprintf(&sb, "Article %d\n\n", i)
		for sb.Len() < 1900 {
			sb.WriteString(words[r.IntN(len(words))])
			sb.WriteByte(' ')
		}
		text := sb.String()
		d := &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprintf("Article %d", i), Date: "2024-01-01", Text: text}
		batch.Docs = append(batch.Docs, d)
		toks := annotate.Tokens(annotate.NewText(text))
		for k := range 10 {
			tk := toks[(k*len(toks))/10]
			batch.Spans = append(batch.Spans, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.DefaultLabels[k%4].Name,
				Annotator: "bench", Created: 1700000000000, Fragments: []annotate.Fragment{{Start: tk.Start, End: tk.End}}})
		}
		if len(batch.Docs) == 2000 || i == n-1 {
			if _, err := st.WriteBatch(context.Background(), batch); err != nil {
				b.Fatal(err)
			}
			batch = &store.Batch{}
		}
	}
}

// countWriter counts what is written to it.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func benchMain(b *testing.B, dir string, args []string) int64 {
	var out countWriter
	env := Env{Stdout: &out, Stderr: &countWriter{}, Getenv: func(string) string { return "" }}
	if code := Main(append([]string{"-store", dir, "-user", "bench"}, args...), env); code != 0 {
		b.Fatalf("skein %v = %d", args, code)
	}
	return out.n
}

// BenchmarkServed runs commands on a store of 5,000 articles with 10 spans
// each, closed (the command opens and closes it, as with no window) and
// held by a window that serves them over its socket: served minus closed
// is what the window costs a command. MB/s is of the command's output.
// The program's own start, the same either way, is not in these figures.
func BenchmarkServed(b *testing.B) {
	dir := b.TempDir()
	benchCorpus(b, dir, 5000)
	cmds := []struct {
		name string
		args []string
	}{
		{"threads", []string{"threads"}},
		{"list", []string{"list"}},
		{"export", []string{"export"}},
	}
	for _, how := range []string{"closed", "served"} {
		if how == "served" {
			w := openFakeWindow(b, dir)
			defer w.close()
		}
		for _, c := range cmds {
			b.Run(c.name+"/"+how, func(b *testing.B) {
				b.SetBytes(benchMain(b, dir, c.args))
				b.ResetTimer()
				for b.Loop() {
					benchMain(b, dir, c.args)
				}
			})
		}
	}
}
