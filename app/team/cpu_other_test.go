//go:build !linux

package team

// maxRSS: measured on Linux only.
func maxRSS() uint64 { return 0 }

// anonRSS: measured on Linux only.
func anonRSS() uint64 { return 0 }

// diskWritten: measured on Linux only.
func diskWritten() uint64 { return 0 }
