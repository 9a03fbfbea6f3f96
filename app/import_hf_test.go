package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// A Hugging Face dataset's rows saved under a name skein does not know
// (ner.rows) are refused with a choice of format, hf among them: chosen,
// the rows come in with their spans, the tag numbers named by the label
// list beside them.
func TestImportAsHuggingFace(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	dir := t.TempDir()
	path := filepath.Join(dir, "ner.rows")
	for name, body := range map[string]string{
		"ner.rows":        `{"tokens":["Kakar","👍","said","so","."],"ner_tags":[1,0,0,0,0]}` + "\n",
		"ner.labels.json": `["O","B-actor","I-actor"]` + "\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	importAs(t, w, path, "hf")
	text := "Kakar 👍 said so ."
	spans, err := st.Spans(annotate.DocID(text))
	if err != nil || len(spans) != 1 || spans[0].Label != "actor" || spans[0].Start() != 0 || spans[0].End() != 5 || spans[0].Annotator != "alice" {
		t.Errorf("stored %v (%v), want alice's actor span over Kakar in %q", spans, err, text)
	}
}
