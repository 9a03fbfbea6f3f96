package agree

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// sp makes a span from pairs of offsets.
func sp(id, doc, label, annotator string, offsets ...int) *annotate.Span {
	s := &annotate.Span{ID: id, Doc: doc, Label: label, Annotator: annotator}
	for i := 0; i+1 < len(offsets); i += 2 {
		s.Fragments = append(s.Fragments, annotate.Fragment{Start: offsets[i], End: offsets[i+1]})
	}
	return s
}

func doc(id, text string) *annotate.Document {
	return &annotate.Document{ID: id, Title: "Title of " + id, Text: text}
}

// feed yields the inputs in order.
func feed(ins ...DocInput) func(func(DocInput) error) error {
	return func(yield func(DocInput) error) error {
		for _, in := range ins {
			if err := yield(in); err != nil {
				return err
			}
		}
		return nil
	}
}

// The hand-worked corpus. Texts and tokens:
//
//	d1 "Kakar said the army killed ten men."  Kakar said the army killed ten men
//	d2 "The minister denied it."              (bob has no layer here)
//	d3 "Nothing happened."                    (both layers empty)
//	d4 "Prices rose ten percent."             (only alice marks something)
var (
	d1 = doc("d1", "Kakar said the army killed ten men.")
	d2 = doc("d2", "The minister denied it.")
	d3 = doc("d3", "Nothing happened.")
	d4 = doc("d4", "Prices rose ten percent.")

	aKakar    = sp("a1", "d1", "actor", "alice", 0, 5)
	aClaim    = sp("a2", "d1", "claim", "alice", 15, 34) // army killed ten men
	aTen      = sp("a3", "d1", "figure", "alice", 27, 30)
	aMinister = sp("a4", "d2", "actor", "alice", 4, 12)
	aPercent  = sp("a5", "d4", "figure", "alice", 12, 23)
	bKakar    = sp("b1", "d1", "actor", "bob", 0, 5)
	bClaim    = sp("b2", "d1", "claim", "bob", 11, 34) // the army killed ten men
	bTen      = sp("b3", "d1", "figure", "bob", 27, 30)

	handInputs = []DocInput{
		{Doc: d1, Layers: map[string][]*annotate.Span{
			"alice": {aTen, aClaim, aKakar}, // out of order on purpose
			"bob":   {bKakar, bClaim, bTen},
		}},
		{Doc: d2, Layers: map[string][]*annotate.Span{"alice": {aMinister}}},
		{Doc: d3, Layers: map[string][]*annotate.Span{"alice": nil, "bob": {}}},
		{Doc: d4, Layers: map[string][]*annotate.Span{"alice": {aPercent}, "bob": nil}},
	}
	handThreads = map[string][]*annotate.Thread{
		"alice": {
			{ID: "t1", Title: "chain", Annotator: "alice", Members: []annotate.Member{
				{Doc: "d1", Span: "a1"}, {Doc: "d1", Span: "a2"}, {Doc: "d2", Span: "a4"}}},
			{ID: "t2", Annotator: "alice", Members: []annotate.Member{{Doc: "d1", Span: "a1"}, {Doc: "d1", Span: "a3"}}},
		},
		"bob": {
			{ID: "t3", Annotator: "bob", Members: []annotate.Member{{Doc: "d1", Span: "b1"}, {Doc: "d1", Span: "b3"}}},
			{ID: "t4", Annotator: "bob", Members: []annotate.Member{{Doc: "d1", Span: "b1"}, {Doc: "d1", Span: "b2"}}},
			// Same ends as t3, other direction: no match.
			{ID: "t5", Annotator: "bob", Members: []annotate.Member{{Doc: "d1", Span: "b3"}, {Doc: "d1", Span: "b1"}}},
			// An end outside the run: left out.
			{ID: "t6", Annotator: "bob", Members: []annotate.Member{{Doc: "d1", Span: "b1"}, {Doc: "zz", Span: "ghost"}}},
		},
	}
)

