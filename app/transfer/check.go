package transfer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// matchStored keeps a second import of a brat, doccano, Prodigy or Label
// Studio file from doubling its annotations. Their readers give every span
// and relation a new ID, so a new span equal to one the store holds in the
// same layer (same fragments, label, note, attributes and norms) is taken to
// be that span, and a relation or chain whose members then all match a
// stored thread of the same layer is taken to be that thread; both are left
// out. Equal spans within one file each match a stored span of their own.
func (p *plan) matchStored(st Store) error {
	if len(p.fresh) == 0 {
		return nil
	}
	byLayer := map[[2]string][]*annotate.Span{}
	for id := range p.fresh {
		if s, ok := p.span(id); ok {
			k := [2]string{s.Doc, s.Annotator}
			byLayer[k] = append(byLayer[k], s)
		}
	}
	layers := make([][2]string, 0, len(byLayer))
	for k := range byLayer {
		layers = append(layers, k)
	}
	sort.Slice(layers, func(i, j int) bool { return layers[i][0]+layers[i][1] < layers[j][0]+layers[j][1] })
	stored := map[string]string{} // a new span's ID -> the stored span it matches
	for _, k := range layers {
		have, err := st.LayerSpans(k[0], k[1])
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if len(have) == 0 {
			continue
		}
		pool := map[string][]string{}
		for _, s := range have {
			sig := spanSig(s)
			pool[sig] = append(pool[sig], s.ID)
		}
		incoming := byLayer[k]
		sort.Slice(incoming, func(i, j int) bool { return incoming[i].ID < incoming[j].ID })
		for _, s := range incoming {
			sig := spanSig(s)
			if ids := pool[sig]; len(ids) > 0 {
				stored[s.ID] = ids[0]
				pool[sig] = ids[1:]
				p.dropSpan(s.ID)
				if p.matched == nil {
					p.matched = map[string]bool{}
				}
				p.matched[s.ID] = true
			}
		}
		p.findBeside(incoming, have, pool)
	}
	if len(stored) == 0 {
		return nil
	}
	for id := range p.fresh {
		th, ok := p.threads[id]
		if !ok || len(th.Members) == 0 {
			continue
		}
		for i, m := range th.Members {
			if sid, ok := stored[m.Span]; ok {
				th.Members[i].Span = sid
			}
		}
		olds, err := st.ThreadsOfSpan(th.Members[0].Span)
		if err != nil {
			return err
		}
		for _, old := range olds {
			if threadSig(old) == threadSig(th) {
				delete(p.threads, id)
				delete(p.threadAt, id)
				break
			}
		}
	}
	return nil
}

// besidePair is a span a format reader made up, added at the place of a
// stored span of its layer that has another label (findBeside).
type besidePair struct{ added, stored *annotate.Span }

// findBeside keeps in p.beside each of incoming, a layer's spans a format
// reader made up, that matched no stored span and lies where one of the
// layer's stored spans that matched none (pool, by spanSig) lies, with
// another label: a .ann relabelled in brat and imported again. The file
// gives no time and no ID skein keeps, so which label is newer cannot be
// told (the stored one may have been relabelled in skein since): both are
// kept, and besideNote says so rather than "1 span" alone.
func (p *plan) findBeside(incoming, have []*annotate.Span, pool map[string][]string) {
	left := map[string]bool{}
	for _, ids := range pool {
		for _, id := range ids {
			left[id] = true
		}
	}
	// The stored spans no incoming one matched, by place: a layer of
	// thousands imported again is not compared span by span.
	at := map[string][]*annotate.Span{}
	for _, old := range have {
		if left[old.ID] {
			k := fmt.Sprint(old.Fragments)
			at[k] = append(at[k], old)
		}
	}
	for _, s := range incoming {
		if p.matched[s.ID] || len(at) == 0 {
			continue
		}
		for _, old := range at[fmt.Sprint(s.Fragments)] {
			if old.Label != s.Label {
				p.beside = append(p.beside, besidePair{added: s, stored: old})
				break
			}
		}
	}
}

