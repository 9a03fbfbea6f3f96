package formats

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// bySource returns the batch's documents by Source.
func bySource(b *Batch) map[string]*annotate.Document {
	m := map[string]*annotate.Document{}
	for _, d := range b.Docs {
		m[d.Source] = d
	}
	return m
}

// spanAt finds the one span of doc with label over text.
func spanAt(t *testing.T, b *Batch, doc *annotate.Document, label, text string) *annotate.Span {
	t.Helper()
	tx := annotate.NewText(doc.Text)
	var found *annotate.Span
	for _, s := range b.Spans {
		if s.Doc == doc.ID && s.Label == label && tx.Fragments(s.Fragments) == text {
			if found != nil {
				t.Fatalf("two %s spans over %q", label, text)
			}
			found = s
		}
	}
	if found == nil {
		t.Fatalf("no %s span over %q", label, text)
	}
	return found
}

// linksFrom lists "label→tail text" for the links whose head is s.
func linksFrom(b *Batch, s *annotate.Span) []string {
	text := map[string]string{}
	for _, d := range b.Docs {
		tx := annotate.NewText(d.Text)
		for _, x := range b.Spans {
			if x.Doc == d.ID {
				text[x.ID] = x.Label + ":" + tx.Fragments(x.Fragments)
			}
		}
	}
	var out []string
	for _, th := range b.Threads {
		if th.IsLink() && th.Members[0].Span == s.ID {
			out = append(out, th.Members[1].Link+"→"+text[th.Members[1].Span])
		}
	}
	sort.Strings(out)
	return out
}

func TestReadBratFixture(t *testing.T) {
	b, errs := ReadBrat("testdata/brat", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatalf("ReadBrat: %v", errs)
	}
	checkBatch(t, b)
	docs := bySource(b)
	var sources []string
	for s := range docs {
		sources = append(sources, s)
	}
	sort.Strings(sources)
	if got, want := strings.Join(sources, " "), "emoji.txt sub/crlf.txt sub/plain.txt"; got != want {
		t.Fatalf("sources: got %s, want %s", got, want)
	}
	emoji, crlf := docs["emoji.txt"], docs["sub/crlf.txt"]
	for _, d := range b.Docs {
		if d.ID != annotate.DocID(d.Text) {
			t.Errorf("%s: id %s is not DocID of its text", d.Source, d.ID)
		}
	}

	t.Run("discontinuous", func(t *testing.T) {
		s := spanAt(t, b, emoji, "claim", "North America")
		if got, want := fmt.Sprint(s.Fragments), "[{12 17} {28 35}]"; got != want {
			t.Errorf("fragments: got %s, want %s", got, want)
		}
		if got, want := s.Attrs["Negated"], ""; got != want {
			t.Errorf("M3 Negated: got %q, want binary %q", got, want)
		}
		if _, ok := s.Attrs["Negated"]; !ok {
			t.Error("M3 Negated: attribute missing")
		}
	})
	t.Run("emoji offsets are code points", func(t *testing.T) {
		s := spanAt(t, b, emoji, "actor", "Sony")
		if s.Note != "the company, not the 👍" {
			t.Errorf("note: got %q", s.Note)
		}
		k := spanAt(t, b, emoji, "actor", "Anwar ul-Haq Kakar")
		if got, want := k.Start(), utf8.RuneCountInString(emoji.Text[:strings.Index(emoji.Text, "Anwar")]); got != want {
			t.Errorf("start: got %d, want %d", got, want)
		}
		if got, want := fmt.Sprint(k.Norms), "[{Wikipedia 71526016 Anwar ul-Haq Kakar}]"; got != want {
			t.Errorf("norms: got %s, want %s", got, want)
		}
	})
	t.Run("attributes", func(t *testing.T) {
		if got := spanAt(t, b, emoji, "figure", "5%").Attrs["Confidence"]; got != "High" {
			t.Errorf("A2: got %q, want High", got)
		}
		// A4 is on event E1, which is its trigger span in skein.
		if _, ok := spanAt(t, b, emoji, "Denial", "denied").Attrs["Speculative"]; !ok {
			t.Error("A4 on E1: not on the trigger span")
		}
		// #3 is on E1 too.
		if got := spanAt(t, b, emoji, "Denial", "denied").Note; got != "denial of the claim" {
			t.Errorf("#3 on E1: got %q", got)
		}
	})
	t.Run("relations and events", func(t *testing.T) {
		fig := spanAt(t, b, emoji, "figure", "5%")
		if got, want := strings.Join(linksFrom(b, fig), ", "), "supports→claim:North and South America grew 5%"; got != want {
			t.Errorf("R1: got %s, want %s", got, want)
		}
		denial := spanAt(t, b, emoji, "Denial", "denied")
		if got, want := strings.Join(linksFrom(b, denial), ", "), "Agent→actor:Anwar ul-Haq Kakar, Theme→claim:North and South America grew 5%"; got != want {
			t.Errorf("E1: got %s, want %s", got, want)
		}
		call := spanAt(t, b, emoji, "Call", "called")
		if got, want := strings.Join(linksFrom(b, call), ", "), "Agent→Person:Kakar, Cause→Denial:denied, Theme→accusation:“fake”"; got != want {
			t.Errorf("E2 (with an event argument): got %s, want %s", got, want)
		}
		for _, th := range b.Threads {
			if th.IsLink() && th.Members[0].Span == fig.ID && th.Note != "figure backs the claim" {
				t.Errorf("#2 on R1: got %q", th.Note)
			}
		}
	})
	t.Run("equivalence", func(t *testing.T) {
		n := 0
		for _, th := range b.Threads {
			if th.Kind != annotate.KindEquiv {
				continue
			}
			n++
			if len(th.Members) != 2 || th.Members[0].Link != "" || th.Members[1].Link != "Equiv" {
				t.Errorf("equivalence members: got %+v", th.Members)
			}
		}
		if n != 2 {
			t.Errorf("equivalence threads: got %d, want 2", n)
		}
	})
	t.Run("CRLF", func(t *testing.T) {
		s := spanAt(t, b, crlf, "claim", "Prices fell 3%")
		// "Minister Ana Díaz said on Monday:\r\n“" is 35 code points: CR counts.
		if got, want := s.Start(), 36; got != want {
			t.Errorf("start: got %d, want %d", got, want)
		}
	})
	t.Run("notes", func(t *testing.T) {
		all := strings.Join(b.Notes, "\n")
		for _, want := range []string{
			"brat type Person becomes user label Person",
			"annotation.conf defines types no imported document uses, not added as labels: Organization",
			"brat: 1 attribute on relations left out (skein links carry no attributes) (testdata/brat/emoji.ann:18 A5)",
			"brat: 2 events became links",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("notes lack %q; got:\n%s", want, all)
			}
		}
		if strings.Count(all, "becomes user label Person") != 1 {
			t.Errorf("Person reported more than once:\n%s", all)
		}
	})
	for _, s := range b.Spans {
		if s.Annotator != "alice" || s.ID == "" || s.Created == 0 {
			t.Errorf("span %+v: want annotator alice, an id and a time", s)
		}
	}
}

