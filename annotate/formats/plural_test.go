package formats

import "testing"

func TestTallyLinesSayOneThing(t *testing.T) {
	var tl tally
	tl.add("%d spans trimmed of the white space at their edges", 1, "")
	tl.add("%d discontinuous spans written as one entity per fragment", 1, "")
	tl.add("%d threads' link labels written as tags without saying which link each names", 1, "")
	tl.add("%d links and threads left out (the format has none)", 1, "")
	tl.add("%d records repeat the text of an earlier one and were read into the same document", 1, "")
	tl.add("%d equivalence sets written as links", 1, "")
	tl.add("%d records repeat the text of an earlier one and were read into its document, which keeps the earlier one's source", 1, "")
	tl.add("%d files repeat the text of an earlier one and were read into the same document", 1, "")
	tl.add("%d files repeat the text of an earlier one and were read into its document, which keeps the earlier one's source", 1, "")
	tl.add("%d spans left out that share a word with another span (IOB2 tags whole words)", 1, "")
	tl.add("%d spans identical to another layer's written once", 2, "")
	tl.add("%d spans began with an I- tag (IOB1) and were read as if it were B-", 1, "")
	tl.add("%d cancelled annotations left out", 1, "")
	tl.add("%d drafts left out (work saved in Label Studio but not submitted: only submitted annotations are imported)", 1, "")
	tl.add("%d comment lines (# text = …, # sent_id = …) left out", 1, "")
	tl.add(unworkedLeftOut, 1, "") // a split's part: "test: conll: 1 articles …"
	want := []string{
		"x: 1 span trimmed of the white space at their edges",
		"x: 1 discontinuous span written as one entity per fragment",
		"x: 1 thread's link labels written as tags without saying which link each names",
		"x: 1 link or thread left out (the format has none)",
		"x: 1 record repeats the text of an earlier one and was read into the same document",
		"x: 1 equivalence set written as links",
		"x: 1 record repeats the text of an earlier one and was read into its document, which keeps the earlier one's source",
		"x: 1 file repeats the text of an earlier one and was read into the same document",
		"x: 1 file repeats the text of an earlier one and was read into its document, which keeps the earlier one's source",
		"x: 1 span left out that shares a word with another span (IOB2 tags whole words)",
		"x: 2 spans identical to another layer's written once",
		"x: 1 span began with an I- tag (IOB1) and was read as if it were B-",
		"x: 1 cancelled annotation left out",
		"x: 1 draft left out (work saved in Label Studio but not submitted: only submitted annotations are imported)",
		"x: 1 comment line (# text = …, # sent_id = …) left out",
		"x: 1 article the exported annotators never worked on left out (read back, each would be one they worked on and found nothing in)",
	}
	got := tl.lines("x")
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\ngot  %s\nwant %s", i, got[i], want[i])
		}
	}
}
