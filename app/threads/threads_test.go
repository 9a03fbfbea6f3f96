package threads

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/store"
)

// fakeStore holds one article, its spans and the threads in memory.
type fakeStore struct {
	doc     *annotate.Document
	spans   []*annotate.Span
	threads map[string]*annotate.Thread
}

func (s *fakeStore) ThreadsOfSpan(span string) ([]*annotate.Thread, error) {
	var out []*annotate.Thread
	for _, th := range s.threads {
		if th.Index(span) >= 0 {
			out = append(out, th.Clone())
		}
	}
	return out, nil
}

func (s *fakeStore) ThreadsOfDoc(doc string) ([]*annotate.Thread, error) {
	var out []*annotate.Thread
	for _, th := range s.threads {
		if slices.Contains(th.Docs(), doc) {
			out = append(out, th.Clone())
		}
	}
	return out, nil
}

func (s *fakeStore) Thread(id string) (*annotate.Thread, error) {
	if th := s.threads[id]; th != nil {
		return th.Clone(), nil
	}
	return nil, store.ErrNotFound
}

func (s *fakeStore) Threads(_ context.Context, fn func(*annotate.Thread) error) error {
	for _, th := range s.threads {
		if err := fn(th.Clone()); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeStore) Span(id string) (*annotate.Span, error) {
	for _, x := range s.spans {
		if x.ID == id {
			return x.Clone(), nil
		}
	}
	return nil, store.ErrNotFound
}

func (s *fakeStore) LayerSpans(doc, annotator string) ([]*annotate.Span, error) {
	var out []*annotate.Span
	for _, x := range s.spans {
		if x.Doc == doc && x.Annotator == annotator {
			out = append(out, x.Clone())
		}
	}
	return out, nil
}

func (s *fakeStore) Document(id string) (*annotate.Document, error) {
	if id == s.doc.ID {
		return s.doc, nil
	}
	return nil, store.ErrNotFound
}

// fakeFrame is the window as the threads see it, with one article open;
// Apply stores threads and tells the threads, as the window's changed does.
type fakeFrame struct {
	frametest.Host
	st       *fakeStore
	t        *UI
	text     *annotate.Text
	selected string
	ahead    []string // the articles ReadAhead was asked for
}

func (f *fakeFrame) Doc() *annotate.Document      { return f.st.doc }
func (f *fakeFrame) Text() *annotate.Text         { return f.text }
func (f *fakeFrame) SelectedSpan() string         { return f.selected }
func (f *fakeFrame) Own(s *annotate.Span) bool    { return s.Annotator == "alice" }
func (f *fakeFrame) LabelColor(string) string     { return "#888888" }
func (f *fakeFrame) ShowsLayer(a string) bool     { return a == "alice" }
func (f *fakeFrame) Layers() []string             { return nil }
func (f *fakeFrame) ShowLayers(...string)         {}
func (f *fakeFrame) Reviewing() bool              { return false }
func (f *fakeFrame) OpenDocument(string)          {}
func (f *fakeFrame) ReadAhead(id string)          { f.ahead = append(f.ahead, id) }
func (f *fakeFrame) RefreshSpans()                {}
func (f *fakeFrame) RefreshArcs()                 {}
func (f *fakeFrame) RefreshSpanList()             {}
func (f *fakeFrame) TypedKey(*fyne.KeyEvent) bool { return false }

func (f *fakeFrame) SpanByID(id string) *annotate.Span {
	s, _ := f.st.Span(id)
	return s
}

func (f *fakeFrame) Excerpt(s *annotate.Span) string {
	return f.text.Slice(s.Fragments[0].Start, s.Fragments[0].End)
}

// SelectSpan selects a span as a click does, and tells the threads.
func (f *fakeFrame) SelectSpan(id string) {
	f.selected = id
	f.t.NoteSpan(id)
}

func (f *fakeFrame) RefuseWrite() bool { return false }

func (f *fakeFrame) Apply(ch *annotate.Change) bool {
	f.Applied = append(f.Applied, ch)
	ids := map[string]bool{}
	for _, e := range ch.Threads {
		if e.After == nil {
			delete(f.st.threads, e.ID())
		} else {
			f.st.threads[e.ID()] = e.After.Clone()
		}
		ids[e.ID()] = true
	}
	f.t.Changed(frame.Changed{Change: ch, Docs: map[string]bool{f.st.doc.ID: true}, Threads: ids})
	return true
}

// TestThreadAndLink drives the threads without a window: a thread started
// from the selected span becomes current and listed, the span is outlined
// as its member, and L links the span selected before to the one selected
// now, which the span list's row then describes.
func TestThreadAndLink(t *testing.T) {
	test.NewTempApp(t)
	text := "PM Kakar linked the surge in attacks to the TTP."
	doc := &annotate.Document{ID: "d1", Title: "Kakar", Date: "2023-11-10", Text: text}
	span := func(id, label string, start, end int) *annotate.Span {
		return &annotate.Span{ID: id, Doc: doc.ID, Annotator: "alice", Label: label,
			Fragments: []annotate.Fragment{{Start: start, End: end}}}
	}
	st := &fakeStore{doc: doc, threads: map[string]*annotate.Thread{},
		spans: []*annotate.Span{span("s1", annotate.Actor, 0, 8), span("s2", annotate.Claim, 9, 36)}}
	f := &fakeFrame{st: st, text: annotate.NewText(text)}
	u := New(st, f)
	f.t = u
	f.Win = test.NewTempWindow(t, u.Build(widget.NewLabel("spans")))
	f.Win.Resize(fyne.NewSize(400, 600))
	u.Load()

	f.SelectSpan("s1")
	u.NewFromSelection()
	th := u.Current()
	if len(f.Applied) != 1 || th == nil || th.Title != "PM Kakar" || !u.InThread("s1") || u.InThread("s2") {
		t.Fatalf("after New thread: %d changes, current %+v; want one thread “PM Kakar” holding s1 only", len(f.Applied), th)
	}
	if got := u.Panel().Shown(); len(got) != 1 || got[0].ID != th.ID || !u.ThreadsShown() {
		t.Errorf("the panel lists %+v (Threads tab forward %v), want the new thread", got, u.ThreadsShown())
	}

	f.SelectSpan("s2")
	from, _ := st.Span("s1")
	to, _ := st.Span("s2")
	u.linkSpans(from, to, "accuses") // what L's dialog does on Link
	if len(f.Applied) != 2 || len(st.threads) != 2 {
		t.Fatalf("after L: %d changes, %d threads; want 2 and 2", len(f.Applied), len(st.threads))
	}
	u.DocShown() // the span list asks for links once the article's threads are read
	// The link by its label and both ends, alike from either end.
	if got, want := u.SpanLinks("s2"), "“PM Kakar” ▸ accuses ▸ “linked the surge in attacks”"; got != want {
		t.Errorf("s2's row says %q, want %q", got, want)
	}
	if got, want := u.SpanLinks("s1"), "“PM Kakar” ▸ accuses ▸ “linked the surge in attacks”  ∈ “PM Kakar” 1/1"; got != want {
		t.Errorf("s1's row says %q, want %q", got, want)
	}
}

// TestReadNextMemberAhead: once a thread is current, and again once a
// member is shown, the article ] goes to next is read ahead of the key
// (issue 18), unless it is the open article or there is no next member.
func TestReadNextMemberAhead(t *testing.T) {
	test.NewTempApp(t)
	text := "PM Kakar linked the surge in attacks to the TTP."
	doc := &annotate.Document{ID: "d1", Title: "Kakar", Date: "2023-11-10", Text: text}
	span := func(id, d string, start, end int) *annotate.Span {
		return &annotate.Span{ID: id, Doc: d, Annotator: "alice", Label: annotate.Claim,
			Fragments: []annotate.Fragment{{Start: start, End: end}}}
	}
	st := &fakeStore{doc: doc, threads: map[string]*annotate.Thread{},
		spans: []*annotate.Span{span("s1", "d1", 0, 8), span("s2", "d1", 9, 36), span("x1", "d2", 0, 5)}}
	f := &fakeFrame{st: st, text: annotate.NewText(text)}
	u := New(st, f)
	f.t = u
	f.Win = test.NewTempWindow(t, u.Build(widget.NewLabel("spans")))
	f.Win.Resize(fyne.NewSize(400, 600))
	u.Load()

	across := &annotate.Thread{ID: "across", Title: "Across", Annotator: "alice",
		Members: []annotate.Member{{Doc: "d1", Span: "s1"}, {Doc: "d2", Span: "x1", Link: "repeats"}, {Doc: "d1", Span: "s2", Link: "repeats"}}}
	within := &annotate.Thread{ID: "within", Title: "Within", Annotator: "alice",
		Members: []annotate.Member{{Doc: "d1", Span: "s1"}, {Doc: "d1", Span: "s2", Link: "repeats"}}}

	u.SetCurrent(across)
	if want := []string{"d2"}; !slices.Equal(f.ahead, want) {
		t.Fatalf("a thread made current whose next member is in d2 read ahead %v, want %v", f.ahead, want)
	}
	u.ShowSpan("d1", "s2") // the last member: no next one
	if want := []string{"d2"}; !slices.Equal(f.ahead, want) {
		t.Errorf("showing the last member read ahead %v in all, want still %v", f.ahead, want)
	}
	u.ShowSpan("d1", "s1") // the first again: ] goes to d2
	if want := []string{"d2", "d2"}; !slices.Equal(f.ahead, want) {
		t.Errorf("showing the first member read ahead %v in all, want %v", f.ahead, want)
	}
	f.ahead = nil
	u.SetCurrent(within)
	u.ShowSpan("d1", "s1")
	if len(f.ahead) != 0 {
		t.Errorf("a thread whose next member is in the open article read ahead %v, want nothing", f.ahead)
	}
}