func TestReadBratSingleFile(t *testing.T) {
	for _, name := range []string{"testdata/brat/sub/crlf.ann", "testdata/brat/sub/crlf.txt"} {
		t.Run(name, func(t *testing.T) {
			b, errs := ReadBrat(name, Options{Annotator: "bob"})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if len(b.Docs) != 1 || b.Docs[0].Source != "crlf.txt" || len(b.Spans) != 5 {
				t.Errorf("got %d docs (source %q) and %d spans, want 1 (crlf.txt) and 5", len(b.Docs), b.Docs[0].Source, len(b.Spans))
			}
		})
	}
}

func TestReadBratMissing(t *testing.T) {
	for _, name := range []string{"testdata/brat/none.ann", "testdata/nothing", "testdata/doccano.jsonl"} {
		b, errs := ReadBrat(name, Options{Annotator: "bob"})
		if b != nil || len(errs) != 1 {
			t.Errorf("%s: got %v, %v; want one problem", name, b, errs)
			continue
		}
		if want := name + ": "; !strings.HasPrefix(errs[0].Error(), want) {
			t.Errorf("%s: got %q, want it to start %q", name, errs[0], want)
		}
	}
}

func TestReadBratProblems(t *testing.T) {
	const txt = "Sony said 5% more.\n" // 19 code points
	cases := []struct {
		name, ann string
		line      int
		want      string
		is        error
	}{
		{"past the end", "T1\tactor 0 4\tSony\nT3\tclaim 10 120\tx\n", 2, "T3: offset 120 past the end of the text (19 characters)", annotate.ErrOffsets},
		{"text differs", "T1\tactor 0 4\tSonx\n", 1, `T1: the file quotes "Sonx" but the text at 0–4 is "Sony"`, annotate.ErrMismatch},
		{"unknown argument", "T1\tactor 0 4\tSony\nR2\tsupports Arg1:T1 Arg2:T9\t\n", 2, "R2: Arg2 names unknown annotation T9", ErrUnknownRef},
		{"unknown event argument", "T1\tactor 0 4\tSony\nE1\tactor:T1 Theme:E7\n", 2, "E1: Theme names unknown annotation E7", ErrUnknownRef},
		{"unknown attribute target", "A1\tVerified T4\n", 1, "A1: target names unknown annotation T4", ErrUnknownRef},
		{"not a number", "T1\tactor 0 four\tSony\n", 1, `T1: offset "four" is not a count of characters (digits 0–9 alone)`, ErrSyntax},
		{"reversed", "T1\tactor 4 0\tSony\n", 1, "T1: range 4–0 is empty or reversed", annotate.ErrBadSpan},
		{"duplicate id", "T1\tactor 0 4\tSony\nT1\tactor 0 4\tSony\n", 2, "T1: the id is used twice (first at line 1)", ErrSyntax},
		{"unknown kind", "X1\tfoo\n", 1, `X1: unknown annotation id`, ErrSyntax},
		{"no tab", "T1 actor 0 4 Sony\n", 1, "no tab after the id", ErrSyntax},
		{"no tab before the text", "T1\tactor 0 4 Sony\n", 1, `T1: offsets "0 4 Sony" are not START END: is the tab before the text "Sony" missing?`, ErrSyntax},
		{"no tab before a fragment's text", "T1\tactor 0 2;2 4 Sony\n", 1, `T1: offsets "2 4 Sony" are not START END: is the tab before the text "Sony" missing?`, ErrSyntax},
		{"no tab before a note", "T1\tactor 0 4\tSony\n#1\tAnnotatorNotes T1 a maker\n", 2, `#1: a note is TYPE TARGET, a tab, then the note: is the tab before "a maker" missing?`, ErrSyntax},
		{"relation with one argument", "T1\tactor 0 4\tSony\nR1\tsupports Arg1:T1\n", 2, "R1: a relation has two arguments, this one has 1", ErrSyntax},
		{"not UTF-8", "T1\tactor 0 4\tSony\n#1\tAnnotatorNotes T1\tcaf\xe9\n", 2, "not UTF-8: invalid byte 0xe9 at byte 24 of the line", annotate.ErrNotUTF8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"doc.txt": {Data: []byte(txt)}, "doc.ann": {Data: []byte(c.ann)}}
			b, errs := readBratFS(fsys, []string{"doc.ann", "doc.txt"}, func(p string) string { return p }, Options{Annotator: "a"})
			if b != nil {
				t.Errorf("got a batch, want nil without SkipInvalid")
			}
			if len(errs) != 1 {
				t.Fatalf("got %d problems %v, want 1", len(errs), errs)
			}
			var le *annotate.LineError
			if !errors.As(errs[0], &le) {
				t.Fatalf("got %T, want *annotate.LineError", errs[0])
			}
			if le.File != "doc.ann" || le.Line != c.line {
				t.Errorf("got %s:%d, want doc.ann:%d", le.File, le.Line, c.line)
			}
			if !strings.Contains(le.Err.Error(), c.want) {
				t.Errorf("got %q, want it to contain %q", le.Err, c.want)
			}
			if !errors.Is(errs[0], c.is) {
				t.Errorf("errors.Is(%v) is false", c.is)
			}
		})
	}
}

