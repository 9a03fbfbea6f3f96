package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/cli"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/reviewpanel"
	"github.com/skein-news/skein/app/textview"
	"github.com/skein-news/skein/seeds"
	"github.com/skein-news/skein/store"
)

// reviewSpan is one crafted span: an annotator's label on a word of a
// document.
type reviewSpan struct {
	doc       *annotate.Document
	annotator string
	label     string
	words     string
}

// reviewLayers are bob's and carol's layers. On docKakar: one agreement,
// one boundary conflict, one label conflict and one one-sided span, in text
// order; on docTaliban a one-sided span and a label conflict; on docBorder
// only an agreement.
var reviewLayers = []reviewSpan{
	{docKakar, "bob", annotate.Actor, "PM Kakar"},
	{docKakar, "carol", annotate.Actor, "PM Kakar"},
	{docKakar, "bob", annotate.Claim, "linked the surge in attacks"},
	{docKakar, "carol", annotate.Claim, "linked the surge"},
	{docKakar, "bob", annotate.Actor, "the TTP"},
	{docKakar, "carol", annotate.Accusation, "the TTP"},
	{docKakar, "bob", annotate.Figure, "60%"},
	{docTaliban, "carol", annotate.Claim, "denied any responsibility"},
	{docTaliban, "bob", annotate.Actor, "Pakistan"},
	{docTaliban, "carol", annotate.Claim, "Pakistan"},
	{docBorder, "bob", annotate.Actor, "Torkham"},
	{docBorder, "carol", annotate.Actor, "Torkham"},
}

// reviewStore opens a real store in a temporary directory holding the test
// documents and reviewLayers, written in one batch as an import does. It
// returns the store's directory too.
func reviewStore(t testing.TB) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	return reviewStoreAt(t, dir), dir
}

// reviewStoreAt is reviewStore in dir.
func reviewStoreAt(t testing.TB, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &store.Batch{Docs: testDocs()}
	for _, s := range reviewLayers {
		b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: s.doc.ID, Label: s.label, Annotator: s.annotator,
			Fragments: []annotate.Fragment{frag(t, s.doc, s.words)}})
	}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return st
}

