package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// fakeSource is a corpus in memory.
type fakeSource struct {
	docs    []*annotate.Document // in ID order
	spans   map[string][]*annotate.Span
	threads map[string][]*annotate.Thread
	done    map[[2]string]bool
}

func (f *fakeSource) ScanRecords(ctx context.Context, fn func(string, []byte) error) error {
	for _, d := range f.docs {
		if err := fn(d.ID, AppendRecord(nil, d.Date, d.Text)); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) Spans(doc string) ([]*annotate.Span, error) {
	return append([]*annotate.Span(nil), f.spans[doc]...), nil
}

func (f *fakeSource) ThreadsOfDoc(doc string) ([]*annotate.Thread, error) { return f.threads[doc], nil }

func (f *fakeSource) Done(doc, annotator string) (bool, error) {
	return f.done[[2]string{doc, annotator}], nil
}

func (f *fakeSource) DocsWith(byLabel bool, name string) (map[string]bool, error) {
	out := map[string]bool{}
	for doc, spans := range f.spans {
		for _, s := range spans {
			if byLabel && s.Label == name || !byLabel && s.Annotator == name {
				out[doc] = true
			}
		}
	}
	return out, nil
}

func (f *fakeSource) Document(id string) (*annotate.Document, error) {
	for _, d := range f.docs {
		if d.ID == id {
			return d, nil
		}
	}
	return nil, fmt.Errorf("no document %s", id)
}

// Pieces of text the generator strings together: case, accents written
// precomposed and as combining marks, punctuation inside and around words,
// figures, Urdu with its letter variants and Arabic with harakat.
var pieces = []string{
	"the", "The", "THE", "of", "and", "in", "Taliban", "taliban", "Tehrik-e Taliban Pakistan (TTP)",
	"Tehrik-e-Taliban", "Pakistan", "Pakistan's", "Taliban’s", "PAKISTAN’S", "Kakar's's", "taliban'ss", "Café", "cafe", "CAFÉ", "cafe\u0301", "résumé", "Kakar",
	"U.S.", "U.S", "us", "3,000", "3", "000", "60%", "60", "don't", "“Taliban”", "—", "Kakar’s",
	"پاکستانی", "پاكستاني", "طالبان", "كَتَبَ", "کتب", "ہے", "هے", "AT&T", "$5", "naïve", "NAIVE",
	"Straße", "İstanbul", "istanbul", "e.g.", "3.5", "a_b", "x-ray", "\u200cفارسی",
}

var seps = []string{" ", " ", " ", ", ", ". ", "\n\n", " — ", "-", " (", ") ", ": ", "; ", "“", "” "}

func genCorpus(r *rand.Rand, n int) *fakeSource {
	f := &fakeSource{spans: map[string][]*annotate.Span{}, threads: map[string][]*annotate.Thread{}, done: map[[2]string]bool{}}
	labels := []string{"actor", "claim", "figure"}
	annots := []string{"bilal", "sara"}
	for i := 0; i < n; i++ {
		var b strings.Builder
		for w := 0; w < 20+r.IntN(60); w++ {
			b.WriteString(pieces[r.IntN(len(pieces))])
			b.WriteString(seps[r.IntN(len(seps))])
		}
		text := b.String()
		date := ""
		if r.IntN(5) > 0 {
			date = fmt.Sprintf("20%02d-%02d-%02d", 22+r.IntN(3), 1+r.IntN(12), 1+r.IntN(28))
		}
		d := &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprint(i), Date: date, Text: text}
		f.docs = append(f.docs, d)
		toks := annotate.Tokens(annotate.NewText(text))
		for k := 0; k < r.IntN(6); k++ {
			a := toks[r.IntN(len(toks))]
			z := toks[min(len(toks)-1, a.End/1+r.IntN(3))%len(toks)]
			if z.End < a.End {
				z = a
			}
			sp := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: labels[r.IntN(3)], Annotator: annots[r.IntN(2)],
				Fragments: []annotate.Fragment{{Start: a.Start, End: z.End}}}
			if r.IntN(3) == 0 {
				sp.Note = "Checked by the DESK, café"
			}
			f.spans[d.ID] = append(f.spans[d.ID], sp)
			if r.IntN(3) == 0 {
				f.threads[d.ID] = append(f.threads[d.ID], &annotate.Thread{ID: annotate.NewID(), Annotator: sp.Annotator,
					Members: []annotate.Member{{Doc: d.ID, Span: sp.ID}}})
			}
		}
		annotate.SortSpans(f.spans[d.ID])
		if r.IntN(3) == 0 {
			f.done[[2]string{d.ID, "bilal"}] = true
		}
		if r.IntN(3) == 0 {
			f.done[[2]string{d.ID, "me"}] = true
		}
	}
	sort.Slice(f.docs, func(i, j int) bool { return f.docs[i].ID < f.docs[j].ID })
	return f
}

