package suggest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestReadPredictions reads the same predictions written as skein JSONL,
// Prodigy, spaCy's doc.to_json() and spaCy training tuples, with and
// without scores.
func TestReadPredictions(t *testing.T) {
	text := "Kakar said 2,300 people left 👍 Kabul."
	id := annotate.DocID(text)
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	for _, tc := range []struct{ name, line string }{
		{"skein", `{"id":"` + id + `","title":"t","text":` + q(text) + `,"spans":[{"id":"x","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"m","score":0.9},{"start":31,"end":36,"text":"Kabul","label":"place"}]}`},
		{"prodigy", `{"text":` + q(text) + `,"spans":[{"start":0,"end":5,"label":"actor","token_start":0,"token_end":0,"score":0.9},{"start":31,"end":36,"label":"place"}],"answer":"accept","_input_hash":1}`},
		{"spacy ents", `{"text":` + q(text) + `,"ents":[{"start":0,"end":5,"label":"actor","score":0.9},{"start":31,"end":36,"label":"place"}],"tokens":[]}`},
		{"spacy tuples", `{"text":` + q(text) + `,"entities":[[0,5,"actor",0.9],[31,36,"place"]]}`},
		{"by id", `{"id":"` + id + `","spans":[{"start":0,"end":5,"label":"actor","confidence":0.9},{"start":31,"end":36,"label":"place"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines, err := ReadPredictions(strings.NewReader("\n"+tc.line+"\n"), "p.jsonl", "model:m")
			if err != nil {
				t.Fatal(err)
			}
			want := []Suggestion{
				{Doc: id, Start: 0, End: 5, Label: "actor", Source: "model:m", Score: 0.9},
				{Doc: id, Start: 31, End: 36, Label: "place", Source: "model:m", Score: NoScore},
			}
			if len(lines) != 1 || lines[0].N != 2 || lines[0].Doc != id || !reflect.DeepEqual(lines[0].Suggestions, want) {
				t.Errorf("got %+v,\nwant line 2 with %+v", lines, want)
			}
		})
	}
}

// TestReadPredictionsRefused: each problem is named with file and line, and
// nothing is returned.
func TestReadPredictionsRefused(t *testing.T) {
	text := "Kakar said 👍 so."
	q := fmt.Sprintf("%q", text)
	for _, tc := range []struct{ line, want string }{
		{`not json`, "p.jsonl:1: not a JSON object"},
		{`{"spans":[]}`, `p.jsonl:1: no "text" and no "id"`},
		{`{"text":` + q + `,"spans":[{"start":0,"end":5}]}`, "p.jsonl:1: span 1: needs start, end and label"},
		// Each as skein import says it of a layer's span: a reversed
		// range was "not within the text", as if an offset were too large.
		{`{"text":` + q + `,"spans":[{"start":10,"end":30,"label":"x"}]}`, "p.jsonl:1: span 1 (x): offset 30 past the end of the text (16 characters)"},
		{`{"text":` + q + `,"spans":[{"start":3,"end":1,"label":"x"}]}`, "p.jsonl:1: span 1 (x): range 3–1 is empty or reversed"},
		{`{"text":` + q + `,"spans":[{"start":3,"end":3,"label":"x"}]}`, "p.jsonl:1: span 1 (x): range 3–3 is empty or reversed"},
		{`{"text":` + q + `,"spans":[{"start":-1,"end":3,"label":"x"}]}`, "p.jsonl:1: span 1 (x): offset -1 is negative"},
		{`{"text":` + q + `,"spans":[{"start":13,"end":15,"label":"x","text":"so."}]}`, `p.jsonl:1: span 1 (x): "text" is "so." but the text at 13–15 is "so" (offsets count code points)`},
		{`{"text":` + q + `,"ents":[{"start":0,"end":5,"label":"x","score":7}]}`, "p.jsonl:1: span 1 (x): score 7 is not between 0 and 1"},
		{`{"text":` + q + `,"entities":[[0,"5","x"]]}`, "p.jsonl:1: entity 1: want [start, end, label]"},
		{`{"id":"0000000000000000","text":` + q + `}`, `p.jsonl:1: id "0000000000000000" is not the ID of its text`},
		{`{"text":` + q + `,"spans":[{"start":0,"end":5,"label":"x","label":"y"}]}`, `p.jsonl:1: key "label" given twice in one object`},
		{`{"text":` + q + `,"spans":[{"start":0,"end":5,"label":"x","Label":"y"}]}`, `p.jsonl:1: key "label" given twice in one object (the second spelled "Label"`},
		{`{"text":` + q + `,"spans":[{"start":0,"end":5,"LABEL":"x"}]}`, `p.jsonl:1: key "LABEL" at byte 58 of the line is not "label"`},
	} {
		lines, err := ReadPredictions(strings.NewReader(tc.line), "p.jsonl", "model:m")
		if err == nil || !strings.Contains(err.Error(), tc.want) || lines != nil {
			t.Errorf("%s: got %v, %v, want %q", tc.line, lines, err, tc.want)
		}
	}
	// A rejected Prodigy task carries no predictions.
	lines, err := ReadPredictions(strings.NewReader(`{"text":`+q+`,"spans":[{"start":0,"end":5,"label":"x"}],"answer":"reject"}`), "p.jsonl", "model:m")
	if err != nil || len(lines) != 1 || len(lines[0].Suggestions) != 0 {
		t.Errorf("rejected task: got %+v, %v", lines, err)
	}
}
