package formats

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Detect names the format of the file at path from its name and the first
// bytes of its content, head: "brat", "doccano", "prodigy", "labelstudio",
// "skein", "hf", "webanno", "xmi" or "txt"; or "w3c", which skein writes but does not read
// (NotRead). ok is true only when the answer is unambiguous; a JSONL
// line such as {"text": "…"} that several formats share gives ok false.
// A folder is "brat" when it holds an .ann file below it, else "txt" when it
// holds .txt files. A .txt is "brat" when an .ann lies beside it.
func Detect(path string, head []byte) (format string, ok bool) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return detectDir(path)
	}
	if IsWebAnno(head) {
		return "webanno", true // its #FORMAT= line, whatever the file's name
	}
	if IsXMI(head) {
		return "xmi", true // XML whose root is xmi:XMI, whatever the file's name
	}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case ext == ".ann" || filepath.Base(path) == "annotation.conf":
		return "brat", true
	case ext == ".txt":
		if _, err := os.Stat(strings.TrimSuffix(path, filepath.Ext(path)) + ".ann"); err == nil {
			return "brat", true
		}
		return "txt", true
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return "", false
	}
	switch trimmed[0] {
	case '[':
		keys, span := firstKeys(trimmed, true)
		if f, ok := exportOnly(keys); ok {
			return f, true
		}
		if keys["data"] || keys["annotations"] || keys["predictions"] || keys["completions"] {
			return "labelstudio", true
		}
		if f, ok := detectLine(keys, span); ok && f == "doccano" {
			return "doccano", true // doccano's JSON export
		}
		return "", false
	case '{':
		keys, span := firstKeys(trimmed, false)
		if f, ok := exportOnly(keys); ok {
			return f, true
		}
		if keys["data"] && (keys["annotations"] || keys["predictions"] || keys["completions"]) {
			return "labelstudio", true
		}
		return detectLine(keys, span)
	}
	return "", false
}

// exportOnly tells, from the keys of the first object, Hugging Face token
// classification ("tokens" and "ner_tags", as datasets' to_json and
// skein's export -format hf write it) and W3C Web Annotation (JSON-LD,
// "@context"), which skein writes but does not read.
func exportOnly(k map[string]bool) (string, bool) {
	switch {
	case k["tokens"] && k["ner_tags"]:
		return "hf", true
	case k["@context"]:
		return "w3c", true
	}
	return "", false
}

// NotRead is the refusal of a file in a format skein writes but does not
// read (Detect's "w3c"), saying why; nil for any other format.
func NotRead(format string) error {
	switch format {
	case "w3c":
		return errorf(ErrSyntax, "this is W3C Web Annotation (JSON-LD, \"@context\"), which skein writes (export -format w3c) but does not read: its annotations name their articles by IRI and carry no article text")
	}
	return nil
}

// detectLine tells the JSONL formats apart by the keys of the first line.
// skein's JSONL is a superset of Prodigy's, so a line is skein's unless it
// carries what only Prodigy writes: its hashes, tokens, an answer, or spans
// without skein's id and annotator (Prodigy's spans have token_start).
func detectLine(k, span map[string]bool) (string, bool) {
	prodigyOnly := k["_input_hash"] || k["_task_hash"] || k["answer"] || k["tokens"] || k["_view_id"] || k["_session_id"] || k["_annotator_id"] || k["_timestamp"]
	switch {
	case k["type"] || k["layers"]:
		return "skein", true
	case prodigyOnly || span["token_start"] || span["token_end"]:
		return "prodigy", true
	case k["spans"] && (span["id"] || span["annotator"] || k["title"] || k["date"] || k["source"] || k["id"]):
		return "skein", true
	case k["spans"]:
		return "prodigy", true
	case k["entities"] || k["label"] || k["labels"] || k["column_label"] || k["column_data"]:
		return "doccano", true
	}
	return "", false
}

// firstKeys collects the top-level keys of the first JSON object in b (the
// first element when inArray), as far as b goes: head may be cut short;
// span holds the keys of the first element of its "spans" list. It scans
// the bytes itself rather than through a json.Decoder, which took 0.3 s to
// step over the 100,000 spans of a 10 MB first line; the reader of the
// format checks the JSON afterwards.
func firstKeys(b []byte, inArray bool) (keys, span map[string]bool) {
	keys, span = map[string]bool{}, map[string]bool{}
	s := &jsonScan{b: b}
	if inArray && !s.take('[') {
		return keys, span
	}
	if !s.take('{') {
		return keys, span
	}
	for !s.take('}') {
		k, ok := s.key()
		if !ok {
			return keys, span
		}
		keys[k] = true
		if k == "spans" {
			s.firstElementKeys(span)
		} else if !s.skip() {
			return keys, span
		}
		if !s.take(',') {
			return keys, span
		}
	}
	return keys, span
}

// jsonScan steps through JSON text without decoding it.
type jsonScan struct {
	b []byte
	i int
}

// space skips white space.
func (s *jsonScan) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// take skips white space and then c, reporting whether c was there.
func (s *jsonScan) take(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// key reads an object's key and the colon after it.
func (s *jsonScan) key() (string, bool) {
	if !s.take('"') {
		return "", false
	}
	start := s.i - 1
	if !s.endString() {
		return "", false
	}
	var k string
	if json.Unmarshal(s.b[start:s.i], &k) != nil || !s.take(':') {
		return "", false
	}
	return k, true
}

// endString moves past the closing quote of a string whose opening quote
// was read.
func (s *jsonScan) endString() bool {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '\\':
			s.i += 2
			continue
		case '"':
			s.i++
			return true
		}
		s.i++
	}
	return false
}

// skip moves past one value, however deep.
func (s *jsonScan) skip() bool {
	s.space()
	depth := 0
	for s.i < len(s.b) {
		switch c := s.b[s.i]; c {
		case '"':
			s.i++
			if !s.endString() {
				return false
			}
			if depth == 0 {
				return true
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return true // the end of a number, true, false or null
			}
			depth--
			if depth == 0 {
				s.i++
				return true
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return true // the end of a number, true, false or null
			}
		}
		s.i++
	}
	return depth == 0
}

// firstElementKeys moves past a list of objects, collecting the keys of
// the first into into.
func (s *jsonScan) firstElementKeys(into map[string]bool) {
	list := s.i
	if s.take('[') && s.take('{') {
		for !s.take('}') {
			k, ok := s.key()
			if !ok {
				break
			}
			into[k] = true
			if !s.skip() || !s.take(',') {
				break
			}
		}
	}
	s.i = list
	s.skip()
}

func detectDir(dir string) (string, bool) {
	found := ""
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".ann":
			found = "brat"
			return fs.SkipAll
		case ".txt":
			found = "txt"
		}
		return nil
	})
	return found, found != ""
}
