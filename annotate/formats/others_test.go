package formats

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// The files in testdata/others have the shapes other tools' exports, and
// scripts around them, really take. Each test reads one as a researcher
// would and checks every span against the file: offsets in code points,
// after an emoji (👍, 🙂) and a mathematical letter (𝐀), all beyond U+FFFF.

// doccano's IDs are numbers, but a script's file (or a table saved through
// pandas) writes them as strings: "e1", or "1" for the number 1. They name
// the entities just as well, and a relation finds its entities by them.
func TestOthersDoccanoStringIDs(t *testing.T) {
	b := mustBatch(t)(ReadDoccano(bytes.NewReader(readFixture(t, "others/doccano-string-ids.jsonl")), "doccano-string-ids.jsonl", Options{Annotator: "al"}))
	want := map[string]bool{
		spanFact("Sony 👍 said 𝐀 Ayesha left.", 0, 4, "ORG"):      true,
		spanFact("Sony 👍 said 𝐀 Ayesha left.", 14, 20, "PERSON"): true,
		spanFact("Aiwa 🙂 sold to Sony.", 0, 4, "ORG"):            true,
		spanFact("Aiwa 🙂 sold to Sony.", 15, 19, "ORG"):          true,
	}
	want["works_for: "+spanFact("Sony 👍 said 𝐀 Ayesha left.", 14, 20, "PERSON")+" → "+spanFact("Sony 👍 said 𝐀 Ayesha left.", 0, 4, "ORG")] = true
	want["sold_to: "+spanFact("Aiwa 🙂 sold to Sony.", 0, 4, "ORG")+" → "+spanFact("Aiwa 🙂 sold to Sony.", 15, 19, "ORG")] = true
	sameSets(t, "doccano with string IDs", batchFacts(b), want)
	if len(b.Docs) != 3 || b.Docs[0].Meta["doccano_id"] != "a1" || b.Docs[1].Meta["doccano_id"] != "2" {
		t.Errorf("got %d documents, first IDs %v, %v; want 3, a1 and 2", len(b.Docs), b.Docs[0].Meta, b.Docs[1].Meta)
	}
	checkBatch(t, b)

	// An ID that is neither is refused, saying which and what it is.
	for _, c := range []struct{ in, want string }{
		{`{"id":{"n":1},"text":"Sony."}`, `f:1: "id": an ID is a number or a string, not an object`},
		{`{"text":"Sony.","entities":[{"id":true,"start_offset":0,"end_offset":4,"label":"ORG"}]}`, "f:1: entities 1: id: an ID is a number or a string, not true or false"},
		{`{"text":"Sony.","entities":[{"id":1,"start_offset":0,"end_offset":4,"label":"ORG"}],"relations":[{"from_id":[1],"to_id":1,"type":"x"}]}`, "f:1: relation 1: an ID is a number or a string, not an array"},
	} {
		_, errs := ReadDoccano(strings.NewReader(c.in), "f", Options{Annotator: "al"})
		if len(errs) != 1 || errs[0].Error() != c.want {
			t.Errorf("%s: got %v, want one problem %q", c.in, errs, c.want)
		}
	}
}

// CoNLL-U's comment lines, which Universal Dependencies' corpora, spaCy
// and Stanza write before each sentence ("# text = …", "# sent_id = 1"),
// are not tokens: read as such, they became words of the text and their
// last word a label ("1", "left."). "# newdoc" starts an article as
// -DOCSTART- does, and a token "#" with its tags stays a token.
func TestOthersCoNLLComments(t *testing.T) {
	b := mustBatch(t)(ReadCoNLL(bytes.NewReader(readFixture(t, "others/conllu-comments.conll")), "conllu-comments.conll", Options{Annotator: "al"}))
	first, second := "Sony 👍 said # Ayesha left .\n𝐀 fine day .", "The U.N. said"
	want := map[string]bool{
		spanFact(first, 0, 4, "ORG"):     true,
		spanFact(first, 14, 20, "PER"):   true,
		spanFact(first, 28, 38, "claim"): true,
		spanFact(second, 4, 8, "ORG"):    true,
	}
	sameSets(t, "CoNLL-U with comments", batchFacts(b), want)
	if len(b.Docs) != 2 || b.Docs[0].Text != first || b.Docs[1].Text != second {
		var got []string
		for _, d := range b.Docs {
			got = append(got, d.Text)
		}
		t.Errorf("articles %q, want %q and %q", got, first, second)
	}
	notes := strings.Join(b.Notes, "\n")
	if !strings.Contains(notes, "CoNLL: 5 comment lines (# text = …, # sent_id = …) left out (conllu-comments.conll:2; conllu-comments.conll:3; conllu-comments.conll:12; …)") {
		t.Errorf("notes do not count the comments:\n%s", notes)
	}
	checkBatch(t, b)
}

