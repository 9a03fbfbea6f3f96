package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// ownFixture is al's store: one article, three spans of al's and two
// threads of al's on them.
type ownFixture struct {
	st    *store.Store
	doc   *annotate.Document
	spans []*annotate.Span
	t, u  *annotate.Thread
}

func newOwnFixture(t *testing.T) *ownFixture {
	t.Helper()
	ctx := context.Background()
	text := "The interior minister said the TTP was behind the attack in March.\n"
	f := &ownFixture{st: openStore(t), doc: &annotate.Document{ID: annotate.DocID(text), Title: "t", Source: "s.txt", Text: text}}
	if _, err := f.st.PutDocument(ctx, f.doc); err != nil {
		t.Fatal(err)
	}
	f.spans = layer(t, f.st, "al", f.doc, [3]any{4, 21, "actor"}, [3]any{31, 34, "actor"}, [3]any{0, 66, "claim"})
	f.t = &annotate.Thread{ID: annotate.NewID(), Title: "who", Annotator: "al", Members: []annotate.Member{{Doc: f.doc.ID, Span: f.spans[0].ID}, {Doc: f.doc.ID, Span: f.spans[1].ID, Link: "blames"}}}
	f.u = &annotate.Thread{ID: annotate.NewID(), Title: "said", Annotator: "al", Members: []annotate.Member{{Doc: f.doc.ID, Span: f.spans[2].ID}, {Doc: f.doc.ID, Span: f.spans[0].ID, Link: "made-by"}}}
	for _, th := range []*annotate.Thread{f.t, f.u} {
		if err := f.st.Apply(ctx, annotate.PutThread("al", "new thread", nil, th)); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// thread is the stored thread id, or nil.
func thread(t *testing.T, st *store.Store, id string) *annotate.Thread {
	t.Helper()
	th, err := st.Thread(id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return th
}

func exportFile(t *testing.T, st *store.Store, name string, opt ExportOptions) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := Export(context.Background(), st, &b, opt); err != nil {
		t.Fatal(err)
	}
	return write(t, t.TempDir(), name, b.Bytes())
}

// aged moves every layer time in the bundle at path a second back, so that
// an edit made after importing it is newer without waiting for the clock.
func aged(t *testing.T, path string) string {
	t.Helper()
	text := readFile(t, path)
	re := regexp.MustCompile(`"modified":"([^"]+)"`)
	text = re.ReplaceAllStringFunc(text, func(m string) string {
		at, err := time.Parse(time.RFC3339Nano, re.FindStringSubmatch(m)[1])
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return `"modified":"` + annotate.FormatMillis(at.UnixMilli()-1000) + `"`
	})
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// lineOf is the 1-based line of path's text that contains s.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("no line holds %s", s)
	return 0
}

// refusedAt checks that err is a refusal whose problems include one at
// file:line saying want, the file named as the import was given it.
func refusedAt(t *testing.T, err error, at, want string) {
	t.Helper()
	var r *Refused
	if !errors.As(err, &r) {
		t.Fatalf("import gave %v, want a refusal at %s", err, at)
	}
	for _, p := range r.Problems {
		if strings.HasPrefix(p.Error(), at+": ") && strings.Contains(p.Error(), want) {
			return
		}
	}
	t.Errorf("refusal lists no problem at %s saying %q:\n%v", at, want, err)
}

// Ayesha imported al's bundle and exports everything she has; al's threads
// come back in her bundle, older than al's own. Importing it must leave al's
// threads as they are.
func TestColleaguesBundleLeavesOwnThreads(t *testing.T) {
	ctx := context.Background()
	f := newOwnFixture(t)
	alBundle := exportFile(t, f.st, "al.jsonl", ExportOptions{Annotators: []string{"al"}, Threads: true})
	ay := openStore(t)
	if _, err := Import(ctx, ay, []string{alBundle}, ImportOptions{User: "ay"}); err != nil {
		t.Fatal(err)
	}
	aySpans := layer(t, ay, "ay", f.doc, [3]any{27, 34, "actor"})
	ayThread := &annotate.Thread{ID: annotate.NewID(), Annotator: "ay", Members: []annotate.Member{{Doc: f.doc.ID, Span: aySpans[0].ID}, {Doc: f.doc.ID, Span: f.spans[1].ID, Link: "repeats"}}}
	if err := ay.Apply(ctx, annotate.PutThread("ay", "new thread", nil, ayThread)); err != nil {
		t.Fatal(err)
	}
	all := aged(t, exportFile(t, ay, "ayesha.jsonl", ExportOptions{Threads: true}))

	// While al's threads are as Ayesha has them, her bundle imports and
	// changes nothing of al's.
	if _, err := Import(ctx, f.st, []string{all}, ImportOptions{User: "al"}); err != nil {
		t.Fatalf("ayesha's bundle with al's unchanged threads: %v", err)
	}
	if thread(t, f.st, ayThread.ID) == nil {
		t.Fatalf("ayesha's thread was not imported")
	}

	// al renames one thread and deletes the other.
	renamed := thread(t, f.st, f.t.ID).Clone()
	renamed.Title = "who is behind it"
	if err := f.st.Apply(ctx, annotate.PutThread("al", "rename", thread(t, f.st, f.t.ID), renamed)); err != nil {
		t.Fatal(err)
	}
	if err := f.st.Apply(ctx, annotate.DeleteThread("al", thread(t, f.st, f.u.ID))); err != nil {
		t.Fatal(err)
	}
	// Ayesha's bundle still carries al's layer as it was: it is older than
	// al's now, so it imports, keeps al's work as it is, and says so.
	res, err := Import(ctx, f.st, []string{all}, ImportOptions{User: "al"})
	if err != nil {
		t.Fatalf("ayesha's bundle with al's older layer: %v", err)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "your layer (al) on document "+f.doc.ID+" in this file is older than yours") {
		t.Errorf("notes %q do not say al's layer was kept", res.Notes)
	}
	if got := thread(t, f.st, f.t.ID); got == nil || got.Title != "who is behind it" {
		t.Errorf("al's renamed thread is now %+v", got)
	}
	if got := thread(t, f.st, f.u.ID); got != nil {
		t.Errorf("al's deleted thread came back: %+v", got)
	}

	// al's layer edited elsewhere and newer than the store's is refused:
	// a file must not change your work unless you say so.
	elsewhere := openStore(t)
	if _, err := Import(ctx, elsewhere, []string{aged(t, exportFile(t, f.st, "al2.jsonl", ExportOptions{Annotators: []string{"al"}, Threads: true}))}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	other := thread(t, elsewhere, f.t.ID).Clone()
	other.Title = "renamed on the laptop"
	if err := elsewhere.Apply(ctx, annotate.PutThread("al", "rename", thread(t, elsewhere, f.t.ID), other)); err != nil {
		t.Fatal(err)
	}
	laptop := exportFile(t, elsewhere, "laptop.jsonl", ExportOptions{Annotators: []string{"al"}, Threads: true})
	before := snapshot(t, f.st)
	_, err = Import(ctx, f.st, []string{laptop}, ImportOptions{User: "al"})
	text := readFile(t, laptop)
	refusedAt(t, err, fmt.Sprintf("%s:%d", laptop, lineOf(t, text, `"id":"`+f.t.ID+`"`)), "your own layer")
	if snapshot(t, f.st) != before {
		t.Errorf("a refused import changed the store")
	}
	// With -skip-invalid the rest is imported; al's thread stays as it is.
	res, err = Import(ctx, f.st, []string{laptop}, ImportOptions{User: "al", SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 1 {
		t.Errorf("skipped %v, want al's thread", res.Skipped)
	}
	if got := thread(t, f.st, f.t.ID); got == nil || got.Title != "who is behind it" {
		t.Errorf("al's renamed thread is now %+v", got)
	}
	// -own lets the file change al's layer.
	if _, err := Import(ctx, f.st, []string{laptop}, ImportOptions{User: "al", Own: true}); err != nil {
		t.Fatal(err)
	}
	if got := thread(t, f.st, f.t.ID); got == nil || got.Title != "renamed on the laptop" {
		t.Errorf("with -own al's thread is %+v, want the laptop's", got)
	}
}

// A thread line that gives a thread of one layer the ID of a stored thread
// of another layer is a problem at its line, not an overwrite; so is an ID
// that two layers use within one import.
func TestThreadIDOfAnotherLayerIsRefused(t *testing.T) {
	ctx := context.Background()
	f := newOwnFixture(t)
	carol := &annotate.Thread{ID: annotate.NewID(), Annotator: "carol", Members: []annotate.Member{{Doc: f.doc.ID, Span: f.spans[2].ID}}}
	if err := f.st.Apply(ctx, annotate.PutThread("carol", "new thread", nil, carol)); err != nil {
		t.Fatal(err)
	}
	line := func(id, annot, title string) string {
		return `{"type":"thread","id":"` + id + `","title":"` + title + `","annotator":"` + annot + `","members":[{"doc":"` + f.doc.ID + `","span":"` + f.spans[0].ID + `"},{"doc":"` + f.doc.ID + `","span":"` + f.spans[1].ID + `","link":"x"}]}` + "\n"
	}
	fresh := annotate.NewID()
	data := line(f.t.ID, "bob", "bob's") + line(carol.ID, "bob", "bob's too") + line(fresh, "bob", "new") + line(fresh, "dan", "dan's")
	path := write(t, t.TempDir(), "bob.jsonl", []byte(data))
	before := snapshot(t, f.st)
	alTime, _ := f.st.LayerModified(f.doc.ID, "al")
	_, err := Import(ctx, f.st, []string{path}, ImportOptions{User: "al"})
	refusedAt(t, err, path+":1", "thread id "+f.t.ID+" is already used by a thread in al's layer")
	refusedAt(t, err, path+":2", "thread id "+carol.ID+" is already used by a thread in carol's layer")
	refusedAt(t, err, path+":4", "thread id "+fresh+" is used by two layers")
	if snapshot(t, f.st) != before {
		t.Errorf("a refused import changed the store")
	}
	res, err := Import(ctx, f.st, []string{path}, ImportOptions{User: "al", SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Skipped) != 3 || res.Threads != 1 {
		t.Errorf("skipped %v and wrote %d threads; want 3 skipped and bob's new one", res.Skipped, res.Threads)
	}
	if got := thread(t, f.st, f.t.ID); got.Annotator != "al" || got.Title != "who" {
		t.Errorf("al's thread is now %+v", got)
	}
	if got := thread(t, f.st, carol.ID); got.Annotator != "carol" {
		t.Errorf("carol's thread is now %+v", got)
	}
	// bob's new thread links two of al's spans: it lands in bob's layer and
	// al's layer keeps its time.
	if got := thread(t, f.st, fresh); got == nil || got.Annotator != "bob" {
		t.Errorf("bob's new thread is %+v", got)
	}
	if after, _ := f.st.LayerModified(f.doc.ID, "al"); after != alTime {
		t.Errorf("al's layer time went from %d to %d", alTime, after)
	}
}

// A .jsonl written by hand: lines that would change al's own spans or
// threads are refused, whether they name al or name no one (and so fall in
// the -user's layer).
func TestHandWrittenFileLeavesOwnLayer(t *testing.T) {
	ctx := context.Background()
	f := newOwnFixture(t)
	d := f.doc
	s0 := f.spans[0]
	// all three of al's spans, the first with label.
	span := func(annot, label string) string {
		a := ""
		if annot != "" {
			a = `,"annotator":"` + annot + `"`
		}
		var ws []string
		for i, s := range f.spans {
			l := s.Label
			if i == 0 {
				l = label
			}
			st, en := s.Fragments[0].Start, s.Fragments[0].End
			ws = append(ws, fmt.Sprintf(`{"id":"%s","start":%d,"end":%d,"text":%s,"label":"%s","created":"%s"%s}`, s.ID, st, en, quote(d.Text[st:en]), l, annotate.FormatMillis(s.Created), a))
		}
		return `{"id":"` + d.ID + `","title":"t","text":` + quote(d.Text) + `,"spans":[` + strings.Join(ws, ",") + `]}` + "\n"
	}
	threadLine := `{"type":"thread","id":"` + f.t.ID + `","title":"hand made","members":[{"doc":"` + d.ID + `","span":"` + f.spans[2].ID + `"},{"doc":"` + d.ID + `","span":"` + s0.ID + `","link":"x"}]}` + "\n"
	newThread := `{"type":"thread","id":"` + annotate.NewID() + `","title":"mine too","annotator":"al","members":[{"doc":"` + d.ID + `","span":"` + s0.ID + `"}]}` + "\n"
	for _, c := range []struct {
		name, data, want string
	}{
		{"named span relabelled", span("al", "figure"), "your own layer"},
		{"unnamed span relabelled", span("", "figure"), "would change your span " + s0.ID},
		{"unnamed thread retitled", threadLine, "would change your thread " + f.t.ID},
		{"named new thread where al has threads", newThread, "your own layer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(t, t.TempDir(), "hand.jsonl", []byte(c.data))
			before := snapshot(t, f.st)
			_, err := Import(ctx, f.st, []string{path}, ImportOptions{User: "al"})
			refusedAt(t, err, path+":1", c.want)
			if snapshot(t, f.st) != before {
				t.Errorf("a refused import changed the store")
			}
			if _, err := Import(ctx, f.st, []string{path}, ImportOptions{User: "al", SkipInvalid: true}); err != nil {
				t.Fatal(err)
			}
			if snapshot(t, f.st) != before {
				t.Errorf("-skip-invalid changed al's layer")
			}
		})
	}
	// Into an empty store of al's own the threads go, as a move to a new
	// machine needs.
	all := exportFile(t, f.st, "al.jsonl", ExportOptions{Annotators: []string{"al"}, Threads: true})
	fresh := openStore(t)
	if _, err := Import(ctx, fresh, []string{all}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	if got := thread(t, fresh, f.t.ID); got == nil {
		t.Errorf("al's own bundle into al's empty store left out thread %s", f.t.ID)
	}
	if _, err := Import(ctx, fresh, []string{all}, ImportOptions{User: "al"}); err != nil {
		t.Errorf("the same bundle again: %v", err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
