// Package suggestpanel is the window's suggestions: the spans offered in the
// open article (Feature: which sources are on, what the article is offered,
// accepting and rejecting) and the Suggestions tab (Panel), which lists them
// by kind to accept or reject all of a kind with A and R. The sources
// themselves are in annotate/suggest; the article draws the suggestions
// dashed (textview.StyleSuggested).
package suggestpanel

import (
	"cmp"
	"context"
	"fmt"
	"image/color"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/phases"
	"github.com/skein-news/skein/app/textview"
)

// Store is what suggestions read and write: the articles and layers (the
// strings labelled, the spans a suggestion becomes), the models'
// suggestions, and the rejections.
type Store interface {
	Document(id string) (*annotate.Document, error)
	LayerSpans(doc, annotator string) ([]*annotate.Span, error)
	SpansByAnnotator(ctx context.Context, annotator string, fn func(*annotate.Span) error) error
	ModelSuggestions(doc string) ([]suggest.Suggestion, error)
	Models() ([]string, error)
	Rejected(doc, user string) ([]suggest.Suggestion, error)
	Reject(doc, user string, sugs []suggest.Suggestion) error
}

// Curated is the layer whose strings are offered besides the user's own.
const Curated = "curated"

// IDPrefix starts the highlight ID of a suggestion.
const IDPrefix = "suggestion:"

// Feature is the suggestions of the open article. Learn and Load run off
// the UI goroutine; the rest on it.
type Feature struct {
	st Store

	mu      sync.Mutex // guards phrases and indexes
	phrases *suggest.Phrases
	// indexes are the articles opened last, indexed for finding the
	// labelled strings again (and with their figures read), most recent
	// last: opening one again, or a label key in it, does not search it
	// whole.
	indexes []*suggest.Index
	// learning runs one Learn at a time: a learn of the articles just
	// changed waits for the corpus's, whose older reads would otherwise
	// overwrite it.
	learning sync.Mutex
	// edits counts, per article, the changes Edit learned from the
	// change itself; a Learn whose read of the article an Edit overtook
	// does not put its older read in place, and lists the article in
	// stale, to be read again (TakeStale). Both guarded by mu.
	edits map[string]int
	stale map[string]bool
	// learned counts the changes to what Load finds: the strings learned
	// (Learn, Edit) and the offers rejected (Reject). A Load of an
	// article made ahead of its open is as good as one made at the open
	// when it has not moved since (Learned).
	learned atomic.Uint64

	off map[string]bool // sources switched off
	// filters counts Refilter's filterings (Filters); filteredAgain the
	// changes filtered again where they were only (FilteredAgain).
	filters       int
	filteredAgain int
	// longest is at least the End−Start of every offer of longestOf, the
	// labels' offers a change's filter last saw (FilterAgain's bound).
	longest   int
	longestOf suggest.Offers

	doc      string
	labels   suggest.Offers // from the labelled strings
	models   []suggest.Suggestion
	figures  []suggest.Suggestion
	rejected []suggest.Suggestion
	shown    []suggest.Suggestion // what is offered: on, not labelled, not rejected
	more     int                  // offers beyond MaxShown, not drawn
	// filtered is the own spans shown was filtered against, and dirty
	// says something else changed since: a redraw with the same spans
	// does not filter tens of thousands of offers again.
	filtered []*annotate.Span
	dirty    bool
	// hl are the highlights made of hlOf, what was shown then, with the
	// labels' colours then; hlIDs their indexes by ID, made when first
	// asked (ByID), and hlMade counts the highlights made.
	hl        []textview.Highlight
	hlOf      []suggest.Suggestion
	hlColours map[string]color.Color
	hlIDs     map[string]int
	hlMade    int
}

// MaxShown is how many suggestions an article draws at most, the first in
// text order: past that a key press would spend more than its 16 ms
// laying out dashes no one reads (a 300 KB article can be offered tens of
// thousands); the Suggestions tab says how many more there are.
const MaxShown = 1000

// keptIndexes is how many articles' indexes are kept (about 3 MB for a
// 300 KB article).
const keptIndexes = 4

// New returns the suggestions of no article.
func New(st Store) *Feature {
	return &Feature{st: st, phrases: suggest.NewPhrases(), off: map[string]bool{},
		edits: map[string]int{}, stale: map[string]bool{}}
}