// The token codings of the hand-worked corpus, written out by hand: the
// overall value (outermost span wins) and, per label, coverage.
var (
	handCodes = [2][]string{
		// d1 (7 tokens), d3 (2), d4 (4); d2 has only alice and is left out of pairs.
		{"actor", "O", "O", "claim", "claim", "claim", "claim", "O", "O", "O", "O", "figure", "figure"},
		{"actor", "O", "claim", "claim", "claim", "claim", "claim", "O", "O", "O", "O", "O", "O"},
	}
	handBinary = map[string][2]string{
		"actor":  {"1000000" + "00" + "0000", "1000000" + "00" + "0000"},
		"claim":  {"0001111" + "00" + "0000", "0011111" + "00" + "0000"},
		"figure": {"0000010" + "00" + "0011", "0000010" + "00" + "0000"},
	}
)

// codingOf computes the three token measures from written-out codes with
// the plain-data functions.
func codingOf(a, b []string) Measures {
	var pairs []Pair
	var units [][]string
	var counts [][]int
	cats := map[string]int{}
	for i := range a {
		pairs = append(pairs, Pair{a[i], b[i]})
		units = append(units, []string{a[i], b[i]})
		for _, v := range []string{a[i], b[i]} {
			if _, ok := cats[v]; !ok {
				cats[v] = len(cats)
			}
		}
	}
	for i := range a {
		c := make([]int, len(cats))
		c[cats[a[i]]]++
		c[cats[b[i]]]++
		counts = append(counts, c)
	}
	return Measures{
		CohenKappa:        Cohen(pairs).Value,
		FleissKappa:       Fleiss(counts).Value,
		KrippendorffAlpha: Krippendorff(units, "").Value,
	}
}

func ptr(x float64) *float64 { return &x }

func undef() *float64 { return nil }

// same compares two measure values to 9 decimals, nil meaning undefined.
func same(got, want *float64) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	return math.Abs(*got-*want) < 1e-9
}

func checkMeasures(t *testing.T, what string, got, want Measures) {
	t.Helper()
	g, w := got.cells(), want.cells()
	for i := range g {
		if !same(g[i], w[i]) {
			t.Errorf("%s %s: got %s, want %s", what, columns[i], show(g[i]), show(w[i]))
		}
	}
}

