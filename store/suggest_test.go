package store

import (
	"reflect"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate/suggest"
)

// TestModelSuggestions: a model's suggestions are stored per article, read
// back with their scores and source, replaced by a second import of the same
// model, listed by model, and refused whole when one lies outside its
// article.
func TestModelSuggestions(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "", "Kakar said 2,300 people left.")
	b := newDoc("b", "", "The TTP said nothing.")
	putDocs(t, s, a, b)
	sugs := []suggest.Suggestion{
		{Doc: a.ID, Start: 0, End: 5, Label: "actor", Score: 0.875},
		{Doc: a.ID, Start: 11, End: 16, Label: "figure", Score: suggest.NoScore},
		{Doc: b.ID, Start: 4, End: 7, Label: "actor", Score: 1},
	}
	n, err := s.PutModelSuggestions(ctx, "ner", sugs)
	if err != nil || n != 2 {
		t.Fatalf("got %d, %v, want 2 articles", n, err)
	}
	if _, err := s.PutModelSuggestions(ctx, "other", sugs[2:]); err != nil {
		t.Fatal(err)
	}
	got, err := s.ModelSuggestions(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []suggest.Suggestion{sugs[0], sugs[1]}
	for i := range want {
		want[i].Source = "model:ner"
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v,\nwant %+v", got, want)
	}
	got, _ = s.ModelSuggestions(b.ID)
	if len(got) != 2 || got[0].Source != "model:ner" || got[1].Source != "model:other" {
		t.Errorf("article b: got %+v, want ner's then other's", got)
	}
	if m, err := s.Models(); err != nil || !reflect.DeepEqual(m, []string{"ner", "other"}) {
		t.Errorf("models: got %q, %v", m, err)
	}
	// A second import of ner replaces its suggestions in a.
	if _, err := s.PutModelSuggestions(ctx, "ner", sugs[1:2]); err != nil {
		t.Fatal(err)
	}
	docs := map[string]int{}
	err = s.EachModelSuggestions(ctx, "ner", func(doc string, sugs []suggest.Suggestion) error {
		docs[doc] = len(sugs)
		return nil
	})
	if err != nil || !reflect.DeepEqual(docs, map[string]int{a.ID: 1, b.ID: 1}) {
		t.Errorf("ner's articles: got %v, %v", docs, err)
	}
	bad := []suggest.Suggestion{{Doc: b.ID, Start: 0, End: 3, Label: "x"}, {Doc: a.ID, Start: 20, End: 40, Label: "actor"}}
	if _, err := s.PutModelSuggestions(ctx, "bad", bad); err == nil || !strings.Contains(err.Error(), "outside article "+a.ID) {
		t.Errorf("got %v, want a refusal naming the article", err)
	}
	if m, _ := s.Models(); len(m) != 2 {
		t.Errorf("a refused import wrote something: models %q", m)
	}
	if _, err := s.PutModelSuggestions(ctx, "bad", []suggest.Suggestion{{Doc: "0123456789abcdef", Start: 0, End: 1}}); err == nil {
		t.Error("suggestions for an article not in the store were taken")
	}
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Errorf("check: %v %v", rep.Lines(), err)
	}
}

// TestRejected: rejections are kept per user and article, once each
// whatever their source, go with their article, and skein check reads them
// and finds one damaged.
func TestRejected(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "", "Kakar said 2,300 people left.")
	putDocs(t, s, a)
	r := suggest.Suggestion{Doc: a.ID, Start: 0, End: 5, Label: "actor", Source: "model:ner", Score: 0.5}
	if err := s.Reject(a.ID, "ann", []suggest.Suggestion{r}); err != nil {
		t.Fatal(err)
	}
	r.Source = suggest.SourceLabels
	if err := s.Reject(a.ID, "ann", []suggest.Suggestion{r}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Rejected(a.ID, "ann")
	if err != nil || len(got) != 1 || !got[0].Same(r) {
		t.Errorf("got %+v, %v, want the one rejection", got, err)
	}
	if got, _ := s.Rejected(a.ID, "bob"); len(got) != 0 {
		t.Errorf("bob: got %+v, want none", got)
	}
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Fatalf("check: %v %v", rep.Lines(), err)
	}
	doc, _ := docBytes(a.ID)
	err = s.update(func(txn *badger.Txn) error { return txn.Set(docNameKey(pRejected, doc, "ann"), []byte{3, 1}) })
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "article " + a.ID + " (rejected suggestions): its record does not decode"; !strings.Contains(rep.Lines(), want) {
		t.Errorf("check: got %s, want %q", rep.Lines(), want)
	}
	if _, err := s.Rejected(a.ID, "ann"); err == nil {
		t.Error("a damaged record was read as good")
	}
	if err := s.DeleteDocument(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Errorf("after deleting the article: %v %v", rep.Lines(), err)
	}
}
