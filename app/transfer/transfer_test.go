package transfer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// snapshot is everything an import can change, as text, so "unchanged"
// is a comparison of two strings.
func snapshot(t *testing.T, st *store.Store) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := Export(context.Background(), st, &b, ExportOptions{Threads: true}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestImportRefusesBadInputAndChangesNothing(t *testing.T) {
	good := "Kakar said the TTP operates from Afghanistan.\n"
	gid := annotate.DocID(good)
	tests := []struct {
		name  string
		file  string
		data  []byte
		wants []string // every one must appear in the error
	}{
		{"not utf-8", "latin.txt", []byte("caf\xe9 au lait"), []string{"latin.txt", "not UTF-8", "at byte 3"}},
		{"not utf-8 on line 3", "latin3.txt", []byte("one\ntwo\ncaf\xe9\n"), []string{"latin3.txt:3: not UTF-8", "at byte 3 of the line, column 4 (byte 11 of the file)"}},
		{"binary on line 2", "nul.txt", []byte("text\nmore\x00\n"), []string{"nul.txt:2:", "binary"}},
		{"empty", "empty.txt", []byte{}, []string{"empty.txt", "empty"}},
		{"only space", "blank.txt", []byte(" \n\t\n"), []string{"blank.txt", "empty"}},
		{"binary", "image.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00"), []string{"image.txt", "binary"}},
		{"too large", "huge.txt", bytes.Repeat([]byte("a"), annotate.MaxDocumentBytes+1), []string{"huge.txt", "larger than 10 MB"}},
		{"jsonl does not parse", "bad.jsonl", []byte(`{"title":"x","text":` + quote(good) + `,"spans":[]}` + "\n{\"text\": oops}\n"), []string{"bad.jsonl:2", "not a JSON object"}},
		{"span text mismatch", "mismatch.jsonl", []byte(`{"id":"` + gid + `","title":"t","text":` + quote(good) + `,"spans":[{"id":"s1","start":0,"end":5,"text":"Kakr","label":"actor","annotator":"bo"}]}` + "\n"), []string{"mismatch.jsonl:1", `"text" is "Kakr" but the text at 0–5 is "Kakar" (offsets count code points)`}},
		{"offsets outside", "outside.jsonl", []byte(`{"title":"t","text":` + quote(good) + `,"spans":[{"id":"s1","start":40,"end":400,"text":"x","label":"claim","annotator":"bo"}]}` + "\n"), []string{"outside.jsonl:1", "offset 400 past the end of the text (46 characters)"}},
		{"wrong id", "id.jsonl", []byte(`{"id":"0000000000000000","title":"t","text":` + quote(good) + `,"spans":[]}` + "\n"), []string{"id.jsonl:1", "does not match its text"}},
		{"jsonl title not utf-8", "title.jsonl", []byte(`{"title":"` + good[:4] + "\xe9" + `","text":` + quote(good) + `,"spans":[]}` + "\n"), []string{"title.jsonl:1: not UTF-8: invalid byte 0xe9 at byte 14 of the line"}},
		{"jsonl text not utf-8 on line 2", "text.jsonl", []byte(`{"title":"t","text":` + quote(good) + `,"spans":[]}` + "\n" + `{"title":"t","text":"caf` + "\xe9" + ` au lait","spans":[]}` + "\n"), []string{"text.jsonl:2: not UTF-8: invalid byte 0xe9 at byte 24 of the line"}},
		{"jsonl label not utf-8", "label.jsonl", []byte(`{"title":"t","text":` + quote(good) + `,"spans":[{"id":"s1","start":0,"end":5,"text":"Kakar","label":"act` + "\xf6" + `r","annotator":"bo"}]}` + "\n"), []string{"label.jsonl:1: not UTF-8: invalid byte 0xf6"}},
		// A file of another tool's with no article in it, as a skein file
		// with none: a failed download or the wrong file, not exit 0.
		{"an empty JSON array", "tasks.json", []byte("[]\n"), []string{"tasks.json: empty: no article in it"}},
		{"CoNLL of -DOCSTART- alone", "d.conll", []byte("-DOCSTART- -X- O O\n\n"), []string{"d.conll: empty: no article in it"}},
		{"thread to unknown span", "thread.jsonl", []byte(`{"type":"thread","id":"t1","title":"x","annotator":"bo","members":[{"doc":"` + gid + `","span":"nope"}]}` + "\n"), []string{"thread.jsonl:1", "unknown span nope"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			dir := t.TempDir()
			okFile := write(t, dir, "ok.txt", []byte(good))
			bad := write(t, dir, tc.file, tc.data)
			before := snapshot(t, st)
			_, err := Import(context.Background(), st, []string{okFile, bad}, ImportOptions{User: "al"})
			var ref *Refused
			if !errors.As(err, &ref) {
				t.Fatalf("got %v, want a refusal", err)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if after := snapshot(t, st); after != before {
				t.Errorf("the store changed although the import was refused")
			}

			// -skip-invalid imports the good file and lists the bad one.
			res, err := Import(context.Background(), st, []string{okFile, bad}, ImportOptions{User: "al", SkipInvalid: true})
			if err != nil {
				t.Fatalf("skip-invalid: %v", err)
			}
			if res.DocsAdded != 1 || len(res.Skipped) == 0 {
				t.Errorf("skip-invalid: added %d, skipped %v; want 1 and the bad file", res.DocsAdded, res.Skipped)
			}
		})
	}
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestImportEncodingAndDuplicates(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	a := write(t, dir, "a/one.txt", []byte("Caf\xe9 society \x96 a report.\n"))
	b := write(t, dir, "b/same.txt", []byte("Caf\xe9 society \x96 a report.\n"))
	res, err := Import(context.Background(), st, []string{dir}, ImportOptions{User: "al", Encoding: "windows-1252"})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 1 {
		t.Errorf("the same article twice gave %d documents, want 1", res.DocsAdded)
	}
	_ = a
	_ = b
	d, err := st.Document(annotate.DocID("Café society – a report.\n"))
	if err != nil {
		t.Fatalf("decoded article not found: %v", err)
	}
	if d.Source != "a/one.txt" {
		t.Errorf("source = %q, want a/one.txt", d.Source)
	}
	if _, err := Import(context.Background(), st, []string{dir}, ImportOptions{User: "al", Encoding: "klingon"}); err == nil || !strings.Contains(err.Error(), "unknown encoding") {
		t.Errorf("unknown encoding gave %v", err)
	}
}

// layer adds spans to a store through Apply, as the window does.
func layer(t *testing.T, st *store.Store, user string, doc *annotate.Document, spans ...[3]any) []*annotate.Span {
	t.Helper()
	var out []*annotate.Span
	for _, x := range spans {
		s := &annotate.Span{ID: annotate.NewID(), Doc: doc.ID, Fragments: []annotate.Fragment{{Start: x[0].(int), End: x[1].(int)}}, Label: x[2].(string), Annotator: user, Created: annotate.NowMillis()}
		if err := st.Apply(context.Background(), annotate.AddSpan(user, s)); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestExportImportExportIsIdentical(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	text := "Pakistan’s PM Kakar 👍 said attacks rose 60% — 2,267 died.\nCafe\u0301 中文.\n"
	doc := &annotate.Document{ID: annotate.DocID(text), Title: "t", Source: "s.txt", Date: "2023-11-10", Text: text}
	if _, err := src.PutDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	sp := layer(t, src, "al", doc, [3]any{0, 10, "actor"}, [3]any{14, 19, "actor"}, [3]any{22, 43, "claim"}, [3]any{46, 51, "figure"})
	disc := &annotate.Span{ID: annotate.NewID(), Doc: doc.ID, Fragments: []annotate.Fragment{{Start: 0, End: 8}, {Start: 14, End: 19}}, Label: "claim", Annotator: "al", Note: "two parts"}
	if err := src.Apply(ctx, annotate.AddSpan("al", disc)); err != nil {
		t.Fatal(err)
	}
	th := &annotate.Thread{ID: annotate.NewID(), Title: "casualties", Annotator: "al", Members: []annotate.Member{{Doc: doc.ID, Span: sp[2].ID}, {Doc: doc.ID, Span: sp[3].ID, Link: "supports"}}}
	if err := src.Apply(ctx, annotate.PutThread("al", "new thread", nil, th)); err != nil {
		t.Fatal(err)
	}
	var first bytes.Buffer
	if _, err := Export(ctx, src, &first, ExportOptions{Threads: true, Annotators: []string{"al"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first.String(), `"fragments":[[0,8],[14,19]]`) || !strings.Contains(first.String(), `"text":"Pakistan Kakar"`) {
		t.Errorf("discontinuous span not written as the contract says:\n%s", first.String())
	}
	path := write(t, t.TempDir(), "x.jsonl", first.Bytes())
	dst := openStore(t)
	if _, err := Import(ctx, dst, []string{path}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if _, err := Export(ctx, dst, &second, ExportOptions{Threads: true, Annotators: []string{"al"}}); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first.String(), second.String())
	}
	// Importing the same file again changes nothing.
	if _, err := Import(ctx, dst, []string{path}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	var third bytes.Buffer
	if _, err := Export(ctx, dst, &third, ExportOptions{Threads: true, Annotators: []string{"al"}}); err != nil {
		t.Fatal(err)
	}
	if third.String() != first.String() {
		t.Errorf("a second import changed the store")
	}
}

func TestBundleExchange(t *testing.T) {
	ctx := context.Background()
	text := "The interior minister said the TTP was behind the attack in March.\n"
	doc := &annotate.Document{ID: annotate.DocID(text), Title: "t", Source: "s.txt", Text: text}
	bob := openStore(t)
	if _, err := bob.PutDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	bobSpans := layer(t, bob, "bob", doc, [3]any{4, 21, "actor"}, [3]any{31, 34, "actor"})
	bundle := func() string {
		var b bytes.Buffer
		if _, err := Export(ctx, bob, &b, ExportOptions{Annotators: []string{"bob"}, Threads: true}); err != nil {
			t.Fatal(err)
		}
		return write(t, t.TempDir(), "bob.jsonl", b.Bytes())
	}
	al := openStore(t) // al's store does not have the article yet
	alSpans := []*annotate.Span(nil)
	b1 := bundle()
	if _, err := Import(ctx, al, []string{b1}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	if _, err := al.Document(doc.ID); err != nil {
		t.Fatalf("the bundle did not bring its article: %v", err)
	}
	alSpans = layer(t, al, "al", doc, [3]any{31, 34, "accusation"})
	got, _ := al.LayerSpans(doc.ID, "bob")
	if len(got) != 2 {
		t.Fatalf("bob's layer has %d spans, want 2", len(got))
	}
	// Bob deletes a span; his newer bundle replaces his layer in al's store.
	if err := bob.Apply(ctx, annotate.DeleteSpans("bob", bobSpans[:1], nil)); err != nil {
		t.Fatal(err)
	}
	b2 := bundle()
	if _, err := Import(ctx, al, []string{b2}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	got, _ = al.LayerSpans(doc.ID, "bob")
	if len(got) != 1 || got[0].ID != bobSpans[1].ID {
		t.Errorf("after the newer bundle bob's layer is %v, want only %s", got, bobSpans[1].ID)
	}
	// The older bundle is ignored; importing the same one twice changes nothing.
	before := snapshot(t, al)
	for _, p := range []string{b1, b2, b2} {
		if _, err := Import(ctx, al, []string{p}, ImportOptions{User: "al"}); err != nil {
			t.Fatal(err)
		}
	}
	if snapshot(t, al) != before {
		t.Errorf("re-importing old or same bundles changed the store")
	}
	mine, _ := al.LayerSpans(doc.ID, "al")
	if len(mine) != 1 || mine[0].ID != alSpans[0].ID {
		t.Errorf("al's own layer was touched: %v", mine)
	}
	// A bundle claiming to be al's own layer is refused without -own.
	var b bytes.Buffer
	if _, err := Export(ctx, bob, &b, ExportOptions{Annotators: []string{"bob"}}); err != nil {
		t.Fatal(err)
	}
	forged := write(t, t.TempDir(), "forged.jsonl", bytes.ReplaceAll(b.Bytes(), []byte(`"bob"`), []byte(`"al"`)))
	_, err := Import(ctx, al, []string{forged}, ImportOptions{User: "al"})
	if err == nil || !strings.Contains(err.Error(), "your own layer") || !strings.Contains(err.Error(), "forged.jsonl:1") {
		t.Errorf("own-layer bundle gave %v, want a refusal naming the file and line", err)
	}
	// Even with -own, the forged file cannot take bob's spans (its span IDs
	// are his) into al's layer.
	if _, err := Import(ctx, al, []string{forged}, ImportOptions{User: "al", Own: true}); err == nil || !strings.Contains(err.Error(), "is already used by a span in bob's layer, not al's") {
		t.Errorf("with -own: %v, want bob's span IDs refused", err)
	}
}

// TestImportByteOrderMarks: a byte order mark says how a file is encoded
// and is not part of the article, so the article's text, title and ID are
// those of the same article saved without one.
func TestImportByteOrderMarks(t *testing.T) {
	text := "Kakar’s “60%” claim — café.\r\nSecond line.\r\n"
	u16 := func(big bool, bom bool) []byte {
		var b []byte
		if bom {
			if big {
				b = append(b, 0xfe, 0xff)
			} else {
				b = append(b, 0xff, 0xfe)
			}
		}
		for _, r := range text { // every rune here is in the BMP
			if big {
				b = append(b, byte(r>>8), byte(r))
			} else {
				b = append(b, byte(r), byte(r>>8))
			}
		}
		return b
	}
	tests := []struct {
		name, encoding string
		data           []byte
	}{
		{"utf-8 with BOM", "", append([]byte("\xef\xbb\xbf"), text...)},
		{"utf-8 without BOM", "", []byte(text)},
		{"utf-16 little-endian with BOM", "utf-16", u16(false, true)},
		{"utf-16 little-endian without BOM", "utf-16", u16(false, false)},
		{"utf-16 big-endian with BOM", "utf-16", u16(true, true)},
		{"utf-16be without BOM", "utf-16be", u16(true, false)},
		{"utf-8 BOM overrides windows-1252", "windows-1252", append([]byte("\xef\xbb\xbf"), text...)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			p := write(t, t.TempDir(), "a.txt", tc.data)
			if _, err := Import(context.Background(), st, []string{p}, ImportOptions{User: "al", Encoding: tc.encoding}); err != nil {
				t.Fatal(err)
			}
			d, err := st.Document(annotate.DocID(text))
			if err != nil {
				var ids []string
				st.Documents(context.Background(), func(d store.DocInfo) error { ids = append(ids, d.ID+" "+quote(d.Title)); return nil })
				t.Fatalf("got documents %v, want %s with the text as written", ids, annotate.DocID(text))
			}
			if want := "Kakar’s “60%” claim — café."; d.Title != want {
				t.Errorf("title: got %q, want %q", d.Title, want)
			}
		})
	}
}

// TestImportJSONLByteOrderMark: Notepad and PowerShell's Out-File begin a
// UTF-8 file with a byte order mark. A JSONL file that carries one imports
// as the same file without it, in skein's format as in the others'.
func TestImportJSONLByteOrderMark(t *testing.T) {
	text := "Kakar’s claim — 60%."
	for name, line := range map[string]string{
		"skein":   `{"text":"` + text + `","spans":[{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`,
		"doccano": `{"text":"` + text + `","label":[[0,5,"actor"]]}`,
		"prodigy": `{"text":"` + text + `","spans":[{"start":0,"end":5,"label":"actor"}],"answer":"accept"}`,
	} {
		t.Run(name, func(t *testing.T) {
			st := openStore(t)
			p := write(t, t.TempDir(), "a.jsonl", []byte("\xef\xbb\xbf"+line+"\r\n"))
			if _, err := Import(context.Background(), st, []string{p}, ImportOptions{User: "al"}); err != nil {
				t.Fatal(err)
			}
			spans, err := st.Spans(annotate.DocID(text))
			if err != nil || len(spans) != 1 || spans[0].Label != "actor" || spans[0].Annotator != "al" || spans[0].Start() != 0 || spans[0].End() != 5 {
				t.Fatalf("al's spans on the article: %v, %v; want the actor Kakar at 0–5", spans, err)
			}
		})
	}
}

// TestImportSummaryCountsWhatChanged: the summary counts the spans and
// threads an import wrote, so importing the same bundle again says that
// nothing was added.
func TestImportSummaryCountsWhatChanged(t *testing.T) {
	ctx := context.Background()
	text := "Kakar said the TTP operates from Afghanistan.\n"
	id := annotate.DocID(text)
	line := `{"id":"` + id + `","title":"t","text":` + quote(text) + `,"spans":[` +
		`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo"},` +
		`{"id":"s2","start":15,"end":18,"text":"TTP","label":"actor","annotator":"bo"}]}` + "\n" +
		`{"type":"thread","id":"t1","title":"who","annotator":"bo","members":[{"doc":"` + id + `","span":"s1"},{"doc":"` + id + `","span":"s2","link":"targets"}]}` + "\n"
	p := write(t, t.TempDir(), "bo.jsonl", []byte(line))
	st := openStore(t)
	for i, want := range []struct{ docs, present, spans, threads int }{{1, 0, 2, 1}, {0, 1, 0, 0}} {
		res, err := Import(ctx, st, []string{p}, ImportOptions{User: "al"})
		if err != nil {
			t.Fatal(err)
		}
		got := struct{ docs, present, spans, threads int }{res.DocsAdded, res.DocsPresent, res.Spans, res.Threads}
		if got != want {
			t.Errorf("import %d: got %+v (%s), want %+v", i+1, got, res.Summary(), want)
		}
	}
}

// TestImportSpanIDTakenElsewhere: a file whose span reuses the ID of a
// stored span in another article is a problem of that file and line: the
// import is refused whole, or with -skip-invalid the rest goes in.
func TestImportSpanIDTakenElsewhere(t *testing.T) {
	ctx := context.Background()
	line := func(text, span string) string {
		return `{"id":"` + annotate.DocID(text) + `","title":"t","text":` + quote(text) + `,"spans":[` +
			`{"id":"` + span + `","start":0,"end":5,"text":` + quote(text[:5]) + `,"label":"actor","annotator":"bo"}]}` + "\n"
	}
	first := "Kakar said the TTP operates from Afghanistan.\n"
	second := "Dawar said the border stays closed.\n"
	st := openStore(t)
	if _, err := Import(ctx, st, []string{write(t, t.TempDir(), "one.jsonl", []byte(line(first, "T1")))}, ImportOptions{User: "al"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ok := write(t, dir, "ok.txt", []byte("An article that is fine.\n"))
	clash := write(t, dir, "two.jsonl", []byte(line("Another article.\n", "T2")+line(second, "T1")))
	before := snapshot(t, st)
	_, err := Import(ctx, st, []string{ok, clash}, ImportOptions{User: "al"})
	var ref *Refused
	if !errors.As(err, &ref) || !strings.Contains(err.Error(), "two.jsonl:2") || !strings.Contains(err.Error(), "T1") {
		t.Fatalf("got %v, want a refusal naming two.jsonl:2 and span T1", err)
	}
	if snapshot(t, st) != before {
		t.Error("the store changed although the import was refused")
	}
	res, err := Import(ctx, st, []string{ok, clash}, ImportOptions{User: "al", SkipInvalid: true})
	if err != nil {
		t.Fatalf("-skip-invalid: %v", err)
	}
	if res.DocsAdded != 3 || res.Spans != 1 || len(res.Skipped) != 1 {
		t.Errorf("-skip-invalid: got %s, skipped %v; want 3 documents, 1 span and T1 skipped", res.Summary(), res.Skipped)
	}
	if sp, err := st.Span("T1"); err != nil || sp.Doc != annotate.DocID(first) {
		t.Errorf("span T1: got %+v, %v; want it still in the first article", sp, err)
	}
}

// TestReimportForeignFormatsChangesNothing: brat, doccano, Prodigy and Label
// Studio files carry no skein IDs, so their readers make new ones; importing
// the same file again must still find its spans and relations already there
// instead of doubling them.
func TestReimportForeignFormatsChangesNothing(t *testing.T) {
	ctx := context.Background()
	text := "Sony sued Apple. Apple sued Sony."
	tests := []struct {
		name  string
		files map[string]string
		path  string
		spans int // in the store after the first import
	}{
		{"brat", map[string]string{
			"c/a.txt": text,
			"c/a.ann": "T1\tactor 0 4\tSony\nT2\tactor 10 15\tApple\nT3\tclaim 10 15\tApple\nR1\ttargets Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\tthe plaintiff\n",
		}, "c", 3},
		{"doccano", map[string]string{
			"d.jsonl": `{"text":"` + text + `","label":[[0,4,"actor"],[10,15,"actor"],[17,22,"actor"]]}` + "\n",
		}, "d.jsonl", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			dir := t.TempDir()
			for name, data := range tc.files {
				write(t, dir, name, []byte(data))
			}
			path := filepath.Join(dir, tc.path)
			if _, err := Import(ctx, st, []string{path}, ImportOptions{User: "al"}); err != nil {
				t.Fatal(err)
			}
			spans, _ := st.LayerSpans(annotate.DocID(text), "al")
			if len(spans) != tc.spans {
				t.Fatalf("first import: got %d spans, want %d", len(spans), tc.spans)
			}
			before := snapshot(t, st)
			res, err := Import(ctx, st, []string{path}, ImportOptions{User: "al"})
			if err != nil {
				t.Fatal(err)
			}
			if after := snapshot(t, st); after != before {
				t.Errorf("importing the same file again changed the store (%s):\nbefore %s\nafter  %s", res.Summary(), before, after)
			}
			if res.Spans != 0 || res.Threads != 0 {
				t.Errorf("second import: got %s, want no spans or threads written", res.Summary())
			}
		})
	}
}

// An error of the store reaches `skein import` without a prefix of its own:
// the command line puts "skein import: " before it, once.
func TestImportStoreErrorHasNoPrefix(t *testing.T) {
	st := openStore(t)
	// The text is within import's 10 MB, but with its metadata the record
	// does not fit in one value of the store.
	text := strings.Repeat("Kakar spoke. ", annotate.MaxDocumentBytes/13)
	meta := strings.Repeat("m", 7<<20)
	file := write(t, t.TempDir(), "big.jsonl", []byte(`{"title":"big","text":"`+text+`","meta":{"notes":"`+meta+`"},"spans":[]}`+"\n"))
	_, err := Import(context.Background(), st, []string{file}, ImportOptions{User: "al"})
	want := "writing to the store: document " + annotate.DocID(text) + " is too large to store"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("import of a document too large to store: %v; want an error starting %q", err, want)
	}
}

// A thread of the exported layer that links a colleague's span brings that
// colleague's layer on the member's document, so the bundle imports whole
// into an empty store and exports again the same; it replaces nothing newer.
func TestExportThreadsCarriesMemberLayers(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	t1 := "The minister said the TTP was behind the attack.\n"
	t2 := "Kabul denied that the TTP operates from Afghanistan.\n"
	d1 := &annotate.Document{ID: annotate.DocID(t1), Title: "one", Source: "one.txt", Text: t1}
	d2 := &annotate.Document{ID: annotate.DocID(t2), Title: "two", Source: "two.txt", Text: t2}
	for _, d := range []*annotate.Document{d1, d2} {
		if _, err := src.PutDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	bob := layer(t, src, "bob", d1, [3]any{4, 12, "actor"}, [3]any{22, 25, "actor"})
	al1 := layer(t, src, "al", d1, [3]any{0, 48, "claim"})
	al2 := layer(t, src, "al", d2, [3]any{0, 5, "actor"})
	layer(t, src, "carol", d2, [3]any{21, 24, "actor"}) // no thread names it: not carried
	th := &annotate.Thread{ID: annotate.NewID(), Title: "who is behind it", Annotator: "al", Members: []annotate.Member{
		{Doc: d1.ID, Span: al1[0].ID}, {Doc: d1.ID, Span: bob[0].ID, Link: "by"}, {Doc: d2.ID, Span: al2[0].ID, Link: "denied by"}}}
	own := &annotate.Thread{ID: annotate.NewID(), Annotator: "bob", Members: []annotate.Member{{Doc: d1.ID, Span: bob[0].ID}, {Doc: d1.ID, Span: bob[1].ID, Link: "names"}}}
	for _, x := range []*annotate.Thread{th, own} {
		if err := src.Apply(ctx, annotate.PutThread(x.Annotator, "new thread", nil, x)); err != nil {
			t.Fatal(err)
		}
	}
	export := func(st *store.Store, opt ExportOptions) string {
		t.Helper()
		var b bytes.Buffer
		if _, err := Export(ctx, st, &b, opt); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	alOnly := ExportOptions{Threads: true, Annotators: []string{"al"}}
	first := export(src, alOnly)
	for _, want := range []string{`"id":"` + bob[0].ID + `"`, `"id":"` + bob[1].ID + `"`, `{"annotator":"bob","modified":`} {
		if !strings.Contains(first, want) {
			t.Errorf("al's bundle does not carry %s:\n%s", want, first)
		}
	}
	if strings.Contains(first, `"annotator":"carol"`) || strings.Contains(first, own.ID) {
		t.Errorf("al's bundle carries carol's layer or bob's own thread:\n%s", first)
	}

	path := write(t, t.TempDir(), "al.jsonl", []byte(first))
	dst := openStore(t)
	if _, err := Import(ctx, dst, []string{path}, ImportOptions{User: "me"}); err != nil {
		t.Fatalf("import of al's bundle into an empty store: %v", err)
	}
	if got, err := dst.Thread(th.ID); err != nil || len(got.Members) != 3 {
		t.Fatalf("al's thread after import: %+v, %v; want its 3 members", got, err)
	}
	if second := export(dst, alOnly); second != first {
		t.Errorf("export → import into an empty store → export differs:\n%s\n---\n%s", first, second)
	}
	// bob's layer arrived as bob's own bundle would bring it.
	bobOnly := ExportOptions{Annotators: []string{"bob"}}
	if a, b := export(src, bobOnly), export(dst, bobOnly); a != b {
		t.Errorf("bob's layer differs after import:\n%s\n---\n%s", a, b)
	}

	// Where bob has since changed his layer, the carried copy is older and
	// changes nothing of his.
	bobs := aged(t, write(t, t.TempDir(), "bob.jsonl", []byte(export(src, ExportOptions{Threads: true, Annotators: []string{"bob"}}))))
	third := openStore(t)
	if _, err := Import(ctx, third, []string{bobs}, ImportOptions{User: "me"}); err != nil {
		t.Fatal(err)
	}
	if err := third.Apply(ctx, annotate.DeleteSpans("bob", []*annotate.Span{bob[1]}, nil)); err != nil {
		t.Fatal(err)
	}
	before := export(third, bobOnly)
	res, err := Import(ctx, third, []string{path}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if after := export(third, bobOnly); after != before {
		t.Errorf("al's bundle changed bob's newer layer:\n%s\n---\n%s", before, after)
	}
	if len(res.Notes) == 0 || !strings.Contains(strings.Join(res.Notes, "\n"), "bob's layer on document "+d1.ID+" is older") {
		t.Errorf("notes %q; want one saying bob's carried layer is older", res.Notes)
	}
	if got, err := third.Thread(th.ID); err != nil || len(got.Members) != 3 {
		t.Errorf("al's thread in a store with bob's newer layer: %+v, %v", got, err)
	}
}

func TestSummaryReadsAsEnglish(t *testing.T) {
	for _, c := range []struct {
		r    Result
		want string
	}{
		{Result{DocsAdded: 1, Spans: 1, Threads: 1, Files: 1},
			"imported 1 new document (0 already present), 1 span, 1 thread from 1 file"},
		{Result{DocsAdded: 13, DocsPresent: 2, Spans: 119, Files: 3, Replaced: 1, Ignored: 1, Skipped: []error{nil, nil}},
			"imported 13 new documents (2 already present), 119 spans, 0 threads from 3 files; replaced 1 layer with newer bundles; ignored 1 file of other kinds; skipped 2 problems"},
		{Result{DocsAdded: 1, DocsRepeated: 1, Spans: 4, Files: 4},
			"imported 1 new document (0 already present, 1 repeated in the files), 4 spans, 0 threads from 4 files"},
		{Result{DocsAdded: 2, DocsRepeated: 1, DocsInFolders: 4, Spans: 9, Files: 9},
			"imported 2 new documents (0 already present, 1 repeated in the files, 4 again in another annotator's folder, as expected), 9 spans, 0 threads from 9 files"},
	} {
		if got := c.r.Summary(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

// -encoding decodes the files that need it: in a folder mixing old
// windows-1252 files with UTF-8 ones, each comes in with its own letters.
func TestImportEncodingLeavesUTF8FilesAlone(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	write(t, dir, "old.txt", []byte("Caf\xe9 society \x96 a report.\n"))
	write(t, dir, "new.txt", []byte("Naïve café – a newer report.\n"))
	res, err := Import(context.Background(), st, []string{dir}, ImportOptions{User: "al", Encoding: "windows-1252"})
	if err != nil || res.DocsAdded != 2 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	for _, text := range []string{"Café society – a report.\n", "Naïve café – a newer report.\n"} {
		if _, err := st.Document(annotate.DocID(text)); err != nil {
			t.Errorf("%q is not stored as written: %v", text, err)
		}
	}
}

// -encoding reads a brat project saved in windows-1252 too: the .txt and
// the text column of the .ann, offsets in characters of the decoded text.
func TestImportBratInAnEncoding(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	write(t, dir, "p/doc.txt", []byte("Caf\xe9 owners \x96 Kakar said.\n"))
	write(t, dir, "p/doc.ann", []byte("T1\tactor 14 19\tKakar\nT2\tclaim 0 4\tCaf\xe9\n"))
	if _, err := Import(context.Background(), st, []string{filepath.Join(dir, "p")}, ImportOptions{User: "al", Format: "brat"}); err == nil || !strings.Contains(err.Error(), "doc.txt:1: not UTF-8: invalid byte 0xe9 at byte 3 (") {
		t.Fatalf("without -encoding: %v, want not UTF-8", err)
	}
	if _, err := Import(context.Background(), st, []string{filepath.Join(dir, "p")}, ImportOptions{User: "al", Format: "brat", Encoding: "windows-1252"}); err != nil {
		t.Fatal(err)
	}
	text := "Café owners – Kakar said.\n"
	spans, err := st.LayerSpans(annotate.DocID(text), "al")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	tx := annotate.NewText(text)
	for _, s := range spans {
		got[s.Label] = tx.Slice(s.Fragments[0].Start, s.Fragments[0].End)
	}
	if got["actor"] != "Kakar" || got["claim"] != "Café" {
		t.Errorf("spans read as %v", got)
	}
}

// A folder holding a brat project and a JSONL file imports both: the brat
// reader takes the .txt and .ann, and the JSONL file is read on its own —
// and refused at its line when it is bad, not dropped without a word.
func TestFolderWithBratAndJSONL(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	write(t, dir, "p/doc.txt", []byte("Kakar said the attacks rose.\n"))
	write(t, dir, "p/doc.ann", []byte("T1\tactor 0 5\tKakar\n"))
	write(t, dir, "p/notes.md", []byte("# about this project\n"))
	write(t, dir, "p/extra.jsonl", []byte(`{"title":"Extra","text":"The Taliban denied it.\n","spans":[]}`+"\n"))
	res, err := Import(context.Background(), st, []string{filepath.Join(dir, "p")}, ImportOptions{User: "al"})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 2 || res.Ignored != 1 {
		t.Errorf("imported %s; want both articles, notes.md ignored", res.Summary())
	}
	if _, err := st.Document(annotate.DocID("The Taliban denied it.\n")); err != nil {
		t.Errorf("the JSONL article is not stored: %v", err)
	}
	write(t, dir, "q/doc.txt", []byte("Kakar said the attacks rose again.\n"))
	write(t, dir, "q/doc.ann", []byte("T1\tactor 0 5\tKakar\n"))
	write(t, dir, "q/bad.jsonl", []byte(`{"title":"Bad","text":"x","spans":[{"id":"s","start":0,"end":9,"text":"x","label":"claim"}]}`+"\n"))
	_, err = Import(context.Background(), st, []string{filepath.Join(dir, "q")}, ImportOptions{User: "al"})
	if err == nil || !strings.Contains(err.Error(), "bad.jsonl:1") {
		t.Errorf("a bad JSONL file in a brat folder gave %v, want it refused at bad.jsonl:1", err)
	}
}

// The import's clock dates what a foreign format's reader makes up.
func TestImportClockDatesMadeUpSpans(t *testing.T) {
	st := openStore(t)
	path := write(t, t.TempDir(), "d.jsonl", []byte(`{"text":"Ayesha said so.","label":[[0,6,"actor"]]}`+"\n"))
	const when = 1600000000000
	if _, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me", Format: "doccano", Now: func() int64 { return when }}); err != nil {
		t.Fatal(err)
	}
	spans, err := st.LayerSpans(annotate.DocID("Ayesha said so."), "me")
	if err != nil || len(spans) != 1 {
		t.Fatalf("spans %v, %v; want one", spans, err)
	}
	if spans[0].Created != when {
		t.Errorf("span created at %d, want the import's clock %d", spans[0].Created, when)
	}
}

// A span ID given twice in one import: on two documents it is refused at
// the second line, naming the first; on one document again, the later
// line's span is the one written, once. With and without the tables a
// first sync's imports keep (ImportOptions.Spans).
func TestImportSpanIDGivenTwice(t *testing.T) {
	ctx := context.Background()
	line := func(text, span, label string) string {
		return `{"id":"` + annotate.DocID(text) + `","title":"t","text":` + quote(text) + `,"spans":[` +
			`{"id":"` + span + `","start":0,"end":5,"text":` + quote(text[:5]) + `,"label":"` + label + `","annotator":"bo"}]}` + "\n"
	}
	first := "Kakar said the TTP operates from Afghanistan.\n"
	second := "Dawar said the border stays closed.\n"
	for _, hint := range []int{0, 100} {
		st := openStore(t)
		dir := t.TempDir()
		a := write(t, dir, "a.jsonl", []byte(line(first, "T1", "actor")))
		b := write(t, dir, "b.jsonl", []byte(line(second, "T2", "actor")+line(second, "T1", "actor")))
		before := snapshot(t, st)
		_, err := Import(ctx, st, []string{a, b}, ImportOptions{User: "al", Spans: hint})
		if err == nil || !strings.Contains(err.Error(), "b.jsonl:2") || !strings.Contains(err.Error(), "span id T1 is used in two documents ("+annotate.DocID(first)+" at line 1)") {
			t.Fatalf("hint %d: got %v, want a refusal at b.jsonl:2 naming T1's first line", hint, err)
		}
		if snapshot(t, st) != before {
			t.Errorf("hint %d: the store changed although the import was refused", hint)
		}
		c := write(t, dir, "c.jsonl", []byte(line(first, "T1", "claim")))
		res, err := Import(ctx, st, []string{a, c}, ImportOptions{User: "al", Spans: hint})
		if err != nil || res.Spans != 1 {
			t.Fatalf("hint %d: the same span twice on one article: %v, %+v", hint, err, res)
		}
		if sp, err := st.Span("T1"); err != nil || sp.Label != "claim" {
			t.Errorf("hint %d: span T1 is %+v, %v; want the later line's (claim)", hint, sp, err)
		}
	}
}

// A skein JSONL line may name an article already in the store by its id
// alone, with no text: its spans go onto that article (a model's spans
// or a script's, kept as a layer). An id the store lacks is refused at its
// line, saying why, and nothing is written. Before, both were refused as
// "document text: empty".
func TestImportLinesThatNameAStoredArticle(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	text := "Kakar said the TTP operates from Afghanistan.\n"
	d := &annotate.Document{ID: annotate.DocID(text), Title: "t", Text: text}
	if _, err := st.PutDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := write(t, dir, "model.jsonl", []byte(`{"id":"`+d.ID+`","spans":[{"start":15,"end":18,"text":"TTP","label":"actor","annotator":"ner-model"}]}`+"\n"))
	res, err := Import(ctx, st, []string{good}, ImportOptions{User: "al"})
	if err != nil {
		t.Fatal(err)
	}
	if spans, _ := st.LayerSpans(d.ID, "ner-model"); res.DocsAdded != 0 || len(spans) != 1 || spans[0].Fragments[0] != (annotate.Fragment{Start: 15, End: 18}) {
		t.Fatalf("got %s and the layer %+v; want the span on the stored article", res.Summary(), spans)
	}
	got, _ := st.Document(d.ID)
	if got.Text != text || got.Title != "t" {
		t.Errorf("the stored article became %+v", got)
	}

	other := "c0b169aa7fc1df84"
	bad := write(t, dir, "bad.jsonl", []byte(`{"id":"`+other+`","spans":[{"start":0,"end":5,"text":"Kakar","label":"actor","annotator":"ner-model"}]}`+"\n"))
	_, err = Import(ctx, st, []string{bad}, ImportOptions{User: "al"})
	if err == nil || !strings.Contains(err.Error(), "bad.jsonl:1: document "+other+": no article of that id is in the store, and the line gives no text") {
		t.Fatalf("got %v, want the line refused saying the article is not in the store", err)
	}
	if spans, _ := st.LayerSpans(d.ID, "ner-model"); len(spans) != 1 {
		t.Errorf("the refused import changed the layer: %d spans", len(spans))
	}
	// The span's text still checks the offsets against the stored text.
	wrong := write(t, dir, "wrong.jsonl", []byte(`{"id":"`+d.ID+`","spans":[{"start":15,"end":18,"text":"TTX","label":"actor","annotator":"ner-model"}]}`+"\n"))
	if _, err := Import(ctx, st, []string{wrong}, ImportOptions{User: "al"}); err == nil || !strings.Contains(err.Error(), "wrong.jsonl:1") {
		t.Errorf("a span whose text is not the article's at its offsets: got %v", err)
	}
}
