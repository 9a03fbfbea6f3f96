package transfer

import (
	"errors"
	"fmt"
	"sort"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// ErrOwnLayer is in the refusal of a file that would change the
// importer's own layer, which -own or another -user takes in: the window
// offers both where its reader has no flags to type.
var ErrOwnLayer = errors.New("this would change your own layer")

// ownLayerError is a refusal of checkOwn's: its message, and ErrOwnLayer
// to errors.Is.
type ownLayerError struct{ error }

func (e ownLayerError) Is(target error) bool { return target == ErrOwnLayer }

// checkOwn refuses what would change the importer's own layer, unless -own
// was given: a colleague's bundle must never overwrite your work by
// accident. Spans and threads follow one rule. A bundle of several layers
// (a colleague's -all) that carries a copy of yours no newer than the
// store's leaves yours as it is, with a note. Otherwise a file that names
// your layer on an article is refused there where you already have
// different spans (not the same IDs with the same content), and a thread of
// your layer it names is refused where you already have threads of your own
// on one of its articles and it is not one of them unchanged. A line that names no
// annotator falls in -annotator's layer, yours by default; it is refused
// only where it would change a span or thread you have under its ID.
// Importing what you already have changes nothing and is not refused; into
// a store where you have nothing, your own bundle goes.
func (p *plan) checkOwn(st Store, opt ImportOptions) ([]error, error) {
	if opt.Own {
		return nil, nil
	}
	var problems []error
	keys := make([][2]string, 0)
	for k := range p.named {
		if k[1] == opt.User {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := p.named[keys[i]], p.named[keys[j]]
		if a.file != b.file {
			return a.file < b.file
		}
		return a.line < b.line
	})
	mine := map[string]map[string]*annotate.Span{} // doc -> the importer's stored spans there by ID
	storedSpans := func(doc string) (map[string]*annotate.Span, error) {
		if m, ok := mine[doc]; ok {
			return m, nil
		}
		have, err := st.LayerSpans(doc, opt.User)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		m := make(map[string]*annotate.Span, len(have))
		for _, s := range have {
			m[s.ID] = s
		}
		mine[doc] = m
		return m, nil
	}
	// file -> the layers it names, asked only of files that name yours:
	// a first sync's bucket names tens of thousands of colleagues' layers
	// and none of yours, under the store's bulk lock.
	authors := map[string]map[string]bool{}
	for k, at := range p.named {
		if len(keys) == 0 {
			break
		}
		if authors[at.file] == nil {
			authors[at.file] = map[string]bool{}
		}
		authors[at.file][k[1]] = true
	}
	named := map[[2]string]bool{}
	kept := map[string]bool{} // docs where the file's copy of your layer is not newer than yours
	for _, k := range keys {
		named[k] = true
		if l, ok := p.layers[k]; ok && l.modified > 0 && len(authors[p.named[k].file]) > 1 {
			yours, err := st.LayerModified(k[0], k[1])
			if err != nil {
				return nil, err
			}
			if yours > 0 && l.modified <= yours {
				// A colleague's bundle that carries your layer as they got
				// it from you: yours is as new or newer, so it stays, and
				// so do your threads on this article.
				kept[k[0]] = true
				if l.modified < yours {
					p.notes.Say(fmt.Sprintf("%s: your layer (%s) on document %s in this file is older than yours (%s < %s); kept yours", l.at, k[1], k[0], annotate.FormatMillis(l.modified), annotate.FormatMillis(yours)))
				}
				for _, s := range p.spansRead() {
					if !p.keepKept {
						break
					}
					if s != nil && s.Doc == k[0] && s.Annotator == k[1] {
						p.keptSpans = append(p.keptSpans, s)
					}
				}
				p.dropOwnLayer(k)
				continue
			}
		}
		have, err := storedSpans(k[0])
		if err != nil {
			return nil, err
		}
		if len(have) == 0 {
			continue
		}
		same := true
		n := 0
		for _, s := range p.spansRead() {
			if s != nil && s.Doc == k[0] && s.Annotator == k[1] {
				n++
				if old, ok := have[s.ID]; !ok || !SameSpan(old, s) {
					same = false
				}
			}
		}
		if same && n == len(have) {
			continue
		}
		at := p.named[k]
		problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: ownLayerError{fmt.Errorf("this bundle carries spans in your own layer (%s) for document %s, where you already have %s: skein will not overwrite your work by accident; use -own to import it, or -user to import as someone else", k[1], k[0], thatDiffer(len(have), "span"))}})
		p.dropOwnLayer(k)
	}
	// Spans in the importer's layer on articles the file does not name it.
	for _, s := range p.spansRead() {
		id := s.ID
		if s.Annotator != opt.User || named[[2]string{s.Doc, s.Annotator}] {
			continue
		}
		have, err := storedSpans(s.Doc)
		if err != nil {
			return nil, err
		}
		if old, ok := have[id]; ok && !SameSpan(old, s) {
			at := p.spanWhere(id)
			problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: ownLayerError{fmt.Errorf("span %s names no annotator, so it goes in your own layer (%s), where it would change your span %s: skein will not overwrite your work by accident; use -own to import it, or -annotator to put it in another layer", id, s.Annotator, id)}})
			p.dropSpan(id)
		}
	}

	ownThreads := map[string]int{} // doc -> how many threads of the importer's it has
	threadsOn := func(doc string) (int, error) {
		if n, ok := ownThreads[doc]; ok {
			return n, nil
		}
		ths, err := st.ThreadsOfDoc(doc)
		if err != nil {
			return 0, err
		}
		n := 0
		for _, th := range ths {
			if th.Annotator == opt.User {
				n++
			}
		}
		ownThreads[doc] = n
		return n, nil
	}
	for _, id := range sortedIDs(p.threads) {
		th := p.threads[id]
		if th.Annotator != opt.User {
			continue
		}
		if p.threadNamed[id] && len(th.Members) > 0 && allKept(th, kept) {
			delete(p.threads, id) // as old as yours on every article it touches: yours stays
			continue
		}
		at := p.threadAt[id]
		old, err := st.Thread(id)
		switch {
		case err == nil:
			if sameThread(old, th) {
				delete(p.threads, id) // no change
				continue
			}
			if p.threadNamed[id] {
				problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: ownLayerError{fmt.Errorf("this bundle carries thread %s in your own layer (%s), and it differs from yours: skein will not overwrite your work by accident; use -own to import it, or -user to import as someone else", id, th.Annotator)}})
			} else {
				problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: ownLayerError{fmt.Errorf("thread %s names no annotator, so it goes in your own layer (%s), where it would change your thread %s: skein will not overwrite your work by accident; use -own to import it, or -annotator to put it in another layer", id, th.Annotator, id)}})
			}
			delete(p.threads, id)
			continue
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		if !p.threadNamed[id] {
			continue
		}
		seen := map[string]bool{}
		for _, m := range th.Members {
			if seen[m.Doc] {
				continue
			}
			seen[m.Doc] = true
			n, err := threadsOn(m.Doc)
			if err != nil {
				return nil, err
			}
			if n > 0 {
				problems = append(problems, &annotate.LineError{File: at.file, Line: at.line, Err: ownLayerError{fmt.Errorf("this bundle carries thread %s in your own layer (%s) on document %s, where you already have %s: skein will not overwrite your work by accident; use -own to import it, or -user to import as someone else", id, th.Annotator, m.Doc, thatDiffer(n, "thread"))}})
				delete(p.threads, id)
				break
			}
		}
	}
	return problems, nil
}

