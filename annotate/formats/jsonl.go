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
	"strconv"

	"github.com/skein-news/skein/annotate"
)

// eachLine calls fn with each non-blank line of a JSONL stream and its
// 1-based number. Lines may be longer than any buffer (long articles), up
// to annotate.MaxLineBytes; a longer one stops the read, as a *LineError
// naming file and line.
//
// A byte order mark is left out at the start of any line, counted in j
// after the first (annotate.Joined).
func eachLine(r io.Reader, file string, j *annotate.Joined, fn func(n int, line []byte)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := annotate.PeekFileStart(br); err != nil {
		return &annotate.LineError{File: file, Line: 1, Err: err}
	}
	n := 0
	for {
		raw, err := annotate.ReadLine(br, annotate.MaxLineBytes)
		if errors.Is(err, annotate.ErrLineTooLong) || errors.Is(err, annotate.ErrBinary) {
			return &annotate.LineError{File: file, Line: n + 1, Err: err}
		}
		if len(raw) > 0 {
			n++
			raw = j.Trim(raw, n)
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
		return annotate.BadJSONError(line, i, fmt.Sprintf("at byte %d of the line", i))
	}
	if k, i := annotate.DupKey(line); i >= 0 {
		return annotate.DupKeyError(k, fmt.Sprintf("at byte %d of the line", i))
	}
	if c := annotate.FieldCase(line, v); c.At >= 0 {
		return c.Error(fmt.Sprintf("at byte %d of the line", c.At))
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var p *problem
		if errors.As(err, &p) {
			return err // a value's own UnmarshalJSON said what is wrong
		}
		if errors.As(err, &te) {
			return errorf(ErrSyntax, "%s", annotate.JSONErrorText(err, ""))
		}
		return errorf(ErrSyntax, "not JSON: %s", annotate.JSONErrorText(err, ""))
	}
	if dec.More() {
		return errorf(ErrSyntax, "not JSON: more than one value on the line")
	}
	return nil
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

// number is a JSON number kept as written. Unlike json.Number, into which
// encoding/json also decodes a string that reads as a number ("12"), it
// refuses every string: an offset written as a string is not one.
type number json.Number

var numberType = reflect.TypeOf(json.Number(""))

// UnmarshalJSON refuses a string.
func (n *number) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return &json.UnmarshalTypeError{Value: "string", Type: numberType}
	}
	*n = number(b)
	return nil
}

// intOf reads a JSON number that must be a whole number.
func intOf[N json.Number | number](n N, what string) (int, error) {
	v, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || v != int64(int(v)) {
		return 0, errorf(ErrSyntax, "%s %q is not a whole number", what, clip(string(n)))
	}
	return int(v), nil
}

// valueKindOf names the kind of a value encoding/json decoded (numbers
// as json.Number).
func valueKindOf(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("a string (%q)", clip(x))
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "an array"
	}
	return "an object"
}

// firstByte is the first byte of br that is not white space or a UTF-8
// byte order mark, without consuming it.
func firstByte(br *bufio.Reader) (byte, error) {
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return 0, err
		}
		c := b[n-1]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || (n <= 3 && bytes.HasPrefix([]byte("\xef\xbb\xbf"), b)) {
			continue
		}
		return c, nil
	}
}

// valueKind names the kind of a JSON value by its first byte.
func valueKind(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}

// eachElement calls fn with each element of the JSON array r holds (a file
// of at most limit bytes), the line it begins on and its index. A file
// that is not one array is one *LineError.
func eachElement(r io.Reader, file string, limit int64, fn func(line, i int, elem []byte)) error {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return &annotate.LineError{File: file, Err: fmt.Errorf("cannot read: %w", err)}
	}
	if int64(len(data)) > limit {
		return &annotate.LineError{File: file, Err: fmt.Errorf("%w: more than the %s skein reads as a JSON file", ErrFileTooLarge, annotate.SizeName(limit))}
	}
	if err := annotate.CheckFileStart(data); err != nil {
		return &annotate.LineError{File: file, Line: 1, Err: err}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := checkJSONFile(data, file); err != nil {
		return err
	}
	lines := lineCounter{data: data, line: 1}
	if i := annotate.BadJSON(data); i >= 0 {
		col := i - bytes.LastIndexByte(data[:i], '\n') - 1
		return &annotate.LineError{File: file, Line: lines.at(int64(i)), Err: annotate.BadJSONError(data, i, fmt.Sprintf("at byte %d of the line", col))}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return &annotate.LineError{File: file, Err: errorf(ErrSyntax, "not a JSON array")}
	}
	for i := 0; dec.More(); i++ {
		at := lines.skip(dec.InputOffset())
		var elem json.RawMessage
		if err := dec.Decode(&elem); err != nil {
			return &annotate.LineError{File: file, Line: lines.at(at), Err: errorf(ErrSyntax, "not JSON: %s", annotate.JSONErrorText(err, ""))}
		}
		if t := bytes.TrimSpace(elem); len(t) == 0 || t[0] != '{' {
			return &annotate.LineError{File: file, Line: lines.at(at), Err: errorf(ErrSyntax, "element %d of the array: want a JSON object, not %s", i+1, valueKind(t))}
		}
		if err := dupKeyIn(elem, lines.at(at)); err != nil {
			return &annotate.LineError{File: file, Line: err.line, Err: err.err}
		}
		fn(lines.at(at), i, elem)
	}
	if _, err := dec.Token(); err != nil {
		return &annotate.LineError{File: file, Line: lines.at(dec.InputOffset()), Err: errorf(ErrSyntax, "not JSON: %s", annotate.JSONErrorText(err, ""))}
	}
	return nil
}

// checkJSONFile refuses the bytes of a JSON file (its byte order mark
// cut) that are empty or white space, or hold a NUL byte, which no JSON
// has: said as such, not as a value cut short or a bad character.
func checkJSONFile(data []byte, file string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &annotate.LineError{File: file, Err: fmt.Errorf("%w: no JSON in it", annotate.ErrEmpty)}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		col := i - bytes.LastIndexByte(data[:i], '\n') - 1
		return &annotate.LineError{File: file, Line: 1 + bytes.Count(data[:i], []byte("\n")), Err: fmt.Errorf("%w: NUL byte at byte %d of the line, which no JSON has", annotate.ErrBinary, col)}
	}
	return nil
}

// lineErr is an error on a line of its own.
type lineErr struct {
	line int
	err  error
}

// dupKeyIn refuses raw, a JSON value that begins on line, when an object in
// it gives a key twice: the error names the line and byte of the second.
func dupKeyIn(raw []byte, line int) *lineErr {
	k, i := annotate.DupKey(raw)
	if i < 0 {
		return nil
	}
	col := i - bytes.LastIndexByte(raw[:i], '\n') - 1
	return &lineErr{line: line + bytes.Count(raw[:i], []byte("\n")), err: annotate.DupKeyError(k, fmt.Sprintf("at byte %d of the line", col))}
}
