// Package transfer moves articles and annotations between files and the
// store: `skein import`, `skein export` and the window's Import and Export
// menus all go through it, so the command line and the window behave alike.
//
// Import is all-or-nothing by default: every file is read and checked first,
// every problem is listed with its file and line, and the store is written
// only when nothing was wrong. Export streams one document at a time, so its
// memory does not grow with the corpus.
package transfer
