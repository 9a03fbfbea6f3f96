package transfer

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// labelMap is skein import -map at work: the label each label it names is
// read as, and how many spans each turned, counted from the goroutines
// that parse skein files ahead.
type labelMap struct {
	to map[string]string
	n  map[string]*atomic.Int64
	// from holds each span the map read as another label, and the label
	// the files gave it: what became of them is said once the import
	// knows (notes).
	mu   sync.Mutex
	from map[*annotate.Span]string
}

func newLabelMap(to map[string]string) *labelMap {
	if len(to) == 0 {
		return nil
	}
	m := &labelMap{to: to, n: make(map[string]*atomic.Int64, len(to)), from: map[*annotate.Span]string{}}
	for from := range to {
		m.n[from] = new(atomic.Int64)
	}
	return m
}

// read reads s, a span as the files label it, as the map says. Its label
// is matched composed, as the map's labels are (annotate.ParseLabelMap):
// skein's own files keep a label an older store kept decomposed as
// written, and -map café=claim did not reach their cafe + U+0301, nor
// could any -map.
func (m *labelMap) read(s *annotate.Span) {
	from := s.Label
	to, ok := m.to[from]
	if !ok {
		if from = annotate.NormalName(s.Label); from == s.Label {
			return
		}
		if to, ok = m.to[from]; !ok {
			return
		}
	}
	m.n[from].Add(1)
	m.mu.Lock()
	m.from[s] = from
	m.mu.Unlock()
	s.Label = to
}

// fn is read for a reader's options, nil without a map.
func (m *labelMap) fn() func(*annotate.Span) {
	if m == nil {
		return nil
	}
	return m.read
}

// fates counts what became of the spans a pair read: given to the store
// as new or changed, held by the store so already, held by it under their
// IDs with another label and kept so (the layer in the files no newer),
// left out with a layer so kept, or otherwise not imported (a copy of a
// span imported once, or on a line skipped as a problem).
type fates struct {
	imported, already, kept, layer, other int
}

// fatesOf says what became of each span the map read: b is the batch the
// import writes, st the store as it is before the write.
func (m *labelMap) fatesOf(p *plan, b *store.Batch, st Store) (map[string]*fates, error) {
	out := map[string]*fates{}
	if len(m.from) == 0 {
		return out, nil
	}
	written := make(map[*annotate.Span]bool, len(b.Spans))
	for _, s := range b.Spans {
		written[s] = true
	}
	stored := storedByDoc{}
	for s, from := range m.from {
		have, err := stored.of(st, s.Doc)
		if err != nil {
			return nil, err
		}
		f := out[from]
		if f == nil {
			f = &fates{}
			out[from] = f
		}
		old, has := have[s.ID]
		i, put := p.spanIdx[s.ID]
		switch {
		case written[s] && has && SameSpan(old, s), !written[s] && has && old.Label == s.Label, p.matched[s.ID]:
			f.already++
		case written[s]:
			f.imported++
		case has:
			f.kept++
		case put && p.spanList[i] == s:
			f.layer++ // in a layer kept as the store has it, which lacks it
		default:
			// Left out as a problem (-skip-invalid), or as a copy of
			// another span the import took: a reader tells no one which.
			f.other++
		}
	}
	return out, nil
}

