package store

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/skein-news/skein/annotate"
)

// TestCanonicalUUID: the one-pass test gives the key form the parse did
// (uuid.Parse, and no upper-case hex) for canonical IDs, each character of
// them changed, and odd IDs: a key that changed form would no longer find
// the spans stored under the old one.
func TestCanonicalUUID(t *testing.T) {
	old := func(id string) ([16]byte, bool) {
		if len(id) != 36 || strings.ContainsAny(id, "ABCDEF") {
			return [16]byte{}, false
		}
		u, err := uuid.Parse(id)
		return u, err == nil
	}
	ids := []string{"", "x", "{" + annotate.NewID() + "}", "urn:uuid:" + annotate.NewID(),
		strings.ReplaceAll(annotate.NewID(), "-", ""), strings.ToUpper(annotate.NewID()),
		"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200; i++ {
		id := annotate.NewID()
		ids = append(ids, id)
		for _, c := range []byte{'A', 'F', 'G', 'g', '-', '0', '9', 'a', 'f', '/', ':', '@', '`', 0xc3} {
			b := []byte(id)
			b[rng.IntN(len(b))] = c
			ids = append(ids, string(b))
		}
	}
	canon := 0
	for _, id := range ids {
		gu, gok := canonicalUUID(id)
		wu, wok := old(id)
		if gok != wok || gok && gu != wu {
			t.Fatalf("%q: got %x %v, want %x %v", id, gu, gok, wu, wok)
		}
		if gok {
			canon++
			if s := uuid.UUID(gu).String(); s != id {
				t.Fatalf("%q decoded to %s", id, s)
			}
		}
	}
	if canon < 200 {
		t.Errorf("only %d canonical IDs among %d: the test tests little", canon, len(ids))
	}
}
