//go:build !race

package annotate

const raceOn = false
