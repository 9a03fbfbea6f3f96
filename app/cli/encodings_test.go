package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf32 is s in UTF-32 with its byte order mark, little- or big-endian.
func utf32(s string, big bool) []byte {
	var b []byte
	for _, r := range append([]rune{0xfeff}, []rune(s)...) {
		u := uint32(r)
		if big {
			b = append(b, byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8), byte(u>>16), byte(u>>24))
		}
	}
	return b
}

// utf16Bytes is s in UTF-16, big- or little-endian, with its byte order
// mark or without.
func utf16Bytes(s string, big, mark bool) []byte {
	var b []byte
	rs := []rune(s)
	if mark {
		rs = append([]rune{0xfeff}, rs...)
	}
	for _, u := range utf16.Encode(rs) {
		if big {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestImportUTF32Named: a file saved as UTF-32 is refused at line 1 as
// what it is, in every format, saying how to make it UTF-8. UTF-32LE (FF
// FE 00 00) was named UTF-16LE and sent to -encoding utf-16, which garbled
// it; UTF-32BE was "binary content: control byte 0x00".
func TestImportUTF32Named(t *testing.T) {
	eachUTF32Import(t, func(s string, big bool) []byte { return utf32(s, big) }, func(t *testing.T, enc, marked, store string, code int, stderr string) {
		want := marked + ":1: "
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, " is "+enc+", as the byte order mark it begins with says") ||
			!strings.Contains(stderr, "iconv -f "+enc+" -t UTF-8") || strings.Contains(stderr, "UTF-16") || strings.Contains(stderr, "binary") {
			t.Errorf("import = %d %q; want %q naming %s and the iconv line", code, stderr, want, enc)
		}
		if got := spansOf(t, store); len(got) != 0 {
			t.Errorf("the refused import stored spans %q", got)
		}
	})
}

// eachUTF32Import imports, in every format (-format, and the txt of an
// article), a file written by bytesOf in UTF-32LE and BE, and calls check
// with the encoding, the file's name, the store and what the import said.
func eachUTF32Import(t *testing.T, bytesOf func(s string, big bool) []byte, check func(t *testing.T, enc, file, store string, code int, stderr string)) {
	cases := append([]struct {
		format string
		files  map[string]string
	}{{"txt", map[string]string{"a.txt": "Mujahid denied it.\n"}}}, labelled...)
	for i, tc := range cases {
		for _, big := range []bool{false, true} {
			enc := "UTF-32LE"
			if big {
				enc = "UTF-32BE"
			}
			t.Run(fmt.Sprint(i, tc.format, " ", enc), func(t *testing.T) {
				dir := t.TempDir()
				file := ""
				path := writeLabelled(t, dir, tc.files, func(name, content string) []byte {
					if strings.HasPrefix(name, "b/") && strings.HasSuffix(name, ".txt") {
						return []byte(content) // a brat .txt: its .ann is the one
					}
					file = filepath.Base(name)
					return bytesOf(content, big)
				})
				store := filepath.Join(dir, "s")
				code, _, stderr := run(t, store, "import", "-format", tc.format, path)
				check(t, enc, file, store, code, stderr)
			})
		}
	}
}

// TestImportUTF32WithEncoding: -encoding utf-16 on a UTF-32LE article
// (whose mark begins as UTF-16LE's) or latin1 on a UTF-32BE one still says
// what the file is, at line 1: decoded, it was said to "look like UTF-16LE
// without a byte order mark (use -encoding utf-16le)".
func TestImportUTF32WithEncoding(t *testing.T) {
	for _, tc := range []struct {
		encoding, enc string
		big           bool
	}{{"utf-16", "UTF-32LE", false}, {"latin1", "UTF-32BE", true}, {"utf-16", "UTF-32BE", true}} {
		t.Run(tc.encoding+" "+tc.enc, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "a.txt")
			if err := os.WriteFile(p, utf32("Mujahid denied it.\n", tc.big), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := run(t, filepath.Join(dir, "s"), "import", "-encoding", tc.encoding, p)
			if want := "a.txt:1: not UTF-8: it is " + tc.enc + ", as the byte order mark it begins with says, which skein does not read: convert it to UTF-8 and import that (iconv -f " + tc.enc + " -t UTF-8"; code != 1 || !strings.Contains(stderr, want) {
				t.Errorf("import -encoding %s = %d %q; want %q", tc.encoding, code, stderr, want)
			}
		})
	}
}

// TestImportEncodingNamedDecides: -encoding latin1 on a Latin-1 article
// whose first characters are "ÿþ" (bytes FF FE, UTF-16LE's byte order
// mark) reads it as Latin-1: it was read as UTF-16, one line of CJK
// garble stored. A UTF-16 file beside it, which Latin-1 reads as no text
// (NUL bytes), is still read by its mark, so the folder comes in whole.
func TestImportEncodingNamedDecides(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	lat := []byte{0xff, 0xfe}
	lat = append(lat, []byte(" marks, said the caf\xe9 owner.\n")...)
	u16 := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune("Mujahid denied it in the café.\n")) {
		u16 = append(u16, byte(u), byte(u>>8))
	}
	for name, b := range map[string][]byte{"old.txt": lat, "notepad.txt": u16} {
		if err := os.WriteFile(filepath.Join(corpus, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	store := filepath.Join(dir, "s")
	if code, _, stderr := run(t, store, "import", "-encoding", "latin1", corpus); code != 0 {
		t.Fatalf("import -encoding latin1 = %d %q", code, stderr)
	}
	code, out, stderr := run(t, store, "export", "-all")
	if code != 0 {
		t.Fatalf("export = %d %q", code, stderr)
	}
	texts := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var d struct{ Source, Text string }
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(d.Source, "0") { // not a seed article
			texts[d.Source+" "+d.Text] = true
		}
	}
	for _, want := range []string{"old.txt ÿþ marks, said the café owner.\n", "notepad.txt Mujahid denied it in the café.\n"} {
		if !texts[want] {
			t.Errorf("stored %v; want %q among them", texts, want)
		}
	}
}

// TestImportEncodingRefusesAMarkedUTF8File: a UTF-8 file with its byte
// order mark and one byte of another encoding (a quote pasted from an old
// windows-1252 file) is refused without -encoding, the message suggesting
// -encoding windows-1252; given it, the whole file was read as
// windows-1252, the mark and every accented letter stored as garble
// ("ï»¿Café" as "ï»¿CafÃ©"), with no word. It is refused at the line of
// the byte, and nothing of it is stored.
func TestImportEncodingRefusesAMarkedUTF8File(t *testing.T) {
	dir := t.TempDir()
	mixed := filepath.Join(dir, "mixed.txt")
	os.WriteFile(mixed, []byte("\xef\xbb\xbfCaf\xc3\xa9 owners spoke.\nThe na\xc3\xafve \x93plan\x94 failed.\n"), 0o644)
	store := filepath.Join(dir, "s")
	code, _, stderr := run(t, store, "import", mixed)
	if code == 0 || !strings.Contains(stderr, "try -encoding windows-1252") {
		t.Fatalf("import = %d %q; want it refused, suggesting -encoding windows-1252", code, stderr)
	}
	code, _, stderr = run(t, store, "import", "-encoding", "windows-1252", mixed)
	want := "mixed.txt:2: not UTF-8: it begins with UTF-8's byte order mark, but byte 0x93 at byte 11 of the line, column 11 (byte 34 of the file) is not UTF-8: read as windows-1252, each of its UTF-8 letters would be garbled"
	if code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("import -encoding windows-1252 = %d %q; want it refused: %s", code, stderr, want)
	}
	code, out, stderr := run(t, store, "export", "-all")
	if code != 0 {
		t.Fatalf("export = %d %q", code, stderr)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "owners spoke") {
			t.Errorf("the store holds the file's text: %s", l)
		}
	}
}

