package annotate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
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

// encoding/json also turns an escaped lone surrogate ("\ud800", a high
// half without its low one, a low half alone) into U+FFFD without a word:
// the reader refuses it like a byte that is not UTF-8, in a text, a label,
// an annotator's name or a title. A proper pair, and an escaped backslash
// before "ud800", are fine.
func TestReadJSONLRefusesLoneSurrogates(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"text", `{"title":"t","text":"Kakar \ud800 spoke.","spans":[]}`, `f.jsonl:1: not UTF-8: "\ud800" at byte 27 of the line is half of a UTF-16 surrogate pair, the other half is missing`},
		{"high without low", `{"title":"t","text":"Kakar \uD83D\u0041 spoke.","spans":[]}`, `f.jsonl:1: not UTF-8: "\uD83D" at byte 27 of the line is half of a UTF-16 surrogate pair, the other half is missing`},
		{"low alone", `{"title":"t","text":"Kakar \udc00.","spans":[]}`, `f.jsonl:1: not UTF-8: "\udc00" at byte 27 of the line is half of a UTF-16 surrogate pair, the other half is missing`},
		{"high at the end of a string", `{"title":"t \ud800","text":"Kakar.","spans":[]}`, `f.jsonl:1: not UTF-8: "\ud800" at byte 12 of the line is half of a UTF-16 surrogate pair, the other half is missing`},
		{"label", `{"title":"t","text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"act\udfffor","annotator":"al"}]}`, `f.jsonl:1: not UTF-8: "\udfff" at byte 99 of the line is half of a UTF-16 surrogate pair, the other half is missing`},
		{"annotator", `{"title":"t","text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"J\ud800rgen"}]}`, `f.jsonl:1: not UTF-8: "\ud800" at byte 117 of the line is half of a UTF-16 surrogate pair, the other half is missing`},
		{"thread title", `{"type":"thread","id":"t1","title":"\ud800","annotator":"al","members":[]}`, `f.jsonl:1: not UTF-8: "\ud800" at byte 36 of the line is half of a UTF-16 surrogate pair, the other half is missing`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs, err := ReadJSONL(strings.NewReader(tc.line+"\n"), "f.jsonl", ReadOptions{}, func(r *Record) error {
				t.Errorf("read a record from a line with a lone surrogate: %+v", r)
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
		})
	}
	for _, ok := range []string{
		`{"title":"t","text":"Kakar \ud83d\udc4d spoke.","spans":[]}`,
		`{"title":"t","text":"Kakar \\ud800 spoke.","spans":[]}`,
		`{"title":"t","text":"Kakar \\\ud83d\udc4d spoke.","spans":[]}`,
	} {
		errs, err := ReadJSONL(strings.NewReader(ok), "f.jsonl", ReadOptions{}, func(*Record) error { return nil })
		if err != nil || len(errs) != 0 {
			t.Errorf("%s: got %v %v, want it read", ok, err, errs)
		}
	}
}

