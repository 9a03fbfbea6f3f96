package transfer

import (
	"context"
	"fmt"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/store"
)

// AgreeInputs returns what agree.Compute measures for the named annotators:
// every document of the store with their layers, streamed one document at a
// time, and their threads. `skein agree` and the window's agreement report
// both build their input here, so they report the same numbers.
func AgreeInputs(ctx context.Context, st *store.Store, names []string) (docs func(yield func(agree.DocInput) error) error, threads map[string][]*annotate.Thread, err error) {
	return agreeInputs(ctx, st, names, nil)
}

// Assigned says whether an article is assigned to an annotator, as a team
// folder's assignment does.
type Assigned func(doc, annotator string) bool

func agreeInputs(ctx context.Context, st *store.Store, names []string, assigned Assigned) (docs func(yield func(agree.DocInput) error) error, threads map[string][]*annotate.Thread, err error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	// A model's predictions (-a model:NAME) are measured as a layer: the
	// articles it has suggestions for are those it worked on.
	models := map[string]map[string][]*annotate.Span{}
	for _, n := range names {
		if m := suggest.ModelName(n); m != "" {
			byDoc := map[string][]*annotate.Span{}
			err := st.EachModelSuggestions(ctx, m, func(doc string, sugs []suggest.Suggestion) error {
				byDoc[doc] = modelSpans(n, sugs)
				return nil
			})
			if err != nil {
				return nil, nil, fmt.Errorf("read %s's suggestions: %w", m, err)
			}
			models[n] = byDoc
		}
	}
	threads = map[string][]*annotate.Thread{}
	err = st.Threads(ctx, func(th *annotate.Thread) error {
		if want[th.Annotator] {
			threads[th.Annotator] = append(threads[th.Annotator], th)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read threads for agreement: %w", err)
	}
	docs = func(yield func(agree.DocInput) error) error {
		return st.EachDocument(ctx, func(d *annotate.Document) error {
			// Only an annotator who worked on the article has a layer in
			// it: one with spans there, or who once changed or marked it.
			// An article nobody opened is not a page of agreed "none"
			// tokens; counting it would raise κ and α with every article
			// of the corpus nobody annotated.
			infos, err := st.Layers(d.ID, names)
			if err != nil {
				return fmt.Errorf("read the layers of document %s: %w", d.ID, err)
			}
			in := agree.DocInput{Doc: d, Layers: map[string][]*annotate.Span{}}
			for i, n := range names {
				if byDoc, ok := models[n]; ok {
					if spans, worked := byDoc[d.ID]; worked {
						in.Layers[n] = spans
					}
					continue
				}
				spans, err := st.LayerSpans(d.ID, n)
				if err != nil {
					return fmt.Errorf("read %s's spans of document %s: %w", n, d.ID, err)
				}
				worked := len(spans) > 0 || (i < len(infos) && infos[i].Worked(len(spans)))
				if assigned != nil && !annotate.IsCurated(n) {
					// The assignment is the overlap: an article counts for
					// exactly those it gives it to, empty layers included.
					// A curated layer is no one's assignment: it counts
					// where the reviewer worked.
					worked = assigned(d.ID, n)
				}
				if worked {
					in.Layers[n] = spans
				}
			}
			return yield(in)
		})
	}
	return docs, threads, nil
}

// modelSpans are a model's suggestions in one article as the spans of a
// layer named layer.
func modelSpans(layer string, sugs []suggest.Suggestion) []*annotate.Span {
	out := make([]*annotate.Span, len(sugs))
	for i, sg := range sugs {
		out[i] = &annotate.Span{ID: fmt.Sprintf("%s:%s:%d", layer, sg.Doc, i), Doc: sg.Doc, Label: sg.Label, Annotator: layer,
			Fragments: []annotate.Fragment{{Start: sg.Start, End: sg.End}}}
	}
	annotate.SortSpans(out)
	return out
}

// Agree measures agreement between the named annotators over the whole
// store, as `skein agree` does.
func Agree(ctx context.Context, st *store.Store, names []string) (*agree.Report, error) {
	return AgreeAssigned(ctx, st, names, nil)
}

// AgreeAssigned is Agree over the overlap an assignment defines: an
// article counts for the annotators it is assigned to, and only for them.
// nil assigned is Agree.
func AgreeAssigned(ctx context.Context, st *store.Store, names []string, assigned Assigned) (*agree.Report, error) {
	docs, threads, err := agreeInputs(ctx, st, names, assigned)
	if err != nil {
		return nil, err
	}
	return agree.Compute(ctx, names, docs, threads)
}
