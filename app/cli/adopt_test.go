package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/store"
)

// dana reviews bob and carol in her store and her team folder brings her
// review to alice; on the command line alice's curate says what dana
// settled of what stays open in her own review, -adopt dana makes those
// decisions alice's, and dana's review stays hers.
func TestCurateAdoptsAColleaguesReview(t *testing.T) {
	ctx := context.Background()
	const text = "Caretaker Prime Minister Anwar ul-Haq Kakar said 60% of attacks came from Afghanistan."
	span := func(id, who, label, words string) string {
		i := strings.Index(text, words)
		return fmt.Sprintf(`{"id":%q,"start":%d,"end":%d,"text":%q,"label":%q,"annotator":%q}`, id, i, i+len(words), words, label, who)
	}
	line := `{"id":"","title":"Pakistan Blames Afghanistan","text":"` + text + `","spans":[` + strings.Join([]string{
		span("b1", "bob", "actor", "Anwar ul-Haq Kakar"), span("c1", "carol", "actor", "Anwar ul-Haq Kakar"),
		span("b2", "bob", "actor", "Afghanistan"), span("c2", "carol", "accusation", "Afghanistan"),
		span("b3", "bob", "figure", "60%"),
	}, ",") + `],"layers":[{"annotator":"bob","modified":"2026-12-01T10:00:00.000Z"},{"annotator":"carol","modified":"2026-12-01T10:00:00.000Z"}]}`
	file := filepath.Join(t.TempDir(), "bundle.jsonl")
	if err := os.WriteFile(file, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder, alice, dana := t.TempDir(), t.TempDir(), t.TempDir()
	for _, dir := range []string{alice, dana} {
		if code, _, stderr := run(t, dir, "import", file); code != 0 {
			t.Fatalf("import: %d %s", code, stderr)
		}
	}
	if code, _, stderr := run(t, alice, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("alice's skein team: %d %s", code, stderr)
	}

	// dana's review in her store, as her window makes it: carol's label
	// where they differ, bob's lone figure rejected.
	st, err := store.Open(dana, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := annotate.DocID(text)
	layers := map[string][]*annotate.Span{}
	for _, a := range []string{"bob", "carol"} {
		if layers[a], err = st.LayerSpans(doc, a); err != nil || len(layers[a]) == 0 {
			t.Fatalf("dana's store: %s's layer %v %v", a, layers[a], err)
		}
	}
	items := agree.Compare(layers, []string{"bob", "carol"})
	states, _, _ := agree.Settle(items, nil, nil)
	ch := &annotate.Change{ID: annotate.NewID(), Desc: "review", User: "dana", Doc: doc}
	for i, it := range items {
		v := agree.Verdict{Doc: doc, Reviewer: "dana", Desc: "decide"}
		switch it.Kind {
		case agree.LabelConflict:
			v.Verdict, v.Picked, v.Curated = annotate.VerdictAccept, it.Spans["carol"], agree.Accepted(it.Spans["carol"])
		case agree.OneSided:
			v.Verdict, v.Picked = annotate.VerdictReject, it.Spans["bob"]
		default:
			continue
		}
		one := agree.Decide(it, states[i], nil, nil, v)
		ch.Spans, ch.Decisions = append(ch.Spans, one.Spans...), append(ch.Decisions, one.Decisions...)
	}
	if err := st.Apply(ctx, ch); err != nil {
		t.Fatal(err)
	}
	e, err := team.Connect(st, folder, "dana")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, alice, "-user", "alice", "sync"); code != 0 || !strings.Contains(out, "dana: 1 curated span, 2 review decisions") {
		t.Fatalf("alice's sync = %d\n%s%s", code, out, stderr)
	}
	// skein team lists dana with the article her review covers.
	if code, out, stderr := run(t, alice, "-user", "alice", "team"); code != 0 || !strings.Contains(out, "0 articles, reviewed 1 article") {
		t.Fatalf("alice's skein team = %d\n%s%s", code, out, stderr)
	}

	// Without -adopt: dana's decisions settle nothing of alice's, and
	// curate says what they would.
	code, out, stderr := run(t, alice, "-user", "alice", "curate", "-annotators", "bob,carol")
	want := "curated 1 agreed span in 1 document; 2 disagreements remain for review\n" +
		"dana settled 2 items of what is open in your review (curated:dana); skein curate -annotators bob,carol -adopt dana makes dana's decisions yours\n"
	if code != 0 || out != want {
		t.Fatalf("curate = %d %q %q, want %q", code, out, stderr, want)
	}
	// A colleague whose review never arrived is named as such.
	code, _, stderr = run(t, alice, "-user", "alice", "curate", "-annotators", "bob,carol", "-adopt", "erin")
	if code != 1 || !strings.Contains(stderr, `no review of "erin" in this store`) || !strings.Contains(stderr, "dana's") {
		t.Errorf("curate -adopt erin = %d %q", code, stderr)
	}
	// -adopt curated:dana names her review as -adopt dana does.
	code, out, stderr = run(t, alice, "-user", "alice", "curate", "-annotators", "bob,carol", "-adopt", "curated:dana")
	want = "adopted 2 decisions of dana's in 1 document\ncurated 0 agreed spans in 0 documents; 0 disagreements remain for review\n"
	if code != 0 || out != want {
		t.Fatalf("curate -adopt = %d %q %q, want %q", code, out, stderr, want)
	}
	_, exp, _ := run(t, alice, "export", "-annotator", "curated")
	for _, s := range []string{`"label":"actor"`, `"label":"accusation"`, `"text":"Afghanistan"`} {
		if !strings.Contains(exp, s) {
			t.Errorf("alice's curated layer lacks %s:\n%s", s, exp)
		}
	}
	if strings.Contains(exp, `"label":"figure"`) {
		t.Errorf("the figure dana rejected is in alice's curated layer:\n%s", exp)
	}
	_, theirs, _ := run(t, alice, "export", "-annotator", "curated:dana")
	if strings.Count(theirs, `"label":"accusation","annotator":"curated:dana"`) != 1 || strings.Count(theirs, `"annotator":"curated:dana"`) != 2 {
		t.Errorf("dana's curated layer changed in alice's store, want her one accusation (and its layer line):\n%s", theirs)
	}
	// Adopting again finds nothing left.
	if _, out, _ = run(t, alice, "-user", "alice", "curate", "-annotators", "bob,carol", "-adopt", "dana"); !strings.HasPrefix(out, "adopted 0 decisions of dana's in 0 documents\n") {
		t.Errorf("a second adopt says %q", out)
	}
}
