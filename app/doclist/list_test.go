package doclist

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/store"
)

// fakeStore holds articles, counts and marks in memory.
type fakeStore struct {
	docs   []*annotate.Document
	counts map[string]map[string]int
	marks  map[string]*annotate.Mark
}

func (s *fakeStore) Documents(_ context.Context, fn func(store.DocInfo) error) error {
	for _, d := range s.docs {
		if err := fn(store.DocInfo{ID: d.ID, Title: d.Title, Date: d.Date}); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeStore) EachDocument(_ context.Context, fn func(*annotate.Document) error) error {
	for _, d := range s.docs {
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func (s *fakeStore) Document(id string) (*annotate.Document, error) {
	for _, d := range s.docs {
		if d.ID == id {
			return d, nil
		}
	}
	return nil, store.ErrNotFound
}

func (s *fakeStore) Counts(doc, _ string) (map[string]int, error) { return s.counts[doc], nil }

func (s *fakeStore) Mark(doc, _ string) (*annotate.Mark, error) {
	if m := s.marks[doc]; m != nil {
		return m, nil
	}
	return nil, store.ErrNotFound
}

// fakeFrame is the window as the document list sees it. Work "off the UI
// goroutine" runs at once, and Later's work when the test calls later.
type fakeFrame struct {
	frametest.Host
	st     *fakeStore
	l      *List
	opened []string
	ahead  []string // ReadAhead's
	later  []*func()
	mu     sync.Mutex
	// progress is review's count by document; assigned are the documents
	// a team folder's assignment gives the user.
	progress map[string]string
	assigned map[string]bool
}

func (f *fakeFrame) Context() context.Context            { return context.Background() }
func (f *fakeFrame) Doc() *annotate.Document             { return nil }
func (f *fakeFrame) OpenDocument(id string)              { f.opened = append(f.opened, id) }
func (f *fakeFrame) OpenFirst()                          {}
func (f *fakeFrame) ReadAhead(id string)                 { f.ahead = append(f.ahead, id) }
func (f *fakeFrame) Labels() []annotate.Label            { return annotate.NewLabels().All() }
func (f *fakeFrame) LabelColor(string) string            { return "#888888" }
func (f *fakeFrame) ScanLabels()                         {}
func (f *fakeFrame) Progress(id string) (string, string) { return f.progress[id], "" }
func (f *fakeFrame) ForgetProgress(...string)            {}
func (f *fakeFrame) RefreshHead()                        {}

func (f *fakeFrame) AssignedFirst(docs []store.DocInfo) ([]store.DocInfo, int) {
	var mine, rest []store.DocInfo
	for _, d := range docs {
		if f.assigned[d.ID] {
			mine = append(mine, d)
		} else {
			rest = append(rest, d)
		}
	}
	return append(mine, rest...), len(mine)
}

func (f *fakeFrame) Later(_ time.Duration, fn func()) func() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := &fn
	f.later = append(f.later, p)
	return func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		stopped := *p != nil
		*p = nil
		return stopped
	}
}

// runLater runs the delayed work not stopped, as the timers would.
func (f *fakeFrame) runLater() {
	f.mu.Lock()
	fns := f.later
	f.later = nil
	f.mu.Unlock()
	for _, p := range fns {
		if fn := *p; fn != nil {
			*p = nil
			fn()
		}
	}
}

// pending counts the delayed work not stopped.
func (f *fakeFrame) pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, p := range f.later {
		if *p != nil {
			n++
		}
	}
	return n
}

// Apply stores a mark change and tells the list, as the window does.
func (f *fakeFrame) Apply(ch *annotate.Change) bool {
	f.Applied = append(f.Applied, ch)
	docs := map[string]bool{}
	for _, e := range ch.Marks {
		f.st.marks[e.After.Doc] = e.After
		docs[e.After.Doc] = true
	}
	f.l.Changed(frame.Changed{Change: ch, Docs: docs})
	return true
}