// A Label Studio task labelled with HyperText or Paragraphs, rather than
// Text, has regions that name HTML elements or paragraphs of a dialogue:
// skein cannot place them in one text. The task is refused, saying so,
// where it was imported whole — its HTML as an article's text — with
// every region left out and a note about "results of other types".
func TestOthersLabelStudioOtherRegions(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"labelstudio-hypertext.json", "labelstudio-hypertext.json:2: task 1 annotation 1 result 1: a hypertextlabels region (HyperText labelling, whose start and end are XPaths into HTML): skein reads the regions of Label Studio's Text labelling (type labels, offsets into data.text) only"},
		{"labelstudio-paragraphs.json", "labelstudio-paragraphs.json:2: task 1: its regions are in data.dialogue, which is an array, not a text (want data.text, labelled with Label Studio's Text labelling)"},
		{"labelstudio-paragraphs-text.json", "labelstudio-paragraphs-text.json:2: task 1 annotation 1 result 2: a paragraphlabels region (Paragraphs labelling, whose offsets count in one paragraph of a dialogue): skein reads the regions of Label Studio's Text labelling (type labels, offsets into data.text) only"},
	} {
		t.Run(c.file, func(t *testing.T) {
			b, errs := ReadLabelStudio(bytes.NewReader(readFixture(t, "others/"+c.file)), c.file, Options{Annotator: "al"})
			if b != nil || len(errs) != 1 || errs[0].Error() != c.want {
				t.Errorf("got a batch %v and %v;\nwant no batch and one problem %q", b != nil, errs, c.want)
			}
		})
	}
}

// Prodigy's named sessions (?session=alice) give every record an
// _annotator_id ("news-alice": the dataset, then the session), and a text
// several people answered is several records with one _input_hash. Each
// record's spans and answer go to the layer it names: read into one
// layer, alice's accepted spans stood under bob's later "reject" (the
// answer replaced) and agreement between them could not be measured.
func TestOthersProdigySessions(t *testing.T) {
	b := mustBatch(t)(ReadProdigy(bytes.NewReader(readFixture(t, "others/prodigy-sessions.jsonl")), "prodigy-sessions.jsonl", Options{Annotator: "me"}))
	sony, aiwa, none, kabul := "Sony 👍 said 𝐀 Ayesha left.", "Aiwa 🙂 sold to Sony.", "No session named.", "Kabul 🙂 replied."
	got := map[string]bool{}
	for _, s := range b.Spans {
		d := docOf(b, s.Doc)
		got[s.Annotator+" "+spanFact(d.Text, s.Start(), s.End(), s.Label)] = true
	}
	sameSets(t, "spans by layer", got, map[string]bool{
		"news-alice " + spanFact(sony, 0, 4, "ORG"):      true,
		"news-alice " + spanFact(sony, 14, 20, "PERSON"): true,
		"me " + spanFact(none, 0, 2, "X"):                true,
		"news-alice " + spanFact(kabul, 0, 5, "GPE"):     true,
	})
	answers := map[string]bool{}
	for _, m := range b.Marks {
		answers[fmt.Sprintf("%s %.6s %s", m.Annotator, m.Doc, m.Answer)] = true
	}
	sameSets(t, "answers by layer", answers, map[string]bool{
		"news-alice " + annotate.DocID(sony)[:6] + " accept":  true,
		"news-bob " + annotate.DocID(sony)[:6] + " reject":    true,
		"news-bob " + annotate.DocID(aiwa)[:6] + " accept":    true,
		"news-alice " + annotate.DocID(aiwa)[:6] + " ignore":  true,
		"me " + annotate.DocID(none)[:6] + " accept":          true,
		"news-alice " + annotate.DocID(kabul)[:6] + " accept": true,
	})
	notes := strings.Join(b.Notes, "\n")
	if strings.Contains(notes, "answer replaced") || !strings.Contains(notes, "Prodigy: records put in the layers their _annotator_id names: news-alice, news-bob\n") {
		t.Errorf("notes:\n%s", notes)
	}
	checkBatch(t, b)

	// Exported to Prodigy, a task that is one layer's says whose it is,
	// so it comes back to that layer; one of several layers merged is
	// counted as such.
	var out bytes.Buffer
	ex, _ := NewExporter("prodigy", &out, "")
	lost := exportBatch(t, ex, b)
	if l := strings.Join(lost, "\n"); !strings.Contains(l, "prodigy: 2 documents of several annotators written as one task, their layers merged (a task names one _annotator_id)") {
		t.Errorf("left out:\n%s", l)
	}
	b2, errs := ReadProdigy(bytes.NewReader(out.Bytes()), "out.jsonl", Options{Annotator: "someone"})
	if len(errs) > 0 {
		t.Fatalf("re-import: %v", errs)
	}
	back := map[string]bool{}
	for _, s := range b2.Spans {
		back[s.Annotator+" "+spanFact(docOf(b2, s.Doc).Text, s.Start(), s.End(), s.Label)] = true
	}
	sameSets(t, "spans by layer, exported and read back", back, map[string]bool{
		// alice's spans and bob's reject: merged, written without a layer
		"someone " + spanFact(sony, 0, 4, "ORG"):      true,
		"someone " + spanFact(sony, 14, 20, "PERSON"): true,
		"me " + spanFact(none, 0, 2, "X"):             true,
		"news-alice " + spanFact(kabul, 0, 5, "GPE"):  true,
	})
}