// brute finds the query's matches the slow, obvious way: every word of the
// folded text compared, every regex match mapped back rune by rune.
func brute(f *fakeSource, q *Query, user string) []Hits {
	var out []Hits
	for _, d := range f.docs {
		if !q.DateIn(d.Date) {
			continue
		}
		who := user
		if len(q.Annotators) > 0 {
			who = q.Annotators[0]
		}
		if q.Done != 0 && f.done[[2]string{d.ID, who}] != (q.Done > 0) {
			continue
		}
		// origOf[i] is the original code point of folded rune i.
		var folded []rune
		var origOf []int
		var dropped []bool
		cp := 0
		for _, r := range d.Text {
			fr := FoldRune(r)
			dropped = append(dropped, fr < 0)
			if fr >= 0 {
				folded = append(folded, fr)
				origOf = append(origOf, cp)
			}
			cp++
		}
		origEnd := func(i int) int { // end offset after folded rune i-1
			o := origOf[i-1] + 1
			for o < len(dropped) && dropped[o] {
				o++
			}
			return o
		}
		ft := annotate.NewText(string(folded))
		toks := annotate.Tokens(ft)
		var ms []Match
		all := true
		for _, t := range q.Terms {
			n := len(ms)
			if t.Re != nil {
				s := string(folded)
				for _, loc := range t.Re.FindAllStringIndex(s, -1) {
					if loc[1] > loc[0] {
						a, b := utf8.RuneCountInString(s[:loc[0]]), utf8.RuneCountInString(s[:loc[1]])
						ms = append(ms, Match{origOf[a], origEnd(b)})
					}
				}
			} else {
				for i := 0; i+len(t.Words) <= len(toks); i++ {
					ok, end := true, toks[i+len(t.Words)-1].End
					for j, w := range t.Words {
						tok := ft.Slice(toks[i+j].Start, toks[i+j].End)
						if j == len(t.Words)-1 && tok == string(w)+"'s" { // a possessive: "Kakar’s" for kakar
							end -= 2
						} else if tok != string(w) {
							ok = false
							break
						}
					}
					if ok {
						ms = append(ms, Match{origOf[toks[i].Start], origEnd(end)})
						if len(t.Words) > 1 {
							i += len(t.Words) - 1
						}
					}
				}
			}
			if len(ms) == n {
				all = false
			}
		}
		if !all {
			continue
		}
		sortMatches(ms)
		if q.SpanFilters() || len(q.Terms) == 0 {
			inThread := map[string]bool{}
			for _, th := range f.threads[d.ID] {
				for _, m := range th.Members {
					inThread[m.Span] = true
				}
			}
			var spans []*annotate.Span
			for _, s := range f.spans[d.ID] {
				if spanPasses(s, q, inThread) {
					spans = append(spans, s)
				}
			}
			if len(q.Terms) == 0 {
				seen := map[Match]bool{}
				ms = nil
				for _, s := range spans {
					m := Match{s.Start(), s.End()}
					if !seen[m] {
						seen[m] = true
						ms = append(ms, m)
					}
				}
				sortMatches(ms)
			} else {
				var kept []Match
				for _, m := range ms {
					for _, s := range spans {
						if s.Start() <= m.Start && m.End <= s.End() {
							kept = append(kept, m)
							break
						}
					}
				}
				ms = kept
			}
		}
		if len(ms) > 0 {
			out = append(out, Hits{Doc: d.ID, Matches: ms})
		}
	}
	return out
}

