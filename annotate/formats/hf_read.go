package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// hfRead are the fields of a Hugging Face row the reader takes.
var hfRead = map[string]bool{"id": true, "doc": true, "tokens": true, "ner_tags": true}

// ReadHF reads Hugging Face token classification as JSONL, one sentence a
// row: {"tokens": [...], "ner_tags": [...]}, as datasets' to_json and
// skein's export -format hf write it. Tags are IOB names ("B-claim") or
// numbers, which names — the dataset's ClassLabel names, skein's label
// list — turns into names; numbers without names are refused, since a
// label cannot be made up. Consecutive rows with the same "doc" (skein's
// export) are one article; each row without one is an article, as a CoNLL
// block without -DOCSTART- is. An article's text is its tokens joined by
// spaces, a row a line, as ReadCoNLL makes it. Other fields (pos_tags,
// chunk_tags …) are left out and noted.
func ReadHF(r io.Reader, file string, names []string, opt Options) (*Batch, []error) {
	if opt.Annotator == "" {
		return nil, needAnnotator(file)
	}
	b := newBuilder("Hugging Face", "tag", opt)
	var doc []conllLine
	docName := ""
	// size counts the bytes of the article's text as its rows come, so
	// that one past annotate.MaxDocumentBytes (a file whose rows all name
	// one doc) is refused from the line it passes the limit at, as
	// ReadCoNLL refuses it, holding no more of it than that.
	size, over := 0, 0
	flush := func() {
		switch {
		case over > 0:
			b.add(tooLarge(file, doc[0].n, over))
		case len(doc) > 0:
			b.add(readCoNLLDoc(file, doc, opt.Annotator, b.now))
		}
		doc, docName, size, over = nil, "", 0, 0
	}
	b.joined = &annotate.Joined{File: file}
	err := eachLine(r, file, b.joined, func(n int, line []byte) {
		var row struct {
			Doc     *string           `json:"doc"`
			Tokens  []string          `json:"tokens"`
			NerTags []json.RawMessage `json:"ner_tags"`
		}
		fail := func(err error) {
			flush()
			rec := &record{file: file, line: n}
			rec.fail("", 0, err)
			b.add(rec)
		}
		if err := decodeObject(line, &row); err != nil {
			fail(err)
			return
		}
		var fields map[string]json.RawMessage
		if json.Unmarshal(line, &fields) == nil {
			for _, k := range sortedKeys(fields) {
				if !hfRead[k] && !isNull(fields[k]) {
					b.tally.addUnread(unreadKey(k), fmt.Sprintf("%s:%d", file, n))
				}
			}
		}
		if row.Tokens == nil || row.NerTags == nil {
			fail(errorf(ErrSyntax, "want \"tokens\" and \"ner_tags\""))
			return
		}
		if len(row.Tokens) != len(row.NerTags) {
			fail(errorf(ErrSyntax, "%s but %s", annotate.Count(len(row.Tokens), "token"), annotate.Count(len(row.NerTags), "tag")))
			return
		}
		lines := make([]conllLine, 0, len(row.Tokens)+1)
		for i, tok := range row.Tokens {
			tag, err := hfTag(row.NerTags[i], names, file)
			if err != nil {
				fail(fmt.Errorf("ner_tags %d: %w", i+1, err))
				return
			}
			if strings.TrimSpace(tok) == "" {
				fail(errorf(ErrSyntax, "token %d is empty or white space", i+1))
				return
			}
			lines = append(lines, conllLine{n: n, cols: 2, token: tok, tag: tag})
		}
		name := ""
		if row.Doc != nil {
			name = *row.Doc
		}
		if name == "" || name != docName {
			flush()
		} else {
			doc = append(doc, conllLine{n: n}) // a blank line: the sentence ends
		}
		docName = name
		if over > 0 {
			return // the rest of an article too large to read
		}
		for _, l := range lines {
			size += len(l.token) + 1
		}
		if size > annotate.MaxDocumentBytes+1 {
			over = n
			if len(doc) == 0 {
				doc = lines[:1]
			}
			doc = doc[:1] // its first line, which names it
			return
		}
		doc = append(doc, lines...)
	})
	var le *annotate.LineError
	if errors.As(err, &le) {
		b.errs = append(b.errs, err)
		return b.finish()
	} else if err != nil {
		b.errs = append(b.errs, &annotate.LineError{File: file, Err: fmt.Errorf("cannot read: %w", err)})
		return b.finish()
	}
	flush()
	return b.finish()
}

// hfTag is a tag of file as its name: a string as it is, a number
// through names.
func hfTag(raw json.RawMessage, names []string, file string) (string, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", errorf(ErrSyntax, "%s", annotate.JSONErrorText(err, ""))
	}
	switch x := v.(type) {
	case string:
		if x == "" || strings.ContainsAny(x, " \t\r\n") {
			return "", errorf(ErrSyntax, "tag %q is empty or holds white space", clip(x))
		}
		return x, nil
	case json.Number:
		i, err := intOf(x, "tag")
		if err != nil {
			return "", err
		}
		if names == nil {
			return "", errorf(ErrSyntax, "tag %d is a number and no label list names it: put the names, a JSON list whose index is the number ([\"O\", \"B-claim\", …], as the dataset's ClassLabel names them), beside the file as %s", i, LabelListPath(file))
		}
		if i < 0 || i >= len(names) {
			return "", errorf(ErrSyntax, "tag %d is not in the label list, which names %s (0 to %d)", i, annotate.Count(len(names), "tag"), len(names)-1)
		}
		return names[i], nil
	}
	return "", errorf(ErrSyntax, "a tag is a name or a number, not %s", valueKindOf(v))
}

// HFLabelList finds and reads the label list of the Hugging Face file at
// data: data's LabelListPath (ner.jsonl → ner.labels.json) or, for a part
// of a split, the one its parts share (ner.train.jsonl → ner.labels.json).
// It returns the list and its path, or nil and "" when there is none.
func HFLabelList(data string) ([]string, string, error) {
	paths := []string{LabelListPath(data)}
	stem := strings.TrimSuffix(data, filepath.Ext(data))
	for _, part := range []string{".train", ".dev", ".test", ".validation"} {
		if strings.HasSuffix(stem, part) {
			paths = append(paths, LabelListPath(strings.TrimSuffix(stem, part)+".jsonl"))
		}
	}
	for _, p := range paths {
		f, _, err := OpenFile(p, 1<<20, "a label list", false)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, p, err
		}
		raw, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, p, &annotate.LineError{File: p, Err: fmt.Errorf("cannot read: %w", err)}
		}
		if err := annotate.CheckFileStart(raw); err != nil {
			return nil, p, &annotate.LineError{File: p, Line: 1, Err: err}
		}
		raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		var names []string
		if err := decodeObject(raw, &names); err != nil {
			return nil, p, &annotate.LineError{File: p, Err: fmt.Errorf("want the label list, a JSON list of tag names ([\"O\", \"B-claim\", …]): %w", err)}
		}
		for i, name := range names {
			if _, err := hfTag(json.RawMessage(strconv.Quote(name)), nil, ""); err != nil {
				return nil, p, &annotate.LineError{File: p, Err: fmt.Errorf("name %d: %w", i, err)}
			}
		}
		return names, p, nil
	}
	return nil, "", nil
}