// Hugging Face token classification, as datasets' to_json writes
// conll2003 (tags as numbers, their names in the dataset's ClassLabel,
// here the label list beside the rows) and as skein's export writes it
// (rows of one article sharing "doc"; tags as names here).
func TestOthersHuggingFace(t *testing.T) {
	names, path, err := HFLabelList(filepath.Join("testdata", "others", "hf-rows.jsonl"))
	if err != nil || len(names) != 9 || filepath.Base(path) != "hf-rows.labels.json" {
		t.Fatalf("label list: got %v from %q (%v), want conll2003's 9 names from hf-rows.labels.json", names, path, err)
	}
	b := mustBatch(t)(ReadHF(bytes.NewReader(readFixture(t, "others/hf-rows.jsonl")), "hf-rows.jsonl", names, Options{Annotator: "al"}))
	sony, aiwa := "Sony 👍 said 𝐀 Ayesha left .", "Aiwa 🙂 sold to Sony Music ."
	sameSets(t, "conll2003 rows", batchFacts(b), map[string]bool{
		spanFact(sony, 0, 4, "ORG"):   true,
		spanFact(sony, 14, 20, "PER"): true,
		spanFact(aiwa, 0, 4, "ORG"):   true,
		spanFact(aiwa, 15, 25, "ORG"): true,
	})
	wantNotes(t, b, "Hugging Face: 2 values of field pos_tags left out (skein does not read it; the first at hf-rows.jsonl:1)", "Hugging Face: 2 values of field chunk_tags left out (skein does not read it; the first at hf-rows.jsonl:1)")
	checkBatch(t, b)

	// Numbers without their names are refused: a label cannot be made up.
	_, errs := ReadHF(bytes.NewReader(readFixture(t, "others/hf-rows.jsonl")), "hf-rows.jsonl", nil, Options{Annotator: "al"})
	if len(errs) != 2 || !strings.HasPrefix(errs[0].Error(), "hf-rows.jsonl:1: ner_tags 1: tag 3 is a number and no label list names it") || !strings.HasSuffix(errs[0].Error(), "beside the file as hf-rows.labels.json") {
		t.Errorf("without the label list: got %v", errs)
	}
	for _, c := range []struct{ in, want string }{
		{`{"tokens":["Sony","said"],"ner_tags":[3]}`, "f.jsonl:1: 2 tokens but 1 tag"},
		{`{"tokens":["Sony"],"ner_tags":[9]}`, "f.jsonl:1: ner_tags 1: tag 9 is not in the label list, which names 9 tags (0 to 8)"},
		{`{"tokens":["Sony"],"ner_tags":[1.5]}`, `f.jsonl:1: ner_tags 1: tag "1.5" is not a whole number`},
		{`{"tokens":[" "],"ner_tags":[0]}`, "f.jsonl:1: token 1 is empty or white space"},
	} {
		_, errs := ReadHF(strings.NewReader(c.in), "f.jsonl", names, Options{Annotator: "al"})
		if len(errs) != 1 || errs[0].Error() != c.want {
			t.Errorf("%s: got %v, want one problem %q", c.in, errs, c.want)
		}
	}

	// skein's own rows: the sentences of one "doc" are one article.
	b = mustBatch(t)(ReadHF(bytes.NewReader(readFixture(t, "others/hf-names.jsonl")), "hf-names.jsonl", nil, Options{Annotator: "al"}))
	d1 := "Sony 👍 said 𝐀 Ayesha left .\nKabul replied ."
	sameSets(t, "skein's rows", batchFacts(b), map[string]bool{
		spanFact(d1, 0, 4, "actor"):   true,
		spanFact(d1, 7, 25, "claim"):  true,
		spanFact(d1, 28, 33, "actor"): true,
	})
	if len(b.Docs) != 2 || b.Docs[1].Text != "Nothing ." {
		t.Errorf("got %d articles, want 2, the second \"Nothing .\"", len(b.Docs))
	}
}

