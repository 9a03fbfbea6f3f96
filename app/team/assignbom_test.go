package team

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf16"
)

// An assign.json someone opened and saved in an editor that puts a byte
// order mark first and ends lines with CRLF (Windows' Notepad) is whole:
// it was refused as "not an assignment (half copied?)", so review went on
// with the assignment read before, saying it would follow the new one
// "once the file is whole" (never), and skein agree refused it as half
// copied. A large one is read as well; one cut short is not whole JSON
// (ErrNotWhole), one whole but refused is not that.
func TestAssignmentSavedByAnEditorIsRead(t *testing.T) {
	a := &Assignment{Format: Format, Annotators: []string{"alice", "bob", "carol"}, PerArticle: 2, Articles: map[string][]string{}}
	names := [][]string{{"alice", "bob"}, {"bob", "carol"}, {"alice", "carol"}}
	for i := range 20000 {
		a.Articles[fmt.Sprintf("%016x", i+1)] = names[i%3]
	}
	skein, err := json.MarshalIndent(a, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	edited := append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(skein, []byte("\n"), []byte("\r\n"))...)
	for _, c := range []struct {
		name  string
		file  []byte
		whole bool // read as a
		cut   bool // not whole JSON
	}{
		{"as skein assign writes it", skein, true, false},
		{"saved with a byte order mark and CRLF", edited, true, false},
		{"with a byte order mark, cut short", edited[:len(edited)/2], false, true},
		{"cut short", skein[:len(skein)/3], false, true},
		{"empty", nil, false, true},
		{"laid out in zeros, half filled", append(skein[:len(skein)/2:len(skein)/2], make([]byte, len(skein)/2)...), false, true},
		{"damaged within: a comma too many", bytes.Replace(skein, []byte(`"per_article": 2`), []byte(`"per_article": 2,,`), 1), false, false},
		{"a newer skein's", bytes.Replace(skein, []byte(`"format": 1`), []byte(`"format": 2`), 1), false, false},
		// Notepad's "Unicode": its NUL bytes are no copy's zeros, and no
		// sync makes it UTF-8.
		{"saved in UTF-16 (Notepad's Unicode)", utf16LE(skein), false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			folder := t.TempDir()
			if err := os.WriteFile(filepath.Join(folder, "assign.json"), c.file, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := ReadAssignment(folder)
			if c.whole {
				if err != nil || !reflect.DeepEqual(got, a) {
					t.Fatalf("ReadAssignment = %d articles, %v; want the %d assigned", len(got.articles()), err, len(a.Articles))
				}
				return
			}
			if err == nil {
				t.Fatalf("ReadAssignment read it, want it refused")
			}
			if errors.Is(err, ErrNotWhole) != c.cut {
				t.Errorf("ReadAssignment's error %.200q: errors.Is(err, ErrNotWhole) = %v, want %v", err, !c.cut, c.cut)
			}
		})
	}
}

// utf16LE is b in UTF-16LE with its byte order mark, as Notepad's
// "Unicode" saves it.
func utf16LE(b []byte) []byte {
	out := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(string(b))) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// articles is a's articles, none for a nil a.
func (a *Assignment) articles() map[string][]string {
	if a == nil {
		return nil
	}
	return a.Articles
}
