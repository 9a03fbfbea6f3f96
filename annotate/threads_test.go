package annotate

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// applyThreads plays c onto a store of threads the way the store does: each
// edit's before-image must match what is stored, then its after-image
// replaces it (nil: deleted).
func applyThreads(t *testing.T, store map[string]*Thread, c *Change) {
	t.Helper()
	for _, e := range c.Threads {
		id := ""
		if e.Before != nil {
			id = e.Before.ID
		} else if e.After != nil {
			id = e.After.ID
		}
		if !reflect.DeepEqual(store[id], e.Before) {
			t.Fatalf("change %q: stored thread %s is %+v, before-image %+v", c.Desc, id, store[id], e.Before)
		}
		if e.After == nil {
			delete(store, id)
		} else {
			store[id] = e.After.Clone()
		}
	}
}

func members(th *Thread) string {
	if th == nil {
		return "<deleted>"
	}
	var b strings.Builder
	for i, m := range th.Members {
		if i > 0 {
			b.WriteString(" ")
		}
		if m.Link != "" {
			b.WriteString(m.Link + ">")
		}
		b.WriteString(m.Span)
	}
	return b.String()
}

func testSpan(id, doc string) *Span {
	return &Span{ID: id, Doc: doc, Fragments: []Fragment{{Start: 0, End: 4}}, Label: Figure, Annotator: "alice"}
}

func chain() *Thread {
	return &Thread{ID: "t1", Title: "60% rise", Annotator: "alice", Created: 1, Members: []Member{
		{Doc: "d1", Span: "a"},
		{Doc: "d2", Span: "b", Link: "repeats"},
		{Doc: "d3", Span: "c", Link: "contradicts"},
	}}
}

func link() *Thread {
	return &Thread{ID: "l1", Annotator: "alice", Members: []Member{
		{Doc: "d1", Span: "a"},
		{Doc: "d1", Span: "k", Link: "targets"},
	}}
}

