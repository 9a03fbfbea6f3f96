package annotate

import "testing"

// BenchmarkCheckMillis is the check of one time of change, as a layer
// line's parse makes it for each span and the layer: it reads the clock
// each time.
func BenchmarkCheckMillis(b *testing.B) {
	ms := int64(1764000000000)
	for b.Loop() {
		if CheckMillis(ms) != nil {
			b.Fatal("refused")
		}
	}
}
