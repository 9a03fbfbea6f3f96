package transfer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
)

// A line with only id, text and spans (each with id and annotator) is the
// contract's own shape, what a script writes: it is skein's, and every span
// keeps its author and its ID.
func TestImportMinimalSkeinLineKeepsAuthors(t *testing.T) {
	st := openStore(t)
	text := "Sony said the deal was off."
	doc := annotate.DocID(text)
	line := `{"id":"` + doc + `","text":"Sony said the deal was off.","spans":[` +
		`{"id":"00000000000000a1","start":0,"end":4,"text":"Sony","label":"actor","annotator":"al"},` +
		`{"id":"00000000000000b2","start":10,"end":26,"text":"the deal was off","label":"claim","annotator":"bo"}]}` + "\n"
	path := write(t, t.TempDir(), "script.jsonl", []byte(line))
	if _, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ id, annotator string }{{"00000000000000a1", "al"}, {"00000000000000b2", "bo"}} {
		s, err := st.Span(c.id)
		if err != nil {
			t.Fatalf("span %s: %v; want it under its own ID", c.id, err)
		}
		if s.Annotator != c.annotator {
			t.Errorf("span %s is in %s's layer, want %s's", c.id, s.Annotator, c.annotator)
		}
	}
	if mine, _ := st.LayerSpans(doc, "me"); len(mine) != 0 {
		t.Errorf("the importer's layer got %d spans, want none", len(mine))
	}
}

// A span a script wrote without an ID gets one from its content: the file
// imports, and imported again adds nothing; the same span twice on a line
// is refused by its place.
func TestImportSpansWithoutIDs(t *testing.T) {
	st := openStore(t)
	text := "Sony said the deal was off."
	doc := annotate.DocID(text)
	line := `{"id":"` + doc + `","text":"Sony said the deal was off.","spans":[` +
		`{"start":0,"end":4,"text":"Sony","label":"actor","annotator":"al"},` +
		`{"start":10,"end":26,"text":"the deal was off","label":"claim","annotator":"al"},` +
		`{"start":0,"end":4,"text":"Sony","label":"actor","annotator":"bo"}]}` + "\n"
	path := write(t, t.TempDir(), "script.jsonl", []byte(line))
	for run := range 2 {
		if _, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me"}); err != nil {
			t.Fatalf("import %d: %v", run+1, err)
		}
		al, _ := st.LayerSpans(doc, "al")
		bo, _ := st.LayerSpans(doc, "bo")
		if len(al) != 2 || len(bo) != 1 {
			t.Fatalf("after import %d: al has %d spans, bo %d; want 2 and 1", run+1, len(al), len(bo))
		}
		if al[0].ID == "" || al[0].ID == bo[0].ID || al[0].ID != annotate.ContentSpanID(al[0]) {
			t.Errorf("IDs %q (al) and %q (bo): want each made from its span", al[0].ID, bo[0].ID)
		}
	}
	twice := strings.Replace(line, `"annotator":"bo"`, `"annotator":"al"`, 1)
	_, err := Import(context.Background(), openStore(t), []string{write(t, t.TempDir(), "twice.jsonl", []byte(twice))}, ImportOptions{User: "me"})
	if err == nil || !strings.Contains(err.Error(), "twice.jsonl:1: span 3: a span with the same annotator, label and offsets is on the line already") {
		t.Errorf("the same span twice: %v", err)
	}
}

// Usenet and Reuters name their articles 53321: a file without an extension
// whose content is text is an article; a binary one is of another kind.
func TestImportFilesWithoutExtension(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "alt.atheism/53321", []byte("From: a@b\nSubject: Re: news\n\nThe council met on Tuesday.\n"))
	write(t, dir, "alt.atheism/53322", []byte("From: c@d\nSubject: Re: news\n\nIt did not.\n"))
	write(t, dir, "alt.atheism/core", []byte("\x7fELF\x02\x01\x01\x00\x00\x00"))
	write(t, dir, "README.TXT", []byte("This corpus holds posts from 1993.\n"))
	res, err := Import(context.Background(), openStore(t), []string{dir}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 3 || res.Ignored != 1 || res.Files != 3 {
		t.Errorf("%s; want 3 new documents from 3 files, 1 ignored", res.Summary())
	}
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "README.TXT became an article like the rest") {
		t.Errorf("notes %q do not name README.TXT", notes)
	}
}

