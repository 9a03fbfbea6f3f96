package annotate

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// fuzzDocs are the documents the fuzz test's ReadOptions.Doc knows: the
// seed articles and the benchmark's, so that lines naming only an ID
// reach the checks of their spans.
func fuzzDocs(tb testing.TB) map[string]*Document {
	tb.Helper()
	docs := map[string]*Document{}
	names, _ := filepath.Glob("../seeds/*.txt")
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		d := &Document{ID: DocID(string(b)), Title: filepath.Base(n), Text: string(b)}
		docs[d.ID] = d
	}
	_, d := layerLine(tb, 10, false)
	docs[d.ID] = d
	for _, text := range []string{"Kakar spoke.", "Kabul denies it.", "Sony 👍 said North America grew 5% — “a record”."} {
		docs[DocID(text)] = &Document{ID: DocID(text), Title: "t", Text: text}
	}
	return docs
}

// fuzzSeeds are real lines: the benchmark's layer and document lines,
// the seed articles as an export writes them with spans on them, and
// every line of the project's and the shared folder's JSONL fixtures.
func fuzzSeeds(tb testing.TB, docs map[string]*Document) [][]byte {
	tb.Helper()
	var out [][]byte
	layer, _ := layerLine(tb, 10, false)
	full, _ := layerLine(tb, 10, true)
	out = append(out, layer, full)
	for _, d := range docs {
		t := NewText(d.Text)
		var spans []*Span
		for k, start := 0, 0; start+8 < t.Len() && k < 12; k, start = k+1, start+t.Len()/12+1 {
			s := &Span{ID: fmt.Sprintf("s%d", k), Doc: d.ID, Label: "claim", Annotator: "ann", Fragments: []Fragment{{Start: start, End: start + 7}}, Created: 1764000000123}
			if k%4 == 3 && start+20 < t.Len() {
				s.Fragments = []Fragment{{Start: start, End: start + 3}, {Start: start + 10, End: start + 14}}
				s.Attrs = map[string]string{"certain": "no"}
				s.Norms = []Norm{{DB: "wd", ID: "Q1", Text: "x"}}
				s.Note = "a \"note\"\n\u2028"
			}
			spans = append(spans, s)
		}
		dl := EncodeDocLine(d, spans, []LayerInfo{{Annotator: "ann", Modified: 1764000000000, Done: true}}, func(string) []string { return []string{"th1"} })
		out = append(out, bytes.TrimSpace(appendDocLine(nil, dl)))
		dl.Text = ""
		out = append(out, bytes.TrimSpace(appendDocLine(nil, dl)))
	}
	var files []string
	for _, pat := range []string{"testdata/*.jsonl", "formats/testdata/*.jsonl", "../app/*/testdata/*.jsonl", "/work/shared/interop/*/*.jsonl"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		sc.Buffer(nil, 1<<20)
		for n := 0; sc.Scan() && n < 50; n++ {
			out = append(out, append([]byte(nil), sc.Bytes()...))
		}
	}
	for _, c := range trickyLines {
		out = append(out, []byte(c.line))
	}
	return out
}

