// Package glheap keeps the memory the C heap frees mapped, for the GL
// driver's frames (issue 18).
//
// Mesa's software GL (llvmpipe) allocates the commands of each frame it
// bins with malloc, a few megabytes in 64 KB blocks, and frees them when
// the frame is drawn. glibc gives the free space at the heap's top back to
// the system once it is larger than its trim threshold, and that threshold
// moves with the largest block the process has freed since it started (its
// "dynamic" threshold): so in some runs and not in others, every frame grew
// the heap again and faulted each page of it in anew, 240–500 page faults a
// frame, all inside glDrawArrays, and the same 157 draws of a Page Down
// took 4–8 ms of CPU where they take 1.5 ms without them. Which runs did
// depended on what the process had allocated and freed before: drawing the
// lists' strips as images, which an open no longer makes again, turned it
// on more often, and a Page Down's paint rose with it.
//
// Keep fixes the trim threshold high, so that the heap keeps its top and a
// frame reuses the pages the frame before faulted in. The cost is memory
// the heap does not return: at most its peak above what it holds, up to
// Threshold. Go's own heap is not the C heap and is not affected.
package glheap

// Threshold is the free space at the C heap's top that glibc keeps mapped
// after Keep: more than any frame's commands (2–4 MB at the window's
// size on 1200×700), less than what would matter on a desktop.
const Threshold = 64 << 20
