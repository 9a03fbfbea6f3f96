package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// TestThreadsText checks `skein threads` as a researcher reads it: a thread
// of one member says "1 member", each figure shows how it was read, and a
// misspelt -annotator is named rather than listing nothing in silence;
// threads are listed by title.
func TestThreadsText(t *testing.T) {
	dir := t.TempDir()
	bySource := seedsBySource(t)
	a, b, c := bySource["000_a028c591ba1f5ed0.txt"], bySource["001_f69399a660d41165.txt"], bySource["002_b575546220e49dce.txt"]
	lines := []string{
		seedLine(t, a, [4]string{"f1", "2,267", "figure", "al"}, [4]string{"o1", "over 300,000", "figure", "al"}),
		seedLine(t, b, [4]string{"f2", "some 2,300", "figure", "al"}),
		seedLine(t, c, [4]string{"h1", "hundreds of thousands", "figure", "al"}, [4]string{"k1", "Kakar further mentioned", "claim", "al"}),
		fmt.Sprintf(`{"type":"thread","id":"cas","title":"casualties","annotator":"al","members":[{"doc":%q,"span":"f1"},{"doc":%q,"span":"f2","link":"repeats"}]}`, a.ID, b.ID),
		fmt.Sprintf(`{"type":"thread","id":"dep","title":"deported","annotator":"al","members":[{"doc":%q,"span":"h1"},{"doc":%q,"span":"o1","link":"repeats"}]}`, c.ID, a.ID),
		fmt.Sprintf(`{"type":"thread","id":"a1","title":"Kakar says","annotator":"al","members":[{"doc":%q,"span":"k1"}]}`, c.ID),
	}
	importAl(t, dir, lines)
	code, out, stderr := run(t, dir, "-user", "al", "threads")
	if code != 0 || stderr != "" {
		t.Fatalf("threads = %d, stderr %q", code, stderr)
	}
	want := "cas  al  casualties  2 members\n" +
		"  1. [figure] 2,267  (" + a.ID + ")  = 2,267\n" +
		"  2. [figure] some 2,300  (" + b.ID + ") ←repeats  = about 2,300\n" +
		"dep  al  deported  2 members\n" +
		"  1. [figure] hundreds of thousands  (" + c.ID + ")  = at least 200,000\n" +
		"  2. [figure] over 300,000  (" + a.ID + ") ←repeats  = over 300,000\n" +
		"a1  al  Kakar says  1 member\n" + // by title, though its ID sorts first
		"  1. [claim] Kakar further mentioned  (" + c.ID + ")\n"
	if out != want {
		t.Errorf("threads printed\n%s\nwant\n%s", out, want)
	}

	code, out, stderr = run(t, dir, "-user", "al", "threads", "-annotator", "aal")
	if code != 0 || out != "" || !strings.Contains(stderr, `no spans or threads by annotator "aal"; annotators in this store: al`) {
		t.Errorf("threads -annotator aal = %d %q %q, want nothing listed and a warning naming al", code, out, stderr)
	}
	code, out, stderr = run(t, dir, "-user", "al", "threads", "-annotator", "al")
	if code != 0 || stderr != "" || !strings.Contains(out, "1 member\n") {
		t.Errorf("threads -annotator al = %d %q %q", code, out, stderr)
	}
}

