//go:build unix && !linux

package serve

import "net"

// peerUID is -1, unknown: on these systems the socket's 0600 mode in a
// folder only its owner writes keeps other users out.
func peerUID(c *net.UnixConn) (int, error) { return -1, nil }
