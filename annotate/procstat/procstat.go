// Package procstat reads what this process has used: its CPU time, user
// and system, on all threads, and on Linux the bytes it has written to the
// disk and its memory. Benchmarks report these beside the wall clock: on a
// machine shared with other work they say more about what an operation
// costs. It holds no domain logic; it sits under annotate because every
// layer's benchmarks use it and annotate imports nothing of the others.
package procstat
