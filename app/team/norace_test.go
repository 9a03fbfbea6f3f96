//go:build !race

package team

// raceOn: the test binary was built with -race.
const raceOn = false