func TestComputeHandWorked(t *testing.T) {
	rep, err := Compute(context.Background(), []string{"alice", "bob"}, feed(handInputs...), handThreads)
	if err != nil {
		t.Fatal(err)
	}
	units := func(us ...Unit) []Unit { return us }
	u := func(c string, start, end int) Unit { return Unit{Category: c, Start: start, Length: end - start} }

	// Document d1: tables worked in the comments.
	//   overall codes differ on "the" only: pₒ = 6/7, pₑ = 23/49, κ = 19/26;
	//   P̄ = 6/7, P̄ₑ = 94/196, Fleiss κ = 74/102; Dₒ = 1/7, Dₑ = 102/182, α = 38/51.
	//   spans: actor and figure match exactly, claim overlaps: F1 4/6 and 1.
	//   links from d1: alice 3, bob 3 (t6 has an end outside), one shared: 1/3.
	d1Unitized := Unitized(0, 35, [][]Unit{
		units(u("actor", 0, 5), u("claim", 15, 34), u("figure", 27, 30)),
		units(u("actor", 0, 5), u("claim", 11, 34), u("figure", 27, 30)),
	})
	// Document d4: alice's figure against bob's empty layer. Codes
	// O O figure figure / O O O O: pₒ = ½ = pₑ, κ = 0; P̄ = ½, P̄ₑ = 40/64,
	// κ = −1/3; Dₒ = ½, Dₑ = 3/7, α = −1/6. Unitized: the unit [12,23) lies in
	// bob's gap, Dₒ = 2·11²/(2·24²); N = 1, gaps 12, 1 and 24, Dₑ =
	// 11²·(2+14)·(2/24)/(48·47−110).
	d4Unitized := Unitized(0, 24, [][]Unit{units(u("figure", 12, 23)), nil})
	if want := 1 - (121.0/576)/(121.0*16*2/24/2146); d4Unitized.Alpha == nil || !near(*d4Unitized.Alpha, want, 9) {
		t.Errorf("unitized α of d4: got %s, want %.4f", show(d4Unitized.Alpha), want)
	}
	wantDocs := []DocReport{
		{ID: "d4", Title: "Title of d4", Measures: Measures{
			CohenKappa: ptr(0), FleissKappa: ptr(-1.0 / 3), KrippendorffAlpha: ptr(-1.0 / 6),
			UnitizedAlpha: d4Unitized.Alpha, F1Exact: ptr(0), F1Overlap: ptr(0), LinkF1: undef()}},
		{ID: "d1", Title: "Title of d1", Measures: Measures{
			CohenKappa: ptr(19.0 / 26), FleissKappa: ptr(74.0 / 102), KrippendorffAlpha: ptr(38.0 / 51),
			UnitizedAlpha: d1Unitized.Alpha, F1Exact: ptr(4.0 / 6), F1Overlap: ptr(1), LinkF1: ptr(1.0 / 3)}},
		// Only alice has a layer: nothing to compare.
		{ID: "d2", Title: "Title of d2"},
		// Both layers empty: every measure undefined.
		{ID: "d3", Title: "Title of d3"},
	}
	if len(rep.Documents) != len(wantDocs) {
		t.Fatalf("got %d documents, want %d", len(rep.Documents), len(wantDocs))
	}
	for i, w := range wantDocs {
		g := rep.Documents[i]
		t.Run("document "+w.ID, func(t *testing.T) {
			if g.ID != w.ID || g.Title != w.Title {
				t.Fatalf("position %d: got %s %q, want %s %q", i, g.ID, g.Title, w.ID, w.Title)
			}
			checkMeasures(t, g.ID, g.Measures, w.Measures)
		})
	}
	if d1Unitized.Alpha == nil {
		t.Fatalf("unitized α of d1 undefined")
	}

	t.Run("overall", func(t *testing.T) {
		want := codingOf(handCodes[0], handCodes[1])
		// The continuum is d1, d3, d4 end to end (d2 lacks bob): 35+17+24.
		corpus := Unitized(0, 76, [][]Unit{
			units(u("actor", 0, 5), u("claim", 15, 34), u("figure", 27, 30), u("figure", 52+12, 52+23)),
			units(u("actor", 0, 5), u("claim", 11, 34), u("figure", 27, 30)),
		})
		want.UnitizedAlpha = corpus.Alpha
		// Spans in documents both annotated: exact 2 of 4+3, overlap 3.
		want.F1Exact, want.F1Overlap = ptr(4.0/7), ptr(6.0/7)
		want.LinkF1 = ptr(2.0 / 6)
		checkMeasures(t, "overall", rep.Overall, want)
		if corpus.Alpha == nil {
			t.Errorf("corpus unitized α undefined")
		}
	})

	t.Run("labels", func(t *testing.T) {
		corpus := Unitized(0, 76, [][]Unit{
			units(u("actor", 0, 5), u("claim", 15, 34), u("figure", 27, 30), u("figure", 52+12, 52+23)),
			units(u("actor", 0, 5), u("claim", 11, 34), u("figure", 27, 30)),
		})
		f1s := map[string][2]*float64{
			"actor":  {ptr(1), ptr(1)},
			"claim":  {ptr(0), ptr(1)},
			"figure": {ptr(2.0 / 3), ptr(2.0 / 3)},
		}
		if len(rep.Labels) != len(handBinary) {
			t.Errorf("got %d labels, want %d", len(rep.Labels), len(handBinary))
		}
		for label, codes := range handBinary {
			want := codingOf(strings.Split(codes[0], ""), strings.Split(codes[1], ""))
			want.UnitizedAlpha = corpus.Categories[label].Value
			want.F1Exact, want.F1Overlap = f1s[label][0], f1s[label][1]
			checkMeasures(t, label, rep.Labels[label], want)
		}
	})
}