// besideNote says of p.beside how many spans were added beside a stored
// span of another label, the first, and how to keep one label.
// user is the importer: only their own spans are deleted in the window.
func (p *plan) besideNote(user string) string {
	pairs := slices.DeleteFunc(slices.Clone(p.beside), func(b besidePair) bool {
		_, ok := p.span(b.added.ID)
		return !ok // left out since
	})
	if len(pairs) == 0 {
		return ""
	}
	added := make([]*annotate.Span, len(pairs))
	for i, b := range pairs {
		added[i] = b.added
	}
	first, at, n := p.firstRead(added, func(*annotate.Span) bool { return true })
	var old *annotate.Span
	for _, b := range pairs {
		if b.added == first {
			old = b.stored
		}
	}
	place := make([]string, len(first.Fragments))
	for i, f := range first.Fragments {
		place[i] = fmt.Sprintf("%d–%d", f.Start, f.End)
	}
	what := fmt.Sprintf("1 span was added beside a span %s's layer holds at the same place with another label (article %s, %s: %s in the store, %s in the file)",
		first.Annotator, first.Doc, strings.Join(place, ";"), annotate.LabelShown(old.Label), annotate.LabelShown(first.Label))
	if n > 1 {
		what = fmt.Sprintf("%d spans were added beside spans their layers hold at the same places with other labels (the first in %s's layer on article %s, %s: %s in the store, %s in the file)",
			n, first.Annotator, first.Doc, strings.Join(place, ";"), annotate.LabelShown(old.Label), annotate.LabelShown(first.Label))
	}
	where := at.String()
	then := "; a colleague's layer is theirs to change: their newer export replaces it"
	if first.Annotator == user {
		then = "; if you relabelled it in the tool that wrote the file, delete the stored one in the window (click it, then Delete)"
	}
	return fmt.Sprintf("%s: %s: both are kept, as the file gives its spans no ID skein keeps and no time, so which label is newer cannot be told%s", where, what, then)
}

// spanSig is what makes two spans of one layer the same annotation.
func spanSig(s *annotate.Span) string {
	b, _ := json.Marshal(struct {
		F []annotate.Fragment
		L string
		N string
		A map[string]string
		R []annotate.Norm
	}{s.Fragments, s.Label, s.Note, s.Attrs, s.Norms})
	return string(b)
}

// threadSig is what makes two threads the same, IDs and times aside.
func threadSig(t *annotate.Thread) string {
	b, _ := json.Marshal(struct {
		T, A, K, N string
		M          []annotate.Member
	}{t.Title, t.Annotator, t.Kind, t.Note, t.Members})
	return string(b)
}

// checkSpanIDs refuses a span whose ID the store already gives a span in
// another document (the store would refuse the whole batch) or in another
// layer of the same document, naming the file and line that carry it; the
// span is left out.
//
// A span whose ID the store holds in the same layer, someone else's than
// user's, with other content (a label, a place, a note), where the files
// give that layer no time, keeps the stored span: a file with no time for
// a layer is no newer copy of it (batch replaces a layer only with a newer
// one), and it replaced a colleague's label with nothing said but "1
// span". It is left out and kept in keptUntimed, for keptNote. user's own
// layer is checkOwn's; a team folder's imports (not keepKept) read each
// colleague's own files, which are theirs to change.
//
// lookup finds the IDs' documents: st.SpanDocs, or a bulk load's, which
// looks each up once for the check and the write (store.Bulk).
func (p *plan) checkSpanIDs(ctx context.Context, st Store, lookup func(context.Context, []string) (map[string]string, error), user string) ([]error, error) {
	ids := p.spanIDs()
	stored, err := lookup(ctx, ids)
	if err != nil {
		return nil, err
	}
	if len(stored) == 0 {
		return nil, nil // none stored: nothing to refuse
	}
	var problems []error
	owners := storedByDoc{} // doc -> its stored spans by ID, read once per document
	for _, id := range ids {
		doc, ok := stored[id]
		if !ok {
			continue
		}
		s, _ := p.span(id)
		at := p.spanWhere(id)
		if doc != s.Doc {
			problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("span id %s is already used by a span in document %s, not %s", id, doc, s.Doc)})
			p.dropSpan(id)
			continue
		}
		// The same ID in another layer would move the span between
		// layers — out of yours, say, by a file that names someone else.
		have, err := owners.of(st, doc)
		if err != nil {
			return nil, err
		}
		old, ok := have[id]
		if !ok {
			continue
		}
		if old.Annotator != s.Annotator {
			problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("span id %s is already used by a span in %s's layer, not %s's: skein will not move it; give this span another id", id, old.Annotator, s.Annotator)})
			p.dropSpan(id)
			continue
		}
		if _, timed := p.layers[[2]string{s.Doc, s.Annotator}]; p.keepKept && !timed && s.Annotator != user && spanSig(old) != spanSig(s) {
			p.keptUntimed = append(p.keptUntimed, s)
			p.dropSpan(id)
		}
	}
	return problems, nil
}