// TestReadBratBOM reads .ann files saved by an editor that writes a byte
// order mark first, with LF and with CRLF line ends: the mark is not part
// of the first id, and the spans are those of the same file without it.
func TestReadBratBOM(t *testing.T) {
	const txt = "Sony said 5% more.\n"
	const ann = "T1\tactor 0 4\tSony\nT2\tfigure 10 12\t5%\nR1\tsupports Arg1:T2 Arg2:T1\t\n"
	for name, data := range map[string]string{
		"LF":   "\ufeff" + ann,
		"CRLF": "\ufeff" + strings.ReplaceAll(ann, "\n", "\r\n"),
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{"doc.txt": {Data: []byte(txt)}, "doc.ann": {Data: []byte(data)}}
			b, errs := readBratFS(fsys, []string{"doc.ann", "doc.txt"}, func(p string) string { return p }, Options{Annotator: "a"})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			tx := annotate.NewText(txt)
			var got []string
			for _, s := range b.Spans {
				got = append(got, s.Label+" "+tx.Fragments(s.Fragments))
			}
			sort.Strings(got)
			if want := []string{"actor Sony", "figure 5%"}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("spans %q, want %q", got, want)
			}
			if len(b.Threads) != 1 || b.Threads[0].Members[1].Link != "supports" {
				t.Errorf("threads %+v, want the supports relation", b.Threads)
			}
		})
	}
}

