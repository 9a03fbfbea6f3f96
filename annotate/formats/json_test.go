package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/skein-news/skein/annotate"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// batchFacts describes a batch as a set independent of IDs: each span as
// "label start-end text @doc" and each link as "label: head → tail".
func batchFacts(b *Batch) map[string]bool {
	key := map[string]string{}
	set := map[string]bool{}
	for _, d := range b.Docs {
		tx := annotate.NewText(d.Text)
		for _, s := range b.Spans {
			if s.Doc == d.ID {
				key[s.ID] = fmt.Sprintf("%s %s %q @%.6s", s.Label, fragString(s.Fragments), tx.Fragments(s.Fragments), d.ID)
				set[key[s.ID]] = true
			}
		}
	}
	for _, th := range b.Threads {
		if th.IsLink() {
			set[fmt.Sprintf("%s: %s → %s", th.Members[1].Link, key[th.Members[0].Span], key[th.Members[1].Span])] = true
		}
	}
	return set
}

// spanFact is how the test's own readers of the files describe a span.
func spanFact(text string, start, end int, label string) string {
	r := []rune(text)
	return fmt.Sprintf("%s %d–%d %q @%.6s", label, start, end, string(r[start:end]), annotate.DocID(text))
}

func num(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	}
	panic(fmt.Sprintf("not a number: %v", v))
}

// doccanoFacts reads doccano JSONL with encoding/json alone.
func doccanoFacts(t *testing.T, data []byte) map[string]bool {
	set := map[string]bool{}
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatal(err)
		}
		text, _ := m["text"].(string)
		if text == "" {
			text, _ = m["column_data"].(string)
		}
		for _, k := range []string{"label", "column_label"} {
			l, _ := m[k].([]any)
			for _, x := range l {
				if tr, ok := x.([]any); ok {
					set[spanFact(text, num(tr[0]), num(tr[1]), tr[2].(string))] = true
				}
			}
		}
		byID := map[int]string{}
		ents, _ := m["entities"].([]any)
		for _, e := range ents {
			e := e.(map[string]any)
			f := spanFact(text, num(e["start_offset"]), num(e["end_offset"]), e["label"].(string))
			byID[num(e["id"])] = f
			set[f] = true
		}
		rels, _ := m["relations"].([]any)
		for _, r := range rels {
			r := r.(map[string]any)
			set[fmt.Sprintf("%s: %s → %s", r["type"], byID[num(r["from_id"])], byID[num(r["to_id"])])] = true
		}
	}
	return set
}

// prodigyFacts reads Prodigy JSONL with encoding/json alone, skipping
// records answered reject or ignore.
func prodigyFacts(t *testing.T, data []byte) map[string]bool {
	set := map[string]bool{}
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatal(err)
		}
		if a := m["answer"]; a == "reject" || a == "ignore" {
			continue
		}
		text := m["text"].(string)
		byTokEnd := map[int]string{}
		fact := func(s map[string]any) string {
			return spanFact(text, num(s["start"]), num(s["end"]), s["label"].(string))
		}
		spans, _ := m["spans"].([]any)
		for _, s := range spans {
			s := s.(map[string]any)
			set[fact(s)] = true
			byTokEnd[num(s["token_end"])] = fact(s)
		}
		rels, _ := m["relations"].([]any)
		for _, r := range rels {
			r := r.(map[string]any)
			h, c := byTokEnd[num(r["head"])], byTokEnd[num(r["child"])]
			if hs, ok := r["head_span"].(map[string]any); ok {
				h = fact(hs)
			}
			if cs, ok := r["child_span"].(map[string]any); ok {
				c = fact(cs)
			}
			set[fmt.Sprintf("%s: %s → %s", r["label"], h, c)] = true
		}
	}
	return set
}