// threadStore makes, in dir, a store of articles (Article N: word0 …) with
// spans[i] spans each, one word each (w<article>-<k>, span s<article>-<k>),
// by al, and a thread of al's of members, as (article, span) pairs.
func threadStore(t testing.TB, dir string, spans []int, members [][2]int) (*store.Store, []*annotate.Document) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	batch := &store.Batch{}
	for i, n := range spans {
		var sb strings.Builder
		fmt.Fprintf(&sb, "Article %d:", i)
		for k := 0; k < n; k++ {
			fmt.Fprintf(&sb, " w%d-%d", i, k)
		}
		text := sb.String()
		d := &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprintf("Article %d", i), Text: text}
		batch.Docs = append(batch.Docs, d)
		at := len(fmt.Sprintf("Article %d:", i))
		for k := 0; k < n; k++ {
			w := len([]rune(fmt.Sprintf("w%d-%d", i, k)))
			batch.Spans = append(batch.Spans, &annotate.Span{ID: fmt.Sprintf("s%d-%d", i, k), Doc: d.ID, Label: "claim", Annotator: "al",
				Created: 1700000000000, Fragments: []annotate.Fragment{{Start: at + 1, End: at + 1 + w}}})
			at += 1 + w
		}
	}
	th := &annotate.Thread{ID: "big", Title: "every word", Annotator: "al"}
	for _, m := range members {
		th.Members = append(th.Members, annotate.Member{Doc: batch.Docs[m[0]].ID, Span: fmt.Sprintf("s%d-%d", m[0], m[1])})
	}
	batch.Threads = []*annotate.Thread{th}
	if _, err := st.WriteBatch(context.Background(), batch); err != nil {
		st.Close()
		t.Fatal(err)
	}
	return st, batch.Docs
}

// skein threads -json gives each member's article and text when a thread
// goes back and forth between more articles than the command keeps at
// once (it reads each article once while its members come together).
func TestThreadsOfManyArticles(t *testing.T) {
	dir := t.TempDir()
	var members [][2]int
	for k := 0; k < 3; k++ {
		for i := 0; i < 6; i++ {
			members = append(members, [2]int{i, k}, [2]int{i, k + 3})
		}
	}
	members = append(members, [2]int{5, 6}, [2]int{0, 6}, [2]int{5, 7})
	st, docs := threadStore(t, dir, []int{8, 8, 8, 8, 8, 8}, members)
	st.Close()
	code, out, stderr := run(t, dir, "threads", "-json")
	if code != 0 {
		t.Fatalf("threads -json = %d %q", code, stderr)
	}
	var got []struct {
		Members []struct{ Doc, Span, Text string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Fatalf("threads -json: %v\n%s", err, out)
	}
	if len(got[0].Members) != len(members) {
		t.Fatalf("%d members, want %d", len(got[0].Members), len(members))
	}
	for i, m := range members {
		g := got[0].Members[i]
		want := fmt.Sprintf("w%d-%d", m[0], m[1])
		if g.Doc != docs[m[0]].ID || g.Span != "s"+want[1:] || g.Text != want {
			t.Errorf("member %d: got %+v, want %s in %s", i+1, g, want, docs[m[0]].ID)
		}
	}
}

// BenchmarkThreadsOneLargeThread is skein threads on a thread of 2,000
// members in one article of 10,000 spans.
func BenchmarkThreadsOneLargeThread(b *testing.B) {
	dir := b.TempDir()
	var members [][2]int
	for k := 0; k < 2000; k++ {
		members = append(members, [2]int{0, k * 5})
	}
	st, _ := threadStore(b, dir, []int{10000}, members)
	st.Close()
	b.ResetTimer()
	for b.Loop() {
		benchMain(b, dir, []string{"threads"})
	}
}

// skein threads on a store with no titled thread printed nothing at all,
// exit 0: a newcomer who had linked two spans with L took their links for
// lost, and one with none was not told how threads are made. Now stderr
// says why the list is empty; the exit status and stdout stay as they were.
func TestThreadsSaysWhyNoneIsListed(t *testing.T) {
	empty := t.TempDir()
	linked := t.TempDir()
	bySource := seedsBySource(t)
	a, b := bySource["000_a028c591ba1f5ed0.txt"], bySource["001_f69399a660d41165.txt"]
	importAl(t, linked, []string{
		seedLine(t, a, [4]string{"f1", "2,267", "figure", "al"}),
		seedLine(t, b, [4]string{"f2", "some 2,300", "figure", "al"}),
		fmt.Sprintf(`{"type":"thread","id":"l1","annotator":"al","members":[{"doc":%q,"span":"f1"},{"doc":%q,"span":"f2","link":"repeats"}]}`, a.ID, b.ID),
	})
	tests := []struct {
		name, dir string
		args      []string
		stderr    string
	}{
		{"no thread", empty, []string{"threads"}, "skein threads: no thread or link in the store (in the window, T puts the selected span in a thread; L links the span selected before to it)\n"},
		{"links only", linked, []string{"threads"}, "skein threads: no titled thread; 1 plain link not listed: skein threads -links lists them\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := run(t, tc.dir, tc.args...)
			if code != 0 || out != "" || stderr != tc.stderr {
				t.Errorf("skein %v = %d %q, stderr %q; want 0, nothing listed, stderr %q", tc.args, code, out, stderr, tc.stderr)
			}
		})
	}
	if code, out, stderr := run(t, linked, "threads", "-links"); code != 0 || stderr != "" || !strings.Contains(out, "l1  al  (link)  2 members\n") {
		t.Errorf("threads -links = %d %q %q, want the link listed and nothing on stderr", code, out, stderr)
	}
}