func TestComputeThreeAnnotators(t *testing.T) {
	// "one two three four": alice and bob mark "one" a claim, carol an actor.
	// Cohen: alice–bob 1, alice–carol and bob–carol (12−9)/(16−9) = 3/7;
	// Light's κ = (1 + 3/7 + 3/7)/3 = 13/21.
	d := doc("d", "one two three four")
	in := DocInput{Doc: d, Layers: map[string][]*annotate.Span{
		"alice": {sp("a", "d", "claim", "alice", 0, 3)},
		"bob":   {sp("b", "d", "claim", "bob", 0, 3)},
		"carol": {sp("c", "d", "actor", "carol", 0, 3)},
	}}
	// A second document carol did not annotate: alice and bob agree on all.
	e := doc("e", "one two three four")
	in2 := DocInput{Doc: e, Layers: map[string][]*annotate.Span{
		"alice": {sp("a2", "e", "figure", "alice", 4, 7)},
		"bob":   {sp("b2", "e", "figure", "bob", 4, 7)},
	}}
	rep, err := Compute(context.Background(), []string{"alice", "bob", "carol"}, feed(in, in2), nil)
	if err != nil {
		t.Fatal(err)
	}
	var first DocReport
	for _, dr := range rep.Documents {
		if dr.ID == "d" {
			first = dr
		}
	}
	counts := [][]int{{2, 1, 0}, {0, 0, 3}, {0, 0, 3}, {0, 0, 3}} // claim, actor, none
	units := [][]string{{"claim", "claim", "actor"}, {"O", "O", "O"}, {"O", "O", "O"}, {"O", "O", "O"}}
	want := Measures{
		CohenKappa:        ptr(13.0 / 21),
		FleissKappa:       Fleiss(counts).Value,
		KrippendorffAlpha: Krippendorff(units, "").Value,
		UnitizedAlpha: Unitized(0, 18, [][]Unit{
			{{"claim", 0, 3}}, {{"claim", 0, 3}}, {{"actor", 0, 3}}}).Alpha,
		// Pairs: alice–bob 1, the two with carol 0.
		F1Exact: ptr(1.0 / 3), F1Overlap: ptr(1.0 / 3),
	}
	checkMeasures(t, "document d", first.Measures, want)

	// Over the corpus, document e adds four tokens to alice–bob only, and
	// items with two coders to Fleiss and Krippendorff.
	all := [][]string{
		{"claim", "claim", "actor"}, {"O", "O", "O"}, {"O", "O", "O"}, {"O", "O", "O"},
		{"O", "O", "–"}, {"figure", "figure", "–"}, {"O", "O", "–"}, {"O", "O", "–"},
	}
	allCounts := [][]int{
		{2, 1, 0, 0}, {0, 0, 3, 0}, {0, 0, 3, 0}, {0, 0, 3, 0},
		{0, 0, 2, 0}, {0, 0, 0, 2}, {0, 0, 2, 0}, {0, 0, 2, 0},
	}
	// alice–bob: 8 tokens, all agree, categories claim, O, figure:
	// pₑ = (1+36+1)/64, κ = 1. alice–carol, bob–carol: 3/7 as before.
	wantAll := Measures{
		CohenKappa:        ptr((1 + 3.0/7 + 3.0/7) / 3),
		FleissKappa:       Fleiss(allCounts).Value,
		KrippendorffAlpha: Krippendorff(all, "–").Value,
	}
	got := rep.Overall
	got.UnitizedAlpha, got.F1Exact, got.F1Overlap, got.LinkF1 = nil, nil, nil, nil
	checkMeasures(t, "overall", got, wantAll)
}

