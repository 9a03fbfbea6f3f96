package annotate

// A Change is one user action as the store applies it and as undo replays it:
// the before- and after-image of every record it touches. Nil Before means
// the record is created; nil After means it is deleted. Because a change
// carries both images, its inverse is exact, and the store can refuse to
// apply one whose Before no longer matches what is stored.
type Change struct {
	ID   string `json:"id"`
	Desc string `json:"desc"` // shown as "Undo <Desc>"
	User string `json:"user"`
	At   int64  `json:"at"`
	// Doc is the document the user was looking at, so undo can go back there.
	Doc       string         `json:"doc,omitempty"`
	Spans     []SpanEdit     `json:"spans,omitempty"`
	Threads   []ThreadEdit   `json:"threads,omitempty"`
	Marks     []MarkEdit     `json:"marks,omitempty"`
	Decisions []DecisionEdit `json:"decisions,omitempty"`
}

// SpanEdit is a span's before- and after-image.
type SpanEdit struct {
	Before *Span `json:"before,omitempty"`
	After  *Span `json:"after,omitempty"`
}

// ID is the ID of the span the edit touches.
func (e SpanEdit) ID() string {
	if e.Before != nil {
		return e.Before.ID
	}
	return e.After.ID
}

// Sides returns the span as the edit found it and as it left it; undone
// (the edit taken back) swaps them.
func (e SpanEdit) Sides(undone bool) (before, after *Span) {
	if undone {
		return e.After, e.Before
	}
	return e.Before, e.After
}

// ThreadEdit is a thread's before- and after-image.
type ThreadEdit struct {
	Before *Thread `json:"before,omitempty"`
	After  *Thread `json:"after,omitempty"`
}

// ID is the ID of the thread the edit touches.
func (e ThreadEdit) ID() string {
	if e.Before != nil {
		return e.Before.ID
	}
	return e.After.ID
}

// MarkEdit is a document mark's before- and after-image.
type MarkEdit struct {
	Before *Mark `json:"before,omitempty"`
	After  *Mark `json:"after,omitempty"`
}

// DecisionEdit is a review decision's before- and after-image.
type DecisionEdit struct {
	Before *Decision `json:"before,omitempty"`
	After  *Decision `json:"after,omitempty"`
}

// Empty reports whether the change touches nothing.
func (c *Change) Empty() bool {
	return len(c.Spans)+len(c.Threads)+len(c.Marks)+len(c.Decisions) == 0
}

// Inverse returns the change that undoes c: every image swapped, in reverse
// order so that dependent edits unwind last-first.
func (c *Change) Inverse() *Change {
	inv := &Change{ID: c.ID, Desc: c.Desc, User: c.User, At: c.At, Doc: c.Doc}
	for i := len(c.Spans) - 1; i >= 0; i-- {
		inv.Spans = append(inv.Spans, SpanEdit{Before: c.Spans[i].After, After: c.Spans[i].Before})
	}
	for i := len(c.Threads) - 1; i >= 0; i-- {
		inv.Threads = append(inv.Threads, ThreadEdit{Before: c.Threads[i].After, After: c.Threads[i].Before})
	}
	for i := len(c.Marks) - 1; i >= 0; i-- {
		inv.Marks = append(inv.Marks, MarkEdit{Before: c.Marks[i].After, After: c.Marks[i].Before})
	}
	for i := len(c.Decisions) - 1; i >= 0; i-- {
		inv.Decisions = append(inv.Decisions, DecisionEdit{Before: c.Decisions[i].After, After: c.Decisions[i].Before})
	}
	return inv
}

func newChange(user, desc, doc string) *Change {
	return &Change{ID: NewID(), Desc: desc, User: user, At: NowMillis(), Doc: doc}
}

// AddSpan is the change that creates s.
func AddSpan(user string, s *Span) *Change {
	c := newChange(user, "add "+s.Label, s.Doc)
	c.Spans = []SpanEdit{{After: s.Clone()}}
	return c
}

// EditSpan is the change that turns old into updated (relabel, note,
// boundaries); desc names the action for the Edit menu.
func EditSpan(user, desc string, old, updated *Span) *Change {
	c := newChange(user, desc, old.Doc)
	c.Spans = []SpanEdit{{Before: old.Clone(), After: updated.Clone()}}
	return c
}

// DeleteSpans is the change that removes spans and takes them out of every
// thread that holds them. A link (a two-member thread) that loses a member
// goes with it; a chain keeps its other members. threads must hold every
// thread that has any of the spans as a member.
func DeleteSpans(user string, spans []*Span, threads []*Thread) *Change {
	desc := "delete span"
	if len(spans) > 1 {
		desc = "delete spans"
	}
	doc := ""
	if len(spans) > 0 {
		doc = spans[0].Doc
	}
	c := newChange(user, desc, doc)
	gone := map[string]bool{}
	for _, s := range spans {
		gone[s.ID] = true
	}
	for _, t := range threads {
		var kept []Member
		for _, m := range t.Members {
			if !gone[m.Span] {
				kept = append(kept, m)
			}
		}
		if len(kept) == len(t.Members) {
			continue
		}
		if t.IsLink() || len(kept) == 0 || (t.Kind == KindEquiv && len(kept) < 2) {
			c.Threads = append(c.Threads, ThreadEdit{Before: t.Clone()})
			continue
		}
		after := t.Clone()
		if len(kept) > 0 {
			kept[0].Link = ""
		}
		after.Members = kept
		c.Threads = append(c.Threads, ThreadEdit{Before: t.Clone(), After: after})
	}
	for _, s := range spans {
		c.Spans = append(c.Spans, SpanEdit{Before: s.Clone()})
	}
	return c
}

// PutThread is the change that creates a thread or replaces old with updated.
func PutThread(user, desc string, old, updated *Thread) *Change {
	doc := ""
	if updated != nil && len(updated.Members) > 0 {
		doc = updated.Members[0].Doc
	} else if old != nil && len(old.Members) > 0 {
		doc = old.Members[0].Doc
	}
	c := newChange(user, desc, doc)
	c.Threads = []ThreadEdit{{Before: old.Clone(), After: updated.Clone()}}
	return c
}

// SetMark is the change that turns a document mark from old (nil: none) to updated.
func SetMark(user, desc string, old, updated *Mark) *Change {
	c := newChange(user, desc, updated.Doc)
	var o *Mark
	if old != nil {
		cp := *old
		o = &cp
	}
	u := *updated
	c.Marks = []MarkEdit{{Before: o, After: &u}}
	return c
}
