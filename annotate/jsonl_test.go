package annotate

import (
	"errors"
	"strings"
	"testing"
)

// encoding/json turns bytes that are not UTF-8 into U+FFFD without a word;
// skein's reader refuses the line instead, naming the byte, wherever in the
// line it is, counting from the line's first byte as an editor shows it.
func TestReadJSONLRefusesBytesThatAreNotUTF8(t *testing.T) {
	good := `{"title":"t","text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`
	tests := []struct{ name, line, want string }{
		{"text", `{"title":"t","text":"Kakar caf` + "\xe9" + `.","spans":[]}`, "f.jsonl:2: not UTF-8: invalid byte 0xe9 at byte 30 of the line (save the file as UTF-8)"},
		{"title after indentation", "  " + `{"title":"caf` + "\xe9" + `","text":"Kakar spoke.","spans":[]}`, "f.jsonl:2: not UTF-8: invalid byte 0xe9 at byte 15 of the line (save the file as UTF-8)"},
		{"annotator", `{"title":"t","text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"J` + "\xfc" + `rgen"}]}`, "f.jsonl:2: not UTF-8: invalid byte 0xfc at byte 117 of the line (save the file as UTF-8)"},
		{"thread title", `{"type":"thread","id":"t1","title":"Sch` + "\xe4" + `den","annotator":"al","members":[]}`, "f.jsonl:2: not UTF-8: invalid byte 0xe4 at byte 39 of the line (save the file as UTF-8)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []*Record
			errs, err := ReadJSONL(strings.NewReader(good+"\n"+tc.line+"\r\n"), "f.jsonl", ReadOptions{}, func(r *Record) error {
				got = append(got, r)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) != 1 || errs[0].Error() != tc.want {
				t.Fatalf("errors %v; want exactly %q", errs, tc.want)
			}
			if !errors.Is(errs[0], ErrNotUTF8) {
				t.Errorf("%v does not wrap ErrNotUTF8", errs[0])
			}
			if len(got) != 1 || got[0].Line != 1 {
				t.Errorf("read %d records; want only the good line 1", len(got))
			}
		})
	}
}
