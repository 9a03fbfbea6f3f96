package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// interop is the folder of files written by other tools, beside the project.
const interop = "../../../shared/interop"

func needInterop(t *testing.T, sub string) string {
	t.Helper()
	p := filepath.Join(interop, sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s is absent", p)
	}
	return p
}

// TestInteropBrat imports brat's own tutorial documents: every .txt and its
// .ann, with every T line a span and every R, E argument and * a thread.
func TestInteropBrat(t *testing.T) {
	dir := needInterop(t, "brat-news")
	txts, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	anns, _ := filepath.Glob(filepath.Join(dir, "*.ann"))
	var nT, nLinks, nEquiv int
	for _, a := range anns {
		raw, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			f := strings.SplitN(line, "\t", 3)
			switch {
			case strings.HasPrefix(line, "T"):
				nT++
			case strings.HasPrefix(line, "R"):
				nLinks++
			case strings.HasPrefix(line, "E"):
				nLinks += len(strings.Fields(f[1])) - 1 // one link per argument
			case strings.HasPrefix(line, "*"):
				nEquiv++
			}
		}
	}
	if len(txts)+len(anns) != 26 {
		t.Errorf("got %d files, want the 26 of brat's news tutorial", len(txts)+len(anns))
	}
	b, errs := ReadBrat(dir, Options{Annotator: "brat"})
	if len(errs) > 0 {
		t.Fatalf("import: %v", errs)
	}
	if len(b.Docs) != len(txts) || len(b.Spans) != nT || len(b.Threads) != nLinks+nEquiv {
		t.Errorf("got %d docs, %d spans, %d threads; want %d, %d, %d", len(b.Docs), len(b.Spans), len(b.Threads), len(txts), nT, nLinks+nEquiv)
	}
	notes := strings.Join(b.Notes, "\n")
	for _, want := range []string{"brat type Organization becomes user label Organization", "defines types no imported document uses, not added as labels: Be-born"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	checkBatch(t, b)
}

// TestInteropProdigy imports 373 headlines annotated in Prodigy, keeping
// every answer.
func TestInteropProdigy(t *testing.T) {
	p := needInterop(t, "prodigy/news_headlines-ner.jsonl")
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]int{}
	var records, spans int
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		var task struct {
			Answer string
			Spans  []json.RawMessage
		}
		if err := json.Unmarshal(sc.Bytes(), &task); err != nil {
			t.Fatal(err)
		}
		records++
		answers[task.Answer]++
		if task.Answer == "accept" {
			spans += len(task.Spans)
		}
	}
	if records != 373 {
		t.Errorf("the file holds %d records, want 373", records)
	}
	b, errs := ReadProdigy(bytes.NewReader(raw), "news_headlines-ner.jsonl", Options{Annotator: "nyt"})
	if len(errs) > 0 {
		t.Fatalf("import: %v", errs)
	}
	got := map[string]int{}
	for _, m := range b.Marks {
		got[m.Answer]++
	}
	if len(b.Docs) != records || len(b.Marks) != records || len(b.Spans) != spans {
		t.Errorf("got %d docs, %d marks, %d spans; want %d, %d, %d", len(b.Docs), len(b.Marks), len(b.Spans), records, records, spans)
	}
	for a, n := range answers {
		if got[a] != n {
			t.Errorf("answer %s: got %d, want %d", a, got[a], n)
		}
	}
	checkBatch(t, b)

	// Prodigy → skein → Prodigy → skein keeps every span where it was,
	// though spaCy cut "Uber’s" into "Uber" and "’s" and skein does not.
	var out bytes.Buffer
	ex, _ := NewExporter("prodigy", &out, "")
	exportBatch(t, ex, b)
	b2, errs := ReadProdigy(bytes.NewReader(out.Bytes()), "out.jsonl", Options{Annotator: "nyt"})
	if len(errs) > 0 {
		t.Fatalf("re-import: %v", errs)
	}
	sameSets(t, "prodigy → skein → prodigy → skein", batchFacts(b2), batchFacts(b))
}