// lsFacts reads a Label Studio export with encoding/json alone, turning
// UTF-16 offsets into code points where value.text says they are.
func lsFacts(t *testing.T, data []byte) map[string]bool {
	var tasks []map[string]any
	if err := json.Unmarshal(data, &tasks); err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, task := range tasks {
		text := task["data"].(map[string]any)["text"].(string)
		runes := []rune(text)
		units := utf16.Encode(runes)
		anns, _ := task["annotations"].([]any)
		for _, a := range anns {
			a := a.(map[string]any)
			if a["was_cancelled"] == true {
				continue
			}
			byID := map[string]string{}
			res := a["result"].([]any)
			for _, r := range res {
				r := r.(map[string]any)
				if r["type"] != "labels" {
					continue
				}
				v := r["value"].(map[string]any)
				s, e, quoted := num(v["start"]), num(v["end"]), v["text"].(string)
				if string(runes[s:min(e, len(runes))]) != quoted {
					s = len(utf16.Decode(units[:s]))
					e = len(utf16.Decode(units[:e]))
				}
				f := spanFact(text, s, e, v["labels"].([]any)[0].(string))
				byID[r["id"].(string)] = f
				set[f] = true
			}
			for _, r := range res {
				r := r.(map[string]any)
				if r["type"] != "relation" {
					continue
				}
				h, c := byID[r["from_id"].(string)], byID[r["to_id"].(string)]
				if r["direction"] == "left" {
					h, c = c, h
				}
				label := ""
				if ls, _ := r["labels"].([]any); len(ls) > 0 {
					label = ls[0].(string)
				}
				set[fmt.Sprintf("%s: %s → %s", label, h, c)] = true
			}
		}
	}
	return set
}

func sameSets(t *testing.T, what string, got, want map[string]bool) {
	t.Helper()
	lost, added := diffSets(want, got)
	if len(lost) > 0 || len(added) > 0 {
		t.Errorf("%s:\nmissing %s\nextra   %s", what, strings.Join(lost, "\n        "), strings.Join(added, "\n        "))
	}
}

func TestJSONRoundTrips(t *testing.T) {
	cases := []struct {
		format, fixture string
		read            func(r *bytes.Reader, file string, opt Options) (*Batch, []error)
		facts           func(*testing.T, []byte) map[string]bool
	}{
		{"doccano", "doccano.jsonl", func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadDoccano(r, f, o) }, doccanoFacts},
		{"prodigy", "prodigy.jsonl", func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadProdigy(r, f, o) }, prodigyFacts},
		{"labelstudio", "labelstudio.json", func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadLabelStudio(r, f, o) }, lsFacts},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			in := readFixture(t, c.fixture)
			b, errs := c.read(bytes.NewReader(in), c.fixture, Options{Annotator: "alice"})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			checkBatch(t, b)
			want := c.facts(t, in)
			sameSets(t, "file → skein", batchFacts(b), want)

			var out bytes.Buffer
			ex, err := NewExporter(c.format, &out, "")
			if err != nil {
				t.Fatal(err)
			}
			left := exportBatch(t, ex, b)
			for _, l := range left {
				if !strings.Contains(l, "layers merged") && !strings.Contains(l, "annotator's name not written") {
					t.Errorf("leftOut: %s", l)
				}
			}
			sameSets(t, "file → skein → file", c.facts(t, out.Bytes()), want)

			b2, errs := c.read(bytes.NewReader(out.Bytes()), "out", Options{Annotator: "alice"})
			if len(errs) > 0 {
				t.Fatalf("re-import: %v", errs)
			}
			sameSets(t, "file → skein → file → skein", batchFacts(b2), batchFacts(b))
			// The documents' metadata comes back as it was: what the
			// export adds to name the document (its ID, title, date) is
			// not read as the record's own.
			meta := func(b *Batch) string {
				var s []string
				for _, d := range b.Docs {
					s = append(s, fmt.Sprintf("%s %v", d.ID, d.Meta))
				}
				return strings.Join(s, "\n")
			}
			if got, want := meta(b2), meta(b); got != want {
				t.Errorf("metadata after the round trip:\n%s\nwant\n%s", got, want)
			}
			src := func(b *Batch) string {
				var s []string
				for _, d := range b.Docs {
					s = append(s, d.Source)
				}
				return strings.Join(s, " ")
			}
			want2 := src(b)
			if c.format == "prodigy" {
				// Records whose meta.source is shared are named by their
				// line, in the file they were read from.
				want2 = strings.ReplaceAll(want2, c.fixture+"#", "out#")
			}
			if got := src(b2); got != want2 {
				t.Errorf("sources: got %s, want %s", got, want2)
			}
		})
	}
}

