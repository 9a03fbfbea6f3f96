package app

import (
	"context"
	"sort"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
)

// The fake store's suggestions: what suggestpanel.Store asks of it.

func (f *fakeStore) SpansByAnnotator(ctx context.Context, annotator string, fn func(*annotate.Span) error) error {
	f.mu.Lock()
	var out []*annotate.Span
	for _, s := range f.spans {
		if s.Annotator == annotator {
			out = append(out, s.Clone())
		}
	}
	f.mu.Unlock()
	annotate.SortSpans(out)
	for _, s := range out {
		if err := fn(s); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) ModelSuggestions(doc string) ([]suggest.Suggestion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.modelReads++
	var out []suggest.Suggestion
	for _, s := range f.models {
		if s.Doc == doc {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeStore) Models() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, s := range f.models {
		if n := suggest.ModelName(s.Source); !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

func (f *fakeStore) Rejected(doc, user string) ([]suggest.Suggestion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]suggest.Suggestion(nil), f.rejected[[2]string{doc, user}]...), nil
}

func (f *fakeStore) Reject(doc, user string, sugs []suggest.Suggestion) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rejected == nil {
		f.rejected = map[[2]string][]suggest.Suggestion{}
	}
	k := [2]string{doc, user}
	f.rejected[k] = append(f.rejected[k], sugs...)
	return nil
}

// suggestionGathers counts the gatherings of an article's suggestions
// (each reads the models' offers once).
func (f *fakeStore) suggestionGathers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.modelReads
}
