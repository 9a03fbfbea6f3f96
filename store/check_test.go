package store

import (
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

func TestCheck(t *testing.T) {
	fresh := func(t *testing.T) (*Store, []*annotate.Document, []*annotate.Span) {
		s := openTest(t)
		docs, spans := genCorpus(31, 20, 1500, 5, "ana", "ben")
		if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
			t.Fatal(err)
		}
		link, err := annotate.NewLink("ana", spans[0], spans[5], "supports")
		if err != nil {
			t.Fatal(err)
		}
		apply(t, s, link)
		return s, docs, spans
	}
	t.Run("sound", func(t *testing.T) {
		s, _, _ := fresh(t)
		var last, total int
		rep, err := s.Check(ctx, func(done, n int) { last, total = done, n })
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rep.Lines(), "store is sound: 20 articles, 100 spans, 1 thread"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if last != total || total == 0 {
			t.Errorf("progress ended at %d of %d", last, total)
		}
	})
	tests := []struct {
		name  string
		spoil func(txn *badger.Txn, docs []*annotate.Document, spans []*annotate.Span) error
		want  string
	}{
		{"changed text", func(txn *badger.Txn, docs []*annotate.Document, _ []*annotate.Span) error {
			d := *docs[2]
			d.Text = strings.Replace(d.Text, "e", "a", 1)
			doc, _ := docBytes(d.ID)
			return txn.Set(docKey(pDoc, doc), encodeDoc(nil, &d))
		}, "article " + "%s: its text no longer matches its ID"},
		{"missing index key", func(txn *badger.Txn, _ []*annotate.Document, spans []*annotate.Span) error {
			return txn.Delete(spanIDKey(spans[7].ID))
		}, "an index key is missing"},
		{"span outside its article", func(txn *badger.Txn, docs []*annotate.Document, spans []*annotate.Span) error {
			doc, _ := docBytes(docs[0].ID)
			sp := *spans[0]
			sp.Fragments = []annotate.Fragment{{Start: 10, End: 100000}}
			v := appendEntry(nil, &sp)
			list := append([]byte{1, byte(len(v))}, v...)
			return txn.Set(docKey(pSpan, doc), list)
		}, "outside the article's"},
		{"thread member gone", func(txn *badger.Txn, docs []*annotate.Document, spans []*annotate.Span) error {
			doc, _ := docBytes(docs[1].ID)
			return txn.Set(docKey(pSpan, doc), []byte{0})
		}, "member span " + "%s is missing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, docs, spans := fresh(t)
			if err := s.db.Update(func(txn *badger.Txn) error { return tc.spoil(txn, docs, spans) }); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Check(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if strings.Contains(want, "%s") {
				id := docs[2].ID
				if tc.name == "thread member gone" {
					id = spans[5].ID
				}
				want = strings.Replace(want, "%s", id, 1)
			}
			if rep.Sound() || !strings.Contains(rep.Lines(), want) || !strings.HasPrefix(rep.String(), "store is damaged") {
				t.Errorf("got %q, want a problem containing %q", rep.Lines(), want)
			}
		})
	}
}

// BenchmarkCheck checks a store of 20,000 articles of ~1.9 KB with 10 spans
// each (the goal: at most 2 s).
func BenchmarkCheck(b *testing.B) {
	s, docs, size := benchStore(b)
	b.SetBytes(size)
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		rep, err := s.Check(ctx, func(int, int) {})
		if err != nil {
			b.Fatal(err)
		}
		if !rep.Sound() || rep.Articles != len(docs) {
			b.Fatal(rep.Lines())
		}
	}
	b.ReportMetric(float64((cpuTime()-c0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkReadChecks reads the corpus as an export does (every article
// and its spans) with the read checks on and off: Badger's block and value
// checksums and each text hashed against its ID. The goal: the checks add
// at most 10% to an export.
func BenchmarkReadChecks(b *testing.B) {
	for _, on := range []bool{false, true} {
		b.Run(map[bool]string{false: "off", true: "on"}[on], func(b *testing.B) {
			verifyReads = on
			defer func() { verifyReads = true }()
			s, docs, size := benchStore(b)
			b.SetBytes(size)
			c0 := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				n := 0
				err := s.EachDocument(ctx, func(d *annotate.Document) error {
					_, err := s.Spans(d.ID)
					n++
					return err
				})
				if err != nil || n != len(docs) {
					b.Fatal(n, err)
				}
			}
			b.ReportMetric(float64((cpuTime()-c0).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkOpen opens a closed store of 20,000 articles with 10 spans
// each: Open checks every table's blocks and the logs (prepareDir) before
// Badger reads them.
func BenchmarkOpen(b *testing.B) {
	s, _, _ := benchStore(b)
	dir := s.Dir()
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	c0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64((cpuTime()-c0).Milliseconds())/float64(b.N), "cpu-ms/op")
}