func TestComputeDiscontinuous(t *testing.T) {
	// "one two three four": alice marks "one … three" as one discontinuous
	// claim, bob marks "one two three". Token "two" is coded claim by bob only.
	d := doc("d", "one two three four")
	in := DocInput{Doc: d, Layers: map[string][]*annotate.Span{
		"alice": {sp("a", "d", "claim", "alice", 0, 3, 8, 13)},
		"bob":   {sp("b", "d", "claim", "bob", 0, 13)},
	}}
	rep, err := Compute(context.Background(), []string{"alice", "bob"}, feed(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	a := []string{"claim", "O", "claim", "O"}
	b := []string{"claim", "claim", "claim", "O"}
	want := codingOf(a, b)
	// Each fragment is a unit of its own.
	want.UnitizedAlpha = Unitized(0, 18, [][]Unit{{{"claim", 0, 3}, {"claim", 8, 5}}, {{"claim", 0, 13}}}).Alpha
	want.F1Exact, want.F1Overlap = ptr(0), ptr(1)
	checkMeasures(t, "document", rep.Documents[0].Measures, want)
}

func TestComputeErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name       string
		ctx        context.Context
		annotators []string
		docs       func(func(DocInput) error) error
		want       error
	}{
		{"one annotator", context.Background(), []string{"alice"}, feed(), ErrAnnotators},
		{"twice", context.Background(), []string{"alice", "alice"}, feed(), ErrAnnotators},
		{"source fails", context.Background(), []string{"a", "b"}, func(func(DocInput) error) error { return boom }, boom},
		{"cancelled", cancelled, []string{"a", "b"}, feed(handInputs...), context.Canceled},
		{"no document", context.Background(), []string{"a", "b"}, feed(DocInput{}), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Compute(tc.ctx, tc.annotators, tc.docs, nil)
			if err == nil {
				t.Fatalf("got report %v, want an error", rep)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestComputeCancelMidway(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	yielded := 0
	docs := func(yield func(DocInput) error) error {
		for i := 0; ; i++ {
			if i == 5 {
				cancel()
			}
			if err := yield(handInputs[i%len(handInputs)]); err != nil {
				return err
			}
			yielded++
		}
	}
	_, err := Compute(ctx, []string{"alice", "bob"}, docs, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if yielded != 5 {
		t.Errorf("yield accepted %d documents, want 5", yielded)
	}
}

func TestComputeEmpty(t *testing.T) {
	rep, err := Compute(context.Background(), []string{"a", "b"}, feed(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkMeasures(t, "overall", rep.Overall, Measures{})
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"annotators":["a","b"],"overall":{"cohen_kappa":null,"fleiss_kappa":null,"krippendorff_alpha":null,"unitized_alpha":null,"f1_exact":null,"f1_overlap":null,"link_f1":null},"labels":{},"documents":[]}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestReportJSON(t *testing.T) {
	rep, err := Compute(context.Background(), []string{"alice", "bob"}, feed(handInputs...), handThreads)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Annotators []string                  `json:"annotators"`
		Overall    map[string]any            `json:"overall"`
		Labels     map[string]map[string]any `json:"labels"`
		Documents  []map[string]any          `json:"documents"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) string {
		var ks []string
		for _, c := range append([]string{"id", "title"}, columns...) {
			if _, ok := m[c]; ok {
				ks = append(ks, c)
			}
		}
		return strings.Join(ks, ",")
	}
	measureKeys := strings.Join(columns, ",")
	if got := keys(back.Overall); got != measureKeys || len(back.Overall) != len(columns) {
		t.Errorf("overall keys: got %v, want %s", back.Overall, measureKeys)
	}
	if got := keys(back.Documents[0]); got != "id,title,"+measureKeys || len(back.Documents[0]) != len(columns)+2 {
		t.Errorf("document keys: got %v, want id,title,%s", back.Documents[0], measureKeys)
	}
	if v, ok := back.Documents[3]["cohen_kappa"]; !ok || v != nil {
		t.Errorf("undefined measure: got %v, want null", v)
	}
	if bytes.Contains(b, []byte("NaN")) || bytes.Contains(b, []byte("Inf")) {
		t.Errorf("JSON holds a non-number: %s", b)
	}
}

func TestWriteTable(t *testing.T) {
	rep, err := Compute(context.Background(), []string{"alice", "bob"}, feed(handInputs...), handThreads)
	if err != nil {
		t.Fatal(err)
	}
	rep.Documents[1].Title = "A\ttitle with a tab and a very long tail that the table must clip"
	var buf bytes.Buffer
	if err := rep.WriteTable(&buf, true); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	tests := []struct {
		name, prefix string
		fields       []string
	}{
		{"annotators", "annotators:", []string{"annotators:", "alice,", "bob"}},
		// κ = 67/106; Fleiss and Krippendorff from the counts in handCodes.
		{"overall", "overall", []string{"overall", "0.632", "0.627", "0.641"}},
		{"label order", "actor", []string{"actor", "1.000", "1.000", "1.000"}},
		{"claim", "claim", []string{"claim"}},
		{"figure", "figure", []string{"figure"}},
		{"worst document", "d4", []string{"d4", "Title", "of", "d4", "0.000", "-0.333", "-0.167"}},
		{"clipped title", "d1", []string{"d1", "A", "title", "with", "a", "tab", "and", "a", "very", "long", "tail…", "0.731"}},
		{"undefined", "d3", []string{"d3", "Title", "of", "d3", "undefined", "undefined", "undefined", "undefined", "undefined", "undefined", "undefined"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, l := range lines {
				if strings.HasPrefix(l, tc.prefix) {
					f := strings.Fields(l)
					if len(f) < len(tc.fields) || strings.Join(f[:len(tc.fields)], " ") != strings.Join(tc.fields, " ") {
						t.Errorf("got %q, want it to start with %q", l, strings.Join(tc.fields, " "))
					}
					return
				}
			}
			t.Errorf("no line starts with %q in\n%s", tc.prefix, buf.String())
		})
	}
	// Label rows follow the default label order: claim, actor, figure.
	idx := func(p string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, p+" ") {
				return i
			}
		}
		return -1
	}
	if !(idx("claim") < idx("actor") && idx("actor") < idx("figure")) {
		t.Errorf("label rows out of order:\n%s", buf.String())
	}
	// Columns line up: every row of the document block has its first measure
	// at the same column as the header.
	h := idx("document")
	col := strings.Index(lines[h], "cohen_kappa") // the header is ASCII
	for _, l := range lines[h+1:] {
		if r := []rune(l); len(r) <= col || !strings.ContainsRune("-0123456789u", r[col]) || r[col-1] != ' ' {
			t.Errorf("row %q: measure not at column %d", l, col)
		}
	}
}

// TestComputeLinksOneSided: links in an article only one of the pair worked
// on are left out of the overall link F1, as they are of that article's row
// and of every span measure. Alice's thread in d2, which bob never opened,
// made the overall link F1 0 (alice 1 link, bob 0) where no article has a
// link F1: an import of a brat corpus with relations into one's own layer
// read as total disagreement with a colleague who had not seen it.
func TestComputeLinksOneSided(t *testing.T) {
	ins := []DocInput{
		{Doc: d1, Layers: map[string][]*annotate.Span{"alice": {aKakar, aTen}, "bob": {bKakar, bTen}}},
		{Doc: d2, Layers: map[string][]*annotate.Span{"alice": {aMinister, sp("a6", "d2", "claim", "alice", 13, 22)}}},
	}
	for _, tc := range []struct {
		name    string
		threads map[string][]*annotate.Thread
		want    *float64
	}{
		{"only alice's link in d2", map[string][]*annotate.Thread{
			"alice": {{ID: "t1", Annotator: "alice", Members: []annotate.Member{{Doc: "d2", Span: "a4"}, {Doc: "d2", Span: "a6"}}}},
		}, undef()},
		{"a shared link in d1 and alice's in d2", map[string][]*annotate.Thread{
			"alice": {
				{ID: "t1", Annotator: "alice", Members: []annotate.Member{{Doc: "d2", Span: "a4"}, {Doc: "d2", Span: "a6"}}},
				{ID: "t2", Annotator: "alice", Members: []annotate.Member{{Doc: "d1", Span: "a1"}, {Doc: "d1", Span: "a3"}}},
			},
			"bob": {{ID: "t3", Annotator: "bob", Members: []annotate.Member{{Doc: "d1", Span: "b1"}, {Doc: "d1", Span: "b3"}}}},
		}, ptr(1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Compute(context.Background(), []string{"alice", "bob"}, feed(ins...), tc.threads)
			if err != nil {
				t.Fatal(err)
			}
			if !same(rep.Overall.LinkF1, tc.want) {
				t.Errorf("overall link F1 %s, want %s", show(rep.Overall.LinkF1), show(tc.want))
			}
			for _, d := range rep.Documents {
				if d.ID == "d2" && d.LinkF1 != nil {
					t.Errorf("d2's link F1 %s, want undefined (bob never worked on it)", show(d.LinkF1))
				}
			}
		})
	}
}
