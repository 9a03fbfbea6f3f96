package app

import "github.com/skein-news/skein/annotate/cputime"

// cpuTime is the CPU time the process has used, user and system, on all
// threads (annotate/cputime).
var cpuTime = cputime.Process