// TestImportJoinedFilesByteOrderMark: two files saved with UTF-8's byte
// order mark and joined (cat a b > ab) have a mark at the start of a line
// in the middle. Every line-based reader leaves it out and says once where
// it was: CoNLL kept it in the token (U+FEFF stored in the text and the
// span) and skein's JSONL refused "invalid character 'ï' … at byte 1".
func TestImportJoinedFilesByteOrderMark(t *testing.T) {
	for i, tc := range labelled {
		if tc.format == "labelstudio" || tc.format == "xmi" {
			continue // one JSON or XML document a file, not lines
		}
		t.Run(fmt.Sprint(i, tc.format), func(t *testing.T) {
			dir := t.TempDir()
			marked, line := "", 0
			path := writeLabelled(t, dir, tc.files, func(name, content string) []byte {
				if strings.HasSuffix(name, ".txt") {
					return []byte(content)
				}
				marked = filepath.Base(name)
				if tc.format == "webanno" {
					// One article a file: the mark begins a token's line.
					at := strings.Index(content, "\n1-2\t") + 1
					line = strings.Count(content[:at], "\n") + 1
					return []byte(content[:at] + "\ufeff" + content[at:])
				}
				line = strings.Count(content, "\n") + 1
				// The file joined on: a brat .ann's IDs are its own.
				return []byte("\ufeff" + content + "\ufeff" + strings.ReplaceAll(content, "T1\t", "T2\t"))
			})
			store := filepath.Join(dir, "s")
			code, _, stderr := run(t, store, "import", "-format", tc.format, path)
			want := fmt.Sprintf("%s:%d: this line begins with a byte order mark (U+FEFF), as a file saved on Windows does: read as the start of a file joined on (cat a b > c) and the mark left out; nothing to do\n", marked, line)
			if code != 0 || !strings.Contains(stderr, want) {
				t.Errorf("import = %d %q; want the note %q", code, stderr, want)
			}
			_, out, _ := run(t, store, "export", "-all")
			if strings.Contains(out, "\ufeff") || strings.Contains(strings.ToLower(out), `\ufeff`) {
				t.Errorf("a byte order mark was stored: %q", out)
			}
			if got := spansOf(t, store); !slices.Contains(got, "ACTOR Mujahid") {
				t.Errorf("spans %q; want ACTOR over Mujahid", got)
			}
		})
	}
	t.Run("as-suggestions", func(t *testing.T) {
		dir := t.TempDir()
		store := filepath.Join(dir, "s")
		article := filepath.Join(dir, "a.txt")
		if err := os.WriteFile(article, []byte("Mujahid denied it."), 0o644); err != nil {
			t.Fatal(err)
		}
		pred := `{"text":"Mujahid denied it.","spans":[{"start":0,"end":7,"label":"actor","score":0.9}]}` + "\n"
		p := filepath.Join(dir, "p.jsonl")
		if err := os.WriteFile(p, []byte("\ufeff"+pred+"\ufeff"+pred), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := run(t, store, "import", article); code != 0 {
			t.Fatalf("import = %d %q", code, stderr)
		}
		code, out, stderr := run(t, store, "import", "-as-suggestions", "m", p)
		want := "note: " + p + ":2: this line begins with a byte order mark (U+FEFF)"
		if code != 0 || !strings.Contains(out, "imported 2 suggestions from m") || !strings.Contains(stderr, want) {
			t.Errorf("import -as-suggestions = %d %q %q; want 2 suggestions and %q", code, out, stderr, want)
		}
	})
}

// TestImportBratTextEncodingAtLine1: a brat .txt saved in UTF-16 or UTF-32
// is refused at its line 1, as every other reader names such a file (a
// .txt article, a brat .ann). It was "a.txt: text: not UTF-8: …", with no
// line, where the same file imported alone said "a.txt:1: …".
func TestImportBratTextEncodingAtLine1(t *testing.T) {
	const text = "Mujahid denied it.\n"
	u16 := utf16Bytes
	for _, tc := range []struct {
		name string
		txt  []byte
		says string
	}{
		{"UTF-16LE", u16(text, false, true), "it is UTF-16LE, as the byte order mark it begins with says (use -encoding utf-16)"},
		{"UTF-16BE", u16(text, true, true), "it is UTF-16BE, as the byte order mark it begins with says (use -encoding utf-16)"},
		{"UTF-32LE", utf32(text, false), "it is UTF-32LE, as the byte order mark it begins with says"},
		{"UTF-32BE", utf32(text, true), "it is UTF-32BE, as the byte order mark it begins with says"},
		{"UTF-16LE without a mark", u16(text, false, false), "it looks like UTF-16LE without a byte order mark (use -encoding utf-16le)"},
		// UTF-32 without a mark was "binary content: control byte 0x00 at byte 1".
		{"UTF-32LE without a mark", utf32(text, false)[4:], "not UTF-8: it is UTF-32LE without a byte order mark, which skein does not read: convert it to UTF-8 and import that (iconv -f UTF-32LE -t UTF-8 FILE"},
		{"UTF-32BE without a mark", utf32(text, true)[4:], "not UTF-8: it is UTF-32BE without a byte order mark"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			b := filepath.Join(dir, "b")
			if err := os.MkdirAll(b, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(b, "a.txt"), tc.txt, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(b, "a.ann"), []byte("T1\tactor 0 7\tMujahid\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			store := filepath.Join(dir, "s")
			code, _, stderr := run(t, store, "import", "-format", "brat", b)
			if code != 1 || !strings.Contains(stderr, "  a.txt:1: ") || !strings.Contains(stderr, tc.says) || strings.Contains(stderr, "text:") {
				t.Errorf("import = %d %q; want a.txt:1: saying %q, as the other readers name the file", code, stderr, tc.says)
			}
			if got := spansOf(t, store); len(got) != 0 {
				t.Errorf("%d spans imported, want none", len(got))
			}
		})
	}
}

// TestImportBratAnnWithoutMarkNamed: a brat .ann in UTF-16 or UTF-32
// without a byte order mark was refused as 'T   1   : offset
// "\x00\x00\x000…" is not a count of characters' and a line without a tab,
// naming no encoding. It is named at its line 1 as what it is, as a .txt's
// is.
func TestImportBratAnnWithoutMarkNamed(t *testing.T) {
	const ann = "T1\tactor 0 7\tMujahid\n"
	for _, tc := range []struct {
		name string
		ann  []byte
		says string
	}{
		{"UTF-32LE", utf32(ann, false)[4:], "  a.ann:1: not UTF-8: it is UTF-32LE without a byte order mark, which skein does not read"},
		{"UTF-32BE", utf32(ann, true)[4:], "  a.ann:1: not UTF-8: it is UTF-32BE without a byte order mark, which skein does not read"},
		{"UTF-16LE", utf16Bytes(ann, false, false), "  a.ann:1: binary content: control byte 0x00 at byte 1; it looks like UTF-16LE without a byte order mark (use -encoding utf-16le)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			b := filepath.Join(dir, "b")
			if err := os.MkdirAll(b, 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, b, "a.txt", "Mujahid denied it.\n")
			writeFile(t, b, "a.ann", string(tc.ann))
			code, _, stderr := run(t, filepath.Join(dir, "s"), "import", b)
			if code != 1 || !strings.Contains(stderr, tc.says) || !strings.Contains(stderr, "1 problem") {
				t.Errorf("import = %d %q; want %q", code, stderr, tc.says)
			}
		})
	}
}

// TestImportBratTextBadByteAtItsLine: a brat .txt with a byte that is not
// UTF-8 on its third line was "a.txt: text: not UTF-8: invalid byte 0xff at
// byte 34" with no line, where a .txt article says its line. It is said at
// its line, with the byte in the line and the column counting code points
// (Urdu letters of two bytes before it), as a .txt article is. A binary file
// whose units are no characters is still binary, never UTF-32.
func TestImportBratTextBadByteAtItsLine(t *testing.T) {
	for _, tc := range []struct {
		name string
		txt  []byte
		says string
	}{
		{"line 3", []byte("Mujahid denied it.\nKakar said.\nکابل \xff here.\n"), "  a.txt:3: not UTF-8: invalid byte 0xff at byte 9 of the line, column 6 (byte 40 of the file) (try -encoding windows-1252 or latin1)\n"},
		{"line 1", []byte("کابل \xff here.\n"), "  a.txt:1: not UTF-8: invalid byte 0xff at byte 9, column 6 (try"},
		{"binary", []byte{0x89, 'P', 'N', 'G', 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}, "  a.txt:1: binary content: control byte 0x00 at byte 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			b := filepath.Join(dir, "b")
			if err := os.MkdirAll(b, 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, b, "a.txt", string(tc.txt))
			writeFile(t, b, "a.ann", "T1\tactor 0 7\tMujahid\n")
			// Named with its .ann, the .txt is read as an article and as
			// brat's text: the problem was listed twice.
			for _, args := range [][]string{{"-format", "brat", b}, {filepath.Join(b, "a.txt")}, {filepath.Join(b, "a.txt"), filepath.Join(b, "a.ann")}} {
				code, _, stderr := run(t, filepath.Join(dir, "s"), append([]string{"import"}, args...)...)
				says := tc.says
				if args[0] != "-format" {
					says = strings.Replace(says, "a.txt", args[0], 1)
				}
				if code != 1 || strings.Count(stderr, says) != 1 || !strings.Contains(stderr, "1 problem") || strings.Contains(stderr, "UTF-32") {
					t.Errorf("import %q = %d %q; want %q", args, code, stderr, says)
				}
			}
		})
	}
}

