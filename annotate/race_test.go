//go:build race

package annotate

// raceOn: the race detector lets a sync.Pool drop what is put in it, at
// random.
const raceOn = true
