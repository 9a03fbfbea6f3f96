package annotate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
// of that many entries, not Go's stack), and keeps the keys of an open
// object in a slice, looked through, until it has many.
func DupKey(b []byte) (key string, at int) {
	type open struct {
		obj   bool
		keys  []string
		many  map[string]bool
		isKey bool // the next string in this object is a key
	}
	var stack []open
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{':
			stack = append(stack, open{obj: true, isKey: true})
		case '[':
			stack = append(stack, open{})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
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
			k := string(b[i+1 : end])
			if bytes.IndexByte(b[i+1:end], '\\') >= 0 {
				if json.Unmarshal(b[i:end+1], &k) != nil {
					return "", -1
				}
			}
			switch {
			case o.many != nil:
				if o.many[k] {
					return k, i
				}
				o.many[k] = true
			default:
				for _, s := range o.keys {
					if s == k {
						return k, i
					}
				}
				o.keys = append(o.keys, k)
				if len(o.keys) > 32 {
					o.many = make(map[string]bool, 64)
					for _, s := range o.keys {
						o.many[s] = true
					}
					o.keys = nil
				}
			}
			i = end
		}
	}
	return "", -1
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
