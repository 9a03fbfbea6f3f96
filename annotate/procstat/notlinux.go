//go:build !linux

package procstat

// DiskWritten is measured on Linux only.
func DiskWritten() (uint64, bool) { return 0, false }

// MaxRSS is measured on Linux only.
func MaxRSS() uint64 { return 0 }

// AnonRSS is measured on Linux only.
func AnonRSS() uint64 { return 0 }
