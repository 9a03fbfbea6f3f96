package figures

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// seedLayer makes documents of the seed articles and one span per quoted
// text, found where it first occurs.
type seedLayer struct {
	docs  map[string]*annotate.Document // by file
	spans map[string]*annotate.Span
}

func newSeedLayer(t *testing.T) *seedLayer {
	l := &seedLayer{docs: map[string]*annotate.Document{}, spans: map[string]*annotate.Span{}}
	for file, text := range readSeeds(t) {
		title, date := annotate.DeriveMeta(file, text)
		l.docs[file] = &annotate.Document{ID: annotate.DocID(text), Title: title, Date: date, Source: file, Text: text}
	}
	return l
}

func (l *seedLayer) span(t *testing.T, id, file, quote, label string) annotate.Member {
	t.Helper()
	d := l.docs[file]
	b := strings.Index(d.Text, quote)
	if b < 0 {
		t.Fatalf("%q is not in %s", quote, file)
	}
	start := utf8.RuneCountInString(d.Text[:b])
	l.spans[id] = &annotate.Span{ID: id, Doc: d.ID, Label: label, Annotator: "alice",
		Fragments: []annotate.Fragment{{Start: start, End: start + utf8.RuneCountInString(quote)}}}
	return annotate.Member{Doc: d.ID, Span: id}
}

func (l *seedLayer) lookup(id string) (*annotate.Span, *annotate.Document, error) {
	s, ok := l.spans[id]
	if !ok {
		return nil, nil, errNoSpan
	}
	for _, d := range l.docs {
		if d.ID == s.Doc {
			return s, d, nil
		}
	}
	return nil, nil, errNoSpan
}

var errNoSpan = errors.New("no such span")

