//go:build linux && cgo

package glheap

import (
	"testing"

	"github.com/skein-news/skein/app/glheap/internal/churn"
)

// A frame's 4 MB of C memory, in llvmpipe's 64 KB blocks, freed and
// allocated again: a process that has freed nothing large before gives it
// back to the system at every free and faults every page of it in again
// (1,024 faults), and after Keep reuses it (none).
func TestKeepKeepsTheFramesPages(t *testing.T) {
	const blocks, size = 64, 64 << 10
	pages := blocks * size / 4096
	if n := churn.Frame(blocks, size); n < pages/2 {
		t.Skipf("before Keep a frame's memory faulted %d pages in again, not the %d or so of glibc's trimming: another C library", n, pages)
	}
	if err := Keep(); err != nil {
		t.Fatal(err)
	}
	if n := churn.Frame(blocks, size); n > pages/20 {
		t.Errorf("after Keep a frame's memory faulted %d pages in again, want under %d (of %d)", n, pages/20, pages)
	}
}
