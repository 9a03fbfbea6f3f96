package search

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// longText is an article of n words, not ASCII (a curly apostrophe, a dash
// and an emoji among its words), as the latency benchmark's articles are.
func longText(n int) string {
	words := strings.Fields("the minister said that attacks in the province rose sharply after the government announced deportation Pakistan’s caretaker — 👍 Kakar")
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(i*7+i/3)%len(words)])
		if i%13 == 12 {
			b.WriteString(".\n\n")
		}
	}
	return b.String()
}

// The matches in a text that is not ASCII are at the code points where the
// words are, however many there are and in whatever order the scanner
// converts them (counted on from the last one, not from the text's start).
func TestMatchOffsetsInLongNonASCIIText(t *testing.T) {
	text := longText(3000)
	runes := []rune(text)
	q, err := Parse(`government "pakistan’s caretaker" /👍 kakar/`)
	if err != nil {
		t.Fatal(err)
	}
	got := Find(q, text)
	if len(got) < 150 {
		t.Fatalf("got %d matches, want hundreds", len(got))
	}
	for _, m := range got {
		s := strings.ToLower(string(runes[m.Start:m.End]))
		if s != "government" && s != "pakistan’s caretaker" && s != "👍 kakar" {
			t.Fatalf("match %v is %q, not a term", m, s)
		}
	}
	// Every occurrence, by brute force over the code points.
	want := 0
	for i := range runes {
		if strings.HasPrefix(string(runes[i:min(i+10, len(runes))]), "government") {
			want++
		}
	}
	n := 0
	for _, m := range got {
		if string(runes[m.Start:m.End]) == "government" {
			n++
		}
	}
	if n != want {
		t.Errorf("got %d matches of “government”, want %d", n, want)
	}
	// Offsets asked for backwards and from inside a rune count as from the
	// text's start.
	r := &Record{Folded: *Fold(text)}
	sc := scanner{r: r}
	for _, b := range []int{len(r.Text), 10, len(r.Text) / 2, len(r.Text)/2 - 1, 3, len(r.Text) - 1, 0} {
		if got, want := sc.cp(b), utf8.RuneCount(r.Text[:b]); got != want {
			t.Errorf("cp(%d) = %d, want %d", b, got, want)
		}
	}
}

// BenchmarkHoldingLongArticle is the search for the articles that report a
// span (suggest's similarSentences) over a corpus with a 300 KB article that
// is not ASCII: the five words of a sentence, each found thousands of times.
func BenchmarkHoldingLongArticle(b *testing.B) {
	f := &fakeSource{}
	f.docs = append(f.docs, &annotate.Document{ID: "a", Text: longText(50000)})
	for i := range 200 {
		f.docs = append(f.docs, &annotate.Document{ID: "b" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Text: longText(30)})
	}
	var terms []*Term
	for _, w := range []string{"government", "deportation", "province", "minister", "attacks"} {
		terms = append(terms, WordTerm(w))
	}
	for b.Loop() {
		n := 0
		if err := Holding(context.Background(), f, terms, 3, func(string, int) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			b.Fatal("no article holds the words")
		}
	}
}
