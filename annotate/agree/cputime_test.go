package agree

import "github.com/skein-news/skein/annotate/procstat"

// cpuTime is the CPU time the process has used, user and system, on all
// threads (annotate/procstat).
var cpuTime = procstat.CPU