// Learn reads the strings user and the curated layer labelled in the
// articles docs (every article when docs is nil), so their other
// occurrences are offered. Off the UI goroutine.
func (f *Feature) Learn(ctx context.Context, user string, docs map[string]bool) error {
	f.learning.Lock()
	defer f.learning.Unlock()
	if docs == nil {
		docs = map[string]bool{}
		for _, who := range []string{user, Curated} {
			err := f.st.SpansByAnnotator(ctx, who, func(s *annotate.Span) error {
				docs[s.Doc] = true
				return nil
			})
			if err != nil {
				return fmt.Errorf("read %s's spans: %w", who, err)
			}
		}
	}
	for doc := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		f.mu.Lock()
		edits := f.edits[doc]
		f.mu.Unlock()
		d, err := f.st.Document(doc)
		if err != nil {
			continue // deleted meanwhile
		}
		var spans []*annotate.Span
		for _, who := range []string{user, Curated} {
			ss, err := f.st.LayerSpans(doc, who)
			if err != nil {
				return err
			}
			spans = append(spans, ss...)
		}
		t := annotate.NewText(d.Text)
		f.mu.Lock()
		if f.edits[doc] == edits {
			f.phrases.SetDoc(doc, t, spans)
			f.learned.Add(1)
		} else {
			f.stale[doc] = true // an Edit came after the read
		}
		f.mu.Unlock()
	}
	return nil
}

// TakeStale returns the articles a Learn read before an Edit of theirs
// came, so did not learn, to learn again; and forgets them.
func (f *Feature) TakeStale() map[string]bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.stale) == 0 {
		return nil
	}
	out := f.stale
	f.stale = map[string]bool{}
	return out
}

// Edit learns the strings of the spans a change (ch, taken back when
// undone) made or took away in article doc, of text t, in user's layer or
// the curated one, from the change itself: a label key's string is offered
// at its other places in the key's own frame, without reading the store.
// When doc is the article shown, its offers are found again where the
// changed strings stand; Refilter then shows them. The article need not be
// read again from the store for the change (a Learn that read it before
// the change does not undo it: TakeStale).
func (f *Feature) Edit(doc string, t *annotate.Text, user string, ch *annotate.Change, undone bool) {
	if labels, _, ok := f.edit(doc, t, user, ch, undone, f.labels); ok {
		f.labels, f.dirty = labels, true
	}
}

