package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"

	"github.com/skein-news/skein/annotate"
)

func TestApplyConflict(t *testing.T) {
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "Officials denied the report on Tuesday.")
	putDocs(t, s, d)
	sp := newSpan(d, "ana", "claim", 0, 9)
	apply(t, s, annotate.AddSpan("ana", sp))
	th := &annotate.Thread{ID: annotate.NewID(), Annotator: "ana", Title: "denials", Members: []annotate.Member{{Doc: d.ID, Span: sp.ID}}}
	apply(t, s, annotate.PutThread("ana", "new thread", nil, th))
	mark := &annotate.Mark{Doc: d.ID, Annotator: "ana", Done: true}
	apply(t, s, annotate.SetMark("ana", "done", nil, mark))
	modified, _ := s.LayerModified(d.ID, "ana")

	stale := sp.Clone()
	stale.Label = "actor" // not what is stored
	relabel := sp.Clone()
	relabel.Label = "figure"
	staleThread := th.Clone()
	staleThread.Title = "other"
	tests := []struct {
		name string
		c    *annotate.Change
	}{
		{"edit with stale before", annotate.EditSpan("ana", "relabel", stale, relabel)},
		{"add existing span", annotate.AddSpan("ana", sp)},
		{"delete missing span", annotate.DeleteSpans("ana", []*annotate.Span{newSpan(d, "ana", "claim", 1, 2)}, nil)},
		{"before in another layer", annotate.EditSpan("ana", "x", func() *annotate.Span { c := sp.Clone(); c.Annotator = "ben"; return c }(), relabel)},
		{"stale thread", annotate.PutThread("ana", "retitle", staleThread, th)},
		{"create existing thread", annotate.PutThread("ana", "again", nil, th)},
		{"create existing mark", annotate.SetMark("ana", "done", nil, mark)},
		{"second edit stale", &annotate.Change{User: "ana", Desc: "two", Spans: []annotate.SpanEdit{
			{After: newSpan(d, "ana", "actor", 20, 26)},
			{Before: stale, After: relabel},
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			top, _ := s.UndoTop("ana")
			err := s.Apply(ctx, tc.c)
			if !errors.Is(err, ErrConflict) {
				t.Fatalf("got %v, want ErrConflict", err)
			}
			got, _ := s.Spans(d.ID)
			if !sameSpans(got, []*annotate.Span{sp}) {
				t.Errorf("spans after refused change: got %v, want only %s", ids(got), sp.ID)
			}
			if gt, _ := s.Thread(th.ID); !sameThread(gt, th) {
				t.Errorf("thread after refused change: got %+v", gt)
			}
			if now, _ := s.UndoTop("ana"); now != top {
				t.Errorf("undo top after refused change: got %q, want %q", now, top)
			}
			if ms, _ := s.LayerModified(d.ID, "ana"); ms != modified {
				t.Errorf("layer time after refused change: got %d, want %d", ms, modified)
			}
		})
	}
	checkStore(t, s, model{spans: map[string]*annotate.Span{sp.ID: sp}, threads: map[string]*annotate.Thread{th.ID: th}}, []*annotate.Document{d})
}

