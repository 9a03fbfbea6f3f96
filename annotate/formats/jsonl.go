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
	"reflect"
	"strings"

	"github.com/skein-news/skein/annotate"
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

// decodeObject decodes one JSON object, keeping numbers exact, and says
// in words what is wrong with a line that is not one. Bytes that are not
// UTF-8 and escaped lone surrogates are a problem: encoding/json would
// quietly turn them into U+FFFD.
func decodeObject(line []byte, v any) error {
	if i := annotate.BadJSON(line); i >= 0 {
		return annotate.JSONProblem(line, i, fmt.Sprintf("at byte %d of the line", i))
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return errorf(ErrSyntax, "%s", jsonProblem(err))
		}
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
		got := te.Value
		if strings.HasPrefix(got, "number") {
			got = "number"
		}
		got = map[string]string{"object": "an object", "array": "an array", "string": "a string", "number": "a number", "bool": "true or false"}[got]
		if got == "" {
			got = te.Value
		}
		if te.Field != "" {
			return fmt.Sprintf("field %q should be %s, not %s", te.Field, jsonKind(te.Type), got)
		}
		return fmt.Sprintf("want a JSON %s, not %s", strings.TrimPrefix(strings.TrimPrefix(jsonKind(te.Type), "an "), "a "), got)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "the value is cut short"
	}
	return err.Error()
}

// jsonKind names, for a person, the JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	if t == reflect.TypeOf(json.Number("")) {
		return "a number"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}

// checkUTF8 reports the first byte of b that is not UTF-8, at its offset
// in b; where says what that offset counts in (" of the line").
func checkUTF8(b []byte, where string) error {
	if i := annotate.BadUTF8(b); i >= 0 {
		return errorf(annotate.ErrNotUTF8, "not UTF-8: invalid byte 0x%02x at byte %d%s", b[i], i, where)
	}
	return nil
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