// checkThreads makes sure every thread member names a span that the import
// or the store holds, in the document the member names. A bad thread is left
// out.
func (p *plan) checkThreads(st Store) []error {
	var problems []error
	ids := make([]string, 0, len(p.threads))
	for id := range p.threads {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		th := p.threads[id]
		at := p.threadAt[id]
		for i, m := range th.Members {
			s, ok := p.span(m.Span)
			if !ok {
				var err error
				s, err = st.Span(m.Span)
				if err != nil {
					problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("thread %s member %d names unknown span %s", id, i+1, m.Span)})
					delete(p.threads, id)
					break
				}
			}
			if s.Doc != m.Doc {
				problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("thread %s member %d: span %s is in document %s, not %s", id, i+1, m.Span, s.Doc, m.Doc)})
				delete(p.threads, id)
				break
			}
		}
	}
	return problems
}

// checkThreadIDs refuses a thread whose ID the store gives a thread of
// another layer: writing it would move that thread, someone's work, into
// this one's layer. The thread is left out. A thread of the same layer,
// someone else's than user's, that differs from the stored one and is no
// newer (its modified, 0 where the file gives none) keeps the stored one,
// as a span does (checkSpanIDs): it replaced a colleague's thread with
// nothing said but "1 thread". It is left out and kept in keptThreads.
func (p *plan) checkThreadIDs(st Store, user string) ([]error, error) {
	var problems []error
	for _, id := range sortedIDs(p.threads) {
		th := p.threads[id]
		old, err := st.Thread(id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if old.Annotator != th.Annotator {
			at := p.threadAt[id]
			problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: fmt.Errorf("thread id %s is already used by a thread in %s's layer, not %s's: skein will not overwrite it; give this thread another id", id, old.Annotator, th.Annotator)})
			delete(p.threads, id)
			continue
		}
		if p.keepKept && th.Annotator != user && th.Modified <= old.Modified && !sameThread(old, th) {
			p.keptThreads = append(p.keptThreads, id)
			if p.keptThreadOwner == nil {
				p.keptThreadOwner = map[string]string{}
			}
			p.keptThreadOwner[id] = th.Annotator
			delete(p.threads, id)
		}
	}
	return problems, nil
}

func sortedIDs[T any](m map[string]T) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// storedByDoc are the stored spans of documents by ID, read once a
// document.
type storedByDoc map[string]map[string]*annotate.Span

// of gives doc's stored spans by ID.
func (ss storedByDoc) of(st Store, doc string) (map[string]*annotate.Span, error) {
	if have, ok := ss[doc]; ok {
		return have, nil
	}
	all, err := st.Spans(doc)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	have := make(map[string]*annotate.Span, len(all))
	for _, x := range all {
		have[x.ID] = x
	}
	ss[doc] = have
	return have, nil
}

// keptNote says, of the spans read in layers kept as the store has them
// (keptSpans: no newer in the files than in the store), those whose ID the
// store holds with another label: they keep the stored label, and a file
// relabelled by hand, or read with -map, was passed over without a word.
// It names how many, where the first is read, and its two labels. Then,
// of the spans left out where the files give their layer no time
// (keptUntimed), how many, the first and what of it differs: the stored
// ones are kept. Then the spans added beside a stored one of another label
// (besideNote), which user's own layer may delete. at is where the first note is (file:line), for the -map
// note to point to.
func (p *plan) keptNote(st Store, user string) (notes []string, at string, err error) {
	stored := storedByDoc{}
	note, first, err := p.relabelledNote(st, stored)
	if err != nil {
		return nil, "", err
	}
	if note != "" {
		notes, at = append(notes, note), first
	}
	note, first, err = p.untimedNote(st, stored)
	if err != nil {
		return nil, "", err
	}
	if note != "" {
		notes = append(notes, note)
		if at == "" {
			at = first
		}
	}
	if at != "" {
		at = "see the note of " + at
	}
	if note := p.keptThreadsNote(); note != "" {
		notes = append(notes, note)
	}
	if note := p.besideNote(user); note != "" {
		notes = append(notes, note)
	}
	return notes, at, nil
}

// keptThreadsNote is keptNote's note of keptThreads: how many, the first
// read and its layer.
func (p *plan) keptThreadsNote() string {
	if len(p.keptThreads) == 0 {
		return ""
	}
	first := p.keptThreads[0]
	for _, id := range p.keptThreads[1:] {
		a, b := p.threadAt[id], p.threadAt[first]
		if a.file < b.file || a.file == b.file && a.line < b.line {
			first = id
		}
	}
	at := p.threadAt[first]
	what := fmt.Sprintf("1 thread whose ID the store holds in %s's layer with other content keeps the stored one (thread %s), as it is no newer in the file than in the store", p.keptThreadOwner[first], annotate.IDText(first))
	if n := len(p.keptThreads); n > 1 {
		what = fmt.Sprintf("%d threads whose IDs the store holds in the same layers with other content keep the stored ones (the first, thread %s in %s's layer), as they are no newer in the files than in the store", n, annotate.IDText(first), p.keptThreadOwner[first])
	}
	return fmt.Sprintf("%s: %s; nothing stored was changed: to replace a stored thread, import a newer copy of it (its modified, as an export writes it)", at, what)
}