func TestUndoRedo(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	d := newDoc("a", "2024-01-01", "The council approved the budget of 2 million.")
	putDocs(t, s, d)

	if _, err := s.Undo(ctx, "ana"); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("Undo on empty stack: got %v, want ErrNothingToUndo", err)
	}
	if _, err := s.Redo(ctx, "ana"); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("Redo on empty stack: got %v, want ErrNothingToUndo", err)
	}
	if _, ok := s.UndoTop("ana"); ok {
		t.Fatal("UndoTop on empty stack: got ok")
	}
	a := newSpan(d, "ana", "actor", 4, 11)
	b := newSpan(d, "ana", "figure", 36, 45)
	relabelled := a.Clone()
	relabelled.Label = "claim"
	apply(t, s, annotate.AddSpan("ana", a))
	apply(t, s, annotate.AddSpan("ana", b))
	apply(t, s, annotate.EditSpan("ana", "relabel as claim", a, relabelled))
	apply(t, s, annotate.AddSpan("ben", newSpan(d, "ben", "claim", 0, 45)))

	state := func() []string {
		sp, err := s.LayerSpans(d.ID, "ana")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range sp {
			out = append(out, x.Label)
		}
		return out
	}
	steps := []struct {
		op       string
		reopen   bool
		want     []string
		undoTop  string
		redoTop  string
		wantDesc string
	}{
		{op: "", want: []string{"claim", "figure"}, undoTop: "relabel as claim"},
		{op: "undo", want: []string{"actor", "figure"}, undoTop: "add figure", redoTop: "relabel as claim", wantDesc: "relabel as claim"},
		{op: "undo", reopen: true, want: []string{"actor"}, undoTop: "add actor", redoTop: "add figure", wantDesc: "add figure"},
		{op: "redo", want: []string{"actor", "figure"}, undoTop: "add figure", redoTop: "relabel as claim", wantDesc: "add figure"},
		{op: "redo", reopen: true, want: []string{"claim", "figure"}, undoTop: "relabel as claim", wantDesc: "relabel as claim"},
		{op: "undo", want: []string{"actor", "figure"}, undoTop: "add figure", redoTop: "relabel as claim", wantDesc: "relabel as claim"},
		{op: "undo", want: []string{"actor"}, undoTop: "add actor", redoTop: "add figure", wantDesc: "add figure"},
		{op: "undo", want: nil, redoTop: "add actor", wantDesc: "add actor"},
		{op: "undo-empty", want: nil, redoTop: "add actor"},
		{op: "apply", want: []string{"figure"}, undoTop: "add figure"},
		{op: "redo-empty", want: []string{"figure"}, undoTop: "add figure"},
	}
	for i, st := range steps {
		t.Run(fmt.Sprintf("%d %s", i, st.op), func(t *testing.T) {
			var c *annotate.Change
			var err error
			switch st.op {
			case "undo":
				c, err = s.Undo(ctx, "ana")
			case "redo":
				c, err = s.Redo(ctx, "ana")
			case "undo-empty":
				if _, err := s.Undo(ctx, "ana"); !errors.Is(err, ErrNothingToUndo) {
					t.Errorf("got %v, want ErrNothingToUndo", err)
				}
			case "redo-empty":
				if _, err := s.Redo(ctx, "ana"); !errors.Is(err, ErrNothingToUndo) {
					t.Errorf("got %v, want ErrNothingToUndo", err)
				}
			case "apply":
				err = s.Apply(ctx, annotate.AddSpan("ana", newSpan(d, "ana", "figure", 36, 45)))
			}
			if err != nil {
				t.Fatal(err)
			}
			if c != nil && c.Desc != st.wantDesc {
				t.Errorf("change returned: got %q, want %q", c.Desc, st.wantDesc)
			}
			if st.reopen {
				s.Close()
				if s, err = Open(dir, Options{}); err != nil {
					t.Fatal(err)
				}
			}
			if got := state(); !reflect.DeepEqual(got, st.want) {
				t.Errorf("ana's labels: got %v, want %v", got, st.want)
			}
			if got, _ := s.UndoTop("ana"); got != st.undoTop {
				t.Errorf("UndoTop: got %q, want %q", got, st.undoTop)
			}
			if got, _ := s.RedoTop("ana"); got != st.redoTop {
				t.Errorf("RedoTop: got %q, want %q", got, st.redoTop)
			}
			if got, _ := s.UndoTop("ben"); got != "add claim" {
				t.Errorf("ben's UndoTop: got %q, want \"add claim\"", got)
			}
		})
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

func TestUndoConflictAndDiscard(t *testing.T) {
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "A short text about budgets.")
	putDocs(t, s, d)
	sp := newSpan(d, "curated", "claim", 0, 7)
	apply(t, s, annotate.AddSpan("ana", sp))
	// Ben edits the same span; ana's undo of the add no longer matches.
	edited := sp.Clone()
	edited.Label = "actor"
	apply(t, s, annotate.EditSpan("ben", "relabel", sp, edited))
	if _, err := s.Undo(ctx, "ana"); !errors.Is(err, ErrConflict) {
		t.Fatalf("Undo of a changed span: got %v, want ErrConflict", err)
	}
	if top, ok := s.UndoTop("ana"); !ok || top != "add claim" {
		t.Errorf("UndoTop after refused undo: got %q, %v", top, ok)
	}
	if err := s.DiscardUndo("ana"); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.UndoTop("ana"); ok {
		t.Error("UndoTop after DiscardUndo: still has an entry")
	}
	if got, _ := s.Span(sp.ID); got.Label != "actor" {
		t.Errorf("span after DiscardUndo: got label %q, want actor", got.Label)
	}
	if err := s.DiscardUndo("ana"); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("DiscardUndo on empty stack: got %v", err)
	}
}

