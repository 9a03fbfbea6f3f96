package annotate

import (
	"sort"
	"strconv"
	"unicode/utf8"
)

// appendDocLine appends the JSON of a document line and a newline, byte for
// byte what encoding/json writes with HTML escaping off (a test holds it to
// that). Export spends most of its time here: reflection-free encoding of
// the long article texts doubles its speed.
func appendDocLine(b []byte, d *DocLine) []byte {
	b = append(b, '{')
	if d.Type != "" {
		b = append(b, `"type":`...)
		b = appendJSONString(b, d.Type)
		b = append(b, ',')
	}
	b = append(b, `"id":`...)
	b = appendJSONString(b, d.ID)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, d.Title)
	b = append(b, `,"source":`...)
	b = appendJSONString(b, d.Source)
	b = append(b, `,"date":`...)
	b = appendJSONString(b, d.Date)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, d.Text)
	if len(d.Meta) > 0 {
		b = append(b, `,"meta":`...)
		b = appendStringMap(b, d.Meta)
	}
	b = append(b, `,"spans":`...)
	if d.Spans == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range d.Spans {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendWireSpan(b, &d.Spans[i])
		}
		b = append(b, ']')
	}
	if len(d.Layers) > 0 {
		b = append(b, `,"layers":[`...)
		for i, l := range d.Layers {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"annotator":`...)
			b = appendJSONString(b, l.Annotator)
			if l.Modified != "" {
				b = append(b, `,"modified":`...)
				b = appendJSONString(b, l.Modified)
			}
			if l.Done {
				b = append(b, `,"done":true`...)
			}
			if l.Answer != "" {
				b = append(b, `,"answer":`...)
				b = appendJSONString(b, l.Answer)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}', '\n')
}

func appendWireSpan(b []byte, w *WireSpan) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, w.ID)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(w.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(w.End), 10)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, w.Text)
	b = append(b, `,"label":`...)
	b = appendJSONString(b, w.Label)
	if w.Annotator != "" {
		b = append(b, `,"annotator":`...)
		b = appendJSONString(b, w.Annotator)
	}
	if len(w.Fragments) > 0 {
		b = append(b, `,"fragments":[`...)
		for i, f := range w.Fragments {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(f[0]), 10)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(f[1]), 10)
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	if len(w.Threads) > 0 {
		b = append(b, `,"threads":[`...)
		for i, t := range w.Threads {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
		}
		b = append(b, ']')
	}
	if w.Note != "" {
		b = append(b, `,"note":`...)
		b = appendJSONString(b, w.Note)
	}
	if len(w.Attrs) > 0 {
		b = append(b, `,"attrs":`...)
		b = appendStringMap(b, w.Attrs)
	}
	if len(w.Norms) > 0 {
		b = append(b, `,"norms":[`...)
		for i, n := range w.Norms {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"db":`...)
			b = appendJSONString(b, n.DB)
			b = append(b, `,"ref":`...)
			b = appendJSONString(b, n.ID)
			if n.Text != "" {
				b = append(b, `,"text":`...)
				b = appendJSONString(b, n.Text)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if w.Created != "" {
		b = append(b, `,"created":`...)
		b = appendJSONString(b, w.Created)
	}
	return append(b, '}')
}

// appendStringMap writes a map with its keys sorted, as encoding/json does.
func appendStringMap(b []byte, m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does without HTML escaping:
// quote and backslash escaped, control characters as \n \r \t \b \f or
// \u00XX, invalid UTF-8 as \ufffd, and U+2028/U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