// edit learns the change and, when doc is the article shown, finds its
// offers again where the changed strings stand; it reports them when
// they differ from labels, and where they differ (All when it does not
// know). Safe off the UI goroutine: what it reads of f beyond the phrases
// and indexes (under f.mu) is f.doc, which the UI goroutine does not
// change meanwhile.
func (f *Feature) edit(doc string, t *annotate.Text, user string, ch *annotate.Change, undone bool, labels suggest.Offers) (suggest.Offers, suggest.Changes, bool) {
	var removed, added []*annotate.Span
	for _, e := range ch.Spans {
		before, after := e.Sides(undone)
		for _, pair := range []struct {
			s  *annotate.Span
			to *[]*annotate.Span
		}{{before, &removed}, {after, &added}} {
			if s := pair.s; s != nil && s.Doc == doc && (s.Annotator == user || s.Annotator == Curated) {
				*pair.to = append(*pair.to, s)
			}
		}
	}
	if len(removed) == 0 && len(added) == 0 {
		return suggest.Offers{}, suggest.Changes{}, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	phases.Mark("suggest: locked")
	f.edits[doc]++
	f.phrases.Edit(doc, t, removed, added)
	f.learned.Add(1)
	phases.Mark("suggest: learned")
	if doc != f.doc {
		return suggest.Offers{}, suggest.Changes{}, false
	}
	for _, ix := range f.indexes {
		if ix.Doc() == doc {
			// The changes FindChanged tells are from what it found
			// last, which a Load may have found since labels.
			fresh := ix.Found().Same(labels)
			found, changes := f.phrases.FindChanged(ix)
			phases.Mark("suggest: found")
			if !found.Same(labels) {
				if !fresh {
					changes = suggest.Changes{All: true}
				}
				return found, changes, true
			}
		}
	}
	return suggest.Offers{}, suggest.Changes{}, false
}

// Edited is what an edit learned off the UI goroutine (EditOff) for the
// article shown, for Put to put in place on it.
type Edited struct {
	doc      string
	labels   suggest.Offers // the offers of the labels, when they changed
	changed  bool
	own      []*annotate.Span // what shown was filtered for
	shown    []suggest.Suggestion
	more     int
	filtered bool
	// longest is at least the End−Start of every offer of labels.
	longest int
	// again says shown was filtered again where the change was only
	// (suggest.FilterAgain), not over every offer.
	again bool
}

// EditOff is Edit for the article shown, made to run off the UI goroutine
// beside the store's write of the change (a label key, an undo): it
// learns the change and, for own — the user's spans in the article once
// the change is made — filters what is offered, the two costs of a
// change to a long article whose words are nearly all offered (issue 18:
// 8 ms of the UI goroutine's 12 on the latency benchmark's article). When
// what is shown was filtered for the offers and spans before the change,
// only what the change can have changed is filtered again. It is prepared
// on the UI goroutine, which must not touch f until it has Put what the
// returned function gives.
func (f *Feature) EditOff(doc string, t *annotate.Text, user string, ch *annotate.Change, undone bool, own []*annotate.Span) func() Edited {
	labels, models, figures, rejected, off, shown := f.labels, f.models, f.figures, f.rejected, maps.Clone(f.off), f.doc == doc
	// What shown is, when it is what the offers and spans before the
	// change give.
	again, before, n := shown && !f.dirty, f.filtered, f.more+len(f.shown)
	longest, longestOf := f.longest, f.longestOf
	return func() Edited {
		phases.Mark("suggest: job")
		defer phases.Mark("suggest: job-end")
		e := Edited{doc: doc, labels: labels}
		changes := suggest.Changes{}
		if found, ch, ok := f.edit(doc, t, user, ch, undone, labels); ok {
			e.labels, e.changed, changes = found, true, ch
		}
		if !shown {
			return e
		}
		lists := sourceLists(e.labels, models, figures, off)
		if again && !changes.All {
			if !longestOf.Same(labels) {
				longest = labels.MaxLen()
			}
			e.longest = max(longest, changes.MaxLen)
			bound := max(e.longest, suggest.MaxLen(models), suggest.MaxLen(figures))
			e.shown, e.more = suggest.FilterAgain(sourceLists(labels, models, figures, off), lists, before, own, rejected, MaxShown, n, changes.Starts, bound)
			e.again = true
		} else {
			e.longest = e.labels.MaxLen()
			e.shown, e.more = suggest.FilterFirst(lists, own, rejected, MaxShown)
		}
		e.more -= len(e.shown)
		e.own, e.filtered = own, true
		return e
	}
}

// Put puts in place, on the UI goroutine, what EditOff learned; own are
// the user's spans in the article now, which what it filtered is kept for
// when they are those it was filtered for.
func (f *Feature) Put(e Edited, own []*annotate.Span) {
	if e.doc != f.doc {
		return
	}
	if e.changed {
		f.labels, f.dirty = e.labels, true
	}
	if e.filtered {
		f.longest, f.longestOf = e.longest, e.labels
	}
	if e.again {
		f.filteredAgain++
	}
	if e.filtered && sameSpans(own, e.own) {
		f.shown, f.more = e.shown, e.more
		f.filtered, f.dirty = own, false
	}
}

// sameSpans reports whether a and b are the same spans, in the same order,
// where each is: one may be the other's copies.
func sameSpans(a, b []*annotate.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && (a[i].ID != b[i].ID || a[i].Label != b[i].Label || !slices.Equal(a[i].Fragments, b[i].Fragments)) {
			return false
		}
	}
	return true
}

// Article is what Load found for one article, to Show on the UI goroutine:
// the offers of the user's labels, which change with every labelled span
// anywhere, apart from the rest, which do not.
type Article struct {
	Doc      string
	Labels   suggest.Offers // other occurrences of labelled strings
	Models   []suggest.Suggestion
	Figures  []suggest.Suggestion
	Rejected []suggest.Suggestion
}

// Load gathers article d's suggestions from every source, and what user
// rejected there. Off the UI goroutine. An article opened lately is not
// searched again (its index is kept), nor its figures read again.
func (f *Feature) Load(d *annotate.Document, user string) (Article, error) {
	a := Article{Doc: d.ID}
	f.mu.Lock()
	ix := f.index(d)
	f.mu.Unlock()
	// The figures of an article not read before on the other core, while
	// the labelled strings are found.
	figures := make(chan []suggest.Suggestion, 1)
	go func() { figures <- ix.Figures() }()
	f.mu.Lock()
	a.Labels = f.phrases.FindIn(ix)
	f.mu.Unlock()
	a.Figures = <-figures
	var err error
	if a.Models, err = f.st.ModelSuggestions(d.ID); err != nil {
		return a, err
	}
	a.Rejected, err = f.st.Rejected(d.ID, user)
	return a, err
}

