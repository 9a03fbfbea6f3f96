package app

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/store"
)

// fakeStore is an in-memory Store for headless tests. Like the real store it
// checks every edit's before-image, keeps an undo and a redo stack per user,
// and is safe for concurrent use.
type fakeStore struct {
	mu      sync.Mutex
	docs    map[string]*annotate.Document
	order   []string
	spans   map[string]*annotate.Span
	threads map[string]*annotate.Thread
	marks   map[[2]string]*annotate.Mark
	// decisions are the review decisions by document, span and reviewer.
	decisions map[[3]string]*annotate.Decision
	undo      map[string][]*annotate.Change
	redo      map[string][]*annotate.Change
	applied   int
	// layerReads counts LayerSpans calls: the window patches what it shows
	// from its own changes instead of reading the layer back.
	layerReads int
	// threadReads counts ThreadsOfDoc calls.
	threadReads int
	// docReads counts Document calls: an article read ahead of its open is
	// not read again.
	docReads int
	meta     map[string]string
	// infos, when set, is what Documents lists instead of docs: the
	// benchmarks' 20,000 documents without their text.
	infos []store.DocInfo
	// models are the models' suggestions, rejected those rejected by
	// article and user (fake_suggest_test.go).
	models   []suggest.Suggestion
	rejected map[[2]string][]suggest.Suggestion
	// modified is when each layer, {document, annotator}, last changed.
	modified map[[2]string]int64
	// modelReads counts ModelSuggestions calls: one a gathering of an
	// article's suggestions.
	modelReads int
}

var _ Store = (*fakeStore)(nil)

func (f *fakeStore) Meta(key string) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.meta[key]
	return v, ok, nil
}

func (f *fakeStore) SetMeta(key, value string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.meta == nil {
		f.meta = map[string]string{}
	}
	f.meta[key] = value
	return nil
}

func newFakeStore(docs ...*annotate.Document) *fakeStore {
	f := &fakeStore{
		docs:    map[string]*annotate.Document{},
		spans:   map[string]*annotate.Span{},
		threads: map[string]*annotate.Thread{},
		marks:   map[[2]string]*annotate.Mark{},
		undo:    map[string][]*annotate.Change{},
		redo:    map[string][]*annotate.Change{},
	}
	for _, d := range docs {
		f.put(d)
	}
	return f
}

// newDoc makes a document whose ID is derived from its text, as imports do.
func newDoc(title, date, text string) *annotate.Document {
	return &annotate.Document{ID: annotate.DocID(text), Title: title, Date: date, Source: title + ".txt", Text: text}
}

func (f *fakeStore) put(d *annotate.Document) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.docs[d.ID]; ok {
		return false
	}
	f.docs[d.ID] = d
	f.order = append(f.order, d.ID)
	return true
}

func (f *fakeStore) PutDocument(_ context.Context, d *annotate.Document) (bool, error) {
	return f.put(d), nil
}

func (f *fakeStore) Document(id string) (*annotate.Document, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.docReads++
	d, ok := f.docs[id]
	if !ok {
		return nil, fmt.Errorf("document %s: %w", id, store.ErrNotFound)
	}
	c := *d
	return &c, nil
}

