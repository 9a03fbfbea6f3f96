package annotate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unsafe"
)

// ErrDupKey is a JSON object that gives one key twice.
var ErrDupKey = errors.New("a key given twice")

// DupKey finds the first JSON object in b that gives one key twice
// (`{"label":"claim","label":"actor"}`), at any depth: it returns the key
// and the offset in b of its second occurrence, or -1. encoding/json, like
// most readers, keeps the last value in silence; a file that says two
// things at once is refused instead. Keys are compared as decoded, so
// "label" and "l\u0061bel" are the same key. b that is not JSON may give
// any answer: the decoder says what is wrong with it.
//
// It walks b once without recursion (nesting 100,000 deep costs a stack
// of that many entries, not Go's stack), and keeps the keys of the open
// objects in one slice, each object's looked through until it has many,
// then in a map: a line of a few objects costs no allocation.
func DupKey(b []byte) (key string, at int) {
	type open struct {
		obj   bool
		base  int             // where this object's keys begin in keys
		many  map[string]bool // its keys, once it has many
		isKey bool            // the next string in this object is a key
	}
	var stackBuf [16]open
	stack := stackBuf[:0]
	// The keys of the open objects, each object's after its parent's; a
	// key without escapes is read in place, not copied.
	var keysBuf [32]string
	keys := keysBuf[:0]
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{':
			stack = append(stack, open{obj: true, base: len(keys), isKey: true})
		case '[':
			stack = append(stack, open{base: len(keys)})
		case '}', ']':
			if n := len(stack); n > 0 {
				keys = keys[:stack[n-1].base]
				stack = stack[:n-1]
			}
		case ',':
			if n := len(stack); n > 0 && stack[n-1].obj {
				stack[n-1].isKey = true
			}
		case '"':
			end := stringEnd(b, i)
			if end < 0 {
				return "", -1
			}
			n := len(stack)
			if n == 0 || !stack[n-1].obj || !stack[n-1].isKey {
				i = end
				continue
			}
			o := &stack[n-1]
			o.isKey = false
			k, ok := keyText(b, i, end)
			if !ok {
				return "", -1
			}
			switch {
			case o.many != nil:
				if o.many[k] {
					return strings.Clone(k), i
				}
				o.many[k] = true
			default:
				for _, s := range keys[o.base:] {
					if s == k {
						return strings.Clone(k), i
					}
				}
				keys = append(keys, k)
				if len(keys)-o.base > 32 {
					o.many = make(map[string]bool, 64)
					for _, s := range keys[o.base:] {
						o.many[s] = true
					}
					keys = keys[:o.base]
				}
			}
			i = end
		}
	}
	return "", -1
}

// keyText is the key whose quotes are b[i] and b[end], decoded: in place
// (no copy) unless it holds an escape. ok is false when it is no string.
func keyText(b []byte, i, end int) (k string, ok bool) {
	raw := b[i+1 : end]
	if bytes.IndexByte(raw, '\\') < 0 {
		return unsafe.String(unsafe.SliceData(raw), len(raw)), true
	}
	var u string // on the heap: only a key with an escape costs one
	if json.Unmarshal(b[i:end+1], &u) != nil {
		return "", false
	}
	return u, true
}

// stringEnd is the offset of the quote that ends the JSON string whose
// opening quote is b[i], or -1.
func stringEnd(b []byte, i int) int {
	for j := i + 1; ; {
		q := bytes.IndexByte(b[j:], '"')
		if q < 0 {
			return -1
		}
		j += q
		// The quote is escaped when an odd number of backslashes runs
		// up to it.
		bs := 0
		for k := j - 1; k > i && b[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			return j
		}
		j++
	}
}

// DupKeyError says what DupKey found: key is given twice, and where
// places its second time ("at byte 30 of the line"). It wraps ErrDupKey.
func DupKeyError(key string, where string) error {
	return &dupKeyError{fmt.Sprintf("key %q given twice in one object (the second %s): the file says two things at once; keep the one you mean and delete the other", clip(key), where)}
}

type dupKeyError struct{ msg string }

func (e *dupKeyError) Error() string { return e.msg }
func (e *dupKeyError) Unwrap() error { return ErrDupKey }
