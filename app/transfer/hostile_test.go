package transfer

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// hostileText is the article of the hostile files: "Kakar" is [0,5),
// "TTP" [15,18).
const hostileText = "Kakar said the TTP operates from Afghanistan."

// storedSpans lists the spans of st as "label start end text", sorted,
// read back through skein's own export.
func storedSpans(t *testing.T, st *store.Store) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(strings.NewReader(snapshot(t, st)))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		rec, err := annotate.ParseLine(sc.Bytes(), annotate.ReadOptions{})
		if err != nil {
			t.Fatalf("export does not read back: %v", err)
		}
		if rec.Doc == nil {
			continue
		}
		for _, s := range rec.Spans {
			var at []string
			for _, f := range s.Fragments {
				at = append(at, fmt.Sprintf("%d-%d", f.Start, f.End))
			}
			out = append(out, fmt.Sprintf("%s %s %s", s.Label, strings.Join(at, ","), annotate.NewText(rec.Doc.Text).Fragments(s.Fragments)))
		}
	}
	slices.Sort(out)
	return out
}

// importGuarded imports paths into st, failing the test if the import
// panics or has not returned after a minute (a hang, not a time asserted:
// each of these files is refused or read in milliseconds).
func importGuarded(t *testing.T, st *store.Store, paths []string, opt ImportOptions) (*Result, error) {
	t.Helper()
	type out struct {
		res   *Result
		err   error
		panic any
	}
	done := make(chan out, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- out{panic: p}
			}
		}()
		res, err := Import(context.Background(), st, paths, opt)
		done <- out{res: res, err: err}
	}()
	select {
	case o := <-done:
		if o.panic != nil {
			t.Fatalf("import of %v panicked: %v", paths, o.panic)
		}
		return o.res, o.err
	case <-time.After(time.Minute):
		t.Fatalf("import of %v has not returned after a minute", paths)
		return nil, nil
	}
}

// hostile is one hand-written file (or brat pair) an importer is given.
type hostile struct {
	name   string
	format string
	files  map[string]string // name → content; the first name sorted is imported (a brat pair: the folder)
	// want is what the refusal says (each must appear), or nil when the
	// file imports: then spans are the spans stored.
	want  []string
	spans []string
}

// jsonlLine is a skein JSONL line of hostileText with spans.
func skeinLine(spans string) string {
	return `{"text":"` + hostileText + `","spans":[` + spans + `]}`
}

func prodigyLine(spans, extra string) string {
	return `{"text":"` + hostileText + `","spans":[` + spans + `]` + extra + `,"_input_hash":1}`
}

func lsTask(value string) string {
	return `[{"data":{"text":"` + hostileText + `"},"annotations":[{"completed_by":1,"result":[{"id":"r1","from_name":"label","to_name":"text","type":"labels","value":` + value + `}]}]}]`
}

var kakar = []string{"actor 0-5 Kakar"}

