package annotate

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// CaseKey is what FieldCase found: a key of a JSON object that encoding/json
// would read into a field whose name it spells otherwise ("Label" for
// "label", "ſpans" for "spans": encoding/json matches names as
// strings.EqualFold does), at byte At; Twice when the object gave that
// field already.
type CaseKey struct {
	Key, Field string
	Twice      bool
	At         int
}

// FieldCase finds the first key in b, the JSON that v is decoded from,
// that names one of the fields of v's structs (at any depth) in another
// case than the field's own: At is -1 when there is none. Python's json,
// and every tool skein reads from, takes "Label" as another key than
// "label"; encoding/json reads it into the label, and of
// {"label":"claim","Label":"actor"} keeps the last in silence. A map's
// keys are anyone's (attrs, meta) and are not looked at. b that is not
// JSON may give any answer: the decoder says what is wrong with it.
func FieldCase(b []byte, v any) CaseKey {
	type open struct {
		obj   bool
		isKey bool
		t     reflect.Type // the container's type: nil where none is checked
		next  reflect.Type // an object's: the type of the current key's value
		fs    []field      // a struct's fields
		seen  uint64       // a struct's fields already given, by index (the first 64)
	}
	var stackBuf [16]open
	stack := stackBuf[:0]
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '{', '[':
			var t reflect.Type
			switch n := len(stack); {
			case n == 0:
				t = reflect.TypeOf(v)
			case stack[n-1].obj:
				t = stack[n-1].next
			case stack[n-1].t != nil:
				t = stack[n-1].t.Elem()
			}
			t = checked(t, c == '{')
			o := open{obj: c == '{', isKey: c == '{', t: t}
			if t != nil && t.Kind() == reflect.Struct {
				o.fs = fieldsOf(t)
			}
			stack = append(stack, o)
		case '}', ']':
			if n := len(stack); n > 0 {
				stack = stack[:n-1]
			}
		case ',':
			if n := len(stack); n > 0 && stack[n-1].obj {
				stack[n-1].isKey = true
			}
		case '"':
			end := stringEnd(b, i)
			if end < 0 {
				return CaseKey{At: -1}
			}
			n := len(stack)
			if n == 0 || !stack[n-1].obj || !stack[n-1].isKey {
				i = end
				continue
			}
			o := &stack[n-1]
			o.isKey = false
			o.next = nil
			switch {
			case o.t == nil:
			case o.t.Kind() == reflect.Map:
				o.next = o.t.Elem()
			default:
				k, ok := keyText(b, i, end)
				if !ok {
					return CaseKey{At: -1}
				}
				f, ok := fieldOf(o.fs, k)
				if !ok {
					break // unknown: the reader names or refuses it
				}
				var bit uint64
				if f.index < 64 {
					bit = 1 << f.index
				}
				if twice := o.seen&bit != 0; f.name != k || twice {
					return CaseKey{Key: strings.Clone(k), Field: f.name, Twice: twice, At: i}
				}
				o.seen |= bit
				o.next = f.t
			}
			i = end
		}
	}
	return CaseKey{At: -1}
}

// Error says what FieldCase found; where places the key ("at byte 30 of
// the line"). A field given twice wraps ErrDupKey, as DupKeyError does.
func (c CaseKey) Error(where string) error {
	if c.Twice {
		return &dupKeyError{fmt.Sprintf("key %q given twice in one object (the second spelled %q, %s): the file says two things at once; keep the one you mean and delete the other",
			clip(c.Field), clip(c.Key), where)}
	}
	return fmt.Errorf("key %q %s is not %q: keys are read as spelled, case included, as Python's json and the tools skein reads from read them; rename it %q",
		clip(c.Key), where, c.Field, c.Field)
}

// field is a struct field as encoding/json names it.
type field struct {
	name  string
	index int
	t     reflect.Type
}

var fieldCache sync.Map // reflect.Type → []field

// fieldsOf lists the fields of struct type t, once.
func fieldsOf(t reflect.Type) []field {
	fs, ok := fieldCache.Load(t)
	if !ok {
		fs, _ = fieldCache.LoadOrStore(t, structFields(t, nil))
	}
	return fs.([]field)
}

// fieldOf is the field of list that key names: exactly, or as
// encoding/json matches it, ignoring case.
func fieldOf(list []field, key string) (field, bool) {
	for _, f := range list {
		if f.name == key {
			return f, true
		}
	}
	for _, f := range list {
		if strings.EqualFold(f.name, key) {
			return f, true
		}
	}
	return field{}, false
}

// structFields lists the fields encoding/json decodes into in struct t,
// those of embedded structs with them, after out.
func structFields(t reflect.Type, out []field) []field {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" {
			if et := deref(sf.Type); et.Kind() == reflect.Struct {
				out = structFields(et, out)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		out = append(out, field{name: name, index: len(out), t: sf.Type})
	}
	return out
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// checked is t as FieldCase looks into an object (obj) or array of it:
// a struct or map for an object, a slice or array for an array; nil for
// any other type, and for one that decodes itself.
func checked(t reflect.Type, obj bool) reflect.Type {
	if t == nil {
		return nil
	}
	t = deref(t)
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		if obj {
			return t
		}
	case reflect.Slice, reflect.Array:
		if !obj {
			return t
		}
	}
	return nil
}