// TestThreadsSaysLinksLeftOut: a brat corpus received with relations and
// an equivalence set. skein threads listed the set as "(link)", as if it
// were a link, and said nothing of the relations it left out, which read
// as lost. The set now reads "(untitled)" and stderr counts the links.
func TestThreadsSaysLinksLeftOut(t *testing.T) {
	corpus := t.TempDir()
	text := "Kakar said the TTP and Mujahid met Kakar in Kabul."
	ann := "T1\tactor 0 5\tKakar\nT2\tactor 15 18\tTTP\nT3\tactor 23 30\tMujahid\nT4\tactor 35 40\tKakar\n" +
		"R1\tmeets Arg1:T3 Arg2:T4\nR2\tnames Arg1:T1 Arg2:T2\n*\tEquiv T1 T4 T3\n"
	for name, body := range map[string]string{"a.txt": text, "a.ann": ann} {
		if err := os.WriteFile(filepath.Join(corpus, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if code, out, stderr := run(t, dir, "-user", "al", "import", corpus); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	code, out, stderr := run(t, dir, "threads")
	if code != 0 || !strings.Contains(out, "  al  (untitled)  3 members\n") || strings.Contains(out, "(link)") {
		t.Errorf("threads = %d\n%s\nwant the equivalence set as (untitled), no link", code, out)
	}
	if want := "skein threads: 2 plain links not listed: skein threads -links lists them\n"; stderr != want {
		t.Errorf("threads: stderr %q, want %q", stderr, want)
	}
	code, out, stderr = run(t, dir, "threads", "-links")
	if code != 0 || stderr != "" || strings.Count(out, "  al  (link)  2 members\n") != 2 || !strings.Contains(out, "(untitled)  3 members") {
		t.Errorf("threads -links = %d %q\n%s\nwant the set and the two links, nothing on stderr", code, stderr, out)
	}
}

// TestThreadsShowOlderLabels: skein threads printed a span label and a link
// label an older store kept decomposed (cafe + U+0301) as "café", the
// same as café composed, where skein list prints "cafe\u0301". Both are
// printed as skein list prints labels.
func TestThreadsShowOlderLabels(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "older.jsonl")
	text := "Minister said so in Kabul."
	id := annotate.DocID(text)
	lines := fmt.Sprintf(`{"text":%q,"spans":[{"id":"a1","start":0,"end":8,"text":"Minister","label":"cafe\u0301","annotator":"al"},{"id":"b1","start":20,"end":25,"text":"Kabul","label":"café","annotator":"al"}]}`, text) + "\n" +
		fmt.Sprintf(`{"type":"thread","id":"t1","title":"who","annotator":"al","members":[{"doc":%q,"span":"a1"},{"doc":%q,"span":"b1","link":"cafe\u0301"}]}`, id, id) + "\n"
	os.WriteFile(in, []byte(lines), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	code, out, stderr := run(t, dir, "threads")
	want := "t1  al  who  2 members\n" +
		`  1. ["cafe\u0301"] Minister  (` + id + ")\n" +
		`  2. [café] Kabul  (` + id + `) ←"cafe\u0301"` + "\n"
	if code != 0 || out != want {
		t.Errorf("threads = %d %q\n%s\nwant\n%s", code, stderr, out, want)
	}
}