// notes says what the map did: the spans each pair read, and what became
// of them where not all were imported; each pair no span of the files
// bore, a label mistyped or in another case; two labels read as one; a
// pair whose label another pair reads (each span's label is read once, as
// the files write it); and a label made that a stored one differs from
// only in case. keptAt is where the note of spans kept with their stored
// labels points (keptNote), labels the store's labels. skipped is true
// where something was skipped as a problem (-skip-invalid): a line so
// skipped is not read, nor its spans, so a pair none read is not said to
// be one no span of the files bears (their line may have been skipped).
func (m *labelMap) notes(fs map[string]*fates, keptAt string, labels map[string]bool, skipped bool) []string {
	if m == nil {
		return nil
	}
	froms := make([]string, 0, len(m.to))
	for from := range m.to {
		froms = append(froms, from)
	}
	sort.Strings(froms)
	var read []string
	var out, apart []string
	into := map[string][]string{} // TO → the labels read as it
	for _, from := range froms {
		to := m.to[from]
		n := int(m.n[from].Load())
		if n == 0 && skipped {
			out = append(out, fmt.Sprintf("-map %s=%s: no span of what was read is labelled %s (labels are told apart by case; what was skipped as a problem was not read: see the problems listed)", from, to, from))
			continue
		}
		if n == 0 {
			out = append(out, fmt.Sprintf("-map %s=%s: no span of these files is labelled %s (labels are told apart by case)", from, to, from))
			continue
		}
		into[to] = append(into[to], from)
		pair := fmt.Sprintf("%s labelled %s as %s", annotate.Count(n, "span"), from, to)
		f := fs[from]
		if f == nil || f.imported == n {
			read = append(read, pair)
			continue
		}
		var what []string
		if f.already > 0 {
			what = append(what, fmt.Sprintf("%d the store holds so already", f.already))
		}
		if f.kept > 0 {
			what = append(what, fmt.Sprintf("%d the store holds under %s with another label, kept so (%s)", f.kept, plural(f.kept, "its ID", "their IDs"), keptAt))
		}
		if f.layer > 0 {
			what = append(what, fmt.Sprintf("%d left out with %s, no newer in the files than in the store", f.layer, plural(f.layer, "its layer", "their layers")))
		}
		if f.other > 0 {
			what = append(what, fmt.Sprintf("%d not imported (a copy of a span imported once, or on a line skipped as a problem: see the notes and problems listed)", f.other))
		}
		apart = append(apart, fmt.Sprintf("-map read %s, and imported %d of them: %s", pair, f.imported, strings.Join(what, ", ")))
	}
	if len(read) > 0 {
		out = append([]string{"-map read " + strings.Join(read, ", ")}, out...)
	}
	out = append(apart, out...)
	tos := make([]string, 0, len(into))
	for to := range into {
		tos = append(tos, to)
	}
	sort.Strings(tos)
	for _, to := range tos {
		fromsTo := into[to]
		if len(fromsTo) > 1 {
			out = append(out, fmt.Sprintf("-map read %s as one label, %s: their spans are no longer told apart (to keep them apart, give each a label of its own)", joinAnd(fromsTo), to))
		}
		if labels[to] || annotate.IsDefaultLabel(to) {
			continue
		}
		for _, l := range sortedKeys(labels) {
			if l != to && strings.EqualFold(l, to) {
				out = append(out, fmt.Sprintf("-map %s=%s made %s a label of its own beside the stored %s (labels are told apart by case); if you meant %s, import with -map %s=%s", fromsTo[0], to, to, l, l, fromsTo[0], l))
				break
			}
		}
	}
	for _, from := range froms {
		to := m.to[from]
		// A=B,B=A swaps two labels, as a table of pairs reads: said
		// only where a chain A=B,B=C may have been meant to lead on.
		if next, ok := m.to[to]; ok && to != from && next != from && m.n[from].Load() > 0 {
			out = append(out, fmt.Sprintf("-map %s=%s,%s=%s: each span's label is read once, as the files write it: spans labelled %s are read as %s, not as %s (to read them as %s, give %s=%s in place of %s=%s)", from, to, to, next, from, to, next, next, from, next, from, to))
		}
	}
	return out
}

// joinAnd names labels as a sentence does: "A and B", "A, B and C".
func joinAnd(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// labelsIn is what of the store storedLabels reads (*store.Store).
type labelsIn interface {
	Documents(ctx context.Context, fn func(store.DocInfo) error) error
	Counts(docID, annotator string) (map[string]int, error)
}

// storedLabels is the labels the store's spans bear, and skein's four,
// read as the window finds them (each article's counts), only where a
// -map pair made a label skein's four do not hold (case): nil otherwise,
// or where st cannot say.
func (m *labelMap) storedLabels(ctx context.Context, st Store) (map[string]bool, error) {
	if m == nil {
		return nil, nil
	}
	need := false
	for from, to := range m.to {
		if !annotate.IsDefaultLabel(to) && m.n[from].Load() > 0 {
			need = true
		}
	}
	ls, ok := st.(labelsIn)
	if !need || !ok {
		return nil, nil
	}
	out := map[string]bool{}
	for _, l := range annotate.DefaultLabels {
		out[l.Name] = true
	}
	err := ls.Documents(ctx, func(d store.DocInfo) error {
		counts, err := ls.Counts(d.ID, "")
		for l, n := range counts {
			if n > 0 {
				out[l] = true
			}
		}
		return err
	})
	return out, err
}

// sayKept adds the notes of what the import kept as the store has it
// (keptNote) and of what -map did: after the batch is decided, so that
// they say what is written, not only what was read. A team folder's
// imports (Owners, Only, Bulk) say neither: they read no -map, and a
// layer kept there is a colleague's unchanged file.
//
// skipped is true where the import skipped a problem (-skip-invalid).
func (p *plan) sayKept(ctx context.Context, st Store, b *store.Batch, opt ImportOptions, skipped bool) error {
	if !p.keepKept {
		return nil
	}
	notes, at, err := p.keptNote(st, opt.User)
	if err != nil {
		return err
	}
	for _, n := range notes {
		p.notes.Say(n)
	}
	if opt.labels == nil {
		return nil
	}
	fs, err := opt.labels.fatesOf(p, b, st)
	if err != nil {
		return err
	}
	labels, err := opt.labels.storedLabels(ctx, st)
	if err != nil {
		return err
	}
	for _, n := range opt.labels.notes(fs, at, labels, skipped) {
		p.notes.Say(n)
	}
	return nil
}
