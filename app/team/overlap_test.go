package team

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// An article a colleague's layer holds in two consecutive buckets (its
// line copied into the next bucket's file): the second bucket, checked
// while the first may still be committing, reads the article as the first
// left it (its span IDs are found in the first's record, and the reads
// after wait for it), so the layer is neither written nor counted twice,
// and none of its spans is lost.
func TestFirstSyncArticleInConsecutiveBuckets(t *testing.T) {
	folder := t.TempDir()
	const annotators, articles, spans = 2, 60, 4
	genFolder(t, folder, annotators, articles, spans)
	dir, names := genBucketFiles(t, folder, 0)
	first, err := os.ReadFile(filepath.Join(dir, names[0]))
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(first), "\n")
	next := filepath.Join(dir, names[1])
	body, err := os.ReadFile(next)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(next, append(body, line+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, id, _ := strings.Cut(line, `"spans":[{"id":"`)
	id, _, _ = strings.Cut(id, `"`)
	st, _, rep := firstSyncInChunks(t, folder, 1000)
	if len(rep.Refused) > 0 {
		t.Fatalf("refused: %v", rep.Refused)
	}
	if sp, err := st.Span(id); err != nil || sp.Annotator != "ann00" {
		t.Fatalf("span %s of the first bucket: %+v, %v", id, sp, err)
	}
	got := layerSpans(t, st)
	for _, a := range []string{"ann00", "ann01"} {
		if got[a] != articles*spans {
			t.Errorf("%s: %d spans in the store, want %d", a, got[a], articles*spans)
		}
	}
	for _, a := range rep.Arrived {
		if a.Spans != articles*spans || len(a.Docs) != articles {
			t.Errorf("%s arrived with %d spans on %d articles, want %d on %d", a.Annotator, a.Spans, len(a.Docs), articles*spans, articles)
		}
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
