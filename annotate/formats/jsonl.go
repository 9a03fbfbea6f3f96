package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
)

// eachLine calls fn with each non-blank line of a JSONL stream and its
// 1-based number. Lines may be longer than any buffer (long articles).
func eachLine(r io.Reader, fn func(n int, line []byte)) error {
	br := bufio.NewReaderSize(r, 64<<10) // ReadBytes reads lines longer than this too
	n := 0
	for {
		raw, err := br.ReadBytes('\n')
		if len(raw) > 0 {
			n++
			if n == 1 {
				raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
			}
			if line := bytes.TrimSpace(raw); len(line) > 0 {
				fn(n, line)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// decodeStrict decodes one JSON object, keeping numbers exact, and says
// in words what is wrong with a line that is not one.
func decodeObject(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return errorf(ErrSyntax, "not JSON: %s", jsonProblem(err))
	}
	if dec.More() {
		return errorf(ErrSyntax, "not JSON: more than one value on the line")
	}
	return nil
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%v at byte %d", se, se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			return fmt.Sprintf("field %q should be %v, not JSON %s", te.Field, te.Type, te.Value)
		}
		return fmt.Sprintf("want %v, not JSON %s", te.Type, te.Value)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "the value is cut short"
	}
	return err.Error()
}

// lineSource is a record's fallback Source: the file's base name and line.
func lineSource(file string, n int) string {
	return fmt.Sprintf("%s#%d", path.Base(filepath.ToSlash(file)), n)
}

// intOf reads a JSON number that must be a whole number.
func intOf(n json.Number, what string) (int, error) {
	v, err := n.Int64()
	if err != nil || v != int64(int(v)) {
		return 0, errorf(ErrSyntax, "%s %q is not a whole number", what, clip(string(n)))
	}
	return int(v), nil
}
