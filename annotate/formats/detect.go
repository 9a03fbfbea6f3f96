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
// "skein" or "txt". ok is true only when the answer is unambiguous; a JSONL
// line such as {"text": "…"} that several formats share gives ok false.
// A folder is "brat" when it holds an .ann file below it, else "txt" when it
// holds .txt files. A .txt is "brat" when an .ann lies beside it.
func Detect(path string, head []byte) (format string, ok bool) {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return detectDir(path)
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
		if keys["data"] || keys["annotations"] || keys["predictions"] || keys["completions"] {
			return "labelstudio", true
		}
		if f, ok := detectLine(keys, span); ok && f == "doccano" {
			return "doccano", true // doccano's JSON export
		}
		return "", false
	case '{':
		keys, span := firstKeys(trimmed, false)
		if keys["data"] && (keys["annotations"] || keys["predictions"] || keys["completions"]) {
			return "labelstudio", true
		}
		return detectLine(keys, span)
	}
	return "", false
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
// span holds the keys of the first element of its "spans" list.
func firstKeys(b []byte, inArray bool) (keys, span map[string]bool) {
	keys, span = map[string]bool{}, map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(b))
	if inArray {
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return keys, span
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return keys, span
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys, span
		}
		k, ok := t.(string)
		if !ok {
			return keys, span
		}
		keys[k] = true
		if k == "spans" {
			if err := firstElementKeys(dec, span); err != nil {
				return keys, span
			}
			continue
		}
		if skipValue(dec) != nil {
			return keys, span
		}
	}
	return keys, span
}

// firstElementKeys reads a list of objects, collecting the keys of the
// first into into.
func firstElementKeys(dec *json.Decoder, into map[string]bool) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if t != json.Delim('[') {
		if d, ok := t.(json.Delim); ok && d == '{' {
			return skipRest(dec, 1)
		}
		return nil
	}
	first := true
	for dec.More() {
		if !first {
			if err := skipValue(dec); err != nil {
				return err
			}
			continue
		}
		first = false
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if t != json.Delim('{') {
			if d, ok := t.(json.Delim); ok && d == '[' {
				if err := skipRest(dec, 1); err != nil {
					return err
				}
			}
			continue
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return err
			}
			if k, ok := t.(string); ok {
				into[k] = true
			}
			if err := skipValue(dec); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // '}'
			return err
		}
	}
	_, err = dec.Token() // ']'
	return err
}

// skipRest reads to the end of a value whose depth opening tokens were
// already read.
func skipRest(dec *json.Decoder, depth int) error {
	for depth > 0 {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// skipValue reads past one value, however deep. Decoding it whole is many
// times faster than a Token per element: a first line of 100,000 spans took
// 0.6 s that way.
func skipValue(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
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
