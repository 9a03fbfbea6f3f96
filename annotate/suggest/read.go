package suggest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/skein-news/skein/annotate"
)

// Line is one article's predictions, with the line it was read from.
type Line struct {
	N           int    // line number, from 1
	Doc         string // the article: "id" when the line has no text, else the ID of its text
	Text        string // "" when the line names the article by "id" alone
	Suggestions []Suggestion
}

// predSpan is a predicted span as skein, Prodigy and spaCy (doc.to_json
// "ents") write it; score or confidence is the model's, when it gives one.
type predSpan struct {
	Start      *int     `json:"start"`
	End        *int     `json:"end"`
	Label      string   `json:"label"`
	Text       *string  `json:"text"`
	Score      *float64 `json:"score"`
	Confidence *float64 `json:"confidence"`
}

type predLine struct {
	ID       string            `json:"id"`
	Text     *string           `json:"text"`
	Spans    []predSpan        `json:"spans"`    // skein, Prodigy
	Ents     []predSpan        `json:"ents"`     // spaCy doc.to_json()
	Entities []json.RawMessage `json:"entities"` // spaCy training tuples [start, end, label(, score)]
	Answer   string            `json:"answer"`   // Prodigy: reject and ignore carry no predictions
}

// ReadPredictions reads a model's predictions for source from JSONL: skein's
// own lines, Prodigy's tasks, spaCy's doc.to_json() ("ents") or training
// tuples ("entities": [[start, end, label], …], a fourth number the score).
// Offsets are code points. A line names its article by its text (the ID
// skein gives that text) or, without a text, by "id". Every problem is an
// error naming file and line; nothing is returned when there is one.
func ReadPredictions(r io.Reader, file, source string) ([]Line, error) {
	return ReadPredictionsJoined(r, file, source, nil)
}

// ReadPredictionsJoined is ReadPredictions counting in joined the lines
// after the first that a byte order mark begins (a file joined on:
// annotate.Joined); every line is read without it.
func ReadPredictionsJoined(r io.Reader, file, source string, joined *annotate.Joined) ([]Line, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	var out []Line
	var errs []error
	fail := func(n int, format string, args ...any) {
		errs = append(errs, &annotate.LineError{File: file, Line: n, Err: fmt.Errorf(format, args...)})
	}
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			// UTF-16 (a Windows editor's, PowerShell's >) is said as what
			// it is, once: its lines read as "invalid character 'ÿ'".
			if err := annotate.CheckFileStart(sc.Bytes()); err != nil {
				return nil, &annotate.LineError{File: file, Line: 1, Err: err}
			}
		}
		raw := bytes.TrimSpace(joined.Trim(sc.Bytes(), n))
		if len(raw) == 0 {
			continue
		}
		if k, i := annotate.DupKey(raw); i >= 0 {
			errs = append(errs, &annotate.LineError{File: file, Line: n, Err: annotate.DupKeyError(k, fmt.Sprintf("at byte %d of the line", i))})
			continue
		}
		var pl predLine
		if c := annotate.FieldCase(raw, &pl); c.At >= 0 {
			errs = append(errs, &annotate.LineError{File: file, Line: n, Err: c.Error(fmt.Sprintf("at byte %d of the line", c.At))})
			continue
		}
		if err := json.Unmarshal(raw, &pl); err != nil {
			fail(n, "not a JSON object (%s)", annotate.JSONErrorText(err, " of the line"))
			continue
		}
		if err := annotate.CheckID(pl.ID); err != nil {
			fail(n, "field id: %v", err)
			continue
		}
		ln := Line{N: n, Doc: pl.ID}
		if pl.Text != nil {
			ln.Text = *pl.Text
			ln.Doc = annotate.DocID(ln.Text)
			if pl.ID != "" && pl.ID != ln.Doc {
				fail(n, "id %q is not the ID of its text (%s)", pl.ID, ln.Doc)
				continue
			}
		} else if pl.ID == "" {
			fail(n, `no "text" and no "id" to name the article`)
			continue
		}
		if pl.Answer == "reject" || pl.Answer == "ignore" {
			out = append(out, ln)
			continue
		}
		bad := false
		spans := append(pl.Spans, pl.Ents...)
		for i, e := range pl.Entities {
			ps, err := entityTuple(e)
			if err != nil {
				fail(n, "entity %d: %v", i+1, err)
				bad = true
				continue
			}
			spans = append(spans, ps)
		}
		var tx *annotate.Text
		if pl.Text != nil {
			tx = annotate.NewText(ln.Text)
		}
		for i, ps := range spans {
			if ps.Start == nil || ps.End == nil || ps.Label == "" {
				fail(n, "span %d: needs start, end and label", i+1)
				bad = true
				continue
			}
			// Said as skein import says it of a layer's span: a reversed
			// range read "not within the text", as if an offset were too
			// large.
			s, e := *ps.Start, *ps.End
			var why string
			switch {
			case s < 0 || e < 0:
				why = fmt.Sprintf("offset %d is negative", min(s, e))
			case e <= s:
				why = fmt.Sprintf("range %d–%d is empty or reversed", s, e)
			case tx != nil && e > tx.Len():
				why = fmt.Sprintf("offset %d past the end of the text (%s)", e, annotate.Count(tx.Len(), "character"))
			}
			if why != "" {
				fail(n, "span %d (%s): %s", i+1, ps.Label, why)
				bad = true
				continue
			}
			if tx != nil && ps.Text != nil && tx.Slice(s, e) != *ps.Text {
				fail(n, "span %d (%s): %s", i+1, ps.Label, annotate.Mismatch(*ps.Text, fmt.Sprintf("%d–%d", s, e), tx.Slice(s, e)))
				bad = true
				continue
			}
			score := float64(NoScore)
			for _, sc := range []*float64{ps.Score, ps.Confidence} {
				if sc != nil {
					if *sc < 0 || *sc > 1 || math.IsNaN(*sc) {
						fail(n, "span %d (%s): score %v is not between 0 and 1", i+1, ps.Label, *sc)
						bad = true
					}
					score = *sc
					break
				}
			}
			ln.Suggestions = append(ln.Suggestions, Suggestion{Doc: ln.Doc, Start: s, End: e, Label: ps.Label, Source: source, Score: score})
		}
		if !bad {
			out = append(out, ln)
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", file, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// entityTuple reads a spaCy training entity: [start, end, label] with an
// optional fourth number, the score.
func entityTuple(raw json.RawMessage) (predSpan, error) {
	var tup []json.RawMessage
	if err := json.Unmarshal(raw, &tup); err != nil || len(tup) < 3 || len(tup) > 4 {
		// An object, as doccano and some scripts write it.
		var ps predSpan
		if err := json.Unmarshal(raw, &ps); err != nil {
			return ps, fmt.Errorf("want [start, end, label] or an object with start, end and label")
		}
		return ps, nil
	}
	var ps predSpan
	var s, e int
	if json.Unmarshal(tup[0], &s) != nil || json.Unmarshal(tup[1], &e) != nil || json.Unmarshal(tup[2], &ps.Label) != nil {
		return ps, fmt.Errorf("want [start, end, label]: two whole numbers and a string")
	}
	ps.Start, ps.End = &s, &e
	if len(tup) == 4 {
		var sc float64
		if json.Unmarshal(tup[3], &sc) != nil {
			return ps, fmt.Errorf("the fourth value, the score, is not a number")
		}
		ps.Score = &sc
	}
	return ps, nil
}