// TestInteropDoccano imports doccano's own import examples.
func TestInteropDoccano(t *testing.T) {
	dir := needInterop(t, "doccano")
	cases := []struct {
		file               string
		docs, spans, links int
	}{
		{"sequence_labeling.jsonl", 3, 3, 0},
		{"relation_extraction.jsonl", 1, 4, 3},
		{"overlapping.jsonl", 1, 1, 0}, // the same span twice, imported once
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, errs := ReadDoccano(f, c.file, Options{Annotator: "doccano"})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if len(b.Docs) != c.docs || len(b.Spans) != c.spans || len(b.Threads) != c.links {
				t.Errorf("got %d docs, %d spans, %d links; want %d, %d, %d", len(b.Docs), len(b.Spans), len(b.Threads), c.docs, c.spans, c.links)
			}
			checkBatch(t, b)
		})
	}
	// Detect tells them apart by their first line.
	for file, want := range map[string]string{"sequence_labeling.jsonl": "doccano", "relation_extraction.jsonl": "doccano", "overlapping.jsonl": "doccano", "example.conll": ""} {
		head, _ := os.ReadFile(filepath.Join(dir, file))
		if got, _ := Detect(file, head); got != want {
			t.Errorf("Detect(%s): got %q, want %q", file, got, want)
		}
	}
}

// TestInteropDoccanoCoNLL imports doccano's own CoNLL example: a block of
// token lines an article, each labelled token a span.
func TestInteropDoccanoCoNLL(t *testing.T) {
	dir := needInterop(t, "doccano")
	f, err := os.Open(filepath.Join(dir, "example.conll"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, errs := ReadCoNLL(f, "example.conll", Options{Annotator: "ana"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, s := range b.Spans {
		got = append(got, s.Label+":"+string([]rune(docOf(b, s.Doc).Text)[s.Fragments[0].Start:s.Fragments[0].End]))
	}
	if len(b.Docs) != 2 || strings.Join(got, "|") != "LOC:JAPAN|PER:Nadim Ladki" {
		t.Errorf("got %d articles, spans %q; want 2, LOC:JAPAN and PER:Nadim Ladki", len(b.Docs), got)
	}
	checkBatch(t, b)
}

// checkBatch asserts what every batch promises: document IDs from their
// text, spans valid on their document, threads whose members are spans of
// the batch in the documents they name, marks on documents of the batch.
func checkBatch(t testing.TB, b *Batch) {
	t.Helper()
	docs := map[string]*annotate.Text{}
	for _, d := range b.Docs {
		if d.ID != annotate.DocID(d.Text) {
			t.Fatalf("document %s: id is not DocID of its text", d.Source)
		}
		if _, dup := docs[d.ID]; dup {
			t.Fatalf("document %s twice", d.ID)
		}
		docs[d.ID] = annotate.NewText(d.Text)
	}
	spans := map[string]*annotate.Span{}
	for _, s := range b.Spans {
		tx, ok := docs[s.Doc]
		if !ok {
			t.Fatalf("span %s names document %s, not in the batch", s.ID, s.Doc)
		}
		if err := annotate.CheckSpan(s, tx.Len()); err != nil {
			t.Fatalf("span %+v: %v", s, err)
		}
		if _, dup := spans[s.ID]; dup {
			t.Fatalf("span id %s twice", s.ID)
		}
		spans[s.ID] = s
	}
	for _, th := range b.Threads {
		if err := annotate.CheckThread(th); err != nil {
			t.Fatalf("thread %+v: %v", th, err)
		}
		if len(th.Members) < 2 {
			t.Fatalf("thread %+v has fewer than two members", th)
		}
		for _, m := range th.Members {
			s, ok := spans[m.Span]
			if !ok || s.Doc != m.Doc {
				t.Fatalf("thread %s member %+v is not a span of the batch", th.ID, m)
			}
		}
	}
	for _, m := range b.Marks {
		if _, ok := docs[m.Doc]; !ok || m.Annotator == "" {
			t.Fatalf("mark %+v", m)
		}
	}
}
