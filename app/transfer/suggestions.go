package transfer

import (
	"context"
	"errors"
	"fmt"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/store"
)

// SuggestionsResult is what ImportSuggestions stored.
type SuggestionsResult struct {
	Suggestions, Articles int
	// Notes say what was read otherwise than as written: a line a
	// byte order mark begins (a file joined on).
	Notes []string
}

// Summary is the result in words: "42 suggestions from ner in 7 articles".
func (r SuggestionsResult) Summary(name string) string {
	return fmt.Sprintf("%s from %s in %s", annotate.Count(r.Suggestions, "suggestion"), name, annotate.Count(r.Articles, "article"))
}

// ImportSuggestions reads a model's predictions from files of skein JSONL,
// Prodigy or spaCy JSONL (suggest.ReadPredictions) and stores them as the
// suggestions of model name, replacing what name suggested before in those
// articles. The articles must be in the store already. A problem in any
// file is reported by file and line in a *Refused, and then nothing is
// stored.
func ImportSuggestions(ctx context.Context, st *store.Store, name string, paths []string) (SuggestionsResult, error) {
	var res SuggestionsResult
	if name == "" {
		return res, errors.New("name the model whose predictions these are")
	}
	var all []suggest.Suggestion
	var errs []error
	for _, p := range paths {
		// Opened without blocking and refused where not a regular file:
		// os.Open of a named pipe waited for ever for a writer.
		f, _, err := formats.OpenFile(p, 0, "", false)
		if err != nil {
			errs = append(errs, &annotate.LineError{File: p, Err: err})
			continue
		}
		joined := &annotate.Joined{File: p}
		lines, err := suggest.ReadPredictionsJoined(f, p, suggest.ModelSource(name), joined)
		f.Close()
		if n := joined.Note(); n != "" {
			res.Notes = append(res.Notes, n)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, ln := range lines {
			ok, err := st.HasDocument(ln.Doc)
			if err != nil {
				return res, err
			}
			if !ok {
				what := "its text is"
				if ln.Text == "" {
					what = "the article it names is"
				}
				errs = append(errs, &annotate.LineError{File: p, Line: ln.N, Err: fmt.Errorf("%s not in the store (article %s): import the articles first", what, annotate.IDText(ln.Doc))})
				continue
			}
			all = append(all, ln.Suggestions...)
		}
	}
	if len(errs) > 0 {
		// Said as skein import says a refusal, a problem a line: a file's
		// problems come joined. Nothing is left to import without them.
		var problems []error
		for _, err := range errs {
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				problems = append(problems, j.Unwrap()...)
			} else {
				problems = append(problems, err)
			}
		}
		return res, &Refused{Problems: problems}
	}
	n, err := st.PutModelSuggestions(ctx, name, all)
	if err != nil {
		return res, err
	}
	res.Suggestions, res.Articles = len(all), n
	return res, nil
}
