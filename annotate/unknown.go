package annotate

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
)

// decodeDocLine decodes a document line into dl and names the fields of
// it that skein does not read ("foo", "spans[].weight", "layers[].x"). The
// line is decoded strictly first, which costs what a lenient decode costs;
// only a line with an unknown field, or a bad one, is decoded again, so
// that its error reads as json.Unmarshal's.
func decodeDocLine(line []byte, dl *DocLine) (unknown []string, err error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	err = dec.Decode(dl)
	if err == nil && len(bytes.TrimSpace(line[dec.InputOffset():])) == 0 {
		return nil, nil
	}
	*dl = DocLine{}
	if err := json.Unmarshal(line, dl); err != nil {
		return nil, err
	}
	return unknownFields(line), nil
}

// unknownFields lists the fields of a document line not in DocLine,
// WireSpan or Layer.
func unknownFields(line []byte) []string {
	var top map[string]json.RawMessage
	if json.Unmarshal(line, &top) != nil {
		return nil
	}
	out := extraKeys(top, docKeys, "")
	for _, list := range []struct {
		key   string
		known map[string]bool
	}{{"spans", spanKeys}, {"layers", layerKeys}} {
		var elems []map[string]json.RawMessage
		if json.Unmarshal(top[list.key], &elems) != nil {
			continue
		}
		seen := map[string]bool{}
		for _, e := range elems {
			for _, k := range extraKeys(e, list.known, list.key+"[].") {
				if !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
			}
		}
	}
	return out
}

func extraKeys(m map[string]json.RawMessage, known map[string]bool, prefix string) []string {
	var out []string
	for k := range m {
		if !known[k] {
			out = append(out, prefix+k)
		}
	}
	sort.Strings(out)
	return out
}

var (
	docKeys   = jsonKeys(DocLine{})
	spanKeys  = jsonKeys(WireSpan{})
	layerKeys = jsonKeys(Layer{})
)

// jsonKeys are the JSON names of a struct's fields, from their tags.
func jsonKeys(v any) map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeOf(v)
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" {
			name = t.Field(i).Name
		}
		keys[name] = true
	}
	return keys
}
