package annotate

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestDocID: the ID is the first 8 bytes of the SHA-256 of the text, in
// hex, for an empty text too, and hashing costs no copy of the text.
func TestDocID(t *testing.T) {
	for _, text := range []string{"", "Kabul denies it.", "پاکستانی طالبان", string(make([]byte, 5000))} {
		sum := sha256.Sum256([]byte(text))
		if got, want := DocID(text), hex.EncodeToString(sum[:8]); got != want {
			t.Errorf("DocID(%.20q) = %s, want %s", text, got, want)
		}
	}
	text := string(make([]byte, 5000))
	if n := testing.AllocsPerRun(20, func() { DocID(text) }); n > 1 {
		t.Errorf("DocID makes %v allocations, want only its result", n)
	}
}
