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
		keys := firstKeys(trimmed, true)
		if keys["data"] || keys["annotations"] || keys["predictions"] || keys["completions"] {
			return "labelstudio", true
		}
		return "", false
	case '{':
		keys := firstKeys(trimmed, false)
		if keys["data"] && (keys["annotations"] || keys["predictions"] || keys["completions"]) {
			return "labelstudio", true
		}
		return detectLine(keys)
	}
	return "", false
}

// detectLine tells the JSONL formats apart by the keys of the first line.
func detectLine(k map[string]bool) (string, bool) {
	switch {
	case k["type"] || (k["spans"] && (k["title"] || k["date"] || k["source"])) || k["layers"]:
		return "skein", true
	case k["_input_hash"] || k["_task_hash"] || k["answer"] || k["tokens"] || k["_view_id"] || k["spans"]:
		return "prodigy", true
	case k["entities"] || k["label"] || k["labels"] || k["column_label"] || k["column_data"]:
		return "doccano", true
	case k["relations"]:
		return "", false
	}
	return "", false
}

// firstKeys collects the top-level keys of the first JSON object in b (the
// first element when inArray), as far as b goes: head may be cut short.
func firstKeys(b []byte, inArray bool) map[string]bool {
	keys := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(b))
	if inArray {
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return keys
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return keys
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		k, ok := t.(string)
		if !ok {
			return keys
		}
		keys[k] = true
		if skipValue(dec) != nil {
			return keys
		}
	}
	return keys
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