// TestFilterAndDoneMark: typing narrows the list by title at once and by
// text once the pause is over, a keystroke stops the search the one before
// started, and ticking the done mark applies one change and shows it.
func TestFilterAndDoneMark(t *testing.T) {
	test.NewTempApp(t)
	st := &fakeStore{
		docs: []*annotate.Document{
			{ID: "d1", Title: "Kakar blames the TTP", Date: "2023-11-10", Text: "The caretaker prime minister spoke."},
			{ID: "d2", Title: "Refugees leave", Date: "2023-11-20", Text: "Afghan refugees crossed at Torkham."},
			{ID: "d3", Title: "Undated note", Text: "Nothing about the border."},
		},
		counts: map[string]map[string]int{"d1": {annotate.Claim: 2}},
		marks:  map[string]*annotate.Mark{},
	}
	l, f := listOf(t, st)
	test.NewTempWindow(t, l.Build()).Resize(fyne.NewSize(300, 400))
	l.SetShown(l.Docs(), "")
	if got := l.CountText(); got != "3 articles  ·  counts: your spans" {
		t.Errorf("count says %q", got)
	}
	if got := l.State("d1").Counts[annotate.Claim]; got != 2 {
		t.Errorf("d1's row counts %d claims, want 2", got)
	}

	test.Type(l.Filter(), "tork") // no title holds it, d2's text does
	if n := len(l.Shown()); n != 0 {
		t.Errorf("by title the filter shows %d articles, want none yet", n)
	}
	if got := l.CountText(); got != "0 of 3 articles  ·  searching text…  ·  counts: your spans" {
		t.Errorf("while searching the count says %q", got)
	}
	if n := f.pending(); n != 1 {
		t.Errorf("four keystrokes left %d text searches to run, want the last one", n)
	}
	f.runLater()
	if s := l.Shown(); len(s) != 1 || s[0].ID != "d2" {
		t.Errorf("after the pause the filter shows %v, want d2", s)
	}

	l.Filter().SetText("")
	if n := len(l.Shown()); n != 3 {
		t.Errorf("an empty filter shows %d articles, want 3", n)
	}

	l.ToggleDone("d1")
	if len(f.Applied) != 1 || !st.marks["d1"].Done || !l.State("d1").Done {
		t.Errorf("ticking d1 applied %d changes, stored %+v, row done %v; want one, done, done",
			len(f.Applied), st.marks["d1"], l.State("d1").Done)
	}
	if f.Said != "Mark done: Kakar blames the TTP" {
		t.Errorf("status %q", f.Said)
	}
}

// The caption under the filter is cut to the column rather than widening
// it: "143 of 205 articles  ·  counts: your spans  ·  5 assigned first"
// was wider than the column the window gives the list, so typing in the
// filter pushed the split over and the open article's lines flowed anew
// with each keystroke that changed the count's digits.
func TestCountDoesNotWidenTheColumn(t *testing.T) {
	test.NewTempApp(t)
	l, _ := listOf(t, &fakeStore{docs: []*annotate.Document{
		{ID: "d1", Title: "Kakar blames the TTP", Date: "2023-11-10", Text: "The caretaker prime minister spoke."},
		{ID: "d2", Title: "Refugees leave", Date: "2023-11-20", Text: "Afghan refugees crossed at Torkham."},
	}})
	col := l.Build()
	test.NewTempWindow(t, col).Resize(fyne.NewSize(280, 400))
	l.SetShown(l.Docs(), "")
	short := col.MinSize().Width
	l.SetShown(l.Docs()[:1], "text not searched")
	long := l.CountText()
	if want := "1 of 2 articles  ·  text not searched  ·  counts: your spans"; long != want {
		t.Fatalf("count says %q, want %q", long, want)
	}
	if got := col.MinSize().Width; got > short {
		t.Errorf("the caption %q asks for a column %.0f wide, %.0f more than with %q", long, got, got-short, "2 articles  ·  counts: your spans")
	}
}

// listOf is the document list of st's articles in a fake window.
func listOf(t *testing.T, st *fakeStore) (*List, *fakeFrame) {
	t.Helper()
	f := &fakeFrame{st: st}
	docs, err := Load(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	l := New(st, f, docs)
	f.l = l
	return l, f
}

// In review, an assigned article's row says its review count right after
// the date, and "assigned to you" after that: the line is cut at the
// column's edge, and with the mark first "0 of 2 resolved (2 more by
// alice)" lost what alice settled even in a window as wide as the screen.
func TestReviewCountBeforeAssignedMark(t *testing.T) {
	test.NewTempApp(t)
	st := &fakeStore{docs: []*annotate.Document{
		{ID: "d1", Title: "Kakar blames the TTP", Date: "2023-11-10", Text: "The caretaker prime minister spoke."},
		{ID: "d2", Title: "Refugees leave", Date: "2023-11-20", Text: "Afghan refugees crossed at Torkham."},
	}}
	f := &fakeFrame{st: st, assigned: map[string]bool{"d1": true, "d2": true},
		progress: map[string]string{"d1": "0 of 2 resolved (2 more by alice)"}}
	docs, err := Load(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	l := New(st, f, docs)
	f.l = l
	test.NewTempWindow(t, l.Build()).Resize(fyne.NewSize(330, 400)) // the column of a 1400-wide window
	for _, tc := range []struct{ id, want string }{
		{"d1", "2023-11-10  ·  0 of 2 resolved (2 more by alice)  ·  " + AssignedMark},
		{"d2", "2023-11-20  ·  " + AssignedMark},
	} {
		if _, got, ok := l.RowShown(tc.id); !ok || got != tc.want {
			t.Errorf("the row of %s says %q (shown %v), want %q", tc.id, got, ok, tc.want)
		}
	}
}
