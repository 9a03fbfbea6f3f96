package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// skein import refuses a file holding an ID or a name skein cannot keep
// (over 4,096 bytes, or with a line break, NUL or escape in it) by file,
// line and field, saying its length, never printing it, and imports
// nothing: a span ID of 70 KB failed the import with Badger's hex dump of
// the key (hundreds of KB), and a line break in one was kept, to print a
// line of the file's choosing wherever the ID is shown. One of exactly
// 4,096 bytes is imported. Each reader that carries an ID or a name into
// the store: skein's JSONL (a span's id and annotator, a layer's
// annotator, a thread's id and its members' spans), Label Studio's
// completed_by, and a suggestions file's article id.
func TestImportRefusesOddIDs(t *testing.T) {
	const text = "Kakar said terrorist attacks had risen by 60% since the Taliban took Kabul."
	q := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	span := func(id, ann string) string {
		return fmt.Sprintf(`{"id":%s,"start":11,"end":45,"text":"terrorist attacks had risen by 60%%","label":"claim","annotator":%s}`, q(id), q(ann))
	}
	doc := func(spans, layers string) string {
		return fmt.Sprintf(`{"text":%s,"spans":[%s],"layers":[%s]}`, q(text), spans, layers) + "\n"
	}
	thread := func(id, member string) string {
		return fmt.Sprintf(`{"type":"thread","id":%s,"title":"t","annotator":"alice","members":[{"doc":%s,"span":%s}]}`, q(id), q(annotate.DocID(text)), q(member)) + "\n"
	}
	readers := []struct {
		name, file, flag, field string
		content                 func(id string) string
	}{
		{"a span's id", "a.jsonl", "", "1: span 1: invalid span: field id", func(id string) string { return doc(span(id, "alice"), "") }},
		{"a span's annotator", "a.jsonl", "", "1: span 1: invalid span s1: field annotator", func(id string) string { return doc(span("s1", id), "") }},
		{"a layer's annotator", "a.jsonl", "", "1: layer 1: field annotator", func(id string) string {
			return doc(span("s1", "alice"), `{"annotator":`+q(id)+`,"modified":"2026-01-01T00:00:00.000Z"}`)
		}},
		{"a thread's id", "a.jsonl", "", "2: invalid thread: field id", func(id string) string { return doc(span("s1", "alice"), "") + thread(id, "s1") }},
		{"a thread member's span", "a.jsonl", "", "2: invalid thread t1: field members[0].span", func(id string) string {
			return doc(span(id, "alice"), "") + thread("t1", id)
		}},
		{"Label Studio's completed_by", "a.json", "", "1: task 1 annotation 1: field completed_by", func(id string) string {
			return `[{"data":{"text":` + q(text) + `},"annotations":[{"completed_by":` + q(id) + `,"result":[{"id":"r1","type":"labels","value":{"start":11,"end":45,"labels":["claim"]}}]}]}]`
		}},
		{"a suggestions file's article id", "s.jsonl", "-as-suggestions=model", "1: field id", func(id string) string {
			return `{"id":` + q(id) + `,"spans":[{"start":0,"end":5,"label":"claim"}]}` + "\n"
		}},
	}
	ids := []struct{ name, id, want string }{
		{"70 KB", strings.Repeat("x", 70000), "no ID or name skein keeps: it is 70000 bytes long (at most 4096, with no control character)"},
		{"a line break", "evil\nskein: ok", "no ID or name skein keeps: it holds a control character (a line break, a tab, NUL, escape…), which no ID or name may (14 bytes)"},
		{"NUL", "a\x00b", "no ID or name skein keeps: it holds a control character"},
		{"escape", "a\x1b[31mb", "no ID or name skein keeps: it holds a control character"},
		{"at the limit", strings.Repeat("y", annotate.MaxIDBytes), ""},
	}
	for _, r := range readers {
		for _, c := range ids {
			t.Run(r.name+"/"+c.name, func(t *testing.T) {
				dir := t.TempDir()
				st := filepath.Join(dir, "store")
				if r.flag != "" {
					// Suggestions go onto an article the store holds.
					seed := filepath.Join(dir, "seed.txt")
					os.WriteFile(seed, []byte(text), 0o644)
					if code, _, stderr := run(t, st, "import", seed); code != 0 {
						t.Fatalf("import of the article: %d %q", code, stderr)
					}
				}
				p := filepath.Join(dir, r.file)
				if err := os.WriteFile(p, []byte(r.content(c.id)), 0o644); err != nil {
					t.Fatal(err)
				}
				args := []string{"-user", "alice", "import"}
				if r.flag != "" {
					args = append(args, r.flag)
				}
				code, _, stderr := run(t, st, append(args, p)...)
				if len(stderr) > 2000 || strings.Contains(stderr, "\x00") || strings.Contains(stderr, "\x1b") || strings.Contains(stderr, "skein: ok") {
					t.Errorf("import printed %d bytes: %.300q; want the ID said, not printed", len(stderr), stderr)
				}
				if c.want == "" {
					if r.flag != "" {
						// No article has an ID of 4,096 bytes: refused as
						// one the store lacks, and said so, clipped.
						if code != 1 || !strings.Contains(stderr, "(4096 bytes)): import the articles first") {
							t.Errorf("import = %d %q; want the article said missing, its ID clipped", code, stderr)
						}
						return
					}
					if code != 0 {
						t.Errorf("import of an ID of exactly %d bytes = %d %.300q; want it imported", len(c.id), code, stderr)
					}
					return
				}
				if want := p + ":" + r.field + ": " + c.want; code != 1 || !strings.Contains(stderr, want) {
					t.Errorf("import = %d %.500q; want 1 and %q", code, stderr, want)
				}
				if _, out, _ := run(t, st, "list"); strings.Contains(out, "Kakar said") && r.flag == "" {
					t.Errorf("the refused file's article is in the store: %s", out)
				}
			})
		}
	}
}