var queries = []string{
	"taliban", "Taliban", "TALIBAN", "the", "of the", "cafe", "café", "CAFE\u0301", "resume", "naive",
	`"tehrik-e taliban pakistan"`, "Tehrik-e", `"pakistan (ttp)"`, "pakistan's", "pakistan", "u.s.", "u.s", "us",
	"3,000", "3", "000", "60%", "60", "don't", "kakar", "kakar's", "kakar's's", "the pakistan", "\"tehrik-e taliban\" kakar", "پاکستانی", "پاكستاني", "كتب", "کَتَب", "ہے", "هے",
	"at&t", "$5", "5", "straße", "istanbul", "e.g", "3.5", "a_b", "x-ray", "ray", "فارسی",
	`"the taliban"`, "taliban pakistan", `"of the" cafe`,
	"/talib[a-z]+/", "/caf./", "/\\d+,\\d+/", "/(the|of) taliban/", "/PAK\\w*/", "/[A-Z]{3}/", "/پاک/", "/ی/",
	"label:actor", "label:claim taliban", "annotator:bilal", "annotator:sara label:figure the",
	"note:desk", "note:CAFE", `note:"by the desk"`, "in:thread", "in:thread taliban",
	"done:yes", "done:no the", "annotator:bilal done:yes", "date:2023", "date:2022-03..2023-06 taliban",
	"date:..2022-12", "date:2024-01.. kakar", "date:2023-05-01..2023-05-31",
}

