//go:build linux && cgo

package glheap

/*
#include <malloc.h>

// keep sets glibc's trim threshold; -1 where the C library has none
// (musl), 0 where it refused.
static int keep(int threshold) {
#ifdef M_TRIM_THRESHOLD
	return mallopt(M_TRIM_THRESHOLD, threshold);
#else
	return -1;
#endif
}
*/
import "C"

import "fmt"

// Keep sets the C heap's trim threshold to Threshold. It reports an error
// where the C library refused it; one without the setting is left as it is.
func Keep() error {
	switch C.keep(C.int(Threshold)) {
	case 1, -1:
		return nil
	default:
		return fmt.Errorf("glheap: mallopt(M_TRIM_THRESHOLD, %d) refused", Threshold)
	}
}