// An import that finds nothing to read fails with a sentence saying why.
func TestImportNothingFoundFails(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.png", []byte("\x89PNG"))
	write(t, dir, "b.csv", []byte("a,b\n"))
	write(t, dir, ".hidden.txt", []byte("x\n"))
	_, err := Import(context.Background(), openStore(t), []string{dir}, ImportOptions{User: "me"})
	if !errors.Is(err, ErrNothing) || !strings.Contains(err.Error(), "2 files of kinds skein does not read and 1 hidden file or folder") {
		t.Errorf("got %v; want ErrNothing naming the 2 other files and the hidden one", err)
	}
	// It names every extension an import reads.
	for _, e := range extFormats {
		if err != nil && !strings.Contains(err.Error(), e.ext) {
			t.Errorf("the message does not name %s: %v", e.ext, err)
		}
	}
}

// An annotator whose .ann for an article is empty worked on it and found
// nothing: the other's spans there are misses, not left out.
func TestEmptyAnnCountsAsWorkedOn(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := t.TempDir()
	text := "Sony said the deal was off.\n"
	write(t, dir, "al/a.txt", []byte(text))
	write(t, dir, "al/a.ann", []byte("T1\tactor 0 4\tSony\n"))
	write(t, dir, "al/b.txt", []byte("Bilal denied it.\n"))
	write(t, dir, "al/b.ann", []byte("T1\tactor 0 5\tBilal\n"))
	write(t, dir, "bo/a.txt", []byte(text))
	write(t, dir, "bo/a.ann", []byte(""))
	write(t, dir, "bo/b.txt", []byte("Bilal denied it.\n"))
	write(t, dir, "bo/b.ann", []byte("T1\tactor 0 5\tBilal\n"))
	for _, who := range []string{"al", "bo"} {
		if _, err := Import(ctx, st, []string{filepath.Join(dir, who)}, ImportOptions{User: "me", Annotator: who}); err != nil {
			t.Fatal(err)
		}
	}
	docs, _, err := AgreeInputs(ctx, st, []string{"al", "bo"})
	if err != nil {
		t.Fatal(err)
	}
	err = docs(func(in agree.DocInput) error {
		if _, ok := in.Layers["bo"]; !ok {
			t.Errorf("%s: bo's empty .ann left bo out of the article", in.Doc.Source)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Agree(ctx, st, []string{"al", "bo"})
	if err != nil {
		t.Fatal(err)
	}
	// One span agreed, one missed: F1 = 2·1/(2+1) = 2/3.
	if f := rep.Overall.F1Exact; f == nil || fmt.Sprintf("%.4f", *f) != "0.6667" {
		t.Errorf("exact F1 %v, want 0.6667", f)
	}
}

// doccano's JSON export is read as doccano's, found by its content or named
// with -format, not as Label Studio's nor line by line.
func TestImportDoccanoJSON(t *testing.T) {
	body := "[\n  {\n    \"text\": \"Sony said Ayesha left.\",\n    \"entities\": [[0, 4, \"actor\"]]\n  }\n]\n"
	for _, format := range []string{"", "doccano"} {
		st := openStore(t)
		path := write(t, t.TempDir(), "export.json", []byte(body))
		res, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me", Format: format})
		if err != nil {
			t.Fatalf("-format %q: %v", format, err)
		}
		if res.DocsAdded != 1 || res.Spans != 1 {
			t.Errorf("-format %q: %s; want 1 document with 1 span", format, res.Summary())
		}
	}
}

// A CoNLL file is read as CoNLL by its extension (.conll, .iob, .bio…) or
// named with -format conll; in a folder, beside articles, it is read too.
func TestImportCoNLL(t *testing.T) {
	body := "-DOCSTART- -X- -X- O\n\nPM B-actor\nKakar I-actor\nblamed O\nthe O\nTTP B-actor\n.\tO\n"
	for _, c := range []struct{ name, format string }{{"a.conll", ""}, {"a.iob", ""}, {"a.bio", ""}, {"a.tags", "conll"}} {
		st := openStore(t)
		path := write(t, t.TempDir(), c.name, []byte(body))
		res, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me", Format: c.format})
		if err != nil {
			t.Fatalf("%s -format %q: %v", c.name, c.format, err)
		}
		if res.DocsAdded != 1 || res.Spans != 2 {
			t.Errorf("%s -format %q: %s; want 1 document with 2 spans", c.name, c.format, res.Summary())
		}
	}
	dir := t.TempDir()
	write(t, dir, "tags.conll", []byte(body))
	write(t, dir, "other.txt", []byte("Another article.\n"))
	res, err := Import(context.Background(), openStore(t), []string{dir}, ImportOptions{User: "me"})
	if err != nil || res.DocsAdded != 2 || res.Spans != 2 {
		t.Errorf("a folder with a .conll and a .txt: %v %s; want 2 documents, 2 spans", err, res.Summary())
	}
	// A line without its tag refuses the file by its name and line.
	path := write(t, t.TempDir(), "bad.conll", []byte("PM B-actor\nKakar\n"))
	if _, err := Import(context.Background(), openStore(t), []string{path}, ImportOptions{User: "me"}); err == nil || !strings.Contains(err.Error(), "bad.conll:2:") {
		t.Errorf("a line without a tag: %v; want bad.conll:2 named", err)
	}
}

// A brat folder counts the files it holds; brat files named one by one are
// read together, so a note about them is said once.
func TestImportBratCountsFilesAndNotesOnce(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a", "b"} {
		write(t, dir, n+".txt", []byte("Sony said "+n+".\n"))
		write(t, dir, n+".ann", []byte("T1\tOrganization 0 4\tSony\n"))
	}
	res, err := Import(context.Background(), openStore(t), []string{dir}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Summary(), "from 4 files") {
		t.Errorf("summary %q; want from 4 files", res.Summary())
	}
	res, err = Import(context.Background(), openStore(t), []string{filepath.Join(dir, "a.ann"), filepath.Join(dir, "b.ann")}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(res.Notes, "\n"), "becomes user label Organization"); n != 1 {
		t.Errorf("the new label is noted %d times, want once: %q", n, res.Notes)
	}
}

// A brat project laid out one folder per annotator: imported whole it
// says so; with -layers-from-folders each folder is its annotator's layer.
func TestImportLayersFromFolders(t *testing.T) {
	dir := t.TempDir()
	text := "Sony said Ayesha left.\n"
	write(t, dir, "al/a.txt", []byte(text))
	write(t, dir, "al/a.ann", []byte("T1\tOrganization 0 4\tSony\n"))
	write(t, dir, "bo/a.txt", []byte(text))
	write(t, dir, "bo/a.ann", []byte("T1\tOrganization 0 4\tSony\nT2\tPerson 10 16\tAyesha\n"))
	if names, ok := FolderLayers(dir); !ok || strings.Join(names, ",") != "al,bo" {
		t.Fatalf("FolderLayers = %v, %v; want al, bo", names, ok)
	}
	res, err := Import(context.Background(), openStore(t), []string{dir}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	if notes := strings.Join(res.Notes, "\n"); !strings.Contains(notes, "looks like one folder per annotator (al, bo)") {
		t.Errorf("no hint about the layout in %q", notes)
	}
	st := openStore(t)
	res, err = Import(context.Background(), st, []string{dir}, ImportOptions{User: "me", LayersFromFolders: true})
	if err != nil {
		t.Fatal(err)
	}
	// The one text, in both folders, is one new document; its second copy
	// was not "already present" in the store, nor a problem "repeated in
	// the files": each annotator's folder holds the texts it annotated.
	if got, want := res.Summary(), "imported 1 new document (0 already present, 1 again in another annotator's folder, as expected), 3 spans"; !strings.HasPrefix(got, want) {
		t.Errorf("summary %q, want it to begin %q", got, want)
	}
	doc := annotate.DocID(text)
	for who, want := range map[string]int{"al": 1, "bo": 2, "me": 0} {
		if got, _ := st.LayerSpans(doc, who); len(got) != want {
			t.Errorf("%s's layer has %d spans, want %d", who, len(got), want)
		}
	}
	// A folder that is not so laid out is refused by name.
	plain := t.TempDir()
	write(t, plain, "a.txt", []byte(text))
	if _, err := Import(context.Background(), openStore(t), []string{plain}, ImportOptions{User: "me", LayersFromFolders: true}); err == nil || !strings.Contains(err.Error(), "-layers-from-folders: want a folder of two or more annotators'") {
		t.Errorf("got %v for a plain folder", err)
	}
	// A folder's name is a layer's, refused as -user refuses it, by the
	// folder: "x#y" and "curated" were layers, curated the reviewer's own.
	for _, name := range []string{"x#y", "curated"} {
		odd := t.TempDir()
		write(t, odd, "al/a.txt", []byte(text))
		write(t, odd, "al/a.ann", []byte("T1\tOrganization 0 4\tSony\n"))
		write(t, odd, name+"/a.txt", []byte(text))
		write(t, odd, name+"/a.ann", []byte("T1\tOrganization 0 4\tSony\n"))
		st := openStore(t)
		_, err := Import(context.Background(), st, []string{odd}, ImportOptions{User: "me", LayersFromFolders: true})
		if err == nil || !strings.Contains(err.Error(), filepath.Join(odd, name)+": -layers-from-folders: the folder's name \""+name+"\" is not an annotator's name") {
			t.Errorf("folder %q: got %v, want it refused by name", name, err)
		}
		if got, _ := st.LayerSpans(doc, "al"); len(got) != 0 {
			t.Errorf("folder %q refused, yet al's layer has %d spans", name, len(got))
		}
	}
}

// With -layers-from-folders, what the annotators' folders do not hold is
// said as a plain import says it: a hidden folder, a hidden file, a file of
// another kind, and an article beside the folders, in no one's layer, were
// passed over without a word.
func TestImportLayersFromFoldersSaysWhatItLeftOut(t *testing.T) {
	dir := t.TempDir()
	text := "Sony said Ayesha left.\n"
	for _, who := range []string{"al", "bo"} {
		write(t, dir, who+"/a.txt", []byte(text))
		write(t, dir, who+"/a.ann", []byte("T1\tOrganization 0 4\tSony\n"))
	}
	write(t, dir, "annotation.conf", []byte("[entities]\nOrganization\n"))
	write(t, dir, "top.txt", []byte("An article beside the folders.\n"))
	write(t, dir, "top.ann", []byte("T1\tOrganization 3 10\tarticle\n"))
	write(t, dir, ".git/HEAD", []byte("ref: refs/heads/main\n"))
	write(t, dir, "bo/.a.txt.swp", []byte("x"))
	write(t, dir, "bo/README.md", []byte("notes\n"))
	res, err := Import(context.Background(), openStore(t), []string{dir}, ImportOptions{User: "me", LayersFromFolders: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "; ignored 1 file of other kinds; left out 1 hidden file and 1 hidden folder"; !strings.HasSuffix(res.Summary(), want) {
		t.Errorf("summary %q; want it to end %q", res.Summary(), want)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{
		"hidden folder not read: " + filepath.Join(dir, ".git") + " (1 file)",
		"-layers-from-folders: 2 files beside the annotators' folders, in no one's layer, not read: " + filepath.Join(dir, "top.ann") + ", " + filepath.Join(dir, "top.txt"),
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes\n%s\nlack\n%s", notes, want)
		}
	}
}

// A field of skein's JSONL that skein does not read is named in a note,
// not dropped in silence.
func TestImportNamesUnknownFields(t *testing.T) {
	line := `{"text":"Sony said so today.","foo":{"a":1},"spans":[{"id":"00000000000000a1","start":0,"end":4,"text":"Sony","label":"actor","annotator":"al","weight":0.5}]}` + "\n"
	path := write(t, t.TempDir(), "script.jsonl", []byte(line+strings.NewReplacer("today", "again", "a1", "b2").Replace(line)))
	res, err := Import(context.Background(), openStore(t), []string{path}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, want := range []string{"script.jsonl: field foo on 2 lines left out (skein does not read it; the first at line 1)", "script.jsonl: field spans[].weight on 2 lines left out (skein does not read it; the first at line 1)"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// No importer drops a field it does not read without a word: each names the
// field once, with how many values it left out and where the first was,
// and what it does read still comes in.
func TestImportNamesFieldsItLeavesOut(t *testing.T) {
	for _, tc := range []struct {
		name, file, body string
		want             []string
		spans            int
	}{
		{"doccano", "d.jsonl", `{"text":"Sony said so.","entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":4,"score":0.9}],"relations":[],"meta":{"src":"wire","tags":["a","b"]},"reviewers":["al"]}` + "\n" +
			`{"text":"Sony said it again.","entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":4,"score":0.8},{"id":2,"label":"claim","start_offset":5,"end_offset":18}],"relations":[{"id":1,"from_id":1,"to_id":2,"type":"x","weight":2}],"meta":{"tags":[]}}` + "\n",
			[]string{"doccano: 2 values of field entities[].score left out (skein does not read it; the first at d.jsonl:1)",
				"doccano: 1 value of field meta.tags left out (skein does not read it; at d.jsonl:1)",
				"doccano: 1 value of field reviewers left out (skein does not read it; at d.jsonl:1)",
				"doccano: 1 value of field relations[].weight left out (skein does not read it; at d.jsonl:2)"}, 3},
		{"prodigy", "p.jsonl", `{"text":"Sony said so.","_input_hash":1,"_task_hash":2,"answer":"accept","meta":{"source":"wire","scores":[1]},"spans":[{"start":0,"end":4,"label":"ORG","source":"en_core_web_sm","input_hash":1}],"_session_id":"s","_view_id":"ner_manual"}` + "\n",
			[]string{"Prodigy: 1 value of field spans[].source left out (skein does not read it; at p.jsonl:1)",
				"Prodigy: 1 value of field spans[].input_hash left out (skein does not read it; at p.jsonl:1)",
				"Prodigy: 1 value of field meta.scores left out (skein does not read it; at p.jsonl:1)",
				"Prodigy: 1 value of field _session_id left out (skein does not read it; at p.jsonl:1)"}, 1},
		{"labelstudio", "ls.json", `[
{"id":1,"data":{"text":"Sony said so.","links":["u"]},"created_at":"2024-01-01","inner_id":1,"flags":{"x":1},
 "annotations":[{"id":7,"completed_by":3,"lead_time":1.5,"reviews":[1],"result":[
  {"id":"r1","type":"labels","from_name":"label","to_name":"text","origin":"manual","confidence":1,
   "value":{"start":0,"end":4,"text":"Sony","labels":["actor"],"colour":"red"}}]}]}
]`,
			[]string{"Label Studio: 1 value of field flags left out (skein does not read it; at ls.json:2)",
				"Label Studio: 1 value of field data.links left out (skein does not read it; at ls.json:2)",
				"Label Studio: 1 value of field annotations[].reviews left out (skein does not read it; at ls.json:2)",
				"Label Studio: 1 value of field annotations[].result[].confidence left out (skein does not read it; at ls.json:2)",
				"Label Studio: 1 value of field annotations[].result[].value.colour left out (skein does not read it; at ls.json:2)",
				"Label Studio: 5 values of Label Studio's own bookkeeping left out (IDs, times, counts: they describe its project, not the text) (created_at; inner_id; id; …)"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			path := write(t, t.TempDir(), tc.file, []byte(tc.body))
			res, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me"})
			if err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(res.Notes, "\n")
			for _, want := range tc.want {
				if !strings.Contains(notes, want) {
					t.Errorf("notes lack %q:\n%s", want, notes)
				}
			}
			if res.Spans != tc.spans {
				t.Errorf("imported %d spans, want %d", res.Spans, tc.spans)
			}
		})
	}
}

// A bad byte is placed on its line as an editor shows it, not only by its
// offset in the file.
func TestImportBadByteNamesItsLine(t *testing.T) {
	text := "First line of the article.\nSecond line.\nThird line with caf\xe9 in it.\n"
	path := write(t, t.TempDir(), "old.txt", []byte(text))
	_, err := Import(context.Background(), openStore(t), []string{path}, ImportOptions{User: "me"})
	if want := "old.txt:3: not UTF-8: invalid byte 0xe9 at byte 19 of the line, column 20 (byte 59 of the file)"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v; want %q", err, want)
	}
}

// An empty value (null, {} or []) says nothing: no note for it.
func TestImportPassesOverEmptyFields(t *testing.T) {
	body := `[{"id":1,"data":{"text":"Sony said so."},"meta":{},"drafts":[],"flags":null,"annotations":[{"completed_by":3,"result":[],"reviews":[]}]}]`
	path := write(t, t.TempDir(), "ls.json", []byte(body))
	res, err := Import(context.Background(), openStore(t), []string{path}, ImportOptions{User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Notes {
		if strings.Contains(n, "field") {
			t.Errorf("a note for an empty field: %s", n)
		}
	}
}

// Notes that only count (no examples to tell them apart) add up across the
// files and folders an import reads: two doccano files each with a span
// twice said "1 identical span imported once" once, and two brat folders
// with 2 and 1 said both apart, never 3 (a note was kept once by its text).
func TestImportSumsCountingNotes(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a", "b"} {
		write(t, dir, n+".jsonl", []byte(`{"text": "Sony said `+n+`.", "label": [[0, 4, "actor"], [0, 4, "actor"]]}`+"\n"))
	}
	write(t, dir, "x/a.txt", []byte("Sony and Kakar said a.\n"))
	write(t, dir, "x/a.ann", []byte("T1\tactor 0 4\tSony\nT2\tactor 0 4\tSony\nT3\tactor 9 14\tKakar\nT4\tactor 9 14\tKakar\n"))
	write(t, dir, "y/b.txt", []byte("Sony said b.\n"))
	write(t, dir, "y/b.ann", []byte("T1\tactor 0 4\tSony\nT2\tactor 0 4\tSony\n"))
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")}, "doccano: 2 identical spans imported once"},
		{[]string{filepath.Join(dir, "x"), filepath.Join(dir, "y")}, "brat: 3 identical spans imported once"},
	} {
		res, err := Import(context.Background(), openStore(t), tc.paths, ImportOptions{User: "me"})
		if err != nil {
			t.Fatal(err)
		}
		var said []string
		for _, n := range res.Notes {
			if strings.Contains(n, "identical span") {
				said = append(said, n)
			}
		}
		if len(said) != 1 || said[0] != tc.want {
			t.Errorf("%v: notes %q, want one %q", tc.paths, said, tc.want)
		}
	}
}

// One import of files of several formats with the same new label says it
// once, naming what each format calls it: a CoNLL file and a doccano file
// with LOC said "CoNLL tag LOC becomes user label LOC" and then "doccano
// label LOC becomes user label LOC". A label one format alone brings, and
// two files (or brat folders, or brat files in two folders) of one format,
// keep the line as it was.
func TestImportSaysANewLabelOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.conll", []byte("Quetta B-LOC\nwas O\nquiet O\n\nKakar B-PER\nspoke O\n"))
	write(t, dir, "b.jsonl", []byte(`{"text": "Rain in Quetta.", "label": [[8, 14, "LOC"]]}`+"\n"))
	write(t, dir, "c.jsonl", []byte(`{"text": "Snow in Quetta.", "label": [[8, 14, "LOC"]]}`+"\n"))
	write(t, dir, "x/d.txt", []byte("Wind in Quetta.\n"))
	write(t, dir, "x/d.ann", []byte("T1\tLOC 8 14\tQuetta\n"))
	write(t, dir, "y/e.txt", []byte("Hail in Quetta.\n"))
	write(t, dir, "y/e.ann", []byte("T1\tLOC 8 14\tQuetta\n"))
	per := "CoNLL tag PER becomes user label PER"
	for _, tc := range []struct {
		paths []string
		want  []string
	}{
		{[]string{dir}, []string{"label LOC (brat type, CoNLL tag, doccano label) becomes user label LOC", per}},
		{[]string{filepath.Join(dir, "x", "d.ann"), filepath.Join(dir, "y", "e.ann"), filepath.Join(dir, "a.conll")},
			[]string{"label LOC (brat type, CoNLL tag) becomes user label LOC", per}},
		{[]string{filepath.Join(dir, "b.jsonl"), filepath.Join(dir, "c.jsonl")}, []string{"doccano label LOC becomes user label LOC"}},
	} {
		res, err := Import(context.Background(), openStore(t), tc.paths, ImportOptions{User: "me"})
		if err != nil {
			t.Fatal(err)
		}
		var said []string
		for _, n := range res.Notes {
			if strings.Contains(n, "becomes user label") {
				said = append(said, n)
			}
		}
		if !slices.Equal(said, tc.want) {
			t.Errorf("%d paths: notes %q, want %q", len(tc.paths), said, tc.want)
		}
	}
}