func TestThreadReport(t *testing.T) {
	l := newSeedLayer(t)
	const (
		f0 = "000_a028c591ba1f5ed0.txt"
		f1 = "001_f69399a660d41165.txt"
		f2 = "002_b575546220e49dce.txt"
	)
	link := func(m annotate.Member, label string) annotate.Member { m.Link = label; return m }
	casualties := &annotate.Thread{ID: "t1", Title: "Casualties since 2021", Annotator: "alice", Members: []annotate.Member{
		l.span(t, "s1", f0, "2,267", annotate.Figure),
		link(l.span(t, "s2", f1, "some 2,300", annotate.Figure), "repeats"),
		link(l.span(t, "s3", f2, "over 2,200 Pakistani lives", annotate.Figure), "repeats"),
		link(l.span(t, "s4", f2, "Kakar further mentioned", annotate.Figure), "made-by"), // a figure Read cannot read
	}}
	rise := &annotate.Thread{ID: "t2", Title: "Rise in attacks", Annotator: "alice", Members: []annotate.Member{
		l.span(t, "r1", f0, "surged by 60%", annotate.Claim), // not a figure span: no value
		link(l.span(t, "r2", f0, "60%", annotate.Figure), "supports"),
		link(l.span(t, "r3", f1, "79%", annotate.Figure), "contradicts"),
	}}
	tests := []struct {
		name string
		th   *annotate.Thread
		want string
	}{
		{"figures that agree", casualties, `{"id":"t1","title":"Casualties since 2021","annotator":"alice","disagreement":false,"members":[` +
			`{"doc":"` + l.docs[f0].ID + `","span":"s1","text":"2,267","label":"figure","link":"","value":{"number":2267,"qualifier":"exact"}},` +
			`{"doc":"` + l.docs[f1].ID + `","span":"s2","text":"some 2,300","label":"figure","link":"repeats","value":{"number":2300,"qualifier":"about"}},` +
			`{"doc":"` + l.docs[f2].ID + `","span":"s3","text":"over 2,200 Pakistani lives","label":"figure","link":"repeats","value":{"number":2200,"qualifier":"over"}},` +
			`{"doc":"` + l.docs[f2].ID + `","span":"s4","text":"Kakar further mentioned","label":"figure","link":"made-by"}]}`},
		{"figures that disagree", rise, `{"id":"t2","title":"Rise in attacks","annotator":"alice","disagreement":true,"members":[` +
			`{"doc":"` + l.docs[f0].ID + `","span":"r1","text":"surged by 60%","label":"claim","link":""},` +
			`{"doc":"` + l.docs[f0].ID + `","span":"r2","text":"60%","label":"figure","link":"supports","value":{"number":60,"qualifier":"exact"}},` +
			`{"doc":"` + l.docs[f1].ID + `","span":"r3","text":"79%","label":"figure","link":"contradicts","value":{"number":79,"qualifier":"exact"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ThreadReport(tt.th, l.lookup)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b, tt.want)
			}
		})
	}
	t.Run("a missing span", func(t *testing.T) {
		th := &annotate.Thread{ID: "t3", Title: "x", Annotator: "alice", Members: []annotate.Member{{Doc: "d", Span: "gone"}}}
		_, err := ThreadReport(th, l.lookup)
		if !errors.Is(err, errNoSpan) || !strings.Contains(err.Error(), "member 1 (span gone in d)") {
			t.Errorf("got error %v, want one naming member 1, span gone, wrapping %v", err, errNoSpan)
		}
	})
}

func TestThreadItems(t *testing.T) {
	l := newSeedLayer(t)
	th := &annotate.Thread{ID: "t", Title: "Rise", Annotator: "alice", Members: []annotate.Member{
		l.span(t, "a", "000_a028c591ba1f5ed0.txt", "surged by 60%", annotate.Claim),
		l.span(t, "b", "001_f69399a660d41165.txt", "79%", annotate.Figure),
		l.span(t, "c", "003_13c3e290747b6afd.txt", "79%", annotate.Figure),
	}}
	items, err := ThreadItems(th, l.lookup)
	if err != nil {
		t.Fatal(err)
	}
	d1, d3 := l.docs["001_f69399a660d41165.txt"], l.docs["003_13c3e290747b6afd.txt"]
	want := []Item{
		{Doc: d1.ID, Span: "b", Title: d1.Title, Source: d1.Source, Date: d1.Date, Value: Value{Number: 79, Qualifier: Exact, Unit: Percent, Text: "79%"}},
		{Doc: d3.ID, Span: "c", Title: d3.Title, Source: d3.Source, Date: "2023-11-20", Value: Value{Number: 79, Qualifier: Exact, Unit: Percent, Text: "79%"}},
	}
	if len(items) != len(want) {
		t.Fatalf("got %d items, want %d", len(items), len(want))
	}
	for i := range want {
		if items[i] != want[i] {
			t.Errorf("item %d: got %+v, want %+v", i, items[i], want[i])
		}
	}
}

func TestThreadReportNilLookup(t *testing.T) {
	th := &annotate.Thread{ID: "t", Title: "x", Annotator: "alice", Members: []annotate.Member{{Doc: "d", Span: "s"}}}
	nothing := func(string) (*annotate.Span, *annotate.Document, error) { return nil, nil, nil }
	if _, err := ThreadReport(th, nothing); !errors.Is(err, ErrNoSpan) {
		t.Errorf("got error %v, want %v", err, ErrNoSpan)
	}
}

// TestThreadReportRangeAndPlural checks the JSON of figures that are not
// one number: a range carries its upper end in "to", and a plural scale
// word reads as an inclusive lower bound.
func TestThreadReportRangeAndPlural(t *testing.T) {
	l := newSeedLayer(t)
	const extra = "extra.txt"
	text := "Police said between 10 and 15 people died; the hospital counted 12, and rescuers “nearly 20”."
	l.docs[extra] = &annotate.Document{ID: annotate.DocID(text), Title: "Blast", Source: extra, Text: text}
	link := func(m annotate.Member, label string) annotate.Member { m.Link = label; return m }
	deported := &annotate.Thread{ID: "d", Title: "Deported", Annotator: "alice", Members: []annotate.Member{
		l.span(t, "h", "002_b575546220e49dce.txt", "hundreds of thousands", annotate.Figure),
		link(l.span(t, "o", "000_a028c591ba1f5ed0.txt", "over 300,000", annotate.Figure), "repeats"),
	}}
	dead := &annotate.Thread{ID: "k", Title: "Killed", Annotator: "alice", Members: []annotate.Member{
		l.span(t, "r", extra, "between 10 and 15", annotate.Figure),
		link(l.span(t, "x", extra, "12", annotate.Figure), "supports"),
		link(l.span(t, "n", extra, "nearly 20", annotate.Figure), "contradicts"),
	}}
	d0, d2, dx := l.docs["000_a028c591ba1f5ed0.txt"].ID, l.docs["002_b575546220e49dce.txt"].ID, l.docs[extra].ID
	for _, tt := range []struct {
		th   *annotate.Thread
		want string
	}{
		{deported, `{"id":"d","title":"Deported","annotator":"alice","disagreement":false,"members":[` +
			`{"doc":"` + d2 + `","span":"h","text":"hundreds of thousands","label":"figure","link":"","value":{"number":200000,"qualifier":"over"}},` +
			`{"doc":"` + d0 + `","span":"o","text":"over 300,000","label":"figure","link":"repeats","value":{"number":300000,"qualifier":"over"}}]}`},
		// nearly 20 is 18 to 20: above the range's 15.
		{dead, `{"id":"k","title":"Killed","annotator":"alice","disagreement":true,"members":[` +
			`{"doc":"` + dx + `","span":"r","text":"between 10 and 15","label":"figure","link":"","value":{"number":10,"qualifier":"exact","to":15}},` +
			`{"doc":"` + dx + `","span":"x","text":"12","label":"figure","link":"supports","value":{"number":12,"qualifier":"exact"}},` +
			`{"doc":"` + dx + `","span":"n","text":"nearly 20","label":"figure","link":"contradicts","value":{"number":20,"qualifier":"under"}}]}`},
	} {
		r, err := ThreadReport(tt.th, l.lookup)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("got\n%s\nwant\n%s", b, tt.want)
		}
	}
}

// TestUntitledArticleFigures: a figure of an article without a title was
// named by its source, else its ID ("“60%” in 9f3c…"), where every other
// place shows its opening words.
func TestUntitledArticleFigures(t *testing.T) {
	text := "Attacks rose 60% this year, officials said. Kakar said 79%."
	d := &annotate.Document{ID: annotate.DocID(text), Text: text}
	spans := map[string]*annotate.Span{
		"a": {ID: "a", Doc: d.ID, Label: annotate.Figure, Fragments: []annotate.Fragment{{Start: 13, End: 16}}},
		"b": {ID: "b", Doc: d.ID, Label: annotate.Figure, Fragments: []annotate.Fragment{{Start: 55, End: 58}}},
	}
	th := &annotate.Thread{ID: "t", Title: "Rise", Annotator: "alice", Members: []annotate.Member{{Doc: d.ID, Span: "a"}, {Doc: d.ID, Span: "b"}}}
	items, err := ThreadItems(th, func(id string) (*annotate.Span, *annotate.Document, error) { return spans[id], d, nil })
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(Compare(items).Summary(), "\n")
	if want := "“60%” in (no title) “Attacks rose 60% this year, officials said”"; !strings.Contains(got, want) {
		t.Errorf("the disagreement reads %q, want the article named %q", got, want)
	}
}