func TestThreadOps(t *testing.T) {
	tests := []struct {
		name    string
		th      *Thread
		op      func(th *Thread) (*Change, error)
		want    string // members after, as "link>span"
		desc    string
		wantErr error
	}{
		{"append", chain(), func(th *Thread) (*Change, error) {
			return AddMember("alice", th, testSpan("d", "d4"), -1, "supports")
		}, "a repeats>b contradicts>c supports>d", "add to thread “60% rise”", nil},
		{"insert in the middle", chain(), func(th *Thread) (*Change, error) {
			return AddMember("alice", th, testSpan("d", "d4"), 1, "repeats")
		}, "a repeats>d repeats>b contradicts>c", "add to thread “60% rise”", nil},
		{"insert first: the link moves to the old first", chain(), func(th *Thread) (*Change, error) {
			return AddMember("alice", th, testSpan("d", "d4"), 0, "made-by")
		}, "d made-by>a repeats>b contradicts>c", "add to thread “60% rise”", nil},
		{"insert at the end index", chain(), func(th *Thread) (*Change, error) {
			return AddMember("alice", th, testSpan("d", "d4"), 3, "")
		}, "a repeats>b contradicts>c d", "add to thread “60% rise”", nil},
		{"add a user label", chain(), func(th *Thread) (*Change, error) {
			return AddMember("alice", th, testSpan("d", "d4"), -1, "quotes")
		}, "a repeats>b contradicts>c quotes>d", "add to thread “60% rise”", nil},
		{"add a member twice", chain(), func(th *Thread) (*Change, error) {
			return AddMember("alice", th, testSpan("b", "d2"), -1, "")
		}, "", "", ErrAlreadyMember},
		{"add past the end", chain(), func(th *Thread) (*Change, error) {
			return AddMember("alice", th, testSpan("d", "d4"), 4, "")
		}, "", "", ErrMemberIndex},
		{"add with a bad label", chain(), func(th *Thread) (*Change, error) {
			return AddMember("alice", th, testSpan("d", "d4"), -1, "two\nlines")
		}, "", "", nil},
		{"remove the middle", chain(), func(th *Thread) (*Change, error) {
			return RemoveMember("alice", th, "b")
		}, "a contradicts>c", "remove from thread “60% rise”", nil},
		{"remove the first", chain(), func(th *Thread) (*Change, error) {
			return RemoveMember("alice", th, "a")
		}, "b contradicts>c", "remove from thread “60% rise”", nil},
		{"remove from a link deletes it", link(), func(th *Thread) (*Change, error) {
			return RemoveMember("alice", th, "k")
		}, "<deleted>", "remove from link", nil},
		{"remove the last member deletes the thread", &Thread{ID: "t2", Title: "x", Annotator: "alice", Members: []Member{{Doc: "d", Span: "a"}}},
			func(th *Thread) (*Change, error) { return RemoveMember("alice", th, "a") }, "<deleted>", "remove from thread “x”", nil},
		{"remove a stranger", chain(), func(th *Thread) (*Change, error) {
			return RemoveMember("alice", th, "z")
		}, "", "", ErrNotMember},
		{"move down", chain(), func(th *Thread) (*Change, error) {
			return MoveMember("alice", th, 0, 2)
		}, "b contradicts>c a", "move in thread “60% rise”", nil},
		{"move up", chain(), func(th *Thread) (*Change, error) {
			return MoveMember("alice", th, 2, 1)
		}, "a contradicts>c repeats>b", "move in thread “60% rise”", nil},
		{"move to first drops the link", chain(), func(th *Thread) (*Change, error) {
			return MoveMember("alice", th, 2, 0)
		}, "c a repeats>b", "move in thread “60% rise”", nil},
		{"swap the first two keeps their link", chain(), func(th *Thread) (*Change, error) {
			return MoveMember("alice", th, 1, 0)
		}, "b repeats>a contradicts>c", "move in thread “60% rise”", nil},
		{"swap the first two, moving the first down", chain(), func(th *Thread) (*Change, error) {
			return MoveMember("alice", th, 0, 1)
		}, "b repeats>a contradicts>c", "move in thread “60% rise”", nil},
		{"swap a link's ends keeps its label", link(), func(th *Thread) (*Change, error) {
			return MoveMember("alice", th, 1, 0)
		}, "k targets>a", "move in link", nil},
		{"move nowhere", chain(), func(th *Thread) (*Change, error) {
			return MoveMember("alice", th, 1, 1)
		}, "", "", ErrUnchanged},
		{"move out of range", chain(), func(th *Thread) (*Change, error) {
			return MoveMember("alice", th, 1, 3)
		}, "", "", ErrMemberIndex},
		{"rename", chain(), func(th *Thread) (*Change, error) {
			return RenameThread("alice", th, "  Casualty figures ")
		}, "a repeats>b contradicts>c", "rename thread “60% rise”", nil},
		{"rename to nothing", chain(), func(th *Thread) (*Change, error) {
			return RenameThread("alice", th, " ")
		}, "", "", ErrBadThread},
		{"rename to the same", chain(), func(th *Thread) (*Change, error) {
			return RenameThread("alice", th, "60% rise")
		}, "", "", ErrUnchanged},
		{"set a link", chain(), func(th *Thread) (*Change, error) {
			return SetLink("alice", th, 2, "supports")
		}, "a repeats>b supports>c", "label link “supports” in thread “60% rise”", nil},
		{"clear a link", chain(), func(th *Thread) (*Change, error) {
			return SetLink("alice", th, 1, "")
		}, "a b contradicts>c", "clear link in thread “60% rise”", nil},
		{"label a plain link", link(), func(th *Thread) (*Change, error) {
			return SetLink("alice", th, 1, "made-by")
		}, "a made-by>k", "label link “made-by” in link", nil},
		{"the first member has no link", chain(), func(th *Thread) (*Change, error) {
			return SetLink("alice", th, 0, "supports")
		}, "", "", ErrMemberIndex},
		{"set the same link", chain(), func(th *Thread) (*Change, error) {
			return SetLink("alice", th, 1, "repeats")
		}, "", "", ErrUnchanged},
		{"delete", chain(), func(th *Thread) (*Change, error) {
			return DeleteThread("alice", th), nil
		}, "<deleted>", "delete thread “60% rise”", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := tt.th.Clone()
			c, err := tt.op(tt.th)
			if !reflect.DeepEqual(tt.th, orig) {
				t.Fatalf("the operation changed its input: got %+v, want %+v", tt.th, orig)
			}
			if tt.want == "" {
				if err == nil {
					t.Fatalf("got change %q, want an error", c.Desc)
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Fatalf("got error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if c.Desc != tt.desc {
				t.Errorf("got desc %q, want %q", c.Desc, tt.desc)
			}
			if c.User != "alice" || len(c.Threads) != 1 {
				t.Errorf("got user %q and %d thread edits, want alice and 1", c.User, len(c.Threads))
			}
			store := map[string]*Thread{orig.ID: orig.Clone()}
			applyThreads(t, store, c)
			if got := members(store[orig.ID]); got != tt.want {
				t.Errorf("got members %q, want %q", got, tt.want)
			}
			if th := store[orig.ID]; th != nil {
				if err := CheckThread(th); err != nil {
					t.Errorf("after-image is invalid: %v", err)
				}
				if th.Members[0].Link != "" {
					t.Errorf("got first member link %q, want none", th.Members[0].Link)
				}
			}
			applyThreads(t, store, c.Inverse())
			if !reflect.DeepEqual(store[orig.ID], orig) {
				t.Errorf("after undo got %+v, want %+v", store[orig.ID], orig)
			}
			applyThreads(t, store, c)
			if got := members(store[orig.ID]); got != tt.want {
				t.Errorf("after redo got members %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenameKeepsMembersAndSetsTitle(t *testing.T) {
	c, err := RenameThread("alice", chain(), "  Casualty figures ")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Threads[0].After.Title; got != "Casualty figures" {
		t.Errorf("got title %q, want %q", got, "Casualty figures")
	}
}

func TestNewThreadAndLink(t *testing.T) {
	tests := []struct {
		name, title, wantTitle, wantDesc string
	}{
		{"titled", "Kakar’s 60%", "Kakar’s 60%", "new thread “Kakar’s 60%”"},
		{"untitled gets a title", "  ", UntitledThread, "new thread “Untitled thread”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewThread("bob", tt.title, testSpan("a", "d1"))
			if len(c.Threads) != 1 || c.Threads[0].Before != nil || c.Threads[0].After == nil {
				t.Fatalf("got edits %+v, want one creation", c.Threads)
			}
			th := c.Threads[0].After
			if th.Title != tt.wantTitle || c.Desc != tt.wantDesc {
				t.Errorf("got title %q desc %q, want %q and %q", th.Title, c.Desc, tt.wantTitle, tt.wantDesc)
			}
			if th.Annotator != "bob" || th.ID == "" || th.Created == 0 || c.Doc != "d1" {
				t.Errorf("got annotator %q id %q created %d doc %q, want bob, an id, a time and d1", th.Annotator, th.ID, th.Created, c.Doc)
			}
			if got := members(th); got != "a" {
				t.Errorf("got members %q, want %q", got, "a")
			}
			store := map[string]*Thread{}
			applyThreads(t, store, c)
			applyThreads(t, store, c.Inverse())
			if len(store) != 0 {
				t.Errorf("after undo got %d threads, want none", len(store))
			}
		})
	}
	c, err := NewLink("bob", testSpan("acc", "d1"), testSpan("ttp", "d1"), "targets")
	if err != nil {
		t.Fatal(err)
	}
	if th := c.Threads[0].After; !th.IsLink() || members(th) != "acc targets>ttp" || c.Desc != "add link “targets”" {
		t.Errorf("got link %q desc %q, want a link acc targets>ttp", members(th), c.Desc)
	}
	if _, err := NewLink("bob", testSpan("acc", "d1"), testSpan("acc", "d1"), ""); !errors.Is(err, ErrAlreadyMember) {
		t.Errorf("linking a span to itself: got error %v, want %v", err, ErrAlreadyMember)
	}
}