// TestCoNLLTokenOfAZeroWidthNoBreakSpaceReadsBack: U+FEFF inside an
// article (a ZERO WIDTH NO-BREAK SPACE after a space or at a line's start)
// is a token of its own in skein's CoNLL export, the line "\ufeff O". Read
// as a file joined on, its mark was left out and the line was " O", which
// the import refused ("O" has no tag): skein could not read back its own
// export. A mark that a column space follows is the token; one that
// begins a line of a file joined on is still left out.
func TestCoNLLTokenOfAZeroWidthNoBreakSpaceReadsBack(t *testing.T) {
	dir := t.TempDir()
	importAl(t, dir, []string{`{"text":"He said \ufeffKabul and\n\ufeffKakar left.","spans":[{"start":9,"end":14,"text":"Kabul","label":"place","annotator":"al"}]}`})
	out := filepath.Join(t.TempDir(), "x.conll")
	if code, _, stderr := run(t, dir, "export", "-annotator", "al", "-format", "conll", "-o", out); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), "\n\ufeff O\n") {
		t.Fatalf("the export lacks the token U+FEFF on a line of its own:\n%q", b)
	}
	back := t.TempDir()
	code, _, stderr := run(t, back, "-user", "al", "import", "-format", "conll", out)
	if code != 0 || strings.Contains(stderr, "byte order mark") {
		t.Fatalf("import of skein's own CoNLL = %d %s; want it read, no mark left out", code, stderr)
	}
	if got := spansOf(t, back); !slices.Equal(got, []string{"place Kabul"}) {
		t.Errorf("read back, spans %q; want place over Kabul", got)
	}
	_, all, _ := run(t, back, "export", "-all")
	for _, l := range strings.Split(all, "\n") {
		var d struct{ Source, Text string }
		if json.Unmarshal([]byte(l), &d) == nil && strings.HasPrefix(d.Source, "x.conll") && strings.Count(d.Text, "\ufeff") != 2 {
			t.Errorf("read back, the text %q lost a U+FEFF of the article's", d.Text)
		}
	}
}

