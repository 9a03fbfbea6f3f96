package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// editUntilKilled is the "edit" helper: it adds spans one at a time and
// imports small batches, printing what each call acknowledged, until it is
// killed.
func editUntilKilled(s *Store) error {
	if _, err := s.PutDocument(ctx, killDoc); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	for i := 0; ; i++ {
		if i%7 == 3 {
			docs, spans := genCorpus(r.Uint64(), 3, 1500, 4, "ana")
			if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
				return err
			}
			fmt.Printf("doc %s\nspan %s\n", docs[2].ID, spans[len(spans)-1].ID)
			continue
		}
		sp := newSpan(killDoc, "ana", "claim", i%40, i%40+5)
		if err := s.Apply(ctx, annotate.AddSpan("ana", sp)); err != nil {
			return err
		}
		fmt.Printf("span %s\n", sp.ID)
	}
}

// runKilled starts the helper process in mode on the store in dir and
// kills it delay later, counted from its start, or from its first line
// when afterFirst (a helper that says it has opened the store, so that the
// kill falls among its changes even when the open is slow, as under
// -race). It returns the lines the helper printed, its acknowledgements,
// and what it wrote to stderr.
func runKilled(t *testing.T, mode, dir string, delay time.Duration, afterFirst bool) (lines []string, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, "SKEIN_STORE_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errs strings.Builder
	cmd.Stderr = &errs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := make(chan []string)
	first := make(chan bool, 1)
	go func() {
		var lines []string
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			if len(lines) == 1 {
				first <- true
			}
		}
		acked <- lines
	}()
	if afterFirst {
		select {
		case <-first:
		case <-time.After(30 * time.Second):
		}
	}
	time.Sleep(delay)
	cmd.Process.Kill()
	lines = <-acked
	cmd.Wait()
	return lines, errs.String()
}

// spansMissing returns those of ids the store does not hold, found as Span
// finds one (the span index names its document, whose spans hold it) but
// each document's spans read once. Span for every acknowledged span after
// each of the 200 kills read the kill article's thousands of spans
// thousands of times: on a quiet machine, where each helper acknowledges
// more before its kill, the loop outran go test's 10 minutes.
func spansMissing(t *testing.T, s *Store, ids []string) []string {
	t.Helper()
	docs, err := s.SpanDocs(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{}
	read := map[string]bool{}
	for _, doc := range docs {
		if read[doc] {
			continue
		}
		read[doc] = true
		sps, err := s.Spans(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range sps {
			held[sp.ID] = true
		}
	}
	var missing []string
	for _, id := range ids {
		if _, indexed := docs[id]; !indexed || !held[id] {
			missing = append(missing, id)
		}
	}
	return missing
}

// newSpans counts the spans a helper's lines acknowledged.
func newSpans(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "span ") {
			n++
		}
	}
	return n
}

// TestKillLoop kills a process that is writing to the store at random
// moments, 200 times, and opens the store after each kill: the first open
// works and every write the process acknowledged is there.
func TestKillLoop(t *testing.T) {
	kills := 200
	if testing.Short() {
		kills = 20
	}
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	var docs, spans []string
	for i := 0; i < kills; i++ {
		// From the start of the process: the kill may come while the
		// store is being opened (or made), or while it is written.
		lines, stderr := runKilled(t, "edit", dir, time.Duration(r.IntN(90))*time.Millisecond, false)
		for _, l := range lines {
			switch kind, id, _ := strings.Cut(l, " "); kind {
			case "doc":
				docs = append(docs, id)
			case "span":
				spans = append(spans, id)
			default:
				t.Fatalf("kill %d: the helper said %q; stderr %q", i, l, stderr)
			}
		}
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("kill %d: first open after the kill: %v", i, err)
		}
		for _, id := range docs {
			if ok, err := s.HasDocument(id); !ok || err != nil {
				t.Errorf("kill %d: acknowledged article %s: %v, %v", i, id, ok, err)
			}
		}
		for _, id := range spansMissing(t, s, spans) {
			t.Errorf("kill %d: acknowledged span %s is not in the store", i, id)
		}
		for _, id := range spans[len(spans)-newSpans(lines):] {
			if _, err := s.Span(id); err != nil {
				t.Errorf("kill %d: acknowledged span %s: %v", i, id, err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if t.Failed() {
			return
		}
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	t.Logf("%d kills; %d articles and %d spans acknowledged", kills, len(docs), len(spans))
}