// firstRead is the span of those of spans ok takes that was read first
// (file, then line), its place, and how many ok takes.
func (p *plan) firstRead(spans []*annotate.Span, ok func(*annotate.Span) bool) (first *annotate.Span, at where, n int) {
	for _, s := range spans {
		if !ok(s) {
			continue
		}
		n++
		w := p.spanWhere(s.ID)
		if first == nil || w.file < at.file || w.file == at.file && w.line < at.line {
			first, at = s, w
		}
	}
	return first, at, n
}

// relabelledNote is keptNote's note of keptSpans, and where it is.
func (p *plan) relabelledNote(st Store, stored storedByDoc) (note, at string, err error) {
	olds := map[*annotate.Span]*annotate.Span{}
	for _, s := range p.keptSpans {
		have, err := stored.of(st, s.Doc)
		if err != nil {
			return "", "", err
		}
		if old, ok := have[s.ID]; ok && old.Label != s.Label {
			olds[s] = old
		}
	}
	first, firstAt, n := p.firstRead(p.keptSpans, func(s *annotate.Span) bool { return olds[s] != nil })
	if n == 0 {
		return "", "", nil
	}
	firstOld := olds[first].Label
	at = firstAt.String()
	what := fmt.Sprintf("1 span whose ID the store holds with another label keeps the stored label (span %s: %s in the store, %s in the file), as %s's layer on article %s is no newer in the file than in the store",
		annotate.IDText(first.ID), annotate.LabelShown(firstOld), annotate.LabelShown(first.Label), first.Annotator, first.Doc)
	if n > 1 {
		what = fmt.Sprintf("%d spans whose IDs the store holds with other labels keep the stored labels (the first, span %s: %s in the store, %s in the file), as their layers are no newer in the files than in the store",
			n, annotate.IDText(first.ID), annotate.LabelShown(firstOld), annotate.LabelShown(first.Label))
	}
	return fmt.Sprintf("%s: %s; nothing stored was changed: relabel a stored span in the window, or import a newer copy of its layer", at, what), at, nil
}

// untimedNote is keptNote's note of keptUntimed, and where it is.
func (p *plan) untimedNote(st Store, stored storedByDoc) (note, at string, err error) {
	first, firstAt, n := p.firstRead(p.keptUntimed, func(*annotate.Span) bool { return true })
	if n == 0 {
		return "", "", nil
	}
	have, err := stored.of(st, first.Doc)
	if err != nil {
		return "", "", err
	}
	old := have[first.ID]
	if old == nil { // checkSpanIDs found it stored: gone since
		return "", "", nil
	}
	differs, shown := "content", fmt.Sprintf("span %s", annotate.IDText(first.ID))
	switch {
	case old.Label != first.Label:
		differs, shown = "label", fmt.Sprintf("span %s: %s in the store, %s in the file", annotate.IDText(first.ID), annotate.LabelShown(old.Label), annotate.LabelShown(first.Label))
	case !slices.Equal(old.Fragments, first.Fragments):
		differs = "place"
	case old.Note != first.Note:
		differs = "note"
	case !maps.Equal(old.Attrs, first.Attrs):
		differs = "attributes"
	case !slices.Equal(old.Norms, first.Norms):
		differs = "normalizations"
	}
	at = firstAt.String()
	what := fmt.Sprintf("1 span whose ID the store holds in %s's layer with another %s keeps the stored one (%s), as the file gives no time for %s's layer on article %s, so it is no newer copy of that layer",
		first.Annotator, differs, shown, first.Annotator, first.Doc)
	if n > 1 {
		what = fmt.Sprintf("%d spans whose IDs the store holds in the same layers with other content keep the stored ones (the first, in %s's layer, with another %s: %s), as the files give no time for their layers, so they are no newer copies of them",
			n, first.Annotator, differs, shown)
	}
	return fmt.Sprintf("%s: %s; nothing stored was changed: to replace a stored span, import a copy of its layer with a newer time (layers[].modified, as an export writes it)", at, what), at, nil
}