// sameParse fails t when the fast path reads line otherwise than the path
// through encoding/json: the decoded line and its unknown fields, and
// ParseLine's record or error, under several read options.
func sameParse(t *testing.T, line []byte, docs map[string]*Document) (fastDecoded bool) {
	t.Helper()
	var fast, slow DocLine
	uf, ok := decodeDocLineFast(line, &fast, false)
	us, err := decodeDocLine(line, &slow)
	if ok {
		if err != nil {
			t.Fatalf("%q: the fast path read a line encoding/json refuses (%v)", line, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: the fast path read\n%#v\nencoding/json\n%#v", line, fast, slow)
		}
		if !reflect.DeepEqual(uf, us) {
			t.Fatalf("%q: unknown fields %#v, encoding/json's %#v", line, uf, us)
		}
	}
	lookup := func(id string) (*Document, error) {
		if d := docs[id]; d != nil {
			return d, nil
		}
		return nil, errors.New("no such document")
	}
	for _, opt := range []ReadOptions{{}, {Annotator: "def"}, {Annotator: "def", Doc: lookup}} {
		rf, ef := parseLine(line, opt, true)
		rs, es := parseLine(line, opt, false)
		if (ef == nil) != (es == nil) || ef != nil && ef.Error() != es.Error() {
			t.Fatalf("%q: error %v, encoding/json's %v", line, ef, es)
		}
		if !reflect.DeepEqual(rf, rs) {
			t.Fatalf("%q: record\n%#v\nencoding/json's\n%#v", line, rf, rs)
		}
	}
	return ok
}

// FuzzParseLine holds the fast path to the path through encoding/json on
// any line: it may leave a line to encoding/json, but what it reads it
// reads the same, and ParseLine gives the same record or the same error.
func FuzzParseLine(f *testing.F) {
	docs := fuzzDocs(f)
	for _, s := range fuzzSeeds(f, docs) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		sameParse(t, line, docs)
	})
}