// allKept reports whether every article th touches is one where the file's
// copy of the importer's layer was kept back as not newer than the store's.
func allKept(th *annotate.Thread, kept map[string]bool) bool {
	for _, m := range th.Members {
		if !kept[m.Doc] {
			return false
		}
	}
	return true
}

// dropOwnLayer leaves out what the file says of layer k: its spans, time
// and mark.
func (p *plan) dropOwnLayer(k [2]string) {
	for _, s := range p.spanList {
		if s != nil && s.Doc == k[0] && s.Annotator == k[1] {
			p.dropSpan(s.ID)
		}
	}
	delete(p.layers, k)
	delete(p.marks, k)
}

// SameSpan reports whether importing b over a would change nothing; no
// attributes or norms is the same as empty ones.
func SameSpan(a, b *annotate.Span) bool {
	norm := func(s *annotate.Span) string {
		c := *s
		if len(c.Attrs) == 0 {
			c.Attrs = nil
		}
		if len(c.Norms) == 0 {
			c.Norms = nil
		}
		return spanSig(&c)
	}
	return a.ID == b.ID && a.Doc == b.Doc && a.Created == b.Created && norm(a) == norm(b)
}

// sameThread reports whether importing b over a would change nothing.
func sameThread(a, b *annotate.Thread) bool {
	return a.ID == b.ID && a.Created == b.Created && threadSig(a) == threadSig(b)
}

// thatDiffer counts n of noun stored that the bundle would change, the verb
// agreeing with the count: "1 span that differs", "12 spans that differ"
// (the refusal read "1 span that differ").
func thatDiffer(n int, noun string) string {
	if n == 1 {
		return annotate.Count(n, noun) + " that differs"
	}
	return annotate.Count(n, noun) + " that differ"
}
