package transfer

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// A large import's span tables (ImportOptions.Spans) are kept for the next
// import and walked in the order read: a span given again under its ID is
// written as given last, one a check left out is not written, and the
// next import, into another store, holds its own spans and no other.
func TestImportSpanTablesKeptApart(t *testing.T) {
	ctx := context.Background()
	line := func(text string, spans ...[2]string) string {
		var ss []string
		for _, s := range spans {
			ss = append(ss, `{"id":"`+s[0]+`","start":0,"end":5,"text":`+quote(text[:5])+`,"label":"`+s[1]+`","annotator":"bo"}`)
		}
		return `{"id":"` + annotate.DocID(text) + `","title":"t","text":` + quote(text) + `,"spans":[` + strings.Join(ss, ",") + "]}\n"
	}
	first := "Kakar said the TTP operates from Afghanistan.\n"
	second := "Dawar said the border stays closed.\n"
	third := "Another article on the border.\n"
	labels := func(st interface {
		Spans(string) ([]*annotate.Span, error)
	}, text string) string {
		ss, err := st.Spans(annotate.DocID(text))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range ss {
			out = append(out, s.ID+"="+s.Label)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	for round := range 3 {
		st := openStore(t)
		if _, err := Import(ctx, st, []string{write(t, t.TempDir(), "one.jsonl", []byte(line(first, [2]string{"T1", "actor"})))}, ImportOptions{User: "al", Spans: 1000}); err != nil {
			t.Fatal(err)
		}
		// T2 given again further on: its second label is written. T1 is
		// the first article's: left out, with the file's line named.
		data := line(second, [2]string{"T2", "actor"}, [2]string{"T3", "actor"}) + line(third, [2]string{"T1", "actor"}, [2]string{"T4", "place"}) + line(second, [2]string{"T2", "claim"})
		res, err := Import(ctx, st, []string{write(t, t.TempDir(), "two.jsonl", []byte(data))}, ImportOptions{User: "al", Spans: 1000, SkipInvalid: true})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Error(), "two.jsonl:2") {
			t.Errorf("round %d: skipped %v, want T1 on two.jsonl:2", round, res.Skipped)
		}
		if got := labels(st, second); got != "T2=claim,T3=actor" {
			t.Errorf("round %d: second article holds %s, want T2=claim,T3=actor", round, got)
		}
		if got := labels(st, third); got != "T4=place" {
			t.Errorf("round %d: third article holds %s, want T4=place", round, got)
		}
		if got := labels(st, first); got != "T1=actor" {
			t.Errorf("round %d: first article holds %s, want T1=actor", round, got)
		}
		// T6 given again, none left out: the second label is written.
		fourth := "Kabul denies it, a spokesman said.\n"
		data = line(fourth, [2]string{"T6", "actor"}, [2]string{"T7", "actor"}) + line(fourth, [2]string{"T6", "claim"})
		if _, err := Import(ctx, st, []string{write(t, t.TempDir(), "four.jsonl", []byte(data))}, ImportOptions{User: "al", Spans: 1000}); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if got := labels(st, fourth); got != "T6=claim,T7=actor" {
			t.Errorf("round %d: fourth article holds %s, want T6=claim,T7=actor", round, got)
		}
		// A fresh store, the tables kept from the imports before.
		fresh := openStore(t)
		if _, err := Import(ctx, fresh, []string{write(t, t.TempDir(), "three.jsonl", []byte(line(third, [2]string{"T5", "actor"})))}, ImportOptions{User: "al", Spans: 1000}); err != nil {
			t.Fatal(err)
		}
		if got := labels(fresh, third); got != "T5=actor" {
			t.Errorf("round %d: a fresh store's import holds %s, want T5=actor alone", round, got)
		}
		if got := labels(fresh, second); got != "" {
			t.Errorf("round %d: a fresh store's import wrote the second article's spans %s from an import before", round, got)
		}
	}
}
