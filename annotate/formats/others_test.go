package formats

import (
	"bytes"
	"strings"
	"testing"
)

// The files in testdata/others have the shapes other tools' exports, and
// scripts around them, really take. Each test reads one as a researcher
// would and checks every span against the file: offsets in code points,
// after an emoji (👍, 🙂) and a mathematical letter (𝐀), all beyond U+FFFF.

// doccano's IDs are numbers, but a script's file (or a table saved through
// pandas) writes them as strings: "e1", or "1" for the number 1. They name
// the entities just as well, and a relation finds its entities by them.
func TestOthersDoccanoStringIDs(t *testing.T) {
	b, errs := ReadDoccano(bytes.NewReader(readFixture(t, "others/doccano-string-ids.jsonl")), "doccano-string-ids.jsonl", Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatalf("import: %v", errs)
	}
	want := map[string]bool{
		spanFact("Sony 👍 said 𝐀 Ayesha left.", 0, 4, "ORG"):      true,
		spanFact("Sony 👍 said 𝐀 Ayesha left.", 14, 20, "PERSON"): true,
		spanFact("Aiwa 🙂 sold to Sony.", 0, 4, "ORG"):            true,
		spanFact("Aiwa 🙂 sold to Sony.", 15, 19, "ORG"):          true,
	}
	want["works_for: "+spanFact("Sony 👍 said 𝐀 Ayesha left.", 14, 20, "PERSON")+" → "+spanFact("Sony 👍 said 𝐀 Ayesha left.", 0, 4, "ORG")] = true
	want["sold_to: "+spanFact("Aiwa 🙂 sold to Sony.", 0, 4, "ORG")+" → "+spanFact("Aiwa 🙂 sold to Sony.", 15, 19, "ORG")] = true
	sameSets(t, "doccano with string IDs", batchFacts(b), want)
	if len(b.Docs) != 3 || b.Docs[0].Meta["doccano_id"] != "a1" || b.Docs[1].Meta["doccano_id"] != "2" {
		t.Errorf("got %d documents, first IDs %v, %v; want 3, a1 and 2", len(b.Docs), b.Docs[0].Meta, b.Docs[1].Meta)
	}
	checkBatch(t, b)

	// An ID that is neither is refused, saying which and what it is.
	for _, c := range []struct{ in, want string }{
		{`{"id":{"n":1},"text":"Sony."}`, `f:1: "id": an ID is a number or a string, not an object`},
		{`{"text":"Sony.","entities":[{"id":true,"start_offset":0,"end_offset":4,"label":"ORG"}]}`, "f:1: entities 1: id: an ID is a number or a string, not true or false"},
		{`{"text":"Sony.","entities":[{"id":1,"start_offset":0,"end_offset":4,"label":"ORG"}],"relations":[{"from_id":[1],"to_id":1,"type":"x"}]}`, "f:1: relation 1: an ID is a number or a string, not an array"},
	} {
		_, errs := ReadDoccano(strings.NewReader(c.in), "f", Options{Annotator: "al"})
		if len(errs) != 1 || errs[0].Error() != c.want {
			t.Errorf("%s: got %v, want one problem %q", c.in, errs, c.want)
		}
	}
}