func TestReadBratEveryProblemAndSkip(t *testing.T) {
	fsys := fstest.MapFS{
		"good.txt":   {Data: []byte("Sony said 5% more.\n")},
		"good.ann":   {Data: []byte("T1\tactor 0 4\tSony\n")},
		"bad.txt":    {Data: []byte("Sony said 5% more.\n")},
		"bad.ann":    {Data: []byte("T1\tactor 0 40\tSony\nR1\tx Arg1:T1 Arg2:T2\n")},
		"orphan.ann": {Data: []byte("T1\tactor 0 4\tSony\n")},
		"empty.txt":  {Data: []byte("")},
	}
	files := []string{"bad.ann", "bad.txt", "empty.txt", "good.ann", "good.txt", "orphan.ann"}
	show := func(p string) string { return p }
	b, errs := readBratFS(fsys, files, show, Options{Annotator: "a"})
	if b != nil {
		t.Error("got a batch without SkipInvalid")
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		"bad.ann:1: T1: offset 40 past the end of the text (19 characters)",
		"bad.ann:2: R1: Arg1 names unknown annotation T1",
		"bad.ann:2: R1: Arg2 names unknown annotation T2",
		"empty.txt: text: empty",
		"orphan.ann: no orphan.txt beside it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\ngot  %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	b, errs = readBratFS(fsys, files, show, Options{Annotator: "a", SkipInvalid: true})
	if b == nil || len(errs) != len(want) {
		t.Fatalf("with SkipInvalid: got batch %v and %d problems, want a batch and %d", b != nil, len(errs), len(want))
	}
	if len(b.Docs) != 1 || b.Docs[0].Source != "good.txt" || len(b.Spans) != 1 {
		t.Errorf("with SkipInvalid: got %d docs, %d spans, want good.txt alone with 1 span", len(b.Docs), len(b.Spans))
	}
}

// annSet reads a .ann as a set of comparable facts, independent of IDs:
// T (type, offsets, text), R (type, both ends), A (name, target, value), N,
// # and * — applying the mapping ReadBrat documents: an event is a relation
// from its trigger to each argument, and A, N and # on an event are on its
// trigger. Attributes and normalizations on relations are dropped (skein
// reports them left out).
func annSet(t *testing.T, ann string) map[string]bool {
	t.Helper()
	type line struct {
		id   string
		mid  []string
		text string
	}
	var lines []line
	key := map[string]string{} // T or E id → "type@offsets" of the span
	for _, l := range strings.Split(strings.ReplaceAll(ann, "\r\n", "\n"), "\n") {
		if l == "" {
			continue
		}
		f := strings.SplitN(l, "\t", 3)
		for len(f) < 3 {
			f = append(f, "")
		}
		lines = append(lines, line{f[0], strings.Fields(f[1]), f[2]})
		if f[0][0] == 'T' {
			typ, offs, _ := strings.Cut(f[1], " ")
			key[f[0]] = typ + "@" + offs
		}
	}
	ref := func(a string) string { return strings.SplitN(a, ":", 2)[1] }
	for _, l := range lines {
		if l.id[0] == 'E' {
			key[l.id] = key[ref(l.mid[0])]
		}
	}
	rel := map[string]string{}
	for _, l := range lines {
		if l.id[0] == 'R' {
			a1, a2 := l.mid[1], l.mid[2]
			if strings.HasPrefix(a1, "Arg2") {
				a1, a2 = a2, a1
			}
			rel[l.id] = "R " + l.mid[0] + " " + key[ref(a1)] + " " + key[ref(a2)]
		}
	}
	set := map[string]bool{}
	for _, l := range lines {
		m := l.mid
		switch l.id[0] {
		case 'T':
			set["T "+key[l.id]+" "+l.text] = true
		case 'R':
			set[rel[l.id]] = true
		case 'E':
			for _, a := range m[1:] {
				set["R "+strings.SplitN(a, ":", 2)[0]+" "+key[l.id]+" "+key[ref(a)]] = true
			}
		case 'A', 'M':
			if _, isRel := rel[m[1]]; isRel {
				continue
			}
			v := ""
			if len(m) == 3 {
				v = m[2]
			}
			set["A "+m[0]+" "+key[m[1]]+" "+v] = true
		case 'N':
			set["N "+key[m[1]]+" "+m[2]+" "+l.text] = true
		case '#':
			target := key[m[1]]
			if r, isRel := rel[m[1]]; isRel {
				target = r
			}
			set["# "+target+" "+l.text] = true
		case '*':
			var ks []string
			for _, id := range m[1:] {
				ks = append(ks, key[id])
			}
			set["* "+m[0]+" "+strings.Join(ks, " ")] = true
		}
	}
	return set
}

func diffSets(a, b map[string]bool) (onlyA, onlyB []string) {
	for k := range a {
		if !b[k] {
			onlyA = append(onlyA, k)
		}
	}
	for k := range b {
		if !a[k] {
			onlyB = append(onlyB, k)
		}
	}
	sort.Strings(onlyA)
	sort.Strings(onlyB)
	return
}

// exportBatch writes a batch through an exporter as the store would: each
// document with its spans and in-document threads, then the threads across
// documents.
func exportBatch(t testing.TB, ex Exporter, b *Batch) []string {
	t.Helper()
	spans := map[string]*annotate.Span{}
	byDoc := map[string][]*annotate.Span{}
	for _, s := range b.Spans {
		spans[s.ID] = s
		byDoc[s.Doc] = append(byDoc[s.Doc], s)
	}
	linksOf := map[string][]*annotate.Thread{}
	var cross []*annotate.Thread
	for _, th := range b.Threads {
		if docs := th.Docs(); len(docs) == 1 {
			linksOf[docs[0]] = append(linksOf[docs[0]], th)
		} else {
			cross = append(cross, th)
		}
	}
	marksOf := map[string][]*annotate.Mark{}
	for _, m := range b.Marks {
		marksOf[m.Doc] = append(marksOf[m.Doc], m)
	}
	for _, d := range b.Docs {
		var err error
		if mw, ok := ex.(MarkWriter); ok {
			err = mw.WriteDocMarks(d, byDoc[d.ID], linksOf[d.ID], marksOf[d.ID])
		} else {
			err = ex.WriteDoc(d, byDoc[d.ID], linksOf[d.ID])
		}
		if err != nil {
			t.Fatalf("WriteDoc %s: %v", d.Source, err)
		}
	}
	for _, th := range cross {
		m := map[string]*annotate.Span{}
		for _, mem := range th.Members {
			m[mem.Span] = spans[mem.Span]
		}
		if err := ex.WriteThread(th, m); err != nil {
			t.Fatal(err)
		}
	}
	left, err := ex.Close()
	if err != nil {
		t.Fatalf("Close: %v", err)
	}
	return left
}

func TestBratRoundTrip(t *testing.T) {
	b, errs := ReadBrat("testdata/brat", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter("brat", nil, out)
	if err != nil {
		t.Fatal(err)
	}
	exportBatch(t, ex, b)
	for _, name := range []string{"emoji", "sub/crlf", "sub/plain"} {
		t.Run(name, func(t *testing.T) {
			txtIn, _ := os.ReadFile(filepath.Join("testdata/brat", name+".txt"))
			txtOut, err := os.ReadFile(filepath.Join(out, name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			if string(txtIn) != string(txtOut) {
				t.Errorf(".txt changed")
			}
			annIn, _ := os.ReadFile(filepath.Join("testdata/brat", name+".ann"))
			annOut, err := os.ReadFile(filepath.Join(out, name+".ann"))
			if err != nil {
				t.Fatal(err)
			}
			want, got := annSet(t, string(annIn)), annSet(t, string(annOut))
			if lost, added := diffSets(want, got); len(lost) > 0 || len(added) > 0 {
				t.Errorf("round trip:\nlost  %s\nadded %s", strings.Join(lost, "\n      "), strings.Join(added, "\n      "))
			}
		})
	}
	// And back again: the export reads as the same batch.
	b2, errs := ReadBrat(out, Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(b2.Docs) != len(b.Docs) || len(b2.Spans) != len(b.Spans) || len(b2.Threads) != len(b.Threads) {
		t.Errorf("re-import: got %d docs %d spans %d threads, want %d %d %d", len(b2.Docs), len(b2.Spans), len(b2.Threads), len(b.Docs), len(b.Spans), len(b.Threads))
	}
	conf, err := os.ReadFile(filepath.Join(out, "annotation.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nclaim\n", "\nDenial\n", "<OVERLAP>", "supports\tArg1:<ENTITY>, Arg2:<ENTITY>", "Equiv\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive", "Confidence\tArg:<ENTITY>, Value:High", "Verified\tArg:<ENTITY>\n"} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("annotation.conf lacks %q:\n%s", want, conf)
		}
	}
	vis, _ := os.ReadFile(filepath.Join(out, "visual.conf"))
	if !strings.Contains(string(vis), "claim\tbgColor:#f2c14e") {
		t.Errorf("visual.conf lacks claim's colour:\n%s", vis)
	}
}