// Learned counts the changes to what Load finds so far (learned strings,
// rejected offers; what the store's other changes bring is the caller's
// to tell): a Load begun when it was n finds what a Load now would while it
// is still n. Safe on any goroutine.
func (f *Feature) Learned() uint64 { return f.learned.Load() }

// index is article d's index, made if it is not kept; f.mu held.
func (f *Feature) index(d *annotate.Document) *suggest.Index {
	for i, ix := range f.indexes {
		if ix.Doc() == d.ID && ix.Text() == d.Text {
			f.indexes = append(slices.Delete(f.indexes, i, i+1), ix)
			return ix
		}
	}
	ix := suggest.NewIndex(d.ID, d.Text)
	if len(f.indexes) == keptIndexes {
		f.indexes = slices.Delete(f.indexes, 0, 1)
	}
	f.indexes = append(f.indexes, ix)
	return ix
}

// LoadLabels finds the other occurrences in d of the strings labelled.
// Off the UI goroutine.
func (f *Feature) LoadLabels(d *annotate.Document) suggest.Offers {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.phrases.FindIn(f.index(d))
}

// Filtered is what an article's suggestions offer once filtered (Filter),
// worked out off the UI goroutine for ShowFiltered.
type Filtered struct {
	a     Article
	own   []*annotate.Span
	off   map[string]bool
	shown []suggest.Suggestion
	more  int
}

// Shown are the offers Filter kept to draw, in text order; More how many
// more passed.
func (fl Filtered) Shown() []suggest.Suggestion { return fl.shown }

// More is how many offers passed beyond those Shown.
func (fl Filtered) More() int { return fl.more }

// OffNow is a copy of the sources switched off, for Filter. On the UI
// goroutine.
func (f *Feature) OffNow() map[string]bool { return maps.Clone(f.off) }

// Filter filters article a's suggestions as Refilter does, for own spans
// and the sources off (OffNow): off the UI goroutine, so that opening an
// article does not filter thousands of offers before its frame (issue 18).
func Filter(a Article, own []*annotate.Span, off map[string]bool) Filtered {
	shown, n := suggest.FilterFirst(sourceLists(a.Labels, a.Models, a.Figures, off), own, a.Rejected, MaxShown)
	return Filtered{a: a, own: own, off: off, shown: shown, more: n - len(shown)}
}

// ShowFiltered makes fl's article the open article's suggestions, as Show
// does, taking what Filter found when own (the user's spans now) and the
// sources switched off are what it filtered for; otherwise it filters
// again. It reports whether what is offered changed.
func (f *Feature) ShowFiltered(fl Filtered, own []*annotate.Span) bool {
	if !slices.Equal(own, fl.own) || !maps.Equal(fl.off, f.off) {
		return f.Show(fl.a, own)
	}
	a := fl.a
	f.doc, f.labels, f.models, f.figures, f.rejected = a.Doc, a.Labels, a.Models, a.Figures, a.Rejected
	f.filtered, f.dirty = own, false
	changed := fl.more != f.more || !slices.Equal(fl.shown, f.shown)
	f.shown, f.more = fl.shown, fl.more
	return changed
}

