// Package cputime reads the CPU time this process has used, user and
// system, on all its threads. Benchmarks report it beside the wall clock:
// on a machine shared with other work it says more about what an operation
// costs. It holds no domain logic; it sits under annotate because every
// layer's benchmarks use it and annotate imports nothing of the others.
package cputime
