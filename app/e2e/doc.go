// Package e2e holds the end-to-end tests: they build the real skein program,
// start it under Xvfb, drive it with xdotool as a person would, look at the
// screen, and check what `skein export` then prints. They skip with a message
// where Xvfb or xdotool is missing. They drive an X server, so they build
// on Unix only. The package has no code of its own.
package e2e
