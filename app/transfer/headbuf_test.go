package transfer

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/skein-news/skein/store"
)

// notRead looks at the first 64 KB of every file an import reads in a
// buffer it gives back and takes again for the next (lookStart). Nothing
// an import keeps may be a slice of it: a title, a label, a span's text or
// a refusal quoting the file would then read as a later file's bytes. Many
// imports at once, each of files of several formats (skein's JSONL,
// doccano's, Label Studio's JSON, W3C's refused), some longer than the
// buffer, in labels, titles and texts their own: every article, span and
// refusal is read back byte for byte as its file wrote it.
func TestImportsAtOnceKeepNothingOfTheHeadBuffer(t *testing.T) {
	const imports, files = 8, 12
	sets := make([]*importSet, imports)
	for g := range sets {
		sets[g] = writeMany(t, g, files)
	}
	var wg sync.WaitGroup
	for _, s := range sets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.res, s.err = Import(context.Background(), s.st, []string{s.dir}, ImportOptions{User: "al", SkipInvalid: true})
		}()
	}
	wg.Wait()
	for g, s := range sets {
		s.check(t, g)
	}
}

// importSet is a folder of files an import reads, what each holds, and
// what the import did.
type importSet struct {
	dir     string
	st      *store.Store
	want    map[string]fileDoc // by text
	refused []string           // the files' names
	res     *Result
	err     error
}

// fileDoc is an article as a file of importMany writes it.
type fileDoc struct {
	title, text string
	spans       [][3]any // start, end, label
}

// writeMany writes files files of import g, each its own.
func writeMany(t *testing.T, g, files int) *importSet {
	dir := t.TempDir()
	want := map[string]fileDoc{}
	var refused []string
	for f := range files {
		tag := fmt.Sprintf("g%02df%02d", g, f)
		// Each text its own from its first byte: a head left over from
		// another file differs at once. Every third runs past 64 KB.
		text := fmt.Sprintf("%s: Kakar of %s said the TTP operates from Afghanistan. ", tag, tag)
		if f%3 == 0 {
			text += strings.Repeat(tag+" says more. ", 70<<10/len(tag+" says more. "))
		}
		d := fileDoc{title: "Title of " + tag + " «ü»", text: text, spans: [][3]any{{0, len(tag), "lab-" + tag}, {len(tag) + 2, len(tag) + 7, "actor-" + tag}}}
		switch f % 4 {
		case 0: // skein's JSONL
			var spans []map[string]any
			for i, s := range d.spans {
				spans = append(spans, map[string]any{"id": fmt.Sprintf("%s-s%d", tag, i), "start": s[0], "end": s[1], "text": string([]rune(text)[s[0].(int):s[1].(int)]), "label": s[2], "annotator": "bo"})
			}
			b, _ := json.Marshal(map[string]any{"title": d.title, "text": text, "spans": spans})
			write(t, dir, tag+".jsonl", append(b, '\n'))
		case 1: // doccano's JSONL
			var labels [][]any
			for _, s := range d.spans {
				labels = append(labels, []any{s[0], s[1], s[2]})
			}
			b, _ := json.Marshal(map[string]any{"text": text, "label": labels, "title": d.title})
			write(t, dir, tag+".jsonl", append(b, '\n'))
			d.title = "" // doccano's lines have no title of skein's
		case 2: // Label Studio's JSON
			var result []map[string]any
			for i, s := range d.spans {
				result = append(result, map[string]any{"id": fmt.Sprintf("r%d", i), "from_name": "label", "to_name": "text", "type": "labels",
					"value": map[string]any{"start": s[0], "end": s[1], "text": string([]rune(text)[s[0].(int):s[1].(int)]), "labels": []any{s[2]}}})
			}
			b, _ := json.MarshalIndent([]any{map[string]any{"id": f + 1, "data": map[string]any{"text": text, "title": d.title}, "annotations": []any{map[string]any{"id": 1, "result": result}}}}, "", " ")
			write(t, dir, tag+".json", b)
			d.title = ""
		case 3: // W3C's, refused by name
			b, _ := json.Marshal(map[string]any{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:" + tag, "type": "Annotation", "body": text})
			write(t, dir, tag+".json", b)
			refused = append(refused, tag+".json")
			continue
		}
		want[text] = d
	}
	return &importSet{dir: dir, st: openStore(t), want: want, refused: refused}
}

// check compares what import g wrote into its store, and what it refused,
// with its files, byte for byte.
func (s *importSet) check(t *testing.T, g int) {
	st, want, refused, res, err := s.st, s.want, s.refused, s.res, s.err
	if err != nil {
		t.Errorf("import %d: %v", g, err)
		return
	}
	var skipped []string
	for _, e := range res.Skipped {
		skipped = append(skipped, e.Error())
	}
	slices.Sort(skipped)
	for _, name := range refused {
		w := name + ": this is W3C Web Annotation (JSON-LD, \"@context\"), which skein writes (export -format w3c) but does not read: its annotations name their articles by IRI and carry no article text"
		if !slices.ContainsFunc(skipped, func(e string) bool { return e == w || strings.HasSuffix(e, string(filepath.Separator)+w) }) {
			t.Errorf("import %d: refusals %q, want %q among them", g, skipped, w)
		}
	}
	if len(skipped) != len(refused) {
		t.Errorf("import %d: %d refusals, want %d: %q", g, len(skipped), len(refused), skipped)
	}
	seen := 0
	err = st.Documents(context.Background(), func(info store.DocInfo) error {
		doc, err := st.Document(info.ID)
		if err != nil {
			return err
		}
		d, ok := want[doc.Text]
		if !ok {
			t.Errorf("import %d: an article no file wrote: %.80q", g, doc.Text)
			return nil
		}
		seen++
		if d.title != "" && doc.Title != d.title {
			t.Errorf("import %d: title %q, want %q", g, doc.Title, d.title)
		}
		spans, err := st.Spans(doc.ID)
		if err != nil {
			return err
		}
		var got, exp []string
		for _, s := range spans {
			got = append(got, fmt.Sprintf("%d-%d %s %q", s.Start(), s.End(), s.Label, string([]rune(doc.Text)[s.Start():s.End()])))
		}
		for _, s := range d.spans {
			exp = append(exp, fmt.Sprintf("%d-%d %s %q", s[0], s[1], s[2], string([]rune(d.text)[s[0].(int):s[1].(int)])))
		}
		slices.Sort(got)
		slices.Sort(exp)
		if !slices.Equal(got, exp) {
			t.Errorf("import %d: %.40q has spans %q, want %q", g, doc.Text, got, exp)
		}
		return nil
	})
	if err != nil {
		t.Errorf("import %d: %v", g, err)
	}
	if seen != len(want) {
		t.Errorf("import %d: %d articles, want %d", g, seen, len(want))
	}
}