// startReview opens a window on a store with reviewLayers, for alice, and
// starts reviewing bob and carol on docKakar.
func startReview(t *testing.T) (*Window, *store.Store, string) {
	t.Helper()
	st, dir := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	if err := w.StartReview("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	return w, st, dir
}

// current describes the item under review as "kind words".
func current(t testing.TB, w *Window) string {
	t.Helper()
	it := w.rev.Session().Item()
	if it == nil {
		return "none"
	}
	s := w.rev.Session().Picked()
	f := s.Fragments[0]
	return fmt.Sprintf("%s %s", it.Kind, w.text.Slice(f.Start, f.End))
}

// itemAt moves review to the item whose first span covers words.
func itemAt(t testing.TB, w *Window, words string) {
	t.Helper()
	want := frag(t, w.doc, words)
	for i, it := range w.rev.Session().Items() {
		if it.Start == want.Start {
			w.rev.Session().Goto(i, "")
			return
		}
	}
	t.Fatalf("no review item at %q", words)
}

func TestReviewStylesByKind(t *testing.T) {
	w, _, _ := startReview(t)
	if got, want := w.Reviewing(), []string{"bob", "carol"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Reviewing() = %v, want %v", got, want)
	}
	// style describes how the spans over words are drawn.
	style := func(words string) string {
		f := frag(t, docKakar, words)
		var out []string
		for _, h := range w.rev.Session().Highlights() {
			if h.Fragments[0] == f {
				out = append(out, fmt.Sprintf("%s:%d/%v", h.Annotator, h.Style, h.Outline))
			}
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		words, kind, want string
	}{
		{"PM Kakar", "agreement", fmt.Sprintf("bob:%d/false", textview.StyleNormal)},
		{"the TTP", "label conflict", fmt.Sprintf("bob:%d/true carol:%d/true", textview.StyleNormal, textview.StyleNormal)},
		{"linked the surge in attacks", "boundary conflict", fmt.Sprintf("bob:%d/false", textview.StyleStriped)},
		{"linked the surge", "boundary conflict", fmt.Sprintf("carol:%d/false", textview.StyleStriped)},
		{"60%", "one-sided", fmt.Sprintf("bob:%d/false", textview.StyleDim)},
	} {
		t.Run(tc.kind+"/"+tc.words, func(t *testing.T) {
			if got := style(tc.words); got != tc.want {
				t.Errorf("drawn as %q, want %q", got, tc.want)
			}
			itemAt(t, w, tc.words)
			if got := w.rev.Session().Item().Kind.String(); got != tc.kind {
				t.Errorf("kind %q, want %q", got, tc.kind)
			}
		})
	}
	if n := len(w.rev.Session().Items()); n != 4 {
		t.Errorf("%d items, want 4", n)
	}
	if !w.rev.Panel().Visible() || w.rev.SpansShown() || !w.rev.LegendShown() {
		t.Errorf("review panel shown %v, span list shown %v, legend shown %v; want true, false, true",
			w.rev.Panel().Visible(), w.rev.SpansShown(), w.rev.LegendShown())
	}
	if got := w.rev.Panel().Length(); got != 4 {
		t.Errorf("review list has %d rows, want 4", got)
	}
	w.StopReview()
	if w.rev.Active() || w.rev.Panel().Visible() || !w.rev.SpansShown() || len(w.others) != 0 {
		t.Errorf("after StopReview: review %v, panel shown %v, others %v", w.rev.Session(), w.rev.Panel().Visible(), w.others)
	}
}

func TestReviewNextPreviousAcrossArticles(t *testing.T) {
	w, _, _ := startReview(t)
	// Starting lands on the first open disagreement.
	steps := []struct {
		key  fyne.KeyName
		doc  *annotate.Document
		want string
	}{
		{"", docKakar, "boundary conflict linked the surge in attacks"},
		{fyne.KeyN, docKakar, "label conflict the TTP"},
		{fyne.KeyN, docKakar, "one-sided 60%"},
		{fyne.KeyN, docTaliban, "one-sided denied any responsibility"},
		{fyne.KeyN, docTaliban, "label conflict Pakistan"},
		{fyne.KeyN, docTaliban, "label conflict Pakistan"}, // docBorder has none, and says so
		{fyne.KeyP, docTaliban, "one-sided denied any responsibility"},
		{fyne.KeyP, docKakar, "one-sided 60%"},
		{fyne.KeyP, docKakar, "label conflict the TTP"},
	}
	for i, s := range steps {
		if s.key != "" {
			press(w, s.key)
			settle(w)
		}
		if w.doc.ID != s.doc.ID {
			t.Fatalf("step %d (%s): article %q, want %q", i, s.key, w.doc.Title, s.doc.Title)
		}
		if got := current(t, w); got != s.want {
			t.Fatalf("step %d (%s): under review %q, want %q", i, s.key, got, s.want)
		}
		if i == 5 && !strings.Contains(w.status.Text, "No open disagreements after") {
			t.Errorf("past the last disagreement the status says %q", w.status.Text)
		}
	}
}

// decisions returns the stored decisions on doc as "reviewer verdict
// annotator label", and the curated spans as "label words".
func decisions(t testing.TB, st *store.Store, d *annotate.Document) (decs, curated []string) {
	t.Helper()
	ds, err := st.Decisions(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur := spansOf(t, st, d, annotate.CuratedLayer)
	byID := map[string]*annotate.Span{}
	for _, s := range cur {
		byID[s.ID] = s
		f := s.Fragments[0]
		curated = append(curated, s.Label+" "+annotate.NewText(d.Text).Slice(f.Start, f.End))
	}
	for _, x := range ds {
		s, err := st.Span(x.Span)
		if err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprintf("%s %s %s %s", x.Reviewer, x.Verdict, s.Annotator, s.Label)
		if x.Curated != "" && byID[x.Curated] == nil {
			line += " (curated span missing)"
		}
		decs = append(decs, line)
	}
	return decs, curated
}

func TestReviewDecisionsUndoRedo(t *testing.T) {
	for _, tc := range []struct {
		name     string
		words    string
		do       func(t *testing.T, w *Window)
		decs     []string
		curated  []string
		progress string
	}{
		{
			name: "accept carol's label", words: "the TTP",
			do:   func(t *testing.T, w *Window) { press(w, fyne.Key2); press(w, fyne.KeyA) },
			decs: []string{"alice accept carol accusation"}, curated: []string{"accusation the TTP"},
			progress: "1 of 3 disagreements resolved",
		},
		{
			name: "accept the first annotator's by default", words: "linked the surge in attacks",
			do:   func(t *testing.T, w *Window) { press(w, fyne.KeyA) },
			decs: []string{"alice accept bob claim"}, curated: []string{"claim linked the surge in attacks"},
			progress: "1 of 3 disagreements resolved",
		},
		{
			name: "reject a one-sided span", words: "60%",
			do:   func(t *testing.T, w *Window) { press(w, fyne.KeyR) },
			decs: []string{"alice reject bob figure"}, curated: nil,
			progress: "1 of 3 disagreements resolved",
		},
		{
			name: "edit a boundary", words: "linked the surge in attacks",
			do: func(t *testing.T, w *Window) {
				press(w, fyne.KeyE)
				if got, want := w.view.Selection(), []annotate.Fragment{frag(t, docKakar, "linked the surge in attacks")}; fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("E selected %v, want %v", got, want)
				}
				selectWords(t, w, frag(t, docKakar, "the surge in attacks"))
				press(w, fyne.Key1)
			},
			decs: []string{"alice edit bob claim"}, curated: []string{"claim the surge in attacks"},
			progress: "1 of 3 disagreements resolved",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, st, _ := startReview(t)
			itemAt(t, w, tc.words)
			tc.do(t, w)
			settle(w)
			check := func(when string, decs, curated []string, progress string) {
				t.Helper()
				gd, gc := decisions(t, st, docKakar)
				if fmt.Sprint(gd) != fmt.Sprint(decs) || fmt.Sprint(gc) != fmt.Sprint(curated) {
					t.Errorf("%s: decisions %q, curated %q; want %q, %q", when, gd, gc, decs, curated)
				}
				if !strings.Contains(w.meta.Text(), progress) {
					t.Errorf("%s: header %q, want it to say %q", when, w.meta.Text(), progress)
				}
				if got, want := w.rev.Progress(docKakar.ID), strings.Replace(progress, " disagreements", "", 1); got != want {
					t.Errorf("%s: document row says %q, want %q", when, got, want)
				}
			}
			check("after", tc.decs, tc.curated, tc.progress)
			if s := w.rev.Session().State(w.rev.Session().Cur()); !s.Settled {
				t.Errorf("the item is not settled: %+v", s)
			}
			w.undo()
			settle(w)
			check("after undo", nil, nil, "0 of 3 disagreements resolved")
			w.redo()
			settle(w)
			check("after redo", tc.decs, tc.curated, tc.progress)
			if got := w.rev.Progress(docTaliban.ID); got != "0 of 2 resolved" {
				t.Errorf("the next article's row says %q, want %q", got, "0 of 2 resolved")
			}
		})
	}
}

func TestReviewRedecideReplacesCurated(t *testing.T) {
	w, st, _ := startReview(t)
	itemAt(t, w, "the TTP")
	press(w, fyne.KeyA) // bob's actor
	press(w, fyne.Key2)
	press(w, fyne.KeyA) // carol's accusation instead
	settle(w)
	gd, gc := decisions(t, st, docKakar)
	if want := []string{"accusation the TTP"}; fmt.Sprint(gc) != fmt.Sprint(want) {
		t.Errorf("curated %q, want %q", gc, want)
	}
	if len(gd) != 2 {
		t.Errorf("decisions %q, want bob's accept and carol's accept", gd)
	}
	press(w, fyne.KeyR)
	settle(w)
	gd, gc = decisions(t, st, docKakar)
	if want := []string{"alice reject bob actor", "alice reject carol accusation"}; len(gc) != 0 || !sameSet(gd, want) {
		t.Errorf("after R: decisions %q, curated %q; want %q and none", gd, gc, want)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestReviewClickPicksSpan(t *testing.T) {
	w, _, _ := startReview(t)
	var carol string
	for _, h := range w.rev.Session().Highlights() {
		if h.Annotator == "carol" && h.Label == annotate.Accusation {
			carol = h.ID
		}
	}
	w.spanSelectedInText(carol)
	if got := current(t, w); got != "label conflict the TTP" || w.rev.Session().Picked().Annotator != "carol" {
		t.Errorf("after clicking carol's span: %q picked %s, want the label conflict with carol's", got, w.rev.Session().Picked().Annotator)
	}
}

// TestReviewReportEqualsCLI computes the report with `skein agree -json` and
// in the window on the same store, and compares every cell. The store holds
// the seed articles, which neither bob nor carol opened: they must count in
// neither.
func TestReviewReportEqualsCLI(t *testing.T) {
	// The command line adds the seed articles to a store it opens the first
	// time; let it do that first, so both measure the same corpus.
	dir := t.TempDir()
	skein := func(args ...string) []byte {
		t.Helper()
		var out, errs bytes.Buffer
		code := cli.Main(append([]string{"-store", dir, "-user", "alice"}, args...),
			cli.Env{Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }})
		if code != 0 {
			t.Fatalf("skein %v: exit %d: %s", args, code, errs.String())
		}
		return out.Bytes()
	}
	skein("list")
	// The command needs the store to itself: write the layers, close the
	// store, ask skein agree, then open it again for the window.
	if err := reviewStoreAt(t, dir).Close(); err != nil {
		t.Fatal(err)
	}
	want := new(agree.Report)
	if err := json.Unmarshal(skein("agree", "-a", "bob", "-b", "carol", "-json"), want); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w, rv := showReport(t, st, "bob", "carol")
	// The status line says over how many articles the figures are: the
	// three bob and carol annotated, not the eight of the corpus (it said
	// "over 8 articles", five of them undefined in the table), and counts
	// the five none of them worked on apart, as the command's table ends
	// with them (it said "measured on 3 of 8 articles", which the report
	// never measured).
	if want := "Agreement between bob, carol: measured on 3 articles; 5 articles none of them worked on left out."; w.status.Text != want {
		t.Errorf("status %q, want %q", w.status.Text, want)
	}
	if want.Unworked != 5 || len(want.Documents) != 3 {
		t.Errorf("skein agree: %d rows, %d unworked; want 3 and 5", len(want.Documents), want.Unworked)
	}
	// The report's own caption says so too: the window stays open after
	// the status line has moved on (it named the annotators and the order
	// alone, so five articles left out went unsaid there).
	if want := "Annotators: bob, carol  ·  worst articles first  ·  5 articles none of them worked on left out  ·  click an article to open it"; rv.note.Text != want {
		t.Errorf("report's caption %q, want %q", rv.note.Text, want)
	}
	table := func(rows []reportRow) string {
		v := &reportView{rows: rows}
		var b strings.Builder
		for r := 0; r <= len(rows); r++ {
			for c := 0; c <= len(reportColumns); c++ {
				b.WriteString(v.text(r, c) + "\t")
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	got := table(rv.rows)
	// A report read from JSON does not say who worked where: every row.
	if w := table(rowsOf(reportRows(want, true))); got != w {
		t.Errorf("window's table:\n%s\nCompute's:\n%s", got, w)
	}
	// The overall and label rows are those of the three articles bob and
	// carol annotated, as if the seeds were not there.
	annotated, err := agree.Compute(context.Background(), []string{"bob", "carol"}, func(yield func(agree.DocInput) error) error {
		for _, d := range testDocs() {
			in := agree.DocInput{Doc: d, Layers: map[string][]*annotate.Span{}}
			for _, n := range []string{"bob", "carol"} {
				if spans := spansOf(t, st, d, n); len(spans) > 0 {
					in.Layers[n] = spans
				}
			}
			if err := yield(in); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, w := table(rv.rows[:5]), table(rowsOf(reportRows(annotated, false))[:5]); got != w {
		t.Errorf("the window's overall and label rows:\n%s\nthose of the annotated articles alone:\n%s", got, w)
	}
	// The seeds, which neither annotated, are no rows: they were rows of
	// "undefined" before.
	if n, want := len(rv.rows), 1+4+3; n != want { // overall, 4 labels, the documents annotated
		t.Errorf("%d table rows, want %d:\n%s", n, want, got)
	}
	// A document row opens its article.
	var row int
	for i, r := range rv.rows {
		if r.doc == docTaliban.ID {
			row = i + 1
		}
	}
	rv.table.OnSelected(widget.TableCellID{Row: row, Col: 0})
	settle(w)
	if w.doc.ID != docTaliban.ID {
		t.Errorf("clicking %q's row opened %q", docTaliban.Title, w.doc.Title)
	}

	// The command line on the same store, closed by the window first.
	w.shutdown()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	var fromCLI agree.Report
	if err := json.Unmarshal(skein("agree", "-a", "bob", "-b", "carol", "-json"), &fromCLI); err != nil {
		t.Fatalf("skein agree -json: %v", err)
	}
	if c := table(rowsOf(reportRows(&fromCLI, true))); got != c {
		t.Errorf("window's table:\n%s\nskein agree -json's:\n%s", got, c)
	}
}

// showReport opens a window on st, for alice, and computes the agreement
// report of the annotators named.
func showReport(t *testing.T, st *store.Store, names ...string) (*Window, *reportView) {
	t.Helper()
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	w.ComputeReport(names)
	settle(w)
	if w.agreeReport == nil {
		t.Fatalf("no report shown; status %q", w.status.Text)
	}
	return w, w.agreeReport
}

// rowsOf is reportRows' rows alone.
func rowsOf(rows []reportRow, _, _ int) []reportRow { return rows }

// bigReview opens review of bob and carol on an article of a seed
// article's text repeated to 300 KB, with 2,500 spans in each of two
// layers: half the pairs agree, the others differ in label or boundary.
func bigReview(b *testing.B) *Window {
	docs, err := seeds.Documents()
	if err != nil {
		b.Fatal(err)
	}
	var text []byte
	for len(text) < 300_000 {
		for _, d := range docs {
			text = append(text, d.Text...)
			text = append(text, "\n\n"...)
		}
	}
	d := &annotate.Document{ID: annotate.DocID(string(text)), Title: "Long", Date: "2020-01-01", Text: string(text)}
	st := newFakeStore(d)
	toks := annotate.Tokens(annotate.NewText(d.Text))
	for i := 0; i < 2500; i++ {
		t := toks[(i*9)%len(toks)]
		f := annotate.Fragment{Start: t.Start, End: t.End}
		bob := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.Claim, Annotator: "bob", Fragments: []annotate.Fragment{f}}
		carol := bob.Clone()
		carol.ID, carol.Annotator = annotate.NewID(), "carol"
		switch i % 4 {
		case 1:
			carol.Label = annotate.Actor
		case 3:
			carol.Fragments = []annotate.Fragment{{Start: f.Start, End: toks[(i*9+1)%len(toks)].End}}
		}
		st.spans[bob.ID], st.spans[carol.ID] = bob, carol
	}
	w := openWindow(b, test.NewTempApp(b), st, Options{})
	w.win.Resize(fyne.NewSize(1320, 840))
	if err := w.StartReview("bob", "carol"); err != nil {
		b.Fatal(err)
	}
	settle(w)
	if w.rev.Session().Total() < 1000 {
		b.Fatalf("%d disagreements, want over 1,000", w.rev.Session().Total())
	}
	return w
}

// BenchmarkReviewNext is one press of N within that article.
func BenchmarkReviewNext(b *testing.B) {
	w := bigReview(b)
	last := w.rev.Session().NextOpen(len(w.rev.Session().Items()), -1)
	b.ResetTimer()
	for range b.N {
		if w.rev.Session().Cur() == last {
			b.StopTimer()
			w.rev.Session().Goto(-1, "")
			b.StartTimer()
		}
		press(w, fyne.KeyN)
	}
	b.StopTimer()
	if w.rev.Session().Item() == nil || !w.rev.Session().Item().Disagreement() {
		b.Fatal("N did not land on a disagreement")
	}
}

// BenchmarkReviewAccept: A on a disagreement of that article, to the
// review column and highlights drawn again, then its undo (each op is
// both): the column's rows are measured again at each.
func BenchmarkReviewAccept(b *testing.B) {
	w := bigReview(b)
	r := w.rev.Session()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		r.Goto(r.NextOpen(-1, 1), "")
		b.StartTimer()
		press(w, fyne.KeyA)
		settle(w)
		w.undo()
		settle(w)
	}
}

func seedDocs(t testing.TB) []*annotate.Document {
	t.Helper()
	docs, err := seeds.Documents()
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestReviewHeadReadsAsEnglish checks the review column's head on docKakar,
// which has three disagreements and one agreement: "1 agreements" read
// wrong on every article with one.
func TestReviewHeadReadsAsEnglish(t *testing.T) {
	w, _, _ := startReview(t)
	if got, want := w.rev.Panel().Head(), "Review  ·  3 disagreements, 1 agreement"; got != want {
		t.Errorf("review head = %q, want %q", got, want)
	}
	if got, want := w.rev.Head(), "0 of 3 disagreements resolved"; got != want {
		t.Errorf("article head = %q, want %q", got, want)
	}
}

// The Review menu's "Accept the agreed spans of this article" does for the
// open article what `skein curate` does for the corpus, undoably.
func TestReviewAcceptAgreedSpans(t *testing.T) {
	w, st, _ := startReview(t)
	item := menuItem(t, w, "Review", "Accept the agreed spans of this article")
	if item.Disabled {
		t.Fatal("the item is disabled while reviewing")
	}
	item.Action()
	settle(w)
	wantDecs := []string{"alice accept bob actor", "alice accept carol actor"}
	wantCurated := []string{"actor PM Kakar"}
	check := func(when string, decs, curated []string) {
		t.Helper()
		gd, gc := decisions(t, st, docKakar)
		if fmt.Sprint(gd) != fmt.Sprint(decs) || fmt.Sprint(gc) != fmt.Sprint(curated) {
			t.Errorf("%s: decisions %q, curated %q; want %q, %q", when, gd, gc, decs, curated)
		}
	}
	check("after", wantDecs, wantCurated)
	if !strings.Contains(w.status.Text, "Accepted 1 agreed span") || !strings.Contains(w.meta.Text(), "0 of 3 disagreements resolved") {
		t.Errorf("status %q, header %q", w.status.Text, w.meta.Text())
	}
	item.Action() // nothing left to accept
	settle(w)
	check("again", wantDecs, wantCurated)
	if !strings.Contains(w.status.Text, "already") {
		t.Errorf("a second time the status says %q", w.status.Text)
	}
	w.undo()
	settle(w)
	check("after undo", nil, nil)
	w.redo()
	settle(w)
	check("after redo", wantDecs, wantCurated)

	w.StopReview()
	if !item.Disabled {
		t.Error("the item is enabled outside review")
	}
}

// The review column's counts stay readable at the width the column had in
// a new user's window (255 of 1200): after "Review" on one line they were
// cut, "Review · 8 disagreements, 6 agr…", saying nothing of how many agree.
func TestReviewHeadKeepsItsCounts(t *testing.T) {
	w, _, _ := startReview(t)
	p := w.rev.Panel()
	p.Resize(fyne.NewSize(255, p.Size().Height))
	got := strings.Join(frametest.Drawn(p), "|")
	if !strings.Contains(got, "|Review") || !strings.Contains(got, "3 disagreements, 1 agreement") {
		t.Errorf("the review column's heading is not read whole at %.0f wide; drawn: %q", p.Size().Width, got)
	}
}

// With one annotator's work in the store, Start review and the Agreement
// report say why they cannot start and what brings a colleague's work:
// the team folder, or an import.
func TestReviewWithOneAnnotatorSaysWhatToDo(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{Agree: func(context.Context, []string) (*agree.Report, []string, error) {
		t.Error("agreement measured with one annotator")
		return nil, nil, nil
	}})
	open(t, w, docKakar)
	addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks"))
	for _, start := range []func(){w.showStartReview, w.showAgreementReport} {
		w.setStatus("")
		start()
		if got := w.status.Text; !strings.Contains(got, "Only alice's work is in this store") || !strings.Contains(got, "File ▸ Team ▸ Folder…") || w.win.Canvas().Overlays().Top() != nil {
			t.Errorf("status %q, dialog %v; want why and how, and no picker", got, w.win.Canvas().Overlays().Top())
		}
	}
}

// startLongNamesReview opens a window on a store of the review layers
// under long names, as a university's addresses are, and starts review of
// the two.
func startLongNamesReview(t *testing.T) (w *Window, anna, bilal string) {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	anna, bilal = "anna.lena.hoffmann@uni-heidelberg.de", "muhammad.bilal.khan@lums.edu.pk"
	rename := map[string]string{"bob": anna, "carol": bilal}
	b := &store.Batch{Docs: testDocs()}
	for _, s := range reviewLayers {
		b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: s.doc.ID, Label: s.label, Annotator: rename[s.annotator],
			Fragments: []annotate.Fragment{frag(t, s.doc, s.words)}})
	}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	w = openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	if err := w.StartReview(anna, bilal); err != nil {
		t.Fatal(err)
	}
	settle(w)
	return w, anna, bilal
}

// In a 1200×700 window, whose review column has its least width as the
// tabs have outside review, each review row reads whole where an
// annotator's name and label together are wider than the column: the label goes on to
// the line under the name. On one line they were cut,
// "muhammad.bilal.khan@lums.edu.pk accusa…".
func TestReviewRowsReadWholeWithLongNames(t *testing.T) {
	w, anna, bilal := startLongNamesReview(t)
	w.win.Resize(fyne.NewSize(1200, 700))
	w.win.Content().Refresh()
	p := w.rev.Panel()
	if width := p.Size().Width; width > tabsMinWidth {
		t.Fatalf("the review column is %v wide in a 1200-wide window, want the narrow column a new user has (%v)", width, tabsMinWidth)
	}
	drawn := frametest.Drawn(p)
	names := 0
	for _, s := range drawn {
		if strings.Contains(s, "…") {
			t.Errorf("at %v wide a row draws %q cut; drawn: %q", p.Size().Width, s, drawn)
		}
		if s == anna || s == bilal {
			names++
		}
	}
	labels := 0
	for _, s := range drawn {
		switch strings.TrimSuffix(s, " ·") {
		case "claim", "actor", "figure", "accusation":
			labels++
		}
	}
	if names == 0 || labels < names {
		t.Errorf("the rows draw %d names whole and %d labels, want each name and its label whole: %q", names, labels, drawn)
	}
}

// Each item's description in review — both annotators' labels and
// places, and the keys that settle it — is read whole. In a 1024×700
// window the status line shows it on as many lines as it needs. At the
// smallest window it is one line, cut with an ellipsis, and a click on it
// shows it whole: a description never raises the window's minimum size
// (it grew 550 → 600 px, and the real window with it). A message that fits
// keeps one line.
func TestReviewStatusReadsWholeAtTheSmallestWindow(t *testing.T) {
	w, anna, bilal := startLongNamesReview(t)
	oneLine := w.status.MinSize().Height
	cut := 0
	for i := 0; i < 3; i++ {
		msg := w.status.Text
		if !strings.Contains(msg, anna) && !strings.Contains(msg, bilal) {
			t.Fatalf("item %d: the status line says %q, not the item", i, msg)
		}
		for name, size := range map[string]fyne.Size{"smallest": {}, "1024×700": fyne.NewSize(1024, 700)} {
			if statusReadWhole(t, w, name, size, msg) {
				cut++
			}
		}
		press(w, fyne.KeyN)
		settle(w)
	}
	if cut == 0 {
		t.Error("no description was cut at the smallest window: the test shows nothing")
	}
	w.StopReview()
	w.status.SetText("Review stopped.")
	resizeTo(w, fyne.Size{})
	if got := w.status.Size().Height; got != oneLine {
		t.Errorf("after review the status line is %v high, want one line, %v", got, oneLine)
	}
}

// Review's smallest window is as narrow as the window's outside review
// (655 px under X, 647 on the test driver), as the README says: the
// legend of its highlight styles asked for its five kinds on one line, and
// made it 765 (756) wide. The legend goes on to further lines instead, each
// kind whole, and the window stays within the README's 655×520.
func TestReviewWindowAsSmallAsOutsideReview(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	outside := w.win.Content().MinSize()
	w, _, _ = startLongNamesReview(t)
	resizeTo(w, fyne.Size{})
	in := w.win.Content().MinSize()
	if in.Width > outside.Width || in.Height > 520 {
		t.Errorf("the smallest review window is %v, outside review %v: want it no wider, and no higher than 520", in, outside)
	}
	drawn := strings.Join(frametest.Drawn(w.win.Content()), "\n")
	for _, k := range []string{"agreement", "label conflict", "boundary conflict", "one-sided"} {
		if !strings.Contains(drawn, k) {
			t.Errorf("at the smallest review window the legend does not draw %q whole: %q", k, drawn)
		}
	}
}

// At review's least window (655×371 under X) the article's column had 164
// px, two words a line, and the legend of review's highlights five lines
// of kinds beside a review list of 323 px. The list now gives the article
// what it can spare (reviewMinWidth), so the article is 247 px wide and
// the legend's kinds take three lines; the window's least width is the
// same as before (its least height 25 px less, 655×346), and where the
// window has the room (1200×700) the list is as wide as the tabs' column
// outside review. Stopped, the columns are as before review.
func TestReviewSharesTheWidthAtTheLeastSize(t *testing.T) {
	w, anna, bilal := startLongNamesReview(t)
	w.StopReview()
	resizeTo(w, fyne.Size{})
	settle(w)
	outside := w.article.Size().Width // within its column's padding
	if err := w.StartReview(anna, bilal); err != nil {
		t.Fatal(err)
	}
	resizeTo(w, fyne.Size{})
	settle(w)
	least := w.win.Content().MinSize()
	article, list := w.article.Size().Width, w.rev.Panel().Size().Width
	// The list's column pads it by a few pixels, as the article's does.
	if gain := float32(tabsMinWidth-reviewMinWidth) - 2; article < outside+gain || list < reviewMinWidth-4 {
		t.Errorf("at review's least window (%v) the article is %v wide beside a list of %v, want %v (%v outside review) and about %v", least, article, list, outside+gain, outside, reviewMinWidth)
	}
	var ys []float32
	var kinds []string
	for _, k := range []agree.Kind{agree.Agreement, agree.LabelConflict, agree.BoundaryConflict, agree.Conflict, agree.OneSided} {
		kinds = append(kinds, k.String())
	}
	for _, c := range objectsIn[*parts.Caption](w.article) {
		y := fyne.CurrentApp().Driver().AbsolutePositionForObject(c).Y
		if slices.Contains(kinds, c.Text()) && !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	if len(ys) == 0 || len(ys) > 3 {
		t.Errorf("at review's least window the legend's kinds take %d lines, want 1 to 3", len(ys))
	}
	// Review's keys read whole under them: on one line, cut, they read
	// "N/P next/previous disagreement · A accept…".
	var keys []string
	for _, c := range objectsIn[*parts.Caption](w.article) {
		if c.Text() != "" && strings.Contains(reviewpanel.Keys, c.Text()) && !slices.Contains(kinds, c.Text()) {
			keys = append(keys, c.Shown())
		}
	}
	if got := strings.Join(keys, " "); got != reviewpanel.Keys {
		t.Errorf("at review's least window (%v) the legend's keys read %q, want %q", least, got, reviewpanel.Keys)
	}
	resizeTo(w, fyne.NewSize(1200, 700))
	settle(w)
	if got := w.rev.Panel().Size().Width; got < tabsMinWidth {
		t.Errorf("at 1200×700 the review list is %v wide, want the tabs' %v as outside review", got, float32(tabsMinWidth))
	}
	w.StopReview()
	resizeTo(w, fyne.Size{})
	settle(w)
	if got := w.win.Content().MinSize(); got.Width != least.Width {
		t.Errorf("the least window is %v wide outside review, %v in review: want the same", got.Width, least.Width)
	}
	if got := w.article.Size().Width; got != outside {
		t.Errorf("review stopped, the article at the least window is %v wide, want %v as before review", got, outside)
	}
}

// resizeTo resizes the window to size, or to its smallest where size is
// zero, laid out again as the real window is when a minimum changes.
func resizeTo(w *Window, size fyne.Size) {
	if size.IsZero() {
		size = w.win.Content().MinSize()
	}
	w.win.Resize(size)
	w.win.Content().Refresh()
}

// statusReadWhole checks that msg, on the status bar, is read whole in the
// window at size (zero: its smallest, named name): on the status bar on as
// many lines as it needs, within the window, or, where the window has not
// the room, on one line cut short whose click shows the whole of it in a
// dialog. Either way the window's minimum size is the one it has with a
// short message. It reports whether msg was cut; at a size given, it must
// not be.
func statusReadWhole(t *testing.T, w *Window, name string, size fyne.Size, msg string) (cut bool) {
	t.Helper()
	resizeTo(w, size)
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	minimum := w.win.Content().MinSize()
	cut = w.status.Cut()
	if cut {
		if !size.IsZero() {
			t.Errorf("%s: the status line cuts %q short", name, msg)
		}
		if got, want := w.status.Size().Height, w.status.MinSize().Height; got != want {
			t.Errorf("%s: the status line cut short is %v high, want one line, %v", name, got, want)
		}
		test.Tap(w.status)
		top := w.win.Canvas().Overlays().Top()
		if top == nil || !strings.Contains(words(strings.Join(frametest.Drawn(top), " ")), words(msg)) {
			t.Errorf("%s: a click on the status line cut short shows %v, want a dialog with the whole of %q", name, top, msg)
		}
		if !frame.EscapeDialog(w.win.Canvas()) {
			t.Errorf("%s: Escape does not close the status dialog", name)
		}
	} else {
		lines := frametest.Lines(w.status)
		if words(strings.Join(lines, " ")) != words(msg) {
			t.Errorf("%s: the status line draws %q, want the whole of %q", name, lines, msg)
		}
		if cut := frametest.CutWord(msg, lines); cut != "" {
			t.Errorf("%s: the status bar cuts a word: %q", name, cut)
		}
		line := test.WidgetRenderer(w.status).Objects()[0]
		if got, need := w.status.Size().Height, line.MinSize().Height; got < need {
			t.Errorf("%s: the status line is %v high, its lines need %v", name, got, need)
		}
	}
	if bottom := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.status).Y + w.status.Size().Height; bottom > w.win.Canvas().Size().Height+0.5 {
		t.Errorf("%s: the status line reaches %v, below the window's %v", name, bottom, w.win.Canvas().Size().Height)
	}
	was := w.status.Text
	w.status.SetText("Short.")
	if short := w.win.Content().MinSize(); short != minimum {
		t.Errorf("%s: the window's minimum is %v with %q on the status bar, %v with a short message", name, minimum, msg, short)
	}
	w.status.SetWhole(was)
	return cut
}

// TestAgreementStatusCounts checks the status line's counts where some of
// the report's rows are undefined, some articles only one of them worked
// on and some no one's: the rows are counted as the report has them, the
// others apart, as skein agree's table counts them.
func TestAgreementStatusCounts(t *testing.T) {
	one := 0.5
	def := agree.Measures{F1Exact: &one}
	type doc struct {
		m      agree.Measures
		worked int
	}
	for _, tc := range []struct {
		docs     []doc
		unworked int
		want     string
	}{
		{[]doc{{def, 2}, {def, 2}}, 0, "Agreement between a, b: measured on 2 articles."},
		{[]doc{{def, 2}}, 1, "Agreement between a, b: measured on 1 article; 1 article none of them worked on left out."},
		{[]doc{{def, 2}, {agree.Measures{}, 2}, {def, 2}}, 1200, "Agreement between a, b: measured on 2 of 3 articles (undefined in the others: nothing to compare); 1,200 articles none of them worked on left out."},
		{[]doc{{def, 2}, {agree.Measures{}, 1}, {agree.Measures{}, 1}}, 5, "Agreement between a, b: measured on 1 article; 2 articles only one of them worked on left out; 5 articles none of them worked on left out."},
	} {
		rep := &agree.Report{Unworked: tc.unworked}
		for _, d := range tc.docs {
			rep.Documents = append(rep.Documents, agree.DocReport{Measures: d.m, Worked: d.worked})
		}
		if got := agreementStatus([]string{"a", "b"}, rep, nil); got != tc.want {
			t.Errorf("got %q\nwant %q", got, tc.want)
		}
	}
}

// TestReportLeavesOutOneSidedRows: bob annotated the three articles, dave
// two of them. The window's report listed the Kakar article, bob's alone,
// and the labels used only there, as rows of "undefined" where `skein
// agree` counts them; it now counts them in its caption, as
// the command does, and its check box lists them, as -all does.
func TestReportLeavesOutOneSidedRows(t *testing.T) {
	st, _ := reviewStore(t)
	b := &store.Batch{}
	for _, s := range []reviewSpan{
		{docTaliban, "dave", "Person", "Pakistan"},
		{docBorder, "dave", annotate.Actor, "Torkham"},
	} {
		b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: s.doc.ID, Label: s.label, Annotator: s.annotator,
			Fragments: []annotate.Fragment{frag(t, s.doc, s.words)}})
	}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	w, rv := showReport(t, st, "bob", "dave")
	if want := "Agreement between bob, dave: measured on 2 articles; 1 article only one of them worked on left out."; w.status.Text != want {
		t.Errorf("status %q, want %q", w.status.Text, want)
	}
	names := func() []string {
		var out []string
		for _, r := range rv.rows {
			out = append(out, r.name)
		}
		return out
	}
	// Kakar is bob's alone: no row. Person is used on Taliban, which both
	// worked on, so it has measures and its row.
	got := names()
	if slices.Contains(got, docKakar.Title) {
		t.Errorf("rows %q: want no row for %q, which only bob worked on", got, docKakar.Title)
	}
	if !slices.Contains(got, docBorder.Title) || !slices.Contains(got, docTaliban.Title) {
		t.Errorf("rows %q: want the articles both worked on", got)
	}
	for _, r := range rv.rows {
		if r.m.Undefined() {
			t.Errorf("row %q reads undefined in every column", r.name)
		}
	}
	// claim and figure are bob's on Kakar alone: undefined, counted.
	if slices.Contains(got, "label: claim") || slices.Contains(got, "label: figure") {
		t.Errorf("rows %q: want no row for claim and figure, used only on Kakar", got)
	}
	if want := "1 article only one of them worked on and 2 labels used only there left out"; !strings.Contains(rv.note.Text, want) {
		t.Errorf("caption %q, want it to say %q", rv.note.Text, want)
	}
	if rv.all.Hidden || rv.all.Checked {
		t.Fatalf("the check box that lists them: hidden %v, checked %v", rv.all.Hidden, rv.all.Checked)
	}
	test.Tap(rv.all)
	settle(w)
	if got := names(); !slices.Contains(got, docKakar.Title) || !slices.Contains(got, "label: claim") {
		t.Errorf("ticked, rows %q: want %q and claim listed", got, docKakar.Title)
	}
	if strings.Contains(rv.note.Text, "only one of them") {
		t.Errorf("ticked, caption %q still says rows are left out", rv.note.Text)
	}
}