// A document line is decoded once unless it could name a type; either way
// it reads the same, and a line with something after its object is refused.
func TestParseLineFastAndProbedAlike(t *testing.T) {
	plain := []byte(`{"title":"t","text":"Kakar spoke.","spans":[{"id":"s1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`)
	typed := []byte(`{"type":"document","title":"t","text":"Kakar spoke.","spans":[{"id":"s1","start":0,"end":5,"text":"Kakar","label":"type","annotator":"al"}]}`)
	for _, line := range [][]byte{plain, typed} {
		rec, err := ParseLine(line, ReadOptions{})
		if err != nil || rec.Doc == nil || len(rec.Spans) != 1 || rec.Spans[0].ID != "s1" {
			t.Errorf("%s: got %+v, %v", line, rec, err)
		}
	}
	for _, bad := range []string{
		`{"title":"t","text":"Kakar spoke."} trailing`,
		`["not", "an object"]`,
		`{"title":"t","text":"Kakar spoke.","spans":[{"id":"s1","start":0,"end":6,"text":"Kakar","label":"actor"}]}`,
	} {
		if _, err := ParseLine([]byte(bad), ReadOptions{}); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
	if _, err := ParseLine([]byte(`{"title":"t","text":"x"} trailing`), ReadOptions{}); err == nil || !strings.Contains(err.Error(), "not a JSON object") {
		t.Errorf("trailing data: %v, want it called not a JSON object", err)
	}
}

// A line with an ID and no text takes its document from ReadOptions.Doc,
// trusted as checked: its spans are placed on that text, and a document
// given under another ID is refused.
func TestParseLineTakesTheTextFromDoc(t *testing.T) {
	d := &Document{ID: DocID("Kabul denies it."), Title: "t", Text: "Kabul denies it."}
	other := &Document{ID: DocID("Something else."), Text: "Something else."}
	line := []byte(`{"id":"` + d.ID + `","spans":[{"id":"s1","annotator":"ann","label":"actor","start":0,"end":5,"text":"Kabul"}]}`)
	rec, err := ParseLine(line, ReadOptions{Doc: func(id string) (*Document, error) { return d, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Doc.ID != d.ID || rec.Doc.Text != d.Text || len(rec.Spans) != 1 || rec.Spans[0].Doc != d.ID {
		t.Fatalf("got %+v, %+v", rec.Doc, rec.Spans)
	}
	_, err = ParseLine(line, ReadOptions{Doc: func(id string) (*Document, error) { return other, nil }})
	if err == nil || !strings.Contains(err.Error(), "was given document "+other.ID) {
		t.Fatalf("a document under another ID: %v", err)
	}
}

// ReadJSONL's fast path cuts a line's strings out of the line it read,
// without copying it: every record read stays as it was while later lines
// are read, and equals what a parse of a copy of the same line gives.
func TestReadJSONLRecordsOutliveTheirLines(t *testing.T) {
	var lines []string
	for i := range 50 {
		text := strings.Repeat("Kakar spoke ", 20) + strings.Repeat("x", i)
		lines = append(lines, `{"title":"t`+strings.Repeat("y", i)+`","text":"`+text+`","spans":[{"id":"k`+strings.Repeat("z", i)+`","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`)
	}
	var got []*Record
	r := iotest.HalfReader(strings.NewReader(strings.Join(lines, "\n")))
	errs, err := ReadJSONL(r, "f.jsonl", ReadOptions{}, func(rec *Record) error {
		got = append(got, rec)
		return nil
	})
	if err != nil || len(errs) > 0 || len(got) != len(lines) {
		t.Fatalf("read %d records, %v %v; want %d", len(got), err, errs, len(lines))
	}
	for i, line := range lines {
		want, err := parseLine([]byte(line), ReadOptions{}, true)
		if err != nil {
			t.Fatal(err)
		}
		g := got[i]
		if g.Doc.Text != want.Doc.Text || g.Doc.Title != want.Doc.Title || len(g.Spans) != 1 || g.Spans[0].ID != want.Spans[0].ID || g.Spans[0].Label != "actor" || g.Spans[0].Annotator != "al" {
			t.Errorf("line %d: got %+v %+v, want %+v %+v", i+1, g.Doc, g.Spans, want.Doc, want.Spans)
		}
	}
}

// A small regular file is read in one piece (lineReader): its records and
// problems are those read through a stream of the same bytes, line for
// line — blank lines, CRLF, a last line without its end, a NUL that stops
// the file, a bad line in between.
func TestReadJSONLFileAsStream(t *testing.T) {
	good := `{"title":"t","text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`
	other := `{"title":"u","text":"Kabul denied it."}`
	for name, content := range map[string]string{
		"plain":        good + "\n" + other + "\n",
		"no last end":  good + "\n" + other,
		"blank & crlf": "\n" + good + "\r\n\n  \n" + other + "\r\n",
		"nul":          good + "\n" + `{"title":"x` + "\x00" + `"}` + "\n" + other + "\n",
		"bad line":     good + "\n{\"title\":\n" + other + "\n",
		"empty":        "",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.jsonl")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			read := func(r io.Reader) string {
				var out []string
				errs, err := ReadJSONL(r, "f.jsonl", ReadOptions{}, func(rec *Record) error {
					out = append(out, fmt.Sprintf("%d %s %q %d", rec.Line, rec.Doc.ID, rec.Doc.Title, len(rec.Spans)))
					return nil
				})
				for _, e := range errs {
					out = append(out, e.Error())
				}
				return fmt.Sprint(out, err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			got, want := read(f), read(strings.NewReader(content))
			if got != want {
				t.Errorf("from the file:\n%s\nfrom a stream:\n%s", got, want)
			}
		})
	}
}

// A file whose lines end with a lone CR (classic Mac OS) reads as one line
// of several objects: the refusal says so and what to do, where it said
// only "invalid character '{' after top-level value". A CR between a
// line's tokens, JSON's own white space, is read as before.
func TestReadJSONLNamesLoneCRLineEnds(t *testing.T) {
	in := `{"title":"a","text":"Kakar spoke."}` + "\r" + `{"title":"b","text":"Bilal spoke."}` + "\r"
	errs, err := ReadJSONL(strings.NewReader(in), "mac.jsonl", ReadOptions{}, func(*Record) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "mac.jsonl:1: not a JSON object: invalid character '{' after top-level value") ||
		!strings.HasSuffix(errs[0].Error(), "; the file's lines end with a lone CR (classic Mac OS): save it with LF line ends") {
		t.Fatalf("errors %v; want line 1 refused, naming the lone CR", errs)
	}
	n := 0
	errs, err = ReadJSONL(strings.NewReader(`{"title":"a",`+"\r"+`"text":"Kakar spoke."}`+"\n"), "ws.jsonl", ReadOptions{}, func(*Record) error { n++; return nil })
	if err != nil || len(errs) != 0 || n != 1 {
		t.Fatalf("a CR as white space inside a line: %v, %v, %d records", err, errs, n)
	}
}