func hostileCases() []hostile {
	sk := func(start, end string) string {
		return skeinLine(`{"id":"s1","start":` + start + `,"end":` + end + `,"text":"Kakar","label":"actor","annotator":"bo"}`)
	}
	pr := func(start, end string) string {
		return prodigyLine(`{"start":`+start+`,"end":`+end+`,"text":"Kakar","label":"actor"}`, `,"answer":"accept"`)
	}
	dc := func(start, end string) string {
		return `{"text":"` + hostileText + `","label":[[` + start + `,` + end + `,"actor"]]}`
	}
	ls := func(start, end string) string {
		return lsTask(`{"start":` + start + `,"end":` + end + `,"text":"Kakar","labels":["actor"]}`)
	}
	var cs []hostile
	// Every JSON-based format, the same hostile bytes.
	for _, f := range []struct {
		format, file string
		good         string
		line         func(start, end string) string
	}{
		{"skein", "a.jsonl", sk("0", "5"), sk},
		{"prodigy", "a.jsonl", pr("0", "5"), pr},
		{"doccano", "a.jsonl", dc("0", "5"), dc},
		{"labelstudio", "a.json", ls("0", "5"), ls},
	} {
		c := func(name string, content string, want ...string) {
			h := hostile{name: f.format + "/" + name, format: f.format, files: map[string]string{f.file: content}, want: want}
			if len(want) == 0 {
				h.spans = kakar
			}
			cs = append(cs, h)
		}
		c("good", f.good+"\n")
		c("BOM", "\ufeff"+f.good+"\n")
		c("CRLF", f.good+"\r\n"+"\r\n")
		c("empty file", "", f.file, "empty")
		c("only white space", " \r\n\t\n\n", f.file, "empty")
		c("NUL byte", strings.Replace(f.good, "said", "sa\x00d", 1)+"\n", f.file+":1", "binary")
		c("invalid UTF-8", strings.Replace(f.good, "said", "sa\xffd", 1)+"\n", f.file+":1", "not UTF-8", "0xff")
		c("lone surrogate", strings.Replace(f.good, "said", `sa\ud800d`, 1)+"\n", f.file+":1", `\ud800`, "surrogate")
		c("negative offset", f.line("-1", "5")+"\n", f.file+":1", "-1")
		c("float offset", f.line("0.5", "5")+"\n", f.file+":1", "whole number", "0.5")
		c("1e309 offset", f.line("1e309", "5")+"\n", f.file+":1", "whole number", "1e309")
		c("string offset", f.line(`"0"`, "5")+"\n", f.file+":1", "start", "string")
		c("offset past the end", f.line("40", "400")+"\n", f.file+":1", "400", "45 characters")
		c("end before start", f.line("5", "0")+"\n", f.file+":1", "empty or reversed")
		c("nesting 100,000 deep", strings.Replace(f.good, `"text":`, `"deep":`+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+`,"text":`, 1)+"\n", f.file+":1", "arrays and objects nested more than 10000 deep at byte ", "deeper than skein reads")
		c("label of 10 MB", strings.Replace(f.good, `"actor"`, `"`+strings.Repeat("a", 10<<20)+`"`, 1)+"\n", f.file+":1", "label")
	}
	// Keys given twice: each format's reader refuses the line, naming the key.
	for _, d := range []struct{ format, file, content, key string }{
		{"skein", "a.jsonl", skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"claim","label":"actor","annotator":"bo"}`), "label"},
		{"skein", "a.jsonl", skeinLine(`{"id":"s1","start":3,"start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo"}`), "start"},
		{"skein", "a.jsonl", strings.Replace(skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo"}`), `"spans"`, `"meta":{"desk":"a","desk":"b"},"spans"`, 1), "desk"},
		{"skein", "a.jsonl", strings.Replace(skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo","attrs":{"x":"1","x":"2"}}`), "", "", 0), "x"},
		{"skein", "a.jsonl", strings.Replace(skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo"}`), `"spans"`, `"extra":1,"extra":2,"spans"`, 1), "extra"},
		{"skein", "a.jsonl", strings.Replace(skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo"}`), `"spans"`, `"extra":{"a":1,"a":2},"spans"`, 1), "a"},
		{"skein", "a.jsonl", `{"text":"` + hostileText + `","text":"Other text.","spans":[]}`, "text"},
		{"skein", "a.jsonl", skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annot\u0061tor":"al","annotator":"bo"}`), "annotator"},
		{"prodigy", "a.jsonl", prodigyLine(`{"start":0,"end":5,"text":"Kakar","label":"claim","label":"actor"}`, `,"answer":"accept"`), "label"},
		{"prodigy", "a.jsonl", prodigyLine(`{"start":0,"end":5,"text":"Kakar","label":"actor"}`, `,"answer":"reject","answer":"accept"`), "answer"},
		{"doccano", "a.jsonl", `{"text":"` + hostileText + `","label":[[0,5,"actor"]],"label":[[15,18,"actor"]]}`, "label"},
		{"doccano", "a.jsonl", `{"text":"` + hostileText + `","entities":[{"id":1,"label":"actor","start_offset":3,"start_offset":0,"end_offset":5}]}`, "start_offset"},
		{"labelstudio", "a.json", lsTask(`{"start":3,"start":0,"end":5,"text":"Kakar","labels":["actor"]}`), "start"},
	} {
		cs = append(cs, hostile{name: d.format + "/key " + d.key + " twice", format: d.format, files: map[string]string{d.file: d.content + "\n"},
			want: []string{d.file + ":1", `key "` + d.key + `" given twice`}})
	}
	// A time of change decides which of two copies is the newer: one far
	// in the future would win over every later change, for ever; one
	// before 1970, a leap second or no time at all is damage. Each is
	// refused at its line, a long one said in its first characters.
	span := `{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo"`
	layer := func(at string) string {
		return strings.Replace(skeinLine(span+`}`), `]}`, `],"layers":[{"annotator":"bo","modified":"`+at+`"}]}`, 1)
	}
	thread := func(field, at string) string {
		return skeinLine(span+`}`) + "\n" + `{"type":"thread","id":"t1","title":"Kakar","annotator":"bo","` + field + `":"` + at +
			`","members":[{"doc":"` + annotate.DocID(hostileText) + `","span":"s1"}]}`
	}
	future := "is more than a day after this machine's clock"
	for _, d := range []struct {
		name, content string
		want          []string
	}{
		{"layer in 9999", layer("9999-12-31T23:59:59.999Z"), []string{"a.jsonl:1: layer bo:", `"9999-12-31T23:59:59.999Z" ` + future}},
		{"layer in 9999 with a zone", layer("9999-12-31T23:59:59+05:00"), []string{"a.jsonl:1: layer bo:", future}},
		{"layer in the year 0", layer("0000-01-01T00:00:00.000Z"), []string{"a.jsonl:1: layer bo:", "is before 1970"}},
		{"layer a leap second", layer("2016-12-31T23:59:60Z"), []string{"a.jsonl:1: layer bo:", "is not RFC 3339"}},
		{"layer not a time", layer(strings.Repeat("9", 1<<20)), []string{"a.jsonl:1: layer bo:", "is not RFC 3339", "…"}},
		{"span created in 9999", skeinLine(span + `,"created":"9999-01-01T00:00:00.000Z"}`), []string{"a.jsonl:1:", "s1", future}},
		{"thread modified in 9999", thread("modified", "9999-01-01T00:00:00.000Z"), []string{"a.jsonl:2: thread t1: modified:", future}},
		{"thread created in 9999", thread("created", "9999-01-01T00:00:00.000Z"), []string{"a.jsonl:2: thread t1: created:", future}},
	} {
		cs = append(cs, hostile{name: "skein/time " + d.name, format: "skein", files: map[string]string{"a.jsonl": d.content + "\n"}, want: d.want})
	}
	// A time in another zone is the same instant, read as such.
	cs = append(cs, hostile{name: "skein/time in a zone", format: "skein", files: map[string]string{"a.jsonl": layer("2025-06-01T12:00:00+05:00") + "\n"}, spans: kakar})
	// A key in another case than skein's is another key to Python's json
	// and to every tool skein reads from; encoding/json read it as the key
	// (and "ſpans", with a long s, as "spans"), and of the two kept the
	// last in silence. Refused, beside the key or alone; a map's keys
	// (attrs, meta, Label Studio's data) are anyone's and differ in case.
	twiceAs := func(key, as string) []string {
		return []string{"a.jsonl:1:", `key "` + key + `" given twice in one object (the second spelled "` + as + `"`}
	}
	notKey := func(file, key, want string) []string {
		return []string{file + ":1:", `key "` + key + `" at byte `, ` is not "` + want + `"`}
	}
	for _, d := range []struct {
		name, format, file, content string
		want                        []string
	}{
		{"label and Label", "skein", "a.jsonl", skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"claim","Label":"actor","annotator":"bo"}`), twiceAs("label", "Label")},
		{"Label alone", "skein", "a.jsonl", skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","Label":"actor","annotator":"bo"}`), notKey("a.jsonl", "Label", "label")},
		{"a long s", "skein", "a.jsonl", strings.Replace(skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo"}`), `"spans"`, `"ſpans"`, 1), notKey("a.jsonl", "ſpans", "spans")},
		{"a thread's Title", "skein", "a.jsonl", `{"type":"thread","id":"t1","title":"Kakar","Title":"Other","annotator":"bo","members":[]}`, twiceAs("title", "Title")},
		{"Prodigy's label and Label", "prodigy", "a.jsonl", prodigyLine(`{"start":0,"end":5,"text":"Kakar","label":"claim","Label":"actor"}`, `,"answer":"accept"`), twiceAs("label", "Label")},
		{"Prodigy's Answer", "prodigy", "a.jsonl", prodigyLine(`{"start":0,"end":5,"text":"Kakar","label":"actor"}`, `,"Answer":"reject"`), notKey("a.jsonl", "Answer", "answer")},
		{"doccano's Start_Offset", "doccano", "a.jsonl", `{"text":"` + hostileText + `","entities":[{"id":1,"label":"actor","start_offset":3,"Start_Offset":0,"end_offset":5}]}`, []string{"a.jsonl:1:", `key "start_offset" given twice in one object (the second spelled "Start_Offset", in the entity)`}},
		{"Label Studio's Start", "labelstudio", "a.json", lsTask(`{"start":3,"Start":0,"end":5,"text":"Kakar","labels":["actor"]}`), []string{"a.json:1:", `key "start" given twice in one object (the second spelled "Start"`}},
	} {
		cs = append(cs, hostile{name: d.format + "/key " + d.name, format: d.format, files: map[string]string{d.file: d.content + "\n"}, want: d.want})
	}
	cs = append(cs, hostile{name: "skein/attrs differing in case", format: "skein", files: map[string]string{"a.jsonl": skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo","attrs":{"Negated":"no","negated":"yes"}}`) + "\n"}, spans: kakar})
	// A doccano array and a pretty-printed Label Studio export name the
	// line of the second key, not the line their element begins on.
	cs = append(cs,
		hostile{name: "doccano/array key twice", format: "doccano", files: map[string]string{"a.json": "[\n" + `{"text":"` + hostileText + `",` + "\n" + `"label":[[0,5,"actor"]],` + "\n" + `"label":[]}` + "\n]\n"},
			want: []string{"a.json:4", `key "label" given twice`}},
		hostile{name: "labelstudio/pretty key twice", format: "labelstudio", files: map[string]string{"a.json": strings.ReplaceAll(lsTask(`{"start":3,"end":5,"start":0,"text":"Kakar","labels":["actor"]}`), `,"start":0`, ",\n\"start\":0")},
			want: []string{"a.json:2", `key "start" given twice`}},
	)
	// Format by format.
	cs = append(cs,
		hostile{name: "prodigy/reject", format: "prodigy", files: map[string]string{"a.jsonl": pr("0", "5")[:len(pr("0", "5"))] + "\n" + strings.Replace(prodigyLine(`{"start":15,"end":18,"text":"TTP","label":"actor"}`, `,"answer":"reject"`), hostileText, hostileText+" Again.", 1) + "\n"},
			spans: kakar},
		hostile{name: "prodigy/ignore", format: "prodigy", files: map[string]string{"a.jsonl": prodigyLine(`{"start":15,"end":18,"text":"TTP","label":"actor"}`, `,"answer":"ignore"`) + "\n"},
			spans: nil},
		hostile{name: "doccano/label triples", format: "doccano", files: map[string]string{"a.jsonl": `{"text":"` + hostileText + `","label":[[0,5,"actor"],[15,18,"claim"]]}` + "\n"},
			spans: []string{"actor 0-5 Kakar", "claim 15-18 TTP"}},
		hostile{name: "doccano/entities", format: "doccano", files: map[string]string{"a.jsonl": `{"text":"` + hostileText + `","entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":5},{"id":2,"label":"claim","start_offset":15,"end_offset":18}],"relations":[]}` + "\n"},
			spans: []string{"actor 0-5 Kakar", "claim 15-18 TTP"}},
		hostile{name: "labelstudio/xpath start", format: "labelstudio", files: map[string]string{"a.json": lsTask(`{"start":"/p[1]/text()[1]","end":"/p[1]/text()[1]","startOffset":0,"endOffset":5,"text":"Kakar","labels":["actor"]}`) + "\n"},
			want: []string{"a.json:1", `start "/p[1]/text()[1]" is an XPath into HTML`}},
		hostile{name: "brat/fragments", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\tactor 0 5;15 18\tKakar TTP\n"},
			spans: []string{"actor 0-5,15-18 Kakar TTP"}},
		hostile{name: "brat/CRLF", format: "brat", files: map[string]string{"d/a.txt": hostileText + "\r\nSecond line.\r\n", "d/a.ann": "T1\tactor 0 5\tKakar\r\nT2\tclaim 47 53\tSecond\r\n"},
			spans: []string{"actor 0-5 Kakar", "claim 47-53 Second"}},
		hostile{name: "brat/BOM in the .ann", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "\ufeffT1\tactor 0 5\tKakar\n"},
			spans: kakar},
		hostile{name: "brat/NUL", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\tactor 0 5\tKa\x00kar\n"},
			want: []string{"a.ann:1", `quotes "Ka\x00kar"`}},
		hostile{name: "brat/invalid UTF-8", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\tactor 0 5\tKa\xffkar\n"},
			want: []string{"a.ann:1", "not UTF-8"}},
		hostile{name: "brat/negative", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\tactor -1 5\tKakar\n"},
			want: []string{"a.ann:1", `offset "-1" is not a count of characters`}},
		hostile{name: "brat/float", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\tactor 0.5 5\tKakar\n"},
			want: []string{"a.ann:1", `offset "0.5" is not a count of characters`}},
		hostile{name: "brat/1e309", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\tactor 1e309 5\tKakar\n"},
			want: []string{"a.ann:1", `offset "1e309" is not a count of characters`}},
		hostile{name: "brat/past the end", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\tactor 40 400\tKakar\n"},
			want: []string{"a.ann:1", "offset 400 past the end of the text (45 characters)"}},
		hostile{name: "brat/end before start", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\tactor 5 0\tKakar\n"},
			want: []string{"a.ann:1", "range 5–0 is empty or reversed"}},
		hostile{name: "brat/label of 10 MB", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": "T1\t" + strings.Repeat("a", 10<<20) + " 0 5\tKakar\n"},
			want: []string{"a.ann:1", "label"}},
		hostile{name: "brat/empty .ann", format: "brat", files: map[string]string{"d/a.txt": hostileText, "d/a.ann": ""}},
		hostile{name: "brat/empty .txt", format: "brat", files: map[string]string{"d/a.txt": "", "d/a.ann": ""},
			want: []string{"a.txt", "empty"}},
		// The wrong -format, as a stranger gives it: said, not read as
		// garbage or as nothing imported and success.
		hostile{name: "conll/a JSONL file", format: "conll", files: map[string]string{"a.conll": `{"text":"` + hostileText + `","label":[[0,5,"ORG"]]}` + "\n"},
			want: []string{"a.conll:1", "a JSON object, not a token and its tag", "-format"}},
		hostile{name: "brat/a folder of JSONL", format: "brat", files: map[string]string{"d/a.jsonl": skeinLine("") + "\n"},
			want: []string{"d: empty: no brat .txt or .ann file in it", "-format"}},
		hostile{name: "skein/a Prodigy file", format: "skein", files: map[string]string{"a.jsonl": prodigyLine(`{"start":0,"end":5,"label":"actor"}`, `,"answer":"accept"`) + "\n"},
			want: []string{"a.jsonl: this looks like a Prodigy JSONL file, not skein JSONL: import it with -format prodigy, or leave -format out", "a.jsonl:1:"}},
		hostile{name: "labelstudio/a doccano file", format: "labelstudio", files: map[string]string{"a.json": `{"text":"` + hostileText + `","label":[[0,5,"actor"]]}` + "\n"},
			want: []string{"a.json: this looks like a doccano file, not Label Studio JSON: import it with -format doccano"}},
		hostile{name: "conll/CRLF", format: "conll", files: map[string]string{"a.conll": "Kakar B-actor\r\nsaid O\r\n\r\n"},
			spans: []string{"actor 0-5 Kakar"}},
		hostile{name: "conll/BOM", format: "conll", files: map[string]string{"a.conll": "\ufeffKakar B-actor\nsaid O\n\n"},
			spans: []string{"actor 0-5 Kakar"}},
		hostile{name: "conll/NUL", format: "conll", files: map[string]string{"a.conll": "Kakar B-actor\nsa\x00id O\n\n"},
			want: []string{"a.conll:2", "binary"}},
		hostile{name: "conll/invalid UTF-8", format: "conll", files: map[string]string{"a.conll": "Kakar B-actor\nsa\xffid O\n\n"},
			want: []string{"a.conll:2", "not UTF-8"}},
		hostile{name: "conll/empty", format: "conll", files: map[string]string{"a.conll": ""},
			want: []string{"a.conll", "empty"}},
		hostile{name: "conll/only white space", format: "conll", files: map[string]string{"a.conll": "\n \r\n\t\n"},
			want: []string{"a.conll", "empty"}},
	)
	return cs
}

// TestHostileFiles hands every importer hand-written hostile files: each
// imports as it should or is refused with its file, line and what is
// wrong, changing nothing; none panics or hangs.
func TestHostileFiles(t *testing.T) {
	for _, h := range hostileCases() {
		t.Run(h.name, func(t *testing.T) {
			st := openStore(t)
			dir := t.TempDir()
			var names []string
			for name, content := range h.files {
				write(t, dir, name, []byte(content))
				names = append(names, name)
			}
			slices.Sort(names)
			path := filepath.Join(dir, names[0])
			if h.format == "brat" {
				path = filepath.Dir(path)
			}
			before := snapshot(t, st)
			_, err := importGuarded(t, st, []string{path}, ImportOptions{User: "me", Annotator: "bo", Format: h.format, Root: dir})
			if h.want == nil {
				if err != nil {
					t.Fatalf("refused: %v; want it imported", err)
				}
				if got := storedSpans(t, st); !slices.Equal(got, h.spans) {
					t.Errorf("stored spans %q, want %q", got, h.spans)
				}
				return
			}
			var ref *Refused
			if !errors.As(err, &ref) {
				t.Fatalf("got %v, want a refusal", err)
			}
			msg := err.Error()
			t.Logf("%.400s", msg)
			if len(msg) > 2000 {
				t.Errorf("the refusal is %d bytes long: %.300q…", len(msg), msg)
			}
			for _, w := range h.want {
				if !strings.Contains(msg, w) {
					t.Errorf("refusal %.600q does not say %q", msg, w)
				}
			}
			if after := snapshot(t, st); after != before {
				t.Errorf("the store changed although the import was refused")
			}
		})
	}
}

// TestHostileLongLine gives each JSONL reader a line of 200 MB: it is
// refused at its line, the reader never holding more than the line limit.
func TestHostileLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB file")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "long.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(skeinLine(`{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bo"}`) + "\n")
	w.WriteString(`{"text":"`)
	chunk := bytes.Repeat([]byte("word "), 1<<18)
	for n := 0; n < 200<<20; n += len(chunk) {
		w.Write(chunk)
	}
	w.WriteString("\"}\n")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, format := range []string{"skein", "prodigy", "doccano"} {
		t.Run(format, func(t *testing.T) {
			st := openStore(t)
			_, err := importGuarded(t, st, []string{p}, ImportOptions{User: "me", Annotator: "bo", Format: format})
			var ref *Refused
			if !errors.As(err, &ref) || !strings.Contains(err.Error(), "long.jsonl:2") || !strings.Contains(err.Error(), "100 MB") {
				t.Fatalf("got %.500v, want a refusal of long.jsonl:2 naming the 100 MB limit", err)
			}
			if got := storedSpans(t, st); len(got) != 0 {
				t.Errorf("stored %q although the import was refused", got)
			}
		})
	}
}