// TestImportUTF32WithoutMarkEveryFormat: a file in UTF-32 without a byte
// order mark is named as such at its line 1, in every format, as a brat
// .txt or an article is: skein's JSONL, doccano, Prodigy, Hugging Face
// rows and CoNLL said "NUL byte at byte 1 of the line" or "binary
// content", WebAnno "a NUL byte", Label Studio and XMI what a NUL made of
// their JSON or XML.
func TestImportUTF32WithoutMarkEveryFormat(t *testing.T) {
	eachUTF32Import(t, func(s string, big bool) []byte { return utf32(s, big)[4:] }, func(t *testing.T, enc, unmarked, store string, code int, stderr string) {
		if code != 1 || !strings.Contains(stderr, unmarked+":1: ") || !strings.Contains(stderr, " is "+enc+" without a byte order mark, which skein does not read: convert it to UTF-8") ||
			!strings.Contains(stderr, "iconv -f "+enc+" -t UTF-8") || strings.Contains(stderr, "NUL") || strings.Contains(stderr, "binary") {
			t.Errorf("import = %d %q; want %s:1: naming %s without a mark and the iconv line", code, stderr, unmarked, enc)
		}
		if got := spansOf(t, store); len(got) != 0 {
			t.Errorf("the refused import stored spans %q", got)
		}
	})
}

// TestSuggestionsUTF32WithoutMark: a model's predictions in UTF-32 without
// a byte order mark are named so at line 1, nothing kept: they were "not
// JSON" at each line.
func TestSuggestionsUTF32WithoutMark(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s")
	importOK(t, store, writeFile(t, dir, "a.txt", "Mujahid denied it.\n"))
	p := filepath.Join(dir, "ner.jsonl")
	if err := os.WriteFile(p, utf32(`{"text":"Mujahid denied it.\n","spans":[{"start":0,"end":7,"label":"actor"}]}`+"\n", false)[4:], 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, store, "import", "-as-suggestions", "ner", p)
	if want := "ner.jsonl:1: the file is UTF-32LE without a byte order mark, which skein does not read: convert it to UTF-8"; code != 1 || !strings.Contains(stderr, want) || strings.Count(stderr, "ner.jsonl:") != 1 {
		t.Errorf("import -as-suggestions = %d %q; want %q alone", code, stderr, want)
	}
}