// An article exported as Hugging Face rows and as CoNLL reads back the
// same from either: the same text, the same spans.
func TestOthersHuggingFaceRoundTrip(t *testing.T) {
	b, errs := ReadDoccano(bytes.NewReader(readFixture(t, "others/doccano-string-ids.jsonl")), "d.jsonl", Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	read := map[string]*Batch{}
	for _, format := range []string{"hf", "conll"} {
		path := filepath.Join(dir, "out."+format)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := NewExporter(format, f, "")
		if err != nil {
			t.Fatal(err)
		}
		exportBatch(t, ex, b)
		f.Close()
		in, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		if format == "hf" {
			names, _, err := HFLabelList(path)
			if err != nil || names == nil {
				t.Fatalf("the export's label list: %v, %v", names, err)
			}
			read[format], errs = ReadHF(in, "out.hf", names, Options{Annotator: "al"})
		} else {
			read[format], errs = ReadCoNLL(in, "out.conll", Options{Annotator: "al"})
		}
		if len(errs) > 0 {
			t.Fatalf("%s read back: %v", format, errs)
		}
	}
	if len(read["hf"].Spans) != 4 {
		t.Errorf("read back %d spans from hf, want 4", len(read["hf"].Spans))
	}
	sameSets(t, "hf read back against conll read back", batchFacts(read["hf"]), batchFacts(read["conll"]))
}

// A Label Studio project of several people, exported as JSON: annotators
// as numbers and as objects, a cancelled annotation, a draft, predictions
// (one task has nothing else), a choice and text areas beside the
// regions, and offsets in UTF-16 units after an emoji (this version's),
// which the regions' text tells from code points. A draft is work not
// submitted, which the note says, not Label Studio's bookkeeping "IDs,
// times, counts" as it was.
func TestOthersLabelStudioTeam(t *testing.T) {
	b := mustBatch(t)(ReadLabelStudio(bytes.NewReader(readFixture(t, "others/labelstudio-team.json")), "labelstudio-team.json", Options{Annotator: "me"}))
	sony := "Sony 👍 said 𝐀 Ayesha left."
	got := map[string]bool{}
	for _, s := range b.Spans {
		got[s.Annotator+" "+spanFact(docOf(b, s.Doc).Text, s.Start(), s.End(), s.Label)+" "+s.Note] = true
	}
	sameSets(t, "spans by layer", got, map[string]bool{
		"labelstudio-1 " + spanFact(sony, 0, 4, "ORG") + " ":                     true,
		"labelstudio-1 " + spanFact(sony, 14, 20, "PERSON") + " per-region note": true,
		"bob@example.org " + spanFact(sony, 0, 4, "PERSON") + " ":                true,
	})
	if len(b.Docs) != 2 || len(b.Threads) != 1 {
		t.Errorf("got %d documents and %d links, want 2 (one of predictions only) and 1", len(b.Docs), len(b.Threads))
	}
	wantNotes(t, b,
		"Label Studio: 1 draft left out (work saved in Label Studio but not submitted: only submitted annotations are imported)",
		"Label Studio: 2 predictions left out (only annotations are imported)",
		"Label Studio: 1 cancelled annotation left out",
		"Label Studio: 1 result of other types (choices, ratings …) left out (choices)",
		"Label Studio: 1 text area about the whole task left out")
	if notes := strings.Join(b.Notes, "\n"); strings.Contains(notes, "drafts;") {
		t.Errorf("drafts counted as bookkeeping:\n%s", notes)
	}
	checkBatch(t, b)
}

// A Label Studio export as Label Studio writes it, each result naming its
// labelling control (from_name) and its text (to_name), is read without a
// note: from_name was noted as "Label Studio's own bookkeeping left out"
// on every file, a note that told a researcher nothing.
func TestLabelStudioFromNameIsNoNote(t *testing.T) {
	const ls = `[{"id":1,"data":{"text":"Sony said so."},"annotations":[{"completed_by":3,"result":[
  {"id":"r1","type":"labels","from_name":"label","to_name":"text","value":{"start":0,"end":4,"text":"Sony","labels":["actor"]}}]}]}]`
	b := mustBatch(t)(ReadLabelStudio(strings.NewReader(ls), "ls.json", Options{Annotator: "me"}))
	if len(b.Spans) != 1 || len(b.Notes) != 0 {
		t.Errorf("got %d spans and notes %q, want the span and no note", len(b.Spans), b.Notes)
	}
}

// A whole brat collection, as brat's data folder holds it: subfolders,
// the four .conf files at the top, two documents named a in different
// folders, a .txt without its .ann (not yet annotated), CRLF line ends
// (brat counts the CR) and characters beyond U+FFFF before the spans; a
// discontinuous span, AnnotatorNotes, a normalization, an Equiv set, and
// attributes on events. Every T line is a span where it was; the notes
// name each .ann by its path below the folder ("wire/a.ann A1"), where
// both were "a.ann".
func TestOthersBratCollection(t *testing.T) {
	b := mustBatch(t)(ReadBrat(filepath.Join("testdata", "others", "brat-collection"), Options{Annotator: "al", Below: filepath.Join("testdata", "others", "brat-collection")}))
	news, wire := "Sony 👍 said 𝐀 Ayesha left\r\nthe city.\r\n", "Aiwa 🙂 sold to Sony.\n"
	want := map[string]bool{
		spanFact(news, 0, 4, "actor"):                                 true,
		spanFact(news, 14, 20, "actor"):                               true,
		spanFact(news, 27, 30, "Trade"):                               true,
		spanFact(wire, 0, 4, "Organization"):                          true,
		spanFact(wire, 15, 19, "Organization"):                        true,
		spanFact(wire, 7, 11, "Trade"):                                true,
		"claim 7–11;31–35 \"said city\" @" + annotate.DocID(news)[:6]: true,
	}
	for _, l := range []string{
		"Buyer: " + spanFact(news, 27, 30, "Trade") + " → " + spanFact(news, 0, 4, "actor"),
		"Seller: " + spanFact(news, 27, 30, "Trade") + " → " + spanFact(news, 14, 20, "actor"),
		"supports: " + spanFact(news, 0, 4, "actor") + " → claim 7–11;31–35 \"said city\" @" + annotate.DocID(news)[:6],
		"Seller: " + spanFact(wire, 7, 11, "Trade") + " → " + spanFact(wire, 0, 4, "Organization"),
		"Buyer: " + spanFact(wire, 7, 11, "Trade") + " → " + spanFact(wire, 15, 19, "Organization"),
	} {
		want[l] = true
	}
	sameSets(t, "brat collection", batchFacts(b), want)
	bySource := map[string]*annotate.Document{}
	for _, d := range b.Docs {
		bySource[d.Source] = d
	}
	if len(b.Docs) != 3 || bySource["news/2023/a.txt"] == nil || bySource["wire/a.txt"] == nil || bySource["wire/b.txt"] == nil {
		t.Errorf("documents %v, want news/2023/a.txt, wire/a.txt and wire/b.txt", bySource)
	}
	doc := bySource["news/2023/a.txt"]
	if s := spanAt(t, b, doc, "actor", "Ayesha"); s.Note != "checked 👍" {
		t.Errorf("AnnotatorNotes read as %q", s.Note)
	}
	if s := spanAt(t, b, doc, "actor", "Sony"); len(s.Norms) != 1 || s.Norms[0].DB != "Wikipedia" || s.Norms[0].ID != "534366" {
		t.Errorf("normalization read as %+v", s.Norms)
	}
	if s := spanAt(t, b, doc, "Trade", "the"); s.Attrs["Confidence"] != "High" || s.Attrs["Negation"] != "" || len(s.Attrs) != 2 {
		t.Errorf("the event's attributes on its trigger: %v", s.Attrs)
	}
	var equiv []string
	for _, th := range b.Threads {
		if th.Kind == annotate.KindEquiv {
			for _, m := range th.Members {
				for _, s := range b.Spans {
					if s.ID == m.Span {
						equiv = append(equiv, annotate.NewText(doc.Text).Fragments(s.Fragments))
					}
				}
			}
		}
	}
	if strings.Join(equiv, "|") != "Sony|Ayesha" {
		t.Errorf("equivalence set %q, want Sony and Ayesha", equiv)
	}
	notes := strings.Join(b.Notes, "\n")
	if want := "brat: 3 attributes, normalizations and notes on events put on the event's trigger span (news/2023/a.ann:6 A1; news/2023/a.ann:7 A2; wire/a.ann:5 A1)"; !strings.Contains(notes, want) {
		t.Errorf("notes lack %q:\n%s", want, notes)
	}
	checkBatch(t, b)
}

// mustBatch is the batch a reader returned, failing the test at once
// where it found problems: mustBatch(t)(ReadDoccano(…)).
func mustBatch(t *testing.T) func(*Batch, []error) *Batch {
	return func(b *Batch, errs []error) *Batch {
		t.Helper()
		if len(errs) > 0 {
			t.Fatalf("import: %v", errs)
		}
		return b
	}
}

// wantNotes fails the test for each of want that is not one of b's notes.
func wantNotes(t *testing.T, b *Batch, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(b.Notes, w) {
			t.Errorf("notes lack %q:\n%s", w, strings.Join(b.Notes, "\n"))
		}
	}
}