func (f *fakeStore) Documents(ctx context.Context, fn func(store.DocInfo) error) error {
	f.mu.Lock()
	infos := f.infos
	if infos == nil {
		for _, id := range f.order {
			d := f.docs[id]
			infos = append(infos, store.DocInfo{ID: d.ID, Title: d.Title, Source: d.Source, Date: d.Date, Len: annotate.CodePointLen(d.Text)})
		}
	}
	f.mu.Unlock()
	for _, in := range infos {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(in); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) EachDocument(ctx context.Context, fn func(*annotate.Document) error) error {
	f.mu.Lock()
	docs := make([]*annotate.Document, 0, len(f.order))
	for _, id := range f.order {
		docs = append(docs, f.docs[id])
	}
	f.mu.Unlock()
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) LayerSpans(doc, annotator string) ([]*annotate.Span, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.layerReads++
	var out []*annotate.Span
	for _, s := range f.spans {
		if s.Doc == doc && s.Annotator == annotator {
			out = append(out, s.Clone())
		}
	}
	annotate.SortSpans(out)
	return out, nil
}

func (f *fakeStore) Counts(doc, annotator string) (map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := map[string]int{}
	for _, s := range f.spans {
		if s.Doc == doc && (annotator == "" || s.Annotator == annotator) { // "" counts every layer, as the store does
			n[s.Label]++
		}
	}
	return n, nil
}

func (f *fakeStore) ThreadsOfSpan(id string) ([]*annotate.Thread, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*annotate.Thread
	for _, t := range f.threads {
		if t.Index(id) >= 0 {
			out = append(out, t.Clone())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Layers says when each named layer of doc last changed, and its mark.
func (f *fakeStore) Layers(doc string, annotators []string) ([]annotate.LayerInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]annotate.LayerInfo, len(annotators))
	for i, a := range annotators {
		out[i] = annotate.LayerInfo{Annotator: a, Modified: f.modified[[2]string{doc, a}]}
		if m := f.marks[[2]string{doc, a}]; m != nil {
			out[i].Done, out[i].Answer = m.Done, m.Answer
		}
	}
	return out, nil
}

func (f *fakeStore) Mark(doc, annotator string) (*annotate.Mark, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.marks[[2]string{doc, annotator}]
	if !ok {
		return nil, fmt.Errorf("mark %s/%s: %w", doc, annotator, store.ErrNotFound)
	}
	c := *m
	return &c, nil
}

func (f *fakeStore) Apply(_ context.Context, c *annotate.Change) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.write(c); err != nil {
		return err
	}
	f.applied++
	f.undo[c.User] = append(f.undo[c.User], c)
	f.redo[c.User] = nil
	return nil
}

// write checks every before-image against what is stored, then writes the
// after-images; a mismatch writes nothing.
func (f *fakeStore) write(c *annotate.Change) error {
	for _, e := range c.Spans {
		id := idOf(e.Before, e.After)
		if cur := f.spans[id]; !sameSpan(cur, e.Before) {
			return fmt.Errorf("span %s: %w", id, store.ErrConflict)
		}
	}
	for _, e := range c.Threads {
		id := threadID(e.Before, e.After)
		if cur := f.threads[id]; !sameThread(cur, e.Before) {
			return fmt.Errorf("thread %s: %w", id, store.ErrConflict)
		}
	}
	for _, e := range c.Marks {
		k := markKey(e.Before, e.After)
		if cur := f.marks[k]; !reflect.DeepEqual(cur, e.Before) {
			return fmt.Errorf("mark %v: %w", k, store.ErrConflict)
		}
	}
	if err := f.checkDecisions(c.Decisions); err != nil {
		return err
	}
	for _, e := range c.Spans {
		s := e.After
		if s == nil {
			s = e.Before
			delete(f.spans, e.Before.ID)
		} else {
			f.spans[e.After.ID] = e.After.Clone()
		}
		// The layer changed, as the store stamps it: its annotator worked
		// on the article, spans left or not.
		if f.modified == nil {
			f.modified = map[[2]string]int64{}
		}
		f.modified[[2]string{s.Doc, s.Annotator}] = max(c.At, 1)
	}
	for _, e := range c.Threads {
		if e.After == nil {
			delete(f.threads, e.Before.ID)
		} else {
			f.threads[e.After.ID] = e.After.Clone()
		}
	}
	for _, e := range c.Marks {
		k := markKey(e.Before, e.After)
		if e.After == nil {
			delete(f.marks, k)
		} else {
			m := *e.After
			f.marks[k] = &m
		}
	}
	f.writeDecisions(c.Decisions)
	return nil
}

func (f *fakeStore) Undo(_ context.Context, user string) (*annotate.Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.undo[user]
	if len(st) == 0 {
		return nil, store.ErrNothingToUndo
	}
	c := st[len(st)-1]
	if err := f.write(c.Inverse()); err != nil {
		return nil, err
	}
	f.undo[user] = st[:len(st)-1]
	f.redo[user] = append(f.redo[user], c)
	return c, nil
}

func (f *fakeStore) Redo(_ context.Context, user string) (*annotate.Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.redo[user]
	if len(st) == 0 {
		return nil, store.ErrNothingToUndo
	}
	c := st[len(st)-1]
	if err := f.write(c); err != nil {
		return nil, err
	}
	f.redo[user] = st[:len(st)-1]
	f.undo[user] = append(f.undo[user], c)
	return c, nil
}

func (f *fakeStore) DiscardUndo(user string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.undo[user]
	if len(st) == 0 {
		return store.ErrNothingToUndo
	}
	f.undo[user] = st[:len(st)-1]
	return nil
}

func (f *fakeStore) PeekUndo(user string) (*annotate.Change, error) { return f.peek(f.undo, user) }
func (f *fakeStore) PeekRedo(user string) (*annotate.Change, error) { return f.peek(f.redo, user) }

func (f *fakeStore) peek(stacks map[string][]*annotate.Change, user string) (*annotate.Change, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := stacks[user]
	if len(st) == 0 {
		return nil, store.ErrNothingToUndo
	}
	return st[len(st)-1], nil
}

func (f *fakeStore) UndoTop(user string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st := f.undo[user]; len(st) > 0 {
		return st[len(st)-1].Desc, true
	}
	return "", false
}

func (f *fakeStore) RedoTop(user string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st := f.redo[user]; len(st) > 0 {
		return st[len(st)-1].Desc, true
	}
	return "", false
}

// threadCount is how many threads the fake holds.
func (f *fakeStore) threadCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.threads)
}

