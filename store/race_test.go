//go:build race

package store

// raceOn: built with the race detector, which runs the store's code five
// to twenty times slower; the heaviest tests take smaller samples where
// the sample's size is not what they test (the package's tests under
// -race ran 6–10 minutes on two cores, against go test's limit of 10).
const raceOn = true
