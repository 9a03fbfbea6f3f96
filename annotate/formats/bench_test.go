package formats

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/skein-news/skein/annotate"
)

// writeBratCorpus writes n brat documents of about 1.5 KB, each with 10
// annotations (seven spans, two relations, one attribute), into dir.
func writeBratCorpus(tb testing.TB, dir string, n int) {
	tb.Helper()
	para := "Minister Ana Díaz said on Monday that exports grew 12 percent 📈 in the third quarter, a claim critics called “fake”. "
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("Report %d\n%s\n", i, strings.Repeat(para, 12))
		base := len([]rune(fmt.Sprintf("Report %d\n", i)))
		var ann strings.Builder
		quote := func(id int, label, q string) {
			start := base + len([]rune(para[:strings.Index(para, q)]))
			fmt.Fprintf(&ann, "T%d\t%s %d %d\t%s\n", id, label, start, start+len([]rune(q)), q)
		}
		quote(1, "actor", "Ana Díaz")
		quote(2, "claim", "exports grew 12 percent")
		quote(3, "figure", "12 percent")
		quote(4, "actor", "critics")
		quote(5, "accusation", "“fake”")
		quote(6, "Time", "Monday")
		quote(7, "Period", "third quarter")
		ann.WriteString("R1\tmade-by Arg1:T2 Arg2:T1\t\nR2\tcontradicts Arg1:T5 Arg2:T2\t\nA1\tVerified T3\n")
		sub := filepath.Join(dir, fmt.Sprintf("batch%d", i/100))
		os.MkdirAll(sub, 0o755)
		name := filepath.Join(sub, fmt.Sprintf("doc%04d", i))
		if err := os.WriteFile(name+".txt", []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(name+".ann", []byte(ann.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkBrat1000 imports and exports 1,000 brat documents with 10
// annotations each.
func BenchmarkBrat1000(b *testing.B) {
	dir := b.TempDir()
	writeBratCorpus(b, filepath.Join(dir, "in"), 1000)
	batch, errs := ReadBrat(filepath.Join(dir, "in"), Options{Annotator: "bench"})
	if len(errs) > 0 || len(batch.Docs) != 1000 || len(batch.Spans) != 7000 {
		b.Fatalf("corpus: %v, %d docs, %d spans", errs, len(batch.Docs), len(batch.Spans))
	}
	b.Run("import", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, errs := ReadBrat(filepath.Join(dir, "in"), Options{Annotator: "bench"}); len(errs) > 0 {
				b.Fatal(errs)
			}
		}
	})
	runs := 0 // each run writes a new folder: a folder export wants an empty one
	// The labels a store export gives its exporter before it writes
	// (transfer.Export: ReserveLabels), as it does.
	var spanLabels, linkLabels []string
	for _, s := range batch.Spans {
		if !slices.Contains(spanLabels, s.Label) {
			spanLabels = append(spanLabels, s.Label)
		}
	}
	for _, th := range batch.Threads {
		for _, m := range th.Members[1:] {
			if !slices.Contains(linkLabels, m.Link) {
				linkLabels = append(linkLabels, m.Link)
			}
		}
	}
	// brat's export, and WebAnno TSV's, a file per document as brat's.
	for _, f := range [][2]string{{"export", "brat"}, {"export-webanno", "webanno"}} {
		b.Run(f[0], func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				runs++
				ex, err := NewExporter(f[1], nil, filepath.Join(dir, fmt.Sprint("out", runs)))
				if err != nil {
					b.Fatal(err)
				}
				ReserveLabels([]Exporter{ex}, spanLabels, linkLabels, nil)
				exportBatch(b, ex, batch)
			}
		})
	}
	// The 1,000 documents as skein's CoNLL export writes them, read back.
	var conll bytes.Buffer
	ex, err := NewExporter("conll", &conll, dir)
	if err != nil {
		b.Fatal(err)
	}
	exportBatch(b, ex, batch)
	b.Run("import-conll", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			got, errs := ReadCoNLL(bytes.NewReader(conll.Bytes()), "bench.conll", Options{Annotator: "bench"})
			if len(errs) > 0 || len(got.Docs) != 1000 {
				b.Fatalf("%v, %d documents", errs, len(got.Docs))
			}
		}
	})
	// The WebAnno TSV files read back one by one, as an import of the
	// folder reads them.
	wa := filepath.Join(dir, "webanno")
	ex, err = NewExporter("webanno", nil, wa)
	if err != nil {
		b.Fatal(err)
	}
	exportBatch(b, ex, batch)
	var tsvs []string
	var files [][]byte
	filepath.WalkDir(wa, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			tsvs, files = append(tsvs, p), append(files, data)
		}
		return nil
	})
	if len(files) != 1000 {
		b.Fatalf("%d WebAnno TSV files, want 1000", len(files))
	}
	b.Run("import-webanno", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for j, data := range files {
				got, errs := ReadWebAnno(bytes.NewReader(data), tsvs[j], Options{Annotator: "bench"})
				if len(errs) > 0 || len(got.Docs) != 1 {
					b.Fatalf("%v", errs)
				}
			}
		}
	})
	// The 1,000 documents as INCEpTION exports a CAS each, in UIMA CAS
	// XMI: a token per word, a sentence per line, the spans on a custom
	// layer and the relations on another.
	xmis := xmiCorpus(batch)
	b.Run("import-xmi", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for j, data := range xmis {
				got, errs := ReadXMI(bytes.NewReader(data), fmt.Sprint(j, ".xmi"), Options{Annotator: "bench"})
				if len(errs) > 0 || len(got.Docs) != 1 || len(got.Spans) != 7 || len(got.Threads) != 2 {
					b.Fatalf("%v", errs)
				}
			}
		}
	})
	for _, format := range []string{"prodigy", "conll", "hf", "doccano", "labelstudio", "w3c"} {
		b.Run("export-"+format, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ex, err := NewExporter(format, io.Discard, filepath.Join(dir, "out.jsonl"))
				if err != nil {
					b.Fatal(err)
				}
				exportBatch(b, ex, batch)
			}
		})
	}
}