func TestReadDoccano(t *testing.T) {
	b, errs := ReadDoccano(bytes.NewReader(readFixture(t, "doccano.jsonl")), "doccano.jsonl", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, d := range b.Docs {
		got = append(got, fmt.Sprintf("%s %v", d.Source, d.Meta))
	}
	want := []string{
		"doccano.jsonl#1 map[doccano_id:7]",
		"wire/ana.txt map[doccano_id:8]",
		"doccano.jsonl#3 map[wikiPageID:12]",
		"doccano.jsonl#4 map[doccano_labels:positive]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents:\ngot  %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	notes := strings.Join(b.Notes, "\n")
	for _, w := range []string{"doccano label Region becomes user label Region", "doccano: 1 document label (text classification) kept in the document's metadata as doccano_labels", "doccano: 1 document's comments left out"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	var unlabelled int
	for _, th := range b.Threads {
		if th.Members[1].Link == "" {
			unlabelled++
		}
	}
	if unlabelled != 1 {
		t.Errorf("links without a type: got %d, want 1", unlabelled)
	}
}

func TestReadProdigy(t *testing.T) {
	b, errs := ReadProdigy(bytes.NewReader(readFixture(t, "prodigy.jsonl")), "prodigy.jsonl", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var answers []string
	for _, m := range b.Marks {
		if m.Annotator != "alice" || !m.Done {
			t.Errorf("mark %+v: want alice's, done", m)
		}
		answers = append(answers, m.Answer)
	}
	if got, want := strings.Join(answers, " "), "accept reject accept ignore"; got != want {
		t.Errorf("answers: got %s, want %s", got, want)
	}
	d := b.Docs[0]
	if d.Source != "pk/kakar.txt" || d.Meta["section"] != "economy" || d.Meta["prodigy_input_hash"] != "101" || d.Meta["prodigy_task_hash"] != "-202" {
		t.Errorf("first document: source %q meta %v", d.Source, d.Meta)
	}
	// "The Wire" names three records: not a name for any one of them.
	if got, want := b.Docs[1].Source, "prodigy.jsonl#2"; got != want {
		t.Errorf("shared meta.source: got %s, want %s", got, want)
	}
	for _, s := range b.Spans {
		if s.Doc == b.Docs[1].ID {
			t.Errorf("span %+v of a rejected record imported", s)
		}
	}
	if !strings.Contains(strings.Join(b.Notes, "\n"), "Prodigy: 1 span of records answered reject or ignore left out") {
		t.Errorf("notes: %v", b.Notes)
	}
}

func TestReadLabelStudio(t *testing.T) {
	b, errs := ReadLabelStudio(bytes.NewReader(readFixture(t, "labelstudio.json")), "ls.json", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	layers := map[string]int{}
	for _, s := range b.Spans {
		layers[s.Annotator]++
	}
	if got, want := fmt.Sprint(layers), "map[bob@example.org:4 labelstudio-1:6 labelstudio-3:1]"; got != want {
		t.Errorf("layers: got %s, want %s", got, want)
	}
	var marks []string
	for _, m := range b.Marks {
		marks = append(marks, m.Annotator)
	}
	if got, want := strings.Join(marks, " "), "labelstudio-1 bob@example.org labelstudio-1 labelstudio-3"; got != want {
		t.Errorf("marks: got %s, want %s", got, want)
	}
	notes := map[string]string{}
	for _, s := range b.Spans {
		if s.Note != "" {
			notes[s.Label] = s.Note
		}
	}
	if got, want := fmt.Sprint(notes), "map[accusation:sarcastic actor:the company]"; got != want {
		t.Errorf("notes: got %s, want %s", got, want)
	}
	all := strings.Join(b.Notes, "\n")
	for _, w := range []string{"1 prediction left out", "1 cancelled annotation left out", "1 result of other types (choices, ratings …) left out (choices)"} {
		if !strings.Contains(all, w) {
			t.Errorf("notes lack %q:\n%s", w, all)
		}
	}
	if got := b.Docs[0].Source; got != "wire/sony.txt" {
		t.Errorf("source: got %s, want wire/sony.txt", got)
	}
	if got := b.Docs[1].Source; got != "ls.json#2" {
		t.Errorf("source: got %s, want ls.json#2", got)
	}
}

func TestLabelStudioOffsets(t *testing.T) {
	const text = "Officials 🎉🎉 said 😠 exports rose." // each emoji is two UTF-16 units
	tx := annotate.NewText(text)
	str := func(s string) *string { return &s }
	cases := []struct {
		name       string
		start, end int
		quoted     *string
		unit       string
		want       string
	}{
		{"code points", 20, 27, str("exports"), "", "20–27"},
		{"UTF-16 units", 23, 30, str("exports"), "", "20–27"},
		{"before any emoji", 0, 9, str("Officials"), "", "0–9"},
		{"neither", 21, 28, str("exports"), "", "matches neither code points nor UTF-16 units"},
		{"outside", 40, 50, str("x"), "", "outside the text"},
		{"no text, nothing beyond the BMP before", 0, 9, nil, "", "0–9"},
		{"no text after an emoji", 20, 27, nil, "", "beyond U+FFFF"},
		{"no text after an emoji, UTF-16 units named", 23, 30, nil, "utf16", "20–27"},
		{"no text after an emoji, code points named", 20, 27, nil, "codepoints", "20–27"},
		{"no text, UTF-16 units inside an emoji", 11, 13, nil, "utf16", "not UTF-16 units of the text"},
		{"half a surrogate pair", 11, 13, str("🎉🎉"), "", "matches neither"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, e, _, err := lsOffsets(tx, c.start, c.end, c.quoted, c.unit)
			got := fmt.Sprintf("%d–%d", s, e)
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestLabelStudioOffsetsTell: a region with text tells the file's count
// only where one reading matches; one both match (the same letter twice)
// is read as code points and tells nothing.
func TestLabelStudioOffsetsTell(t *testing.T) {
	tx := annotate.NewText("😀 aaa") // the a's at 2, 3, 4 (3, 4, 5 in UTF-16 units)
	a := "a"
	for _, c := range []struct {
		start, end int
		want       string
	}{{3, 4, "3–4 "}, {5, 6, "4–5 utf16"}, {2, 3, "2–3 codepoints"}} {
		s, e, told, err := lsOffsets(tx, c.start, c.end, &a, "")
		if got := fmt.Sprintf("%d–%d %s", s, e, told); err != nil || got != c.want {
			t.Errorf("region %d–%d: got %s (%v), want %s", c.start, c.end, got, err, c.want)
		}
	}
}

func TestJSONProblems(t *testing.T) {
	type reader func(r *bytes.Reader, file string, opt Options) (*Batch, []error)
	doccano := func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadDoccano(r, f, o) }
	prodigy := func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadProdigy(r, f, o) }
	ls := func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadLabelStudio(r, f, o) }
	good := `{"text":"Sony 👍 said so.","label":[[0,4,"actor"]]}` + "\n"
	cases := []struct {
		name  string
		read  reader
		input string
		want  []string
		is    error
		keep  int // documents a SkipInvalid read keeps
	}{
		{"doccano not JSON", doccano, good + "{\"text\": \"x\",\n\n" + good, []string{"f:2: not JSON"}, ErrSyntax, 1},
		{"doccano past the end", doccano, good + `{"text":"Sony","label":[[0,40,"actor"]]}`, []string{"f:2: label 1: offset 40 past the end of the text (4 characters)"}, annotate.ErrOffsets, 1},
		{"doccano unknown entity", doccano, `{"text":"Sony","entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":4}],"relations":[{"from_id":1,"to_id":9,"type":"x"}]}`, []string{"f:1: relation 1: to_id 9 names no entity"}, ErrUnknownRef, 0},
		{"doccano no text", doccano, `{"label":[]}`, []string{"f:1: no \"text\""}, ErrSyntax, 0},
		{"doccano every problem", doccano, `{"text":"ab","label":[[0,9,"x"]]}` + "\n" + good + `{"text":"ab","label":[[1,0,"x"]]}`, []string{"f:1: label 1: offset 9", "f:3: label 1: range 1–0 is empty or reversed"}, annotate.ErrOffsets, 1},
		{"Label Studio's JSON-MIN read as doccano", doccano, `[{"id":1,"text":"Sony said","label":[{"start":0,"end":4,"text":"Sony","labels":["ORG"]}],"annotator":"a@b.org","annotation_id":3}]`, []string{"f:1: label 1: no start_offset or end_offset: {start, end, labels} is Label Studio's JSON-MIN export, which skein does not read; export JSON from Label Studio instead"}, ErrSyntax, 0},
		{"doccano bad label", doccano, `{"text":"ab","label":[[0,1,""]]}`, []string{"f:1: label 1: label is empty"}, annotate.ErrBadSpan, 0},
		{"prodigy text differs", prodigy, `{"text":"Sony 👍 said","spans":[{"start":5,"end":6,"text":"x","label":"a"}]}`, []string{`f:1: span 1: "text" is "x" but the text at 5–6 is "👍" (offsets count code points)`}, annotate.ErrMismatch, 0},
		{"prodigy bad answer", prodigy, `{"text":"Sony","answer":"maybe"}`, []string{`f:1: answer "maybe" is not accept, reject or ignore`}, ErrSyntax, 0},
		{"prodigy relation to nothing", prodigy, `{"text":"Sony said","spans":[{"start":0,"end":4,"token_end":0,"label":"a"}],"relations":[{"head":0,"child":1,"label":"x"}]}`, []string{"f:1: relation 1 child: token 1 is the last token of no span"}, ErrUnknownRef, 0},
		{"prodigy fractional offset", prodigy, `{"text":"Sony","spans":[{"start":0.5,"end":4,"label":"a"}]}`, []string{`f:1: span 1: start "0.5" is not a whole number`}, ErrSyntax, 0},
		{"prodigy binary text", prodigy, "{\"text\":\"a\\u0000b\"}", []string{"f:1: text: binary content"}, annotate.ErrBinary, 0},
		{"labelstudio not an array", ls, `"x"`, []string{"f:1: not a Label Studio export"}, ErrSyntax, 0},
		{"labelstudio broken task", ls, "[\n" + `{"data":{"text":"Sony"}},` + "\n" + `{"data":` + "\n]", []string{"f:3: task 2: not JSON"}, ErrSyntax, 1},
		{"labelstudio cut short", ls, "[\n" + `{"data":{"text":"Sony 👍 said so."}}`, []string{"f:2: the array of tasks does not end"}, ErrSyntax, 1},
		{"labelstudio unknown region", ls, "[\n\n" + `{"data":{"text":"Sony"},"annotations":[{"completed_by":1,"result":[{"type":"relation","from_id":"a","to_id":"b"}]}]}]`, []string{`f:3: task 1 annotation 1 relation 1: names unknown region "a"`}, ErrUnknownRef, 0},
		{"labelstudio mismatch", ls, `[{"data":{"text":"Sony said"},"annotations":[{"completed_by":1,"result":[{"id":"a","type":"labels","value":{"start":0,"end":4,"text":"said","labels":["x"]}}]}]}]`, []string{`region "a": value.text "said" matches neither`}, annotate.ErrMismatch, 0},
		{"doccano not UTF-8", doccano, good + "{\"text\":\"Caf\xe9 au lait\",\"label\":[]}", []string{"f:2: not UTF-8: invalid byte 0xe9 at byte 12"}, annotate.ErrNotUTF8, 1},
		{"prodigy not UTF-8", prodigy, "{\"text\":\"Sony\",\"meta\":{\"source\":\"caf\xe9\"}}", []string{"f:1: not UTF-8: invalid byte 0xe9 at byte 36"}, annotate.ErrNotUTF8, 0},
		{"labelstudio not UTF-8", ls, "[\n" + `{"data":{"text":"Sony"}},` + "\n{\"data\":\n{\"text\":\"Caf\xe9\"}}\n]", []string{"f:4: task 2: not UTF-8: invalid byte 0xe9"}, annotate.ErrNotUTF8, 1},
		{"doccano lone surrogate", doccano, good + `{"text":"Caf\udce9 au lait","label":[]}`, []string{`f:2: not UTF-8: "\udce9" at byte 12 of the line is half of a UTF-16 surrogate pair`}, annotate.ErrNotUTF8, 1},
		{"doccano lone surrogate in a label", doccano, `{"text":"Sony","label":[[0,4,"act\ud800"]]}`, []string{`f:1: not UTF-8: "\ud800" at byte 33 of the line`}, annotate.ErrNotUTF8, 0},
		{"prodigy lone surrogate", prodigy, `{"text":"Sony","meta":{"source":"caf\ud83d"}}`, []string{`f:1: not UTF-8: "\ud83d" at byte 36 of the line`}, annotate.ErrNotUTF8, 0},
		{"labelstudio lone surrogate", ls, "[\n" + `{"data":{"text":"Sony"}},` + "\n{\"data\":\n{\"text\":\"Caf\\ud800\"}}\n]", []string{`f:4: task 2: not UTF-8: "\ud800" at byte 12 of the line is half of a UTF-16 surrogate pair`}, annotate.ErrNotUTF8, 1},
		{"labelstudio lone surrogate in an annotator", ls, `[{"data":{"text":"Sony"},"annotations":[{"completed_by":{"email":"a\udbff@b"},"result":[]}]}]`, []string{`f:1: task 1: not UTF-8: "\udbff"`}, annotate.ErrNotUTF8, 0},
		{"doccano array", doccano, `[0,4,"actor"]`, []string{"f:1: element 1 of the array: want a JSON object, not a number"}, ErrSyntax, 0},
		{"prodigy spans an object", prodigy, `{"text":"Sony","spans":{"start":0}}`, []string{`f:1: field "spans" should be an array, not an object`}, ErrSyntax, 0},
		{"labelstudio nobody", ls, `[{"data":{"text":"Sony"},"annotations":[{"result":[]}]}]`, []string{"completed_by names nobody"}, ErrNoAnnotator, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opt := Options{Annotator: "alice"}
			if strings.Contains(c.name, "nobody") {
				opt.Annotator = ""
			}
			b, errs := c.read(bytes.NewReader([]byte(c.input)), "f", opt)
			if b != nil {
				t.Error("got a batch without SkipInvalid")
			}
			if len(errs) != len(c.want) {
				t.Fatalf("got %d problems %v, want %d", len(errs), errs, len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(errs[i].Error(), w) {
					t.Errorf("problem %d: got %q, want it to contain %q", i+1, errs[i], w)
				}
				var le *annotate.LineError
				if !errors.As(errs[i], &le) {
					t.Errorf("problem %d is %T, want *annotate.LineError", i+1, errs[i])
				}
			}
			if !errors.Is(errs[0], c.is) {
				t.Errorf("errors.Is(%v) is false for %v", c.is, errs[0])
			}
			opt.SkipInvalid = true
			b, errs2 := c.read(bytes.NewReader([]byte(c.input)), "f", opt)
			if b == nil || len(errs2) != len(errs) {
				t.Fatalf("with SkipInvalid: got batch %v and %d problems, want a batch and %d", b != nil, len(errs2), len(errs))
			}
			if len(b.Docs) != c.keep {
				t.Errorf("with SkipInvalid: got %d documents, want the %d good ones", len(b.Docs), c.keep)
			}
		})
	}
}

func TestNeedAnnotator(t *testing.T) {
	if _, errs := ReadDoccano(bytes.NewReader(nil), "f", Options{}); len(errs) != 1 || !errors.Is(errs[0], ErrNoAnnotator) {
		t.Errorf("doccano without annotator: got %v", errs)
	}
	if _, errs := ReadBrat("testdata/brat", Options{}); len(errs) != 1 || !errors.Is(errs[0], ErrNoAnnotator) {
		t.Errorf("brat without annotator: got %v", errs)
	}
}

// An article's own title and date (imported from skein's JSONL, not made
// from its file name and first line) come back from skein's doccano,
// Prodigy and Label Studio exports: each export writes them, and each
// reader dropped them, so the article came back titled by its first words.
func TestTitleAndDateRoundTrip(t *testing.T) {
	text := "café näive crowd met at noon.\n\nKakar spoke later."
	d := &annotate.Document{ID: annotate.DocID(text), Title: "Combining marks", Date: "2024-01-02", Source: "combining.txt", Text: text}
	s := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: "actor", Annotator: "alice", Fragments: []annotate.Fragment{{Start: 31, End: 36}}}
	for _, c := range []struct {
		format string
		read   func(r *bytes.Reader, file string, opt Options) (*Batch, []error)
	}{
		{"doccano", func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadDoccano(r, f, o) }},
		{"prodigy", func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadProdigy(r, f, o) }},
		{"labelstudio", func(r *bytes.Reader, f string, o Options) (*Batch, []error) { return ReadLabelStudio(r, f, o) }},
	} {
		t.Run(c.format, func(t *testing.T) {
			var out bytes.Buffer
			ex, err := NewExporter(c.format, &out, "")
			if err != nil {
				t.Fatal(err)
			}
			exportBatch(t, ex, &Batch{Docs: []*annotate.Document{d}, Spans: []*annotate.Span{s}})
			b, errs := c.read(bytes.NewReader(out.Bytes()), "out", Options{Annotator: "alice"})
			if len(errs) > 0 || len(b.Docs) != 1 {
				t.Fatalf("read back: %v", errs)
			}
			if got := b.Docs[0]; got.Title != d.Title || got.Date != d.Date || got.Meta["title"] != "" || got.Meta["date"] != "" {
				t.Errorf("read back titled %q dated %q (meta %v), want %q and %q", got.Title, got.Date, got.Meta, d.Title, d.Date)
			}
		})
	}
}