func TestUndoLimit(t *testing.T) {
	defer func(n int) { undoLimit = n }(undoLimit)
	undoLimit = 3
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "Five spans will be added to this text.")
	putDocs(t, s, d)
	for i := 0; i < 5; i++ {
		sp := newSpan(d, "ana", "claim", i, i+1)
		c := annotate.AddSpan("ana", sp)
		c.Desc = fmt.Sprintf("add %d", i)
		apply(t, s, c)
	}
	var undone []string
	for {
		c, err := s.Undo(ctx, "ana")
		if errors.Is(err, ErrNothingToUndo) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		undone = append(undone, c.Desc)
	}
	if want := []string{"add 4", "add 3", "add 2"}; !reflect.DeepEqual(undone, want) {
		t.Errorf("undone: got %v, want %v", undone, want)
	}
	if got, _ := s.Spans(d.ID); len(got) != 2 {
		t.Errorf("spans left: got %d, want 2 (beyond the limit)", len(got))
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// TestIndexConsistency applies random edits, undoes and redoes, and checks
// every read and every index key against a model after each step.
func TestIndexConsistency(t *testing.T) {
	s := openTest(t)
	docs := []*annotate.Document{
		newDoc("a", "2024-01-01", "The minister said the budget will rise by 4 percent, officials confirmed."),
		newDoc("b", "2024-01-02", "Police denied the allegations and the mayor announced an investigation."),
		newDoc("c", "2024-01-03", "Shares fell after the company reported quarterly losses of 2 billion."),
	}
	putDocs(t, s, docs...)
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	r := rand.New(rand.NewPCG(7, 8))
	users := []string{"ana", "ben"}
	// history per user of applied changes, to mirror undo and redo in the model
	undo := map[string][]*annotate.Change{}
	redo := map[string][]*annotate.Change{}
	applyModel := func(c *annotate.Change) {
		for _, e := range c.Spans {
			if e.Before != nil {
				delete(m.spans, e.Before.ID)
			}
			if e.After != nil {
				m.spans[e.After.ID] = e.After.Clone()
			}
		}
		for _, e := range c.Threads {
			if e.Before != nil {
				delete(m.threads, e.Before.ID)
			}
			if e.After != nil {
				m.threads[e.After.ID] = e.After.Clone()
			}
		}
	}
	pick := func(user string) *annotate.Span {
		var mine []*annotate.Span
		for _, sp := range m.spans {
			if sp.Annotator == user {
				mine = append(mine, sp)
			}
		}
		if len(mine) == 0 {
			return nil
		}
		annotate.SortSpans(mine)
		return mine[r.IntN(len(mine))]
	}
	for step := 0; step < 120; step++ {
		user := users[r.IntN(2)]
		var c *annotate.Change
		switch op := r.IntN(10); {
		case op < 4:
			d := docs[r.IntN(len(docs))]
			st := r.IntN(60)
			c = annotate.AddSpan(user, newSpan(d, user, testLabels[r.IntN(4)], st, st+1+r.IntN(10)))
		case op < 5:
			if sp := pick(user); sp != nil {
				u := sp.Clone()
				u.Label = testLabels[r.IntN(4)]
				u.Note = fmt.Sprintf("note %d", step)
				c = annotate.EditSpan(user, "edit", sp, u)
			}
		case op < 6:
			if sp := pick(user); sp != nil {
				var ths []*annotate.Thread
				for _, th := range m.threads {
					if th.Index(sp.ID) >= 0 {
						ths = append(ths, th)
					}
				}
				c = annotate.DeleteSpans(user, []*annotate.Span{sp}, ths)
			}
		case op < 7:
			a, b := pick(user), pick(user)
			if a != nil && b != nil && a.ID != b.ID {
				th := &annotate.Thread{ID: annotate.NewID(), Annotator: user, Members: []annotate.Member{{Doc: a.Doc, Span: a.ID}, {Doc: b.Doc, Span: b.ID, Link: "supports"}}}
				if r.IntN(2) == 0 {
					th.Title = "chain"
				}
				c = annotate.PutThread(user, "link", nil, th)
			}
		case op < 9:
			got, err := s.Undo(ctx, user)
			if errors.Is(err, ErrNothingToUndo) {
				continue
			}
			if err != nil {
				t.Fatalf("step %d: undo: %v", step, err)
			}
			h := undo[user]
			want := h[len(h)-1]
			undo[user] = h[:len(h)-1]
			redo[user] = append(redo[user], want)
			if got.ID != want.ID {
				t.Fatalf("step %d: undo returned %s, want %s", step, got.ID, want.ID)
			}
			applyModel(want.Inverse())
		default:
			got, err := s.Redo(ctx, user)
			if errors.Is(err, ErrNothingToUndo) {
				continue
			}
			if err != nil {
				t.Fatalf("step %d: redo: %v", step, err)
			}
			h := redo[user]
			want := h[len(h)-1]
			redo[user] = h[:len(h)-1]
			undo[user] = append(undo[user], want)
			if got.ID != want.ID {
				t.Fatalf("step %d: redo returned %s, want %s", step, got.ID, want.ID)
			}
			applyModel(want)
		}
		if c != nil {
			err := s.Apply(ctx, c)
			if errors.Is(err, ErrConflict) {
				// The other user's undo can make a change stale; that is
				// the store doing its job, and nothing was written.
				continue
			}
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			applyModel(c)
			undo[user] = append(undo[user], c)
			redo[user] = nil
		}
		if step%10 == 9 {
			checkStore(t, s, m, docs)
			if t.Failed() {
				t.Fatalf("after step %d", step)
			}
		}
	}
	checkStore(t, s, m, docs)
}

func TestConcurrentApply(t *testing.T) {
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "Every writer adds spans to this one article at the same time.")
	putDocs(t, s, d)
	const writers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		user := fmt.Sprintf("user%d", w)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := s.Apply(ctx, annotate.AddSpan(user, newSpan(d, user, "claim", i, i+3))); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, _ := s.Spans(d.ID); len(got) != writers*each {
		t.Errorf("spans: got %d, want %d", len(got), writers*each)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// TestPrefetchStaysCurrent changes the document EachDocument is handing out
// and checks that Spans sees the change.
func TestPrefetchStaysCurrent(t *testing.T) {
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "An article whose spans change during an export.")
	putDocs(t, s, d)
	apply(t, s, annotate.AddSpan("ana", newSpan(d, "ana", "claim", 0, 10)))
	err := s.EachDocument(ctx, func(doc *annotate.Document) error {
		before, err := s.Spans(doc.ID)
		if err != nil || len(before) != 1 {
			return fmt.Errorf("before: got %d spans, %v; want 1", len(before), err)
		}
		if err := s.Apply(ctx, annotate.AddSpan("ana", newSpan(d, "ana", "actor", 11, 16))); err != nil {
			return err
		}
		after, err := s.Spans(doc.ID)
		if err != nil || len(after) != 2 {
			return fmt.Errorf("after Apply: got %d spans, %v; want 2", len(after), err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUndoKeepsOddText undoes edits of a span whose note is not valid UTF-8
// (an imported file may carry one): the undo entry must keep it byte for
// byte, or the before-image would not match.
func TestUndoKeepsOddText(t *testing.T) {
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "Some article text here.")
	putDocs(t, s, d)
	sp := newSpan(d, "ana", "claim", 0, 4)
	sp.Note = "latin-1 caf\xe9"
	sp.Attrs = map[string]string{"k\xff": "v"}
	apply(t, s, annotate.AddSpan("ana", sp))
	edited := sp.Clone()
	edited.Label = "actor"
	apply(t, s, annotate.EditSpan("ana", "relabel", sp, edited))
	for i := 0; i < 2; i++ {
		if _, err := s.Undo(ctx, "ana"); err != nil {
			t.Fatalf("undo %d: %v", i+1, err)
		}
	}
	if got, _ := s.Spans(d.ID); len(got) != 0 {
		t.Errorf("spans after undoing both: got %d, want 0", len(got))
	}
	if _, err := s.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Span(sp.ID); err != nil || got.Note != sp.Note {
		t.Errorf("redone span: got %+v, %v", got, err)
	}
}

// TestPeekIsWhatUndoAndRedoDo: the change PeekUndo and PeekRedo give is the
// one Undo and Redo then take back or make again, and peeking changes
// nothing.
func TestPeekIsWhatUndoAndRedoDo(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := newDoc("a", "2024-01-01", "The council approved the budget of 2 million.")
	putDocs(t, s, d)
	if _, err := s.PeekUndo("ana"); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("PeekUndo on an empty stack: got %v, want ErrNothingToUndo", err)
	}
	a := newSpan(d, "ana", "actor", 4, 11)
	b := a.Clone()
	b.Label = "claim"
	apply(t, s, annotate.AddSpan("ana", a))
	apply(t, s, annotate.EditSpan("ana", "relabel as claim", a, b))
	for _, step := range []struct {
		peek func(string) (*annotate.Change, error)
		op   func(context.Context, string) (*annotate.Change, error)
		want string
	}{
		{s.PeekUndo, s.Undo, "relabel as claim"},
		{s.PeekUndo, s.Undo, "add actor"},
		{s.PeekRedo, s.Redo, "add actor"},
	} {
		p1, err := step.peek("ana")
		if err != nil {
			t.Fatal(err)
		}
		p2, err := step.peek("ana")
		if err != nil {
			t.Fatal(err)
		}
		got, err := step.op(ctx, "ana")
		if err != nil {
			t.Fatal(err)
		}
		if got.Desc != step.want || !reflect.DeepEqual(p1, got) || !reflect.DeepEqual(p2, got) {
			t.Fatalf("peeked %q and %q, then the store did %q; want %q each time", p1.Desc, p2.Desc, got.Desc, step.want)
		}
	}
	if _, err := s.PeekRedo("ben"); !errors.Is(err, ErrNothingToUndo) {
		t.Fatalf("PeekRedo for a user without changes: got %v, want ErrNothingToUndo", err)
	}
}