// sourceLists are the offers of the sources not off, in the order
// Refilter keeps them: where two offer the same, the first is kept. Each
// is in text order, as suggest.FilterAgain needs: the labels' offers and
// the figures are found in it, the models' are sorted here (stably, as
// FilterFirst would).
func sourceLists(labels suggest.Offers, models, figures []suggest.Suggestion, off map[string]bool) []suggest.Offers {
	var lists []suggest.Offers
	if !off[suggest.SourceLabels] {
		lists = append(lists, labels)
	}
	var on []suggest.Suggestion
	for _, s := range models {
		if !off[s.Source] {
			on = append(on, s)
		}
	}
	slices.SortStableFunc(on, func(a, b suggest.Suggestion) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	lists = append(lists, suggest.OffersOf(on))
	if !off[suggest.SourceFigures] {
		lists = append(lists, suggest.OffersOf(figures))
	}
	return lists
}

// Show makes a the open article's suggestions; own are the user's spans
// there. It reports whether what is offered changed.
func (f *Feature) Show(a Article, own []*annotate.Span) bool {
	f.doc, f.labels, f.models, f.figures, f.rejected = a.Doc, a.Labels, a.Models, a.Figures, a.Rejected
	f.dirty = true
	return f.Refilter(own)
}

// ShowLabels replaces the offers of the labels in article doc, when it is
// the one shown; it reports whether what is offered changed.
func (f *Feature) ShowLabels(doc string, labels suggest.Offers, own []*annotate.Span) bool {
	if doc != f.doc {
		return false
	}
	if !labels.Same(f.labels) {
		f.labels = labels
		f.dirty = true
	}
	return f.Refilter(own)
}

// Clear offers nothing (no article, or review mode).
func (f *Feature) Clear() {
	f.doc, f.labels, f.models, f.figures, f.rejected, f.shown, f.more = "", suggest.Offers{}, nil, nil, nil, nil, 0
	f.filtered, f.dirty = nil, false
}

// Doc is the article whose suggestions are shown.
func (f *Feature) Doc() string { return f.doc }

// Refilter offers again what is on and neither labelled in own nor
// rejected; nothing to do when neither own nor anything else changed. It
// reports whether what is offered changed.
func (f *Feature) Refilter(own []*annotate.Span) bool {
	if !f.dirty && slices.Equal(own, f.filtered) {
		return false
	}
	f.filtered, f.dirty = own, false
	f.filters++
	shown, n := suggest.FilterFirst(sourceLists(f.labels, f.models, f.figures, f.off), own, f.rejected, MaxShown)
	more := n - len(shown)
	changed := more != f.more || !slices.Equal(shown, f.shown)
	f.shown, f.more = shown, more
	return changed
}

// FilteredAgain counts the changes whose offers were filtered again only
// where the change was (suggest.FilterAgain), for the tests.
func (f *Feature) FilteredAgain() int { return f.filteredAgain }

// Filters counts the times the offers were filtered on the UI goroutine
// (Refilter, Show), for the tests.
func (f *Feature) Filters() int { return f.filters }

// More is how many offers lie beyond the MaxShown drawn.
func (f *Feature) More() int { return f.more }

// Shown are the suggestions offered, in text order.
func (f *Feature) Shown() []suggest.Suggestion { return f.shown }

// SetSource switches a source on or off.
func (f *Feature) SetSource(source string, on bool) {
	if on {
		delete(f.off, source)
	} else {
		f.off[source] = true
	}
	f.dirty = true
}

// On reports whether a source is on.
func (f *Feature) On(source string) bool { return !f.off[source] }

// Off lists the sources switched off, sorted, to keep between runs.
func (f *Feature) Off() []string {
	var out []string
	for s := range f.off {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Sources are the sources the View menu switches: the user's labels,
// figures, and each model with suggestions in the store.
func (f *Feature) Sources() ([]string, error) {
	models, err := f.st.Models()
	out := []string{suggest.SourceLabels, suggest.SourceFigures}
	for _, m := range models {
		out = append(out, suggest.ModelSource(m))
	}
	return out, err
}

// Highlights are the suggestions as the article draws them, coloured as
// their labels. Each is named by its place, label and source (HighlightID),
// not by its rank among those shown, so that an offer come or gone leaves
// the others' names as they were and the article patches in that one
// (textview.SetHighlights). They are made again only when what is shown or
// a label's colour changed, and then only those of the offers that came:
// a label key or an undo changes a few of the ~1,000 drawn, and making
// each again (its ID and title put together) was most of the UI
// goroutine's part of the suggestions in a key's frame (issue 18). The
// slice is shared, not to be changed.
func (f *Feature) Highlights(colour func(label string) color.Color) []textview.Highlight {
	same := f.hlOf != nil && f.sameColours(colour)
	if same && slices.Equal(f.hlOf, f.shown) {
		return f.hl
	}
	prev, prevHL := f.hlOf, f.hl
	if !same {
		prev = nil
	}
	hl := make([]textview.Highlight, len(f.shown))
	f.hlColours = map[string]color.Color{}
	j := 0 // prev is in text order, as shown is
	for i, s := range f.shown {
		c, ok := f.hlColours[s.Label]
		if !ok {
			c = colour(s.Label)
			f.hlColours[s.Label] = c
		}
		for j < len(prev) && prev[j].Start < s.Start {
			j++
		}
		if k := indexFrom(prev, j, s); k >= 0 {
			hl[i] = prevHL[k]
			continue
		}
		f.hlMade++
		hl[i] = textview.Highlight{
			ID:        HighlightID(s),
			Fragments: []annotate.Fragment{{Start: s.Start, End: s.End}},
			Color:     c,
			Label:     annotate.LabelShown(s.Label) + " — suggested",
			Annotator: suggest.SourceTitle(s.Source) + score(s),
			Style:     textview.StyleSuggested,
		}
	}
	f.hl, f.hlIDs = hl, nil
	f.hlOf = slices.Clip(f.shown)
	if f.hlOf == nil {
		f.hlOf = []suggest.Suggestion{}
	}
	return f.hl
}

// indexFrom is the index of s among those of prev from j on that start
// where it does, or -1.
func indexFrom(prev []suggest.Suggestion, j int, s suggest.Suggestion) int {
	for k := j; k < len(prev) && prev[k].Start == s.Start; k++ {
		if prev[k] == s {
			return k
		}
	}
	return -1
}

// HighlightsMade counts the suggestions' highlights made so far, not
// kept from the ones drawn before (Highlights).
func (f *Feature) HighlightsMade() int { return f.hlMade }

// sameColours reports whether the labels of the highlights made last have
// the colours they were made with.
func (f *Feature) sameColours(colour func(label string) color.Color) bool {
	for l, c := range f.hlColours {
		if colour(l) != c {
			return false
		}
	}
	return true
}

// HighlightID is the highlight ID of suggestion s: its place, label and
// source.
func HighlightID(s suggest.Suggestion) string {
	return IDPrefix + strconv.Itoa(s.Start) + "-" + strconv.Itoa(s.End) + " " + s.Label + " " + s.Source
}

func score(s suggest.Suggestion) string {
	if s.Score == suggest.NoScore {
		return ""
	}
	return fmt.Sprintf(" %.0f%%", 100*s.Score)
}

// ByID returns the suggestion a highlight ID names, among those the
// article draws.
func (f *Feature) ByID(id string) (suggest.Suggestion, bool) {
	if !strings.HasPrefix(id, IDPrefix) {
		return suggest.Suggestion{}, false
	}
	if f.hlIDs == nil {
		f.hlIDs = make(map[string]int, len(f.hl))
		for i, h := range f.hl {
			f.hlIDs[h.ID] = i
		}
	}
	i, ok := f.hlIDs[id]
	if !ok || f.hlOf == nil || !slices.Equal(f.hlOf, f.shown) || i >= len(f.shown) {
		return suggest.Suggestion{}, false
	}
	return f.shown[i], true
}

// Describe is the status line for a selected suggestion.
func Describe(s suggest.Suggestion) string {
	return fmt.Sprintf("Suggested %s, from %s%s: Enter accepts, a label key accepts it as that label, Backspace rejects.",
		annotate.LabelShown(s.Label), suggest.SourceTitle(s.Source), score(s))
}

// Reject remembers that user rejected sugs (of the open article) and stops
// offering them.
func (f *Feature) Reject(user string, sugs []suggest.Suggestion, own []*annotate.Span) error {
	if len(sugs) == 0 {
		return nil
	}
	if err := f.st.Reject(f.doc, user, sugs); err != nil {
		return err
	}
	f.rejected = append(f.rejected, sugs...)
	f.learned.Add(1)
	f.dirty = true
	f.Refilter(own)
	return nil
}

// Kind is the suggestions of one label from one source.
type Kind struct {
	Source, Label string
	N             int
}

// Title names a kind: "figure · Figures".
func (k Kind) Title() string {
	return annotate.LabelShown(k.Label) + " · " + suggest.SourceTitle(k.Source)
}

// Kinds are the kinds of the suggestions offered, by source then label.
func (f *Feature) Kinds() []Kind {
	n := map[[2]string]int{}
	for _, s := range f.shown {
		n[[2]string{s.Source, s.Label}]++
	}
	out := make([]Kind, 0, len(n))
	for k, c := range n {
		out = append(out, Kind{Source: k[0], Label: k[1], N: c})
	}
	slices.SortFunc(out, func(a, b Kind) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Label, b.Label))
	})
	return out
}

// Of returns the suggestions offered of kind k.
func (f *Feature) Of(k Kind) []suggest.Suggestion {
	var out []suggest.Suggestion
	for _, s := range f.shown {
		if s.Source == k.Source && s.Label == k.Label {
			out = append(out, s)
		}
	}
	return out
}
