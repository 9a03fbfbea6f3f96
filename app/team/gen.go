package team

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/transfer"
)

// GenFolder writes into dir a team folder as colleagues would leave it:
// articles of ~1.9 KB, and annotators (ann00, ann01, …) each with spans
// spans on every article, one machine each. It is the same folder for the
// same arguments (the span IDs aside): what the benchmarks and tests of a
// first sync read, here and in app.
func GenFolder(dir string, annotators, articles, spans int) error {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("Pakistan blames Afghanistan for attacks; Kabul denies it. The caretaker prime minister said 60% of suicide bombers were Afghan nationals, a figure officials could not confirm — the Taliban’s spokesman called it baseless.")
	if err := os.MkdirAll(filepath.Join(dir, "articles"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, transfer.TeamMarker), []byte("{\"format\":1}\n"), 0o644); err != nil {
		return err
	}
	docs := make([]*annotate.Document, articles)
	var abuf bytes.Buffer
	ajw := annotate.NewJSONLWriter(&abuf)
	for i := range docs {
		var sb strings.Builder
		fmt.Fprintf(&sb, "Article %d. ", i)
		for sb.Len() < 1900 {
			sb.WriteString(words[rng.IntN(len(words))])
			sb.WriteByte(' ')
		}
		text := sb.String()
		d := &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprintf("Article %d", i), Text: text}
		docs[i] = d
		abuf.Reset()
		ajw.Write(annotate.EncodeDocLine(d, nil, nil, nil))
		ajw.Flush()
		if err := os.WriteFile(filepath.Join(dir, "articles", d.ID+".jsonl"), abuf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	for a := 0; a < annotators; a++ {
		name := fmt.Sprintf("ann%02d", a)
		ldir := filepath.Join(dir, "layers", name, fmt.Sprintf("%016x", a+1))
		if err := os.MkdirAll(ldir, 0o755); err != nil {
			return err
		}
		bufs := map[string]*bytes.Buffer{}
		jws := map[string]*annotate.JSONLWriter{}
		for _, d := range docs {
			n := len([]rune(d.Text))
			var ss []*annotate.Span
			for k := 0; k < spans; k++ {
				start := k * (n / spans)
				ss = append(ss, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Annotator: name, Label: "claim",
					Fragments: []annotate.Fragment{{Start: start, End: start + 5 + rng.IntN(20)}}, Created: 1764000000000})
			}
			line := annotate.EncodeDocLine(d, ss, []annotate.LayerInfo{{Annotator: name, Modified: 1764000000000}}, nil)
			line.Text, line.Title, line.Source, line.Date = "", "", "", ""
			bk := d.ID[:2] + ".jsonl"
			if bufs[bk] == nil {
				bufs[bk] = &bytes.Buffer{}
				jws[bk] = annotate.NewJSONLWriter(bufs[bk])
			}
			jws[bk].Write(line)
		}
		for bk, buf := range bufs {
			jws[bk].Flush()
			if err := os.WriteFile(filepath.Join(ldir, bk), buf.Bytes(), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// GenFolderOnce is GenFolder into cache/AxN (A annotators, N articles, 10
// spans each), written once and read again by later runs (a marker file
// AxN.done says it is whole): the size takes a minute to write,
// and old and new code can then be measured in turn in the same minutes.
func GenFolderOnce(cache string, annotators, articles int) (string, error) {
	folder := filepath.Join(cache, fmt.Sprintf("%dx%d", annotators, articles))
	if _, err := os.Stat(folder + ".done"); err == nil {
		return folder, nil
	}
	if err := os.RemoveAll(folder); err != nil {
		return "", err
	}
	if err := GenFolder(folder, annotators, articles, 10); err != nil {
		return "", err
	}
	return folder, os.WriteFile(folder+".done", nil, 0o644)
}