// trickyLines are the cases where encoding/json does something a hand
// parser easily gets wrong; fast says whether the fast path reads the
// line itself or leaves it to encoding/json.
var trickyLines = []struct {
	name, line string
	fast       bool
}{
	{"plain", `{"title":"t","text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`, true},
	{"escapes", `{"title":"t\"\\\/\b\f\n\r\t","text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"K\u0061kar","label":"act\u006Fr","annotator":"al","note":"\u0000\u00e9\u2028"}]}`, true},
	{"surrogate pair", `{"title":"\ud83d\udc4d","text":"Kakar \ud83d\udc4d spoke.","spans":[{"id":"k","start":6,"end":7,"text":"\ud83d\udc4d","label":"actor","annotator":"al"}]}`, true},
	{"lone high surrogate", `{"title":"\ud83d","text":"Kakar spoke.","spans":[]}`, false},
	{"high surrogate then another escape", `{"title":"\ud83d\u0041","text":"Kakar spoke.","spans":[]}`, false},
	{"lone low surrogate", `{"title":"\udc4d","text":"Kakar spoke.","spans":[]}`, false},
	{"bad escape", `{"title":"\x","text":"Kakar spoke.","spans":[]}`, false},
	{"short unicode escape", `{"title":"\u12","text":"Kakar spoke.","spans":[]}`, false},
	{"control byte in a string", "{\"title\":\"a\tb\",\"text\":\"Kakar spoke.\",\"spans\":[]}", false},
	{"not UTF-8", "{\"title\":\"caf\xe9\",\"text\":\"Kakar spoke.\",\"spans\":[]}", false},
	{"key given twice: the last wins", `{"title":"a","title":"b","text":"Kakar spoke.","spans":[]}`, false},
	{"span key given twice", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","label":"claim","annotator":"al"}]}`, false},
	{"spans given twice merge", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","note":"n"}],"spans":[{"id":"j","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`, false},
	{"key in another case", `{"Title":"a","text":"Kakar spoke.","spans":[]}`, false},
	{"key folding to spans", `{"text":"Kakar spoke.","ſpans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`, false},
	{"key folding to start", `{"text":"Kakar spoke.","spans":[{"id":"k","ſtart":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`, false},
	{"unknown key that folds to none", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","K":1,"Ω":2}]}`, true},
	{"escaped known key", `{"\u0074itle":"a","text":"Kakar spoke.","spans":[]}`, true},
	{"unknown fields", `{"zeta":1,"alpha":{"a":[1,2,{"b":null}]},"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","weight":0.5,"color":"red","height":2},{"id":"j","start":6,"end":11,"text":"spoke","label":"actor","annotator":"al","color":"blue","a":true}],"layers":[{"annotator":"al","x":[]}],"omega":false}`, true},
	{"unknown field in a norm", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","norms":[{"db":"wd","ref":"Q1","extra":1}]}]}`, true},
	{"numbers", `{"text":"Kakar spoke.","x":[-0,0.5,1e3,-2.5E-7,12345678901234567890123],"spans":[{"id":"k","start":-0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`, true},
	{"float offset", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0.0,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`, false},
	{"exponent offset", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5e0,"text":"Kakar","label":"actor","annotator":"al"}]}`, false},
	{"offset out of range", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":99999999999999999999,"text":"Kakar","label":"actor","annotator":"al"}]}`, false},
	{"leading zero", `{"text":"Kakar spoke.","spans":[{"id":"k","start":00,"end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`, false},
	{"offset as a string", `{"text":"Kakar spoke.","spans":[{"id":"k","start":"0","end":5,"text":"Kakar","label":"actor","annotator":"al"}]}`, false},
	{"nulls", `{"type":null,"title":null,"text":"Kakar spoke.","meta":null,"spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","note":null,"attrs":{"a":null,"b":"y"},"threads":[null,"t"],"norms":null}],"layers":null}`, true},
	// A key given twice is refused on encoding/json's path (DupKey):
	// the fast path leaves every such line to it.
	{"unknown key twice", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","weight":0.5,"weight":2}]}`, false},
	{"unknown top key twice", `{"x":1,"text":"Kakar spoke.","x":2,"spans":[]}`, false},
	{"key twice in an unknown value", `{"x":{"a":1,"a":2},"text":"Kakar spoke.","spans":[]}`, false},
	{"attr twice", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","attrs":{"b":"x","b":"y"}}]}`, false},
	{"meta key twice", `{"text":"Kakar spoke.","meta":{"b":"x","b":"y"},"spans":[]}`, false},
	{"unknown norm key twice", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","norms":[{"db":"wd","x":1,"x":2}]}]}`, false},
	{"known key twice", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"claim","label":"actor","annotator":"al"}]}`, false},
	{"nine unknown keys", `{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"text":"Kakar spoke.","spans":[]}`, false},
	{"spans null", `{"title":"t","text":"Kakar spoke.","spans":null}`, true},
	{"empty lists and maps", `{"text":"Kakar spoke.","meta":{},"spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","fragments":[],"threads":[],"attrs":{},"norms":[]}],"layers":[]}`, true},
	{"null span", `{"text":"Kakar spoke.","spans":[null]}`, true},
	{"fragment of three numbers", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","fragments":[[0,5,9]]}]}`, false},
	{"discontinuous", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":11,"text":"Kak spoke","label":"actor","annotator":"al","fragments":[[0,3],[6,11]]}]}`, true},
	{"discontinuous, wrong quote", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":11,"text":"Kakspoke","label":"actor","annotator":"al","fragments":[[0,3],[6,11]]}]}`, true},
	{"white space everywhere", " \t{ \"text\" : \"Kakar spoke.\" ,\n\"spans\" : [ { \"id\" : \"k\" , \"start\" : 0 , \"end\" : 5 , \"text\" : \"Kakar\" , \"label\" : \"actor\" , \"annotator\" : \"al\" , \"fragments\" : [ [ 0 , 5 ] ] } ] } \r\n", true},
	{"something after the object", `{"text":"Kakar spoke.","spans":[]} {}`, false},
	{"vertical tab after the object", "{\"text\":\"Kakar spoke.\",\"spans\":[]}\v", false},
	{"trailing comma", `{"text":"Kakar spoke.","spans":[],}`, false},
	{"not an object", `["text"]`, false},
	{"null line", `null`, false},
	{"true done", `{"text":"Kakar spoke.","spans":[],"layers":[{"annotator":"al","done":true,"modified":"2025-11-24T16:00:00.123Z"},{"annotator":"bo","done":false,"modified":"2024-02-29T23:59:59.999Z"}]}`, true},
	{"a time time.Parse refuses", `{"text":"Kakar spoke.","spans":[],"layers":[{"annotator":"al","modified":"2025-02-29T16:00:00.123Z"}]}`, true},
	{"another time format", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al","created":"2025-11-24T17:00:00+01:00"}]}`, true},
	{"id twice", `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"},{"id":"k","start":6,"end":11,"text":"spoke","label":"actor","annotator":"al"}]}`, true},
	{"deep unknown value", `{"text":"Kakar spoke.","deep":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `,"spans":[]}`, false},
	{"cut short", `{"text":"Kakar spoke.","spans":[{"id":"k"`, false},
}

// The tricky cases read the same on both paths, and the fast path takes
// those it should: a line skein writes never goes to encoding/json.
func TestFastPathTrickyLines(t *testing.T) {
	docs := fuzzDocs(t)
	for _, c := range trickyLines {
		t.Run(c.name, func(t *testing.T) {
			if got := sameParse(t, []byte(c.line), docs); got != c.fast {
				t.Errorf("fast path took the line: %v, want %v", got, c.fast)
			}
		})
	}
}

// Every line skein writes, and every real line in the fixtures that is a
// document line, takes the fast path all the way (decoding and checks).
func TestFastPathTakesRealLines(t *testing.T) {
	docs := fuzzDocs(t)
	lookup := func(id string) (*Document, error) {
		if d := docs[id]; d != nil {
			return d, nil
		}
		return nil, errors.New("no such document")
	}
	n := 0
	for _, line := range fuzzSeeds(t, docs)[:2+2*len(docs)] {
		sameParse(t, line, docs)
		opt := ReadOptions{Doc: lookup}
		if _, ok := parseDocLineFast(line, opt, new(docAnswer)); !ok {
			t.Errorf("%.200q: left to encoding/json", line)
		}
		n++
	}
	if n < 10 {
		t.Fatalf("only %d lines", n)
	}
}

// The fast path's time reader gives what time.Parse gives, and leaves what
// it cannot read to it.
func TestParseMillisFast(t *testing.T) {
	for _, s := range []string{"", "2025-11-24T16:00:00.000Z", "1970-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z",
		"2023-02-29T00:00:00.000Z", "2025-13-01T00:00:00.000Z", "2025-00-10T00:00:00.000Z", "2025-04-31T00:00:00.000Z", "2025-01-01T24:00:00.000Z",
		"2025-01-01T00:60:00.000Z", "2025-01-01T00:00:60.000Z", "2025-01-01T00:00:00.0a0Z", "2025-01-01T00:00:00.000z", "2025-01-01T00:00:00Z",
		"2025-01-01T00:00:00.000+02:00", "2100-02-29T00:00:00.000Z", "2000-02-29T00:00:00.000Z", "+025-01-01T00:00:00.000Z"} {
		want, err := parseMillis(s)
		got, ok := parseMillisFast(s, &lineClock{})
		if ok != (err == nil) || got != want {
			t.Errorf("%q: got %d %v, want %d %v", s, got, ok, want, err)
		}
	}
}

// Appending to one span's fragments, which share one array with the
// next span's, leaves the next span as it was.
func TestFastPathFragmentsApart(t *testing.T) {
	line := `{"text":"Kakar spoke.","spans":[{"id":"k","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"al"},{"id":"j","start":6,"end":11,"text":"spoke","label":"actor","annotator":"al"}]}`
	rec, err := ParseLine([]byte(line), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rec.Spans[0].Fragments = append(rec.Spans[0].Fragments, Fragment{Start: 1, End: 2})
	if got := rec.Spans[1].Fragments; len(got) != 1 || got[0] != (Fragment{Start: 6, End: 11}) {
		t.Fatalf("second span's fragments %v after appending to the first's", got)
	}
}

// What a record keeps of a layer line (span IDs, labels, names) is copied
// out of the line, so that an import holding millions of spans does not
// hold their lines: records kept from the fast path take no more memory
// than those from encoding/json's.
func TestFastPathKeepsNoLine(t *testing.T) {
	line, doc := layerLine(t, 10, false)
	line = bytes.Replace(line, []byte(`"label":"claim"`), []byte(`"label":"claim","note":"n","attrs":{"a":"b"},"norms":[{"db":"wd","ref":"Q1"}]`), 1)
	opt := ReadOptions{Doc: func(string) (*Document, error) { return doc, nil }}
	const n = 2000
	kept := func(fast bool) uint64 {
		recs := make([]*Record, n)
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		for i := range recs {
			rec, err := parseLine(line, opt, fast)
			if err != nil {
				t.Fatal(err)
			}
			recs[i] = rec
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		runtime.KeepAlive(recs)
		return (ms.HeapAlloc - before) / n
	}
	if _, ok := parseDocLineFast(line, opt, new(docAnswer)); !ok {
		t.Fatal("left to encoding/json")
	}
	fast, slow := kept(true), kept(false)
	t.Logf("bytes kept a line: %d on the fast path, %d through encoding/json (the line: %d)", fast, slow, len(line))
	if fast > slow {
		t.Errorf("the fast path's records keep %d bytes a line, encoding/json's %d", fast, slow)
	}
}

// A line whose document comes from ReadOptions.Doc asks for it once, also
// when the fast path gives way to encoding/json's to say what is wrong.
func TestFastPathAsksForTheDocumentOnce(t *testing.T) {
	line, doc := layerLine(t, 10, false)
	bad := bytes.Replace(line, []byte(`"label":"claim"`), []byte(`"label":" claim"`), 1)
	for _, c := range []struct {
		name string
		line []byte
		err  string
	}{{"good", line, ""}, {"bad label", bad, `label " claim" has leading or trailing space`}, {"unknown document", bytes.Replace(line, []byte(doc.ID), []byte("0123456789abcdef"), 1), "no such document"}} {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			opt := ReadOptions{Doc: func(id string) (*Document, error) {
				calls++
				if id != doc.ID {
					return nil, errors.New("no such document")
				}
				return doc, nil
			}}
			_, err := ParseLine(c.line, opt)
			if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
				t.Errorf("got %v, want %q", err, c.err)
			}
			if calls != 1 {
				t.Errorf("asked for the document %d times", calls)
			}
		})
	}
}

// FuzzParseLineParts holds the two paths to the same result on lines built
// around a good one, so that the fuzzer's changes land in the values the
// fast path reads (offsets, quoted texts, labels, names, times, escapes,
// an extra member with any key and raw value) rather than break the line's
// syntax at its first byte.
func FuzzParseLineParts(f *testing.F) {
	docs := fuzzDocs(f)
	f.Add("Kakar spoke.", 0, 5, "Kakar", "actor", "al", "2025-11-24T16:00:00.000Z", "note", `"x"`, false)
	f.Add("Sony 👍 said North America grew 5% — “a record”.", 5, 6, "👍", "claim", "", "", "weight", `[1,{"a":null}]`, true)
	f.Add("Kabul denies it.", 0, 5, `Kab\u0075l`, `la\"bel`, "Ann", "2024-02-29T23:59:59.999Z", "Start", `1.5`, false)
	f.Add("Kakar spoke.", 6, 11, "spoke", "actor", "al", "2025-11-24T17:00:00+01:00", "fragments", `[[6,8],[9,11]]`, false)
	f.Fuzz(func(t *testing.T, text string, start, end int, quoted, label, annotator, created, key, raw string, withID bool) {
		var b strings.Builder
		b.WriteString(`{`)
		if withID {
			fmt.Fprintf(&b, `"id":%q,`, DocID(text))
		} else {
			b.WriteString(`"text":`)
			b.Write(appendJSONString(nil, text))
			b.WriteString(`,`)
		}
		fmt.Fprintf(&b, `"spans":[{"id":"s1","start":%d,"end":%d,"text":"%s","label":"%s","annotator":"%s","created":"%s","%s":%s}],"layers":[{"annotator":"al"}]}`,
			start, end, quoted, label, annotator, created, key, raw)
		sameParse(t, []byte(b.String()), docs)
	})
}

// Spans out of text order on a long article read the same on both paths,
// and send the cursor to the table of code points once instead of walking
// the text again for each (a file of 100,000 spans in reverse order on a
// 10 MB article would otherwise walk it 100,000 times).
func TestFastPathSpansOutOfOrder(t *testing.T) {
	text := strings.Repeat("Kabul’s “spokesman” said — ", 300) // about 9 KB, not ASCII
	doc := &Document{ID: DocID(text), Text: text}
	tx := NewText(text)
	var spans []*Span
	for start := tx.Len() - 10; start >= 0; start -= 97 {
		spans = append(spans, &Span{ID: fmt.Sprintf("s%d", start), Doc: doc.ID, Label: "claim", Annotator: "al", Fragments: []Fragment{{Start: start, End: start + 8}}})
	}
	line := bytes.TrimSpace(appendDocLine(nil, EncodeDocLine(doc, spans, nil, nil)))
	sameParse(t, line, map[string]*Document{doc.ID: doc})
	rec, ok := parseDocLineFast(line, ReadOptions{}, new(docAnswer))
	if !ok || len(rec.Spans) != len(spans) {
		t.Fatalf("left to encoding/json, or %d spans of %d", len(rec.Spans), len(spans))
	}
	c := newTextCursor(text)
	if _, ok := c.byteAt(tx.Len() - 1); !ok || c.t != nil {
		t.Fatalf("walking forward: ok %v, table %v", ok, c.t != nil)
	}
	for _, cp := range []int{5, tx.Len() - 3, 0, tx.Len(), 17} {
		b, ok := c.byteAt(cp)
		if !ok || b != tx.Byte(cp) {
			t.Errorf("code point %d: byte %d %v, want %d", cp, b, ok, tx.Byte(cp))
		}
	}
	if c.t == nil {
		t.Error("sent back on a long text, the cursor built no table")
	}
	if _, ok := c.byteAt(tx.Len() + 1); ok {
		t.Error("a code point past the end was found")
	}
}

// A cursor's byteAt, which skips ASCII eight bytes at a time, gives every
// code point's byte offset as Text does, forward and sent back, on texts
// where runs of ASCII of every length meet multi-byte characters and bytes
// that are not UTF-8.
func TestTextCursorByteAt(t *testing.T) {
	texts := []string{"", "abc", "Kakar — said", "’", "\xff\xfeab", strings.Repeat("a", 17) + "é" + strings.Repeat("b", 8) + "—" + strings.Repeat("c", 7) + "\xe2\x80" + "x"}
	for n := range 20 {
		texts = append(texts, strings.Repeat("x", n)+"é"+strings.Repeat("y", 20-n)+"’")
	}
	for _, s := range texts {
		want := NewText(s)
		c := newTextCursor(s)
		for cp := 0; cp <= want.Len()+1; cp++ {
			b, ok := c.byteAt(cp)
			if ok != (cp <= want.Len()) || ok && b != want.Byte(cp) {
				t.Fatalf("%q: byteAt(%d) = %d, %v; want %d, %v", s, cp, b, ok, want.Byte(cp), cp <= want.Len())
			}
		}
		c = newTextCursor(s)
		for cp := want.Len(); cp >= 0; cp -= 3 {
			if b, ok := c.byteAt(cp); !ok || b != want.Byte(cp) {
				t.Fatalf("%q: back to byteAt(%d) = %d, %v; want %d", s, cp, b, ok, want.Byte(cp))
			}
		}
	}
}