// A brat .txt saved by Notepad begins with a byte order mark, which brat
// reads as a character and counts in its offsets: the span stays where
// brat put it, and the article's date and title are read past the mark,
// where the title began with it (invisible, sorting apart) and the
// leading "date …" was not seen.
func TestOthersBratByteOrderMark(t *testing.T) {
	b := mustBatch(t)(ReadBrat(filepath.Join("testdata", "others", "brat-bom"), Options{Annotator: "al"}))
	text := "\ufeffdate 2024-05-28\nSony 👍 said so.\n"
	sameSets(t, "brat with a byte order mark", batchFacts(b), map[string]bool{spanFact(text, 17, 21, "actor"): true})
	if len(b.Docs) != 1 || b.Docs[0].Title != "Sony 👍 said so." || b.Docs[0].Date != "2024-05-28" {
		t.Errorf("got %d documents, the first titled %q, dated %q; want 1, %q, 2024-05-28", len(b.Docs), b.Docs[0].Title, b.Docs[0].Date, "Sony 👍 said so.")
	}
	checkBatch(t, b)
}

// Rows that all name one doc make one article, which past the largest
// article skein takes is refused from the row it passes it at, as a CoNLL
// file without blank lines is, the rows after it not held.
func TestOthersHuggingFaceTooLarge(t *testing.T) {
	var in strings.Builder
	row := `{"doc":"d","tokens":["` + strings.Repeat("x", 1<<20) + `"],"ner_tags":["O"]}` + "\n"
	n := annotate.MaxDocumentBytes/(1<<20) + 2
	for i := 0; i < n; i++ {
		in.WriteString(row)
	}
	in.WriteString(`{"tokens":["Sony"],"ner_tags":["B-ORG"]}` + "\n")
	b, errs := ReadHF(strings.NewReader(in.String()), "big.jsonl", nil, Options{Annotator: "al", SkipInvalid: true})
	at := 1 // the row the text's bytes, a token and a space each, pass the limit at
	for at*(1<<20+1) <= annotate.MaxDocumentBytes+1 {
		at++
	}
	want := fmt.Sprintf("big.jsonl:1: text: %s (its tokens pass %s at line %d)", annotate.ErrTooLarge, annotate.SizeName(annotate.MaxDocumentBytes), at)
	if len(errs) != 1 || errs[0].Error() != want || len(b.Docs) != 1 || b.Docs[0].Text != "Sony" {
		t.Errorf("got %v and %d articles; want one problem %q and the article after it", errs, len(b.Docs), want)
	}
}