// xmiCorpus writes each document of b as UIMA CAS XMI, as INCEpTION
// exports it: tokens and sentences (left out on import), the spans of a
// custom layer, its relations.
func xmiCorpus(b *Batch) [][]byte {
	byDoc := map[string][]*annotate.Span{}
	for _, s := range b.Spans {
		byDoc[s.Doc] = append(byDoc[s.Doc], s)
	}
	linksOf := map[string][]*annotate.Thread{}
	for _, th := range b.Threads {
		linksOf[th.Members[0].Doc] = append(linksOf[th.Members[0].Doc], th)
	}
	var out [][]byte
	for _, d := range b.Docs {
		// unit[i] is the UTF-16 unit code point i begins at.
		var unit []int
		u := 0
		for _, c := range d.Text {
			unit = append(unit, u)
			u += utf16.RuneLen(c)
		}
		unit = append(unit, u)
		var x bytes.Buffer
		x.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">` + "\n" + `<cas:NULL xmi:id="0"/>` + "\n")
		id := 10
		runes := []rune(d.Text)
		start, line := -1, 0
		for i := 0; i <= len(runes); i++ {
			if i == len(runes) || runes[i] == '\n' {
				fmt.Fprintf(&x, "<type4:Sentence xmi:id=\"%d\" sofa=\"1\" begin=\"%d\" end=\"%d\"/>\n", id, unit[line], unit[i])
				id++
				line = i + 1
			}
			word := i < len(runes) && !unicode.IsSpace(runes[i])
			switch {
			case word && start < 0:
				start = i
			case !word && start >= 0:
				fmt.Fprintf(&x, "<type4:Token xmi:id=\"%d\" sofa=\"1\" begin=\"%d\" end=\"%d\" order=\"0\"/>\n", id, unit[start], unit[i])
				id++
				start = -1
			}
		}
		ids := map[string]int{}
		for _, s := range byDoc[d.ID] {
			f := s.Fragments[0]
			ids[s.ID] = id
			fmt.Fprintf(&x, "<custom:Span xmi:id=\"%d\" sofa=\"1\" begin=\"%d\" end=\"%d\" label=\"%s\"/>\n", id, unit[f.Start], unit[f.End], s.Label)
			id++
		}
		for _, th := range linksOf[d.ID] {
			fmt.Fprintf(&x, "<custom:Relation xmi:id=\"%d\" sofa=\"1\" begin=\"0\" end=\"1\" Governor=\"%d\" Dependent=\"%d\" label=\"%s\"/>\n", id, ids[th.Members[0].Span], ids[th.Members[1].Span], th.Members[1].Link)
			id++
		}
		x.WriteString(`<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="`)
		xml.EscapeText(&x, []byte(d.Text))
		x.WriteString("\"/>\n</xmi:XMI>\n")
		out = append(out, x.Bytes())
	}
	return out
}

// BenchmarkReadCoNLL reads a CoNLL-2003 file of 1,000 articles of 20
// sentences of 15 tokens (four columns, IOB2 tags): about 12 MB.
func BenchmarkReadCoNLL(b *testing.B) {
	var in strings.Builder
	tags := []string{"B-PER", "I-PER", "O", "O", "B-ORG", "O", "O", "B-LOC", "I-LOC", "O", "O", "O", "B-MISC", "O", "O"}
	for d := 0; d < 1000; d++ {
		in.WriteString("-DOCSTART- -X- -X- O\n\n")
		for s := 0; s < 20; s++ {
			for t, tag := range tags {
				fmt.Fprintf(&in, "word%d_%d NNP B-NP %s\n", d, s*15+t, tag)
			}
			in.WriteString("\n")
		}
	}
	data := in.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		batch, errs := ReadCoNLL(strings.NewReader(data), "bench.conll", Options{Annotator: "bench"})
		if len(errs) > 0 || len(batch.Docs) != 1000 {
			b.Fatalf("%v, %d docs", errs, len(batch.Docs))
		}
	}
}
