package store

import (
	"slices"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// Authors are the annotators with spans or threads; one who only marked an
// article done is an annotator, not an author.
func TestAuthors(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "", "The mayor denied it. The council said so.")
	putDocs(t, s, a)
	if got, err := s.Authors(); err != nil || len(got) != 0 {
		t.Fatalf("Authors of a store without annotations: %v, %v", got, err)
	}
	sa, sb := newSpan(a, "ana", "claim", 4, 9), newSpan(a, "ana", "claim", 21, 32)
	apply(t, s, annotate.AddSpan("ana", sa))
	apply(t, s, annotate.AddSpan("ana", sb))
	// tom links ana's spans: a thread of his own, no span.
	th := &annotate.Thread{ID: annotate.NewID(), Annotator: "tom", Members: []annotate.Member{{Doc: a.ID, Span: sa.ID}, {Doc: a.ID, Span: sb.ID, Link: "says"}}}
	apply(t, s, annotate.PutThread("tom", "link", nil, th))
	apply(t, s, annotate.SetMark("carl", "mark done", nil, &annotate.Mark{Doc: a.ID, Annotator: "carl", Done: true}))
	if got, err := s.Authors(); err != nil || !slices.Equal(got, []string{"ana", "tom"}) {
		t.Errorf("Authors: %v, %v; want [ana tom]", got, err)
	}
	if got, err := s.Annotators(); err != nil || !slices.Equal(got, []string{"ana", "carl", "tom"}) {
		t.Errorf("Annotators: %v, %v; want [ana carl tom]", got, err)
	}
}