func idOf(a, b *annotate.Span) string {
	if a != nil {
		return a.ID
	}
	return b.ID
}

func threadID(a, b *annotate.Thread) string {
	if a != nil {
		return a.ID
	}
	return b.ID
}

func markKey(a, b *annotate.Mark) [2]string {
	if a != nil {
		return [2]string{a.Doc, a.Annotator}
	}
	return [2]string{b.Doc, b.Annotator}
}

func sameSpan(a, b *annotate.Span) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// norm makes empty and nil collections compare equal.
func norm(s *annotate.Span) *annotate.Span {
	c := s.Clone()
	if len(c.Attrs) == 0 {
		c.Attrs = nil
	}
	if len(c.Norms) == 0 {
		c.Norms = nil
	}
	return c
}

func sameThread(a, b *annotate.Thread) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return reflect.DeepEqual(a, b)
}

func (f *fakeStore) ThreadsOfDoc(doc string) ([]*annotate.Thread, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.threadReads++
	var out []*annotate.Thread
	for _, t := range f.threads {
		for _, m := range t.Members {
			if m.Doc == doc {
				out = append(out, t.Clone())
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (f *fakeStore) Thread(id string) (*annotate.Thread, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.threads[id]
	if !ok {
		return nil, fmt.Errorf("thread %s: %w", id, store.ErrNotFound)
	}
	return t.Clone(), nil
}

func (f *fakeStore) Threads(ctx context.Context, fn func(*annotate.Thread) error) error {
	f.mu.Lock()
	all := make([]*annotate.Thread, 0, len(f.threads))
	for _, t := range f.threads {
		all = append(all, t.Clone())
	}
	f.mu.Unlock()
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	for _, t := range all {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) Span(id string) (*annotate.Span, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.spans[id]
	if !ok {
		return nil, fmt.Errorf("span %s: %w", id, store.ErrNotFound)
	}
	return s.Clone(), nil
}

func (f *fakeStore) Annotators() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := map[string]bool{}
	for _, s := range f.spans {
		seen[s.Annotator] = true
	}
	for _, t := range f.threads {
		seen[t.Annotator] = true
	}
	for k := range f.marks {
		seen[k[1]] = true
	}
	out := keys(seen)
	sort.Strings(out)
	return out, nil
}

func (f *fakeStore) Decisions(doc string) ([]*annotate.Decision, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*annotate.Decision
	for k, d := range f.decisions {
		if k[0] == doc {
			c := *d
			out = append(out, &c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Span != out[j].Span {
			return out[i].Span < out[j].Span
		}
		return out[i].Reviewer < out[j].Reviewer
	})
	return out, nil
}

func decisionKey(a, b *annotate.Decision) [3]string {
	if a == nil {
		a = b
	}
	return [3]string{a.Doc, a.Span, a.Reviewer}
}

// checkDecisions compares the before-images of decision edits with what is
// stored.
func (f *fakeStore) checkDecisions(edits []annotate.DecisionEdit) error {
	for _, e := range edits {
		k := decisionKey(e.Before, e.After)
		if cur := f.decisions[k]; !reflect.DeepEqual(cur, e.Before) {
			return fmt.Errorf("decision %v: %w", k, store.ErrConflict)
		}
	}
	return nil
}

// writeDecisions stores the after-images of decision edits.
func (f *fakeStore) writeDecisions(edits []annotate.DecisionEdit) {
	if f.decisions == nil {
		f.decisions = map[[3]string]*annotate.Decision{}
	}
	for _, e := range edits {
		k := decisionKey(e.Before, e.After)
		if e.After == nil {
			delete(f.decisions, k)
		} else {
			d := *e.After
			f.decisions[k] = &d
		}
	}
}

// isNotFound reports whether err says a record does not exist.
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
