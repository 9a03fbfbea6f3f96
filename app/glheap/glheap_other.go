//go:build !linux || !cgo

package glheap

// Keep does nothing here: the C heap is not glibc's.
func Keep() error { return nil }