func TestRunEqualsBruteForce(t *testing.T) {
	f := genCorpus(rand.New(rand.NewPCG(1, 2)), 400)
	for _, qs := range queries {
		t.Run(qs, func(t *testing.T) {
			q, err := Parse(qs)
			if err != nil {
				t.Fatal(err)
			}
			var got []Hits
			if err := Run(context.Background(), f, q, "me", func(h Hits) error {
				got = append(got, h)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			want := brute(f, q, "me")
			if len(want) == 0 {
				t.Fatalf("the corpus has no match for %q: the test proves nothing", qs)
			}
			if !reflect.DeepEqual(got, want) {
				for i := range want {
					if i >= len(got) || !reflect.DeepEqual(got[i], want[i]) {
						var g Hits
						if i < len(got) {
							g = got[i]
						}
						d, _ := f.Document(want[i].Doc)
						t.Fatalf("article %d (%s):\n got %v\nwant %v\ntext %q", i, want[i].Doc, g, want[i], d.Text)
					}
				}
				t.Fatalf("got %d articles, want %d", len(got), len(want))
			}
		})
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Café", "cafe"}, {"cafe\u0301", "cafe"}, {"ÅNGSTRÖM", "angstrom"},
		{"ی", "ي"}, {"ک", "ك"}, {"ہ", "ه"}, {"كَتَبَ", "كتب"}, {"أحمد", "احمد"}, {"ـطـ", "ط"},
		{"Straße", "straße"}, {"\u200cx", "x"},
	} {
		if got := FoldString(c.in); got != c.want {
			t.Errorf("FoldString(%q): got %q, want %q", c.in, got, c.want)
		}
	}
	f := Fold("ab\u0301c\u0301\u0301d")
	for _, c := range []struct {
		cp   int
		end  bool
		want int
	}{{0, false, 0}, {1, false, 1}, {2, false, 3}, {3, false, 6}, {2, true, 3}, {3, true, 6}, {4, true, 7}} {
		if got := f.Orig(c.cp, c.end); got != c.want {
			t.Errorf("Orig(%d, %v): got %d, want %d", c.cp, c.end, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ q, want string }{
		{"", "nothing to search for"},
		{`"taliban`, "no closing quote"},
		{"/tali", "no closing /"},
		{"/(/", "missing closing )"},
		{"/a*/", "matches empty text"},
		{"in:article", "the only value is in:thread"},
		{"done:maybe", "done:yes or done:no"},
		{"date:2024-13x", "YYYY-MM"},
		{"date:2024-13", "2024-13 is no date of the calendar"},
		{"date:2024-02-30..2024-03", "2024-02-30 is no date of the calendar"},
		{"date:2023-00..", "2023-00 is no date"},
		{"date:2024..2023", "ends before it starts"},
		{"label:", "needs a value"},
		{"—", "holds no word"},
		{"x date:2023 date:2024", "date: is given twice"},
		{"x date:.. date:2024", "date: is given twice"},
		{"x done:yes done:no", "done: is given twice"},
	} {
		_, err := Parse(c.q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q): got %v, want an error saying %q", c.q, err, c.want)
		}
	}
}

// TestRunStops: a caller that stops after a page gets the first articles in
// order, and Run returns no error.
func TestRunStops(t *testing.T) {
	f := genCorpus(rand.New(rand.NewPCG(3, 4)), 3000)
	q, _ := Parse("the")
	want := brute(f, q, "")
	for _, page := range []int{1, 7, 700} {
		var got []Hits
		err := Run(context.Background(), f, q, "", func(h Hits) error {
			got = append(got, h)
			if len(got) == page {
				return Stop
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want[:page]) {
			t.Errorf("page of %d: got %d articles, not the first %d", page, len(got), page)
		}
	}
	boom := fmt.Errorf("boom")
	if err := Run(context.Background(), f, q, "", func(Hits) error { return boom }); err != boom {
		t.Errorf("an error from fn: got %v, want it back", err)
	}
}

func TestFind(t *testing.T) {
	q, _ := Parse(`taliban "tehrik-e taliban" /ttp/`)
	got := Find(q, "Tehrik-e Taliban Pakistan (TTP): the taliban.")
	want := []Match{{0, 16}, {9, 16}, {27, 30}, {37, 44}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestPossessive: a word finds its possessive, the 's left out of the
// match ("kakar" finds "Kakar’s" as "Kakar"), which UAX #29 makes one
// word; nothing else inside a word is found.
func TestPossessive(t *testing.T) {
	text := "PM Kakar’s call. The Taliban's denial, don't. Talibanisation; Kakar’ss. KAKAR’S"
	for _, c := range []struct {
		q    string
		want []Match
	}{
		{"kakar", []Match{{3, 8}, {72, 77}}},
		{"kakar's", []Match{{3, 10}, {72, 79}}},
		{"taliban", []Match{{21, 28}}},
		{`"the taliban"`, []Match{{17, 28}}},
		{"s", nil},
		{"don", nil},
		{"kakar’ss", []Match{{62, 70}}},
	} {
		q, err := Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := Find(q, text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.q, got, c.want)
		}
	}
}

// TestFoldWords: the fold of eight ASCII bytes at a time gives what folding
// rune by rune gives, for every ASCII byte at every position, around
// letters that fold to other lengths or drop, and a record decoded by a
// reused Decoder is that of a fresh one.
func TestFoldWords(t *testing.T) {
	byRune := func(text string) ([]byte, []int, bool) {
		var b []byte
		var drops []int
		ascii := true
		for cp, r := range []rune(text) {
			fr := FoldRune(r)
			if fr < 0 {
				drops = append(drops, cp)
				continue
			}
			b = utf8.AppendRune(b, fr)
			ascii = ascii && fr < utf8.RuneSelf
		}
		return b, drops, ascii
	}
	pieces := []string{"A", "Z", "a", "z", "@", "[", "`", "{", "\x00", "\x7f", "\x1b", "’", "É", "é", "e\u0301", "ـ", "ی", "Ⱥ", "İ", "𝐀", "ß"}
	for c := 0; c < 128; c++ {
		pieces = append(pieces, string(rune(c)))
	}
	r := rand.New(rand.NewPCG(13, 13))
	var dec Decoder
	for i := 0; i < 3000; i++ {
		var sb strings.Builder
		for n := r.IntN(40); n > 0; n-- {
			if r.IntN(3) == 0 {
				sb.WriteString(pieces[r.IntN(21)])
			} else {
				sb.WriteString(pieces[21+r.IntN(128)])
			}
		}
		text := sb.String()
		wantText, wantDrops, wantASCII := byRune(text)
		gotText, gotDrops, gotASCII, valid := appendFold(nil, nil, []byte(text))
		if !bytes.Equal(gotText, wantText) || !slices.Equal(gotDrops, wantDrops) || gotASCII != wantASCII || !valid {
			t.Fatalf("fold of %q: got %q %v %v, want %q %v %v", text, gotText, gotDrops, gotASCII, wantText, wantDrops, wantASCII)
		}
		rec, err := dec.Decode(AppendRecord(nil, "2024-01-02", text))
		if err != nil || !bytes.Equal(rec.Text, wantText) || !slices.Equal(rec.Drops, wantDrops) || rec.ASCII != wantASCII || rec.Date != "2024-01-02" {
			t.Fatalf("decoded record of %q: got %+v, %v", text, rec, err)
		}
	}
	for _, bad := range [][]byte{nil, {1, 0, 0}, {recordVersion, 9, 'x'}, AppendRecord(nil, "", "\xff"), AppendRecord(nil, "", "Kabul and Peshawar \xe2\x80")} {
		if _, err := dec.Decode(bad); !errors.Is(err, ErrDamaged) {
			t.Errorf("Decode(%q): got %v, want ErrDamaged", bad, err)
		}
	}
}

// BenchmarkDecode folds a news-like article of about 2 KB as a search does
// for every article it reads (SetBytes: MB/s of text folded).
func BenchmarkDecode(b *testing.B) {
	words := strings.Fields("The minister said that attacks in the province rose sharply after Pakistan’s caretaker prime minister Kakar — Taliban TTP Islamabad")
	r := rand.New(rand.NewPCG(1, 1))
	var sb strings.Builder
	for sb.Len() < 2000 {
		sb.WriteString(words[r.IntN(len(words))])
		sb.WriteByte(' ')
	}
	rec := AppendRecord(nil, "2024-01-02", sb.String())
	b.SetBytes(int64(sb.Len()))
	b.ReportAllocs()
	var dec Decoder
	for i := 0; i < b.N; i++ {
		if _, err := dec.Decode(rec); err != nil {
			b.Fatal(err)
		}
	}
}

// oneDoc is one article and no spans, for LabelAll.
type oneDoc struct{ d *annotate.Document }

func (o oneDoc) Document(string) (*annotate.Document, error)         { return o.d, nil }
func (o oneDoc) LayerSpans(string, string) ([]*annotate.Span, error) { return nil, nil }

// TestLabelAllLeavesThePossessiveOut: label-all labels what the search
// found — "Kakar" of "Kakar’s" — while a match inside a word still widens
// to the whole word, as a drag does.
func TestLabelAllLeavesThePossessiveOut(t *testing.T) {
	text := "PM Kakar’s call; Kakar's aides; the Talibanisation of Kabul."
	d := &annotate.Document{ID: annotate.DocID(text), Text: text}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"kakar", []string{"Kakar", "Kakar"}},
		{"kakar's", []string{"Kakar’s", "Kakar's"}},
		{"/taliban/", []string{"Talibanisation"}},
	} {
		q, err := Parse(c.q)
		if err != nil {
			t.Fatal(err)
		}
		ch, _, err := LabelAll(oneDoc{d}, "me", "actor", []Hits{{Doc: d.ID, Matches: Find(q, text)}})
		if err != nil || ch == nil {
			t.Fatalf("%s: %v %v", c.q, ch, err)
		}
		var got []string
		tx := annotate.NewText(text)
		for _, e := range ch.Spans {
			f := e.After.Fragments[0]
			got = append(got, tx.Slice(f.Start, f.End))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s labels %q, want %q", c.q, got, c.want)
		}
	}
}

// TestExcerptCutAtAWordReadsNaturally: the … of a cut excerpt stands
// against the word it cuts to, with no space between, whatever white space
// the cut fell on (a paragraph's break showed "… Anwar", two spaces
// "said …"); a cut inside a word drops the part word; a cut at a word's
// edge keeps the word whole.
func TestExcerptCutAtAWordReadsNaturally(t *testing.T) {
	for _, tc := range []struct {
		name, text, match string
		left, right       int
		before, after     string
	}{
		// "Anwar" is 14 code points after the break: the cut, 16 before
		// it, falls on the break's first line end.
		{"a paragraph's break before", "Security was tight.\n\nThe ministers Anwar met.", "Anwar", 16, 40, "…The ministers ", " met."},
		{"two spaces before", "Security was tight.  The ministers Anwar met.", "Anwar", 16, 40, "…The ministers ", " met."},
		{"a paragraph's break after", "Anwar said it.\n\nThen more words came here", "Anwar", 0, 11, "", " said it.…"},
		{"a cut inside a word", "the caretaker prime minister Anwar said", "Anwar", 18, 40, "…prime minister ", " said"},
		{"a cut at a word's edge", "the caretaker prime minister Anwar said", "Anwar", 15, 40, "…prime minister ", " said"},
		{"a cut at a word's edge after", "Anwar said it and more", "Anwar", 0, 8, "", " said it…"},
		{"a cut inside a word after", "Anwar said it and more", "Anwar", 0, 10, "", " said it…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx := annotate.NewText(tc.text)
			i := len([]rune(tc.text[:strings.Index(tc.text, tc.match)]))
			m := Match{Start: i, End: i + len([]rune(tc.match))}
			before, text, after := ExcerptParts(tx, m, tc.left, tc.right)
			if before != tc.before || text != tc.match || after != tc.after {
				t.Errorf("got %q %q %q, want %q %q %q", before, text, after, tc.before, tc.match, tc.after)
			}
		})
	}
}
