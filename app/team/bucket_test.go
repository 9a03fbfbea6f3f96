package team

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// An article's line copied into another bucket file of its annotator's
// folder (the next bucket's, read in the same first sync), with the same
// span IDs or new ones: the file that
// holds it by mistake is refused at that line, whatever order the files
// are read in, and the article's layer is the one of its own bucket,
// stored and counted once. Before, with new span IDs, the two copies' spans
// were both stored in about 7 runs of 8 (when the two files were read in
// one import) and one copy in the others.
func TestArticleInAnotherBucketRefused(t *testing.T) {
	for _, newIDs := range []bool{false, true} {
		t.Run(fmt.Sprintf("new IDs %v", newIDs), func(t *testing.T) {
			folder := t.TempDir()
			const annotators, articles, spans = 2, 60, 4
			genFolder(t, folder, annotators, articles, spans)
			dir, names := genBucketFiles(t, folder, 0)
			first, err := os.ReadFile(filepath.Join(dir, names[0]))
			if err != nil {
				t.Fatal(err)
			}
			line, _, _ := strings.Cut(string(first), "\n")
			_, id, _ := strings.Cut(line, `"spans":[{"id":"`)
			id, _, _ = strings.Cut(id, `"`)
			stray := line
			if newIDs {
				stray = strings.ReplaceAll(line, id, "feedfacefeedface")
			}
			next := filepath.Join(dir, names[1])
			body, err := os.ReadFile(next)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(next, append(body, stray+"\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			strayLine := strings.Count(string(body), "\n") + 1
			lost := strayLine - 1 // the refused file's own articles
			st, _, rep := firstSyncInChunks(t, folder, 1000)
			if len(rep.Refused) != 1 {
				t.Fatalf("refused %v, want %s alone", rep.Refused, names[1])
			}
			msg := rep.Refused[0].Error()
			want := fmt.Sprintf("%s:%d: article", names[1], strayLine)
			if !strings.Contains(msg, want) || !strings.Contains(msg, "does not belong in this file") {
				t.Errorf("refusal %q, want it to name %s and say the article does not belong there", msg, want)
			}
			if sp, err := st.Span(id); err != nil || sp.Annotator != "ann00" {
				t.Fatalf("span %s of the first bucket: %+v, %v", id, sp, err)
			}
			if _, err := st.Span("feedfacefeedface"); err == nil {
				t.Errorf("the stray copy's span was stored")
			}
			got := layerSpans(t, st)
			if want := (articles - lost) * spans; got["ann00"] != want {
				t.Errorf("ann00: %d spans in the store, want %d (all but the refused file's)", got["ann00"], want)
			}
			if got["ann01"] != articles*spans {
				t.Errorf("ann01: %d spans in the store, want %d", got["ann01"], articles*spans)
			}
		})
	}
}

// genBucketFiles is the folder of annotator a's layer in a generated folder
// (genFolder) and its bucket files' names, sorted.
func genBucketFiles(t *testing.T, folder string, a int) (string, []string) {
	t.Helper()
	dir := filepath.Join(folder, "layers", fmt.Sprintf("ann%02d", a), fmt.Sprintf("%016x", a+1))
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return dir, names
}

// An article given twice in its own bucket file, its second line with
// other spans, arriving after the first sync: the file is refused at the
// second line and the layer stays as the first sync left it, where the
// two lines' spans were both stored before.
func TestArticleTwiceInBucketRefused(t *testing.T) {
	folder := t.TempDir()
	const annotators, articles, spans = 1, 40, 3
	genFolder(t, folder, annotators, articles, spans)
	dir, names := genBucketFiles(t, folder, 0)
	st, e, rep := firstSyncInChunks(t, folder, 1000)
	if len(rep.Refused) > 0 {
		t.Fatalf("refused: %v", rep.Refused)
	}
	path := filepath.Join(dir, names[0])
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(body), "\n")
	_, id, _ := strings.Cut(line, `"spans":[{"id":"`)
	id, _, _ = strings.Cut(id, `"`)
	again := strings.ReplaceAll(line, id, "feedfacefeedface")
	if err := os.WriteFile(path, append(body, again+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = e.Pull(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := strings.Count(string(body), "\n") + 1
	if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Error(), fmt.Sprintf("%s:%d: article", names[0], n)) ||
		!strings.Contains(rep.Refused[0].Error(), "a second time (first at line 1)") {
		t.Fatalf("refused %v, want %s refused at line %d as the article's second line", rep.Refused, names[0], n)
	}
	if _, err := st.Span("feedfacefeedface"); err == nil {
		t.Errorf("the second line's span was stored")
	}
	if got := layerSpans(t, st); got["ann00"] != articles*spans {
		t.Errorf("ann00: %d spans in the store, want the first sync's %d", got["ann00"], articles*spans)
	}
}
