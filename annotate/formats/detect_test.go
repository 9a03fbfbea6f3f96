package formats

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("brat/a.txt", "x")
	write("brat/deep/b.ann", "")
	write("plain/a.txt", "x")
	write("empty/.hidden/c.ann", "")
	pair := write("pair/doc.txt", "x")
	write("pair/doc.ann", "")
	cases := []struct {
		name, path, head string
		want             string
		ok               bool
	}{
		{"brat folder", filepath.Join(dir, "brat"), "", "brat", true},
		{"text folder", filepath.Join(dir, "plain"), "", "txt", true},
		{"folder with only hidden files", filepath.Join(dir, "empty"), "", "", false},
		{"ann", "x/doc.ann", "T1\tclaim 0 4\tSony", "brat", true},
		{"txt beside an ann", pair, "x", "brat", true},
		{"txt", "x/doc.txt", "Sony said", "txt", true},
		{"annotation.conf", "x/annotation.conf", "[entities]", "brat", true},
		{"skein", "a.jsonl", `{"id":"0123456789abcdef","title":"t","source":"s","date":"","text":"x","spans":[]}`, "skein", true},
		{"skein thread", "a.jsonl", `{"type":"thread","id":"t","members":[]}`, "skein", true},
		{"prodigy", "a.jsonl", `{"text":"x","tokens":[],"spans":[],"_input_hash":1,"answer":"accept"}`, "prodigy", true},
		{"minimal skein line", "a.jsonl", `{"id":"0123456789abcdef","text":"Sony said","spans":[{"id":"00000000000000a1","start":0,"end":4,"label":"actor","annotator":"al"}]}`, "skein", true},
		{"skein spans without a document id", "a.jsonl", `{"text":"Sony said","spans":[{"id":"00000000000000a1","start":0,"end":4,"label":"actor","annotator":"al"}]}`, "skein", true},
		{"prodigy token spans", "a.jsonl", `{"text":"Sony said","spans":[{"start":0,"end":4,"label":"ORG","token_start":0,"token_end":0}]}`, "prodigy", true},
		{"prodigy spans only", "a.jsonl", `{"text":"x","spans":[{"start":0,"end":1,"label":"a"}]}`, "prodigy", true},
		{"doccano label", "a.jsonl", `{"id":1,"text":"x","label":[[0,1,"a"]]}`, "doccano", true},
		{"doccano entities", "a.jsonl", `{"text":"x","entities":[],"relations":[]}`, "doccano", true},
		{"doccano columns", "a.jsonl", `{"column_data":"x","column_label":[]}`, "doccano", true},
		{"text only is ambiguous", "a.jsonl", `{"text":"x"}`, "", false},
		{"label studio array", "a.json", "[\n {\"id\": 1, \"data\": {\"text\": \"x\"}, \"annotations\": []}]", "labelstudio", true},
		{"label studio cut short", "a.json", `[{"id":1,"data":{"text":"a very long text that the head does not hold in full`, "labelstudio", true},
		{"doccano json array", "a.json", "[\n  {\n    \"id\": 1,\n    \"text\": \"x\",\n    \"entities\": [[0, 1, \"a\"]]", "doccano", true},
		{"label studio one task", "a.json", `{"data":{"text":"x"},"annotations":[]}`, "labelstudio", true},
		{"prodigy cut short", "a.jsonl", `{"_input_hash":1,"text":"a long headline that`, "prodigy", true},
		{"bom", "a.jsonl", "\xef\xbb\xbf{\"text\":\"x\",\"entities\":[]}", "doccano", true},
		{"empty", "a.jsonl", "  \n", "", false},
		{"not json", "a.csv", "a,b,c", "", false},
		{"array of strings", "a.json", `["a","b"]`, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := Detect(c.path, []byte(c.head))
			if got != c.want || ok != c.ok {
				t.Errorf("got %q, %v; want %q, %v", got, ok, c.want, c.ok)
			}
		})
	}
}

// TestFirstKeysScansBytes: the keys after a long spans list, strings with
// braces, brackets and escaped quotes in them, and literals before a
// closing brace are all read as a decoder would.
func TestFirstKeysScansBytes(t *testing.T) {
	spans := strings.Repeat(`{"start":0,"end":1,"label":"x\"}]","token_start":0},`, 1000)
	tests := []struct {
		in                 string
		inArray            bool
		wantKeys, wantSpan string
	}{
		{`{"text":"a {b} [c] \"d\"","spans":[` + spans + `{"start":0}],"_input_hash":-12,"answer":"accept"}`, false, "_input_hash answer spans text", "end label start token_start"},
		{`[{"data":{"text":"x"},"annotations":[]}, {"x":1}]`, true, "annotations data", ""},
		{`{"n":1,"b":true,"z":null}`, false, "b n z", ""},
		{`{"spans":{"not":"a list"},"id":"d1"}`, false, "id spans", ""},
		{`{"text":"cut short`, false, "text", ""},
		{`{"a\u0062c":1}`, false, "abc", ""},
	}
	for _, tc := range tests {
		keys, span := firstKeys([]byte(tc.in), tc.inArray)
		if got := strings.Join(sortedKeys(keys), " "); got != tc.wantKeys {
			t.Errorf("firstKeys(%.40q) keys = %q, want %q", tc.in, got, tc.wantKeys)
		}
		if got := strings.Join(sortedKeys(span), " "); got != tc.wantSpan {
			t.Errorf("firstKeys(%.40q) span keys = %q, want %q", tc.in, got, tc.wantSpan)
		}
	}
}
