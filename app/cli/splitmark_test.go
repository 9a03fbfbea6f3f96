package cli

import (
	"path/filepath"
	"testing"
)

// The marker of an export's parts is named after what their names share,
// never cut inside a character.
func TestMarkPath(t *testing.T) {
	for _, c := range []struct {
		parts []string
		want  string
	}{
		{[]string{"s.dev.jsonl", "s.test.jsonl", "s.train.jsonl"}, ".skein-split-s"},
		{[]string{"nér.dev.jsonl", "nér.train.jsonl"}, ".skein-split-nér"},
		{[]string{"é.jsonl", "è.jsonl"}, ".skein-split-export"},
		{[]string{"a.jsonl", "b.jsonl"}, ".skein-split-export"},
	} {
		var paths []string
		for _, p := range c.parts {
			paths = append(paths, filepath.Join("out", p))
		}
		if got, want := markPath(paths), filepath.Join("out", c.want); got != want {
			t.Errorf("markPath(%q): got %q, want %q", c.parts, got, want)
		}
	}
}
