package team

import (
	"context"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// BenchmarkPullOneChange: a colleague's layer of 20,000 articles × 10
// spans is in the store; they add one span, their window writes its layer
// file (about 80 articles), and the reader's engine reads it in: the part
// of "a colleague's arrived change is on screen ≤ 2 s" after the file
// arrives and before the window draws it.
func BenchmarkPullOneChange(b *testing.B) {
	ctx := context.Background()
	// The generated layer becomes a store's own: the colleague's, ann00.
	src := b.TempDir()
	genFolder(b, src, 1, 20000, 10)
	w := openStore(b, b.TempDir())
	if _, err := open(b, w, src, "w").Pull(ctx); err != nil {
		b.Fatal(err)
	}
	folder := b.TempDir()
	ew := open(b, w, folder, "ann00")
	if _, err := ew.Publish(ctx); err != nil {
		b.Fatal(err)
	}
	er := open(b, openStore(b, b.TempDir()), folder, "reader")
	if _, err := er.Pull(ctx); err != nil {
		b.Fatal(err)
	}
	var doc *annotate.Document
	w.EachDocument(ctx, func(d *annotate.Document) error {
		if doc == nil {
			doc = d
		}
		return nil
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := &annotate.Span{ID: annotate.NewID(), Doc: doc.ID, Annotator: "ann00", Label: "actor", Fragments: []annotate.Fragment{{Start: i % 100, End: i%100 + 3}}}
		if err := w.Apply(ctx, annotate.AddSpan("ann00", s)); err != nil {
			b.Fatal(err)
		}
		ew.Changed(doc.ID)
		if rep, err := ew.Publish(ctx); err != nil || len(rep.Written) != 1 {
			b.Fatalf("publish: %v, wrote %v", err, rep.Written)
		}
		b.StartTimer()
		rep, err := er.Pull(ctx)
		if err != nil || len(rep.Arrived) != 1 {
			b.Fatalf("pull: %v, arrived %+v", err, rep.Arrived)
		}
	}
}
