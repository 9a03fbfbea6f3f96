//go:build linux && cgo

// Package churn allocates and frees C memory as llvmpipe does a frame's,
// for glheap's test: cgo cannot be used in a test file itself.
package churn

/*
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

// frame mallocs n blocks of size bytes, writes each, and frees them all,
// twice; it returns the page faults of the second time, when the memory of
// the first is either still mapped or given back and faulted in again.
static long frame(int n, int size) {
	void **p = malloc(n * sizeof *p);
	struct rusage a, b;
	for (int round = 0; round < 2; round++) {
		if (round == 1)
			getrusage(RUSAGE_THREAD, &a);
		for (int i = 0; i < n; i++) {
			p[i] = malloc(size);
			memset(p[i], 1, size);
		}
		for (int i = n - 1; i >= 0; i--)
			free(p[i]);
	}
	getrusage(RUSAGE_THREAD, &b);
	free(p);
	return b.ru_minflt - a.ru_minflt;
}
*/
import "C"

// Frame mallocs n blocks of size bytes, writes and frees them, twice, and
// returns the minor page faults of the second time.
func Frame(n, size int) int { return int(C.frame(C.int(n), C.int(size))) }
