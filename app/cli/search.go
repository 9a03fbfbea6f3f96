package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
	"github.com/skein-news/skein/store"
)

// searchJSON is one match as skein search -json prints it, offsets in code
// points.
type searchJSON struct {
	Doc     string `json:"doc"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text"`
	Context string `json:"context"`
}

func runSearch(ctx context.Context, g *globals, args []string) error {
	fs := g.flags("search", "")
	asJSON := fs.Bool("json", false, "print one JSON object per match: doc, start, end (code points), text, context")
	limit := fs.Int("limit", 0, "stop after `N` matches (default: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{`give a query: words, "a phrase", /a regex/, label:L annotator:A note:TEXT in:thread done:yes|no date:FROM..TO`}
	}
	if *limit < 0 {
		return usageError{"-limit must be 0 (all) or more"}
	}
	q, err := search.Parse(strings.Join(fs.Args(), " "))
	if err != nil {
		return usageError{err.Error()}
	}
	if err := g.open(ctx); err != nil {
		return err
	}
	w := bufio.NewWriter(g.env.Stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	// The articles are printed as skein list prints them, oldest first;
	// with -limit, only the first, which are all that is searched for.
	hits, err := g.st.SearchInListOrder(ctx, q, g.user, *limit)
	if err != nil {
		return err
	}
	matches, docs := 0, 0
	for _, h := range hits {
		d, err := g.st.Document(h.Doc)
		if err != nil {
			return err
		}
		t := annotate.NewText(d.Text)
		ms := h.Matches
		if *limit > 0 && matches+len(ms) > *limit {
			ms = ms[:*limit-matches]
		}
		docs++
		matches += len(ms)
		if !*asJSON {
			// Cut by -limit, the count says so: "(12 matches)" over
			// five read as seven lost.
			count := search.CountMatches(len(h.Matches))
			if len(ms) < len(h.Matches) {
				count += fmt.Sprintf(", %d shown", len(ms))
			}
			fmt.Fprintf(w, "%s  %s  %s  (%s)\n", d.ID, orDash(d.Date), oneLine(annotate.ShownTitle(d.Title, d.Text)), count)
		}
		for _, m := range ms {
			text, context := search.Excerpt(t, m, search.ContextWidth)
			if *asJSON {
				if err := enc.Encode(searchJSON{Doc: d.ID, Start: m.Start, End: m.End, Text: text, Context: context}); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintf(w, "  %d–%d  %s\n", m.Start, m.End, context)
		}
		if *limit > 0 && matches >= *limit {
			break
		}
	}
	if !*asJSON {
		stopped := ""
		if *limit > 0 && matches >= *limit {
			// The articles after were not searched: the total is what
			// is shown, not all there is.
			stopped = fmt.Sprintf(" (stopped at -limit %d)", *limit)
		}
		fmt.Fprintf(w, "%s in %s%s\n", search.CountMatches(matches), annotate.Count(docs, "article"), stopped)
	}
	if matches == 0 {
		// A label or an annotator no span has finds nothing, which reads
		// as the words not being there: say which filter it was.
		for _, n := range unknownFilters(g.st, q) {
			fmt.Fprintln(g.env.Stderr, "skein search: note:", n)
		}
		for _, w := range q.NotFilters {
			fmt.Fprintf(g.env.Stderr, "skein search: note: %s was searched as words: %s: is no filter (the filters are label:, annotator:, note:, in:, done: and date:)\n", w, w[:strings.IndexByte(w, ':')])
		}
	}
	return nil
}

// unknownFilters says which of q's label: and annotator: filters no span in
// st has, with the names it does have.
func unknownFilters(st *store.Store, q *search.Query) []string {
	var out []string
	for _, f := range []struct {
		byLabel bool
		names   []string
		what    string
	}{{true, q.Labels, "labelled"}, {false, q.Annotators, "by"}} {
		for _, n := range f.names {
			if docs, err := st.DocsWith(f.byLabel, n); err == nil && len(docs) == 0 {
				out = append(out, fmt.Sprintf("no span in the store is %s %q (names are matched exactly, case included)", f.what, n))
			}
		}
	}
	return out
}
