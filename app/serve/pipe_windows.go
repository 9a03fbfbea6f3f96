package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// PipeName is the named pipe of the window serving the store in storeDir.
func PipeName(storeDir string) (string, error) {
	abs, err := filepath.Abs(storeDir)
	if err != nil {
		return "", fmt.Errorf("store folder %s: %w", storeDir, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return pipeNameFor(abs), nil
}

// pipeMode: a byte stream, blocking calls, local clients only (a pipe is
// reachable over the network by its \\host\pipe\ name otherwise).
const pipeMode = windows.PIPE_TYPE_BYTE | windows.PIPE_READMODE_BYTE | windows.PIPE_WAIT | windows.PIPE_REJECT_REMOTE_CLIENTS

// pipeBuffer is the size of each direction's buffer in the pipe.
const pipeBuffer = 64 << 10

// busyWait is how long a client waits for a free pipe instance: the window
// makes the next one as soon as a client takes one, so this is short.
const busyWait = 2 * time.Second

// pipeListener is the Windows transport. It always keeps one instance of
// the pipe waiting for a client, made before the last one is served, so a
// client never finds no pipe while the window listens. The handles are
// overlapped: a connect waits on an event that close can interrupt, and
// each connection, given to the Go runtime's I/O completion port by
// os.NewFile, reads while it writes (a synchronous handle would make a
// write wait for the read that notices the client going away).
type pipeListener struct {
	name   string
	name16 *uint16
	sa     *windows.SecurityAttributes
	next   windows.Handle // the instance waiting for a client
	ev     windows.Handle // set when a client connects
	// ov is the pending connect's: on the heap, in the listener, since the
	// system writes into it after ConnectNamedPipe returns, and a
	// goroutine's stack may move.
	ov     windows.Overlapped
	quit   windows.Handle // set by close
	closed atomic.Bool
	done   chan struct{} // closed when accept has seen close and let go of its handles
}

// userSID is the process's user.
func userSID() (*windows.SID, error) {
	tu, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, fmt.Errorf("reading your user: %w", err)
	}
	return tu.User.Sid.Copy()
}

// Listen starts serving the store in storeDir with h on its named pipe. A
// pipe of that name made by another process (another window cannot hold
// the store: it would be another user's) is an error, not joined.
func Listen(storeDir string, h Handler) (*Server, error) {
	name, err := PipeName(storeDir)
	if err != nil {
		return nil, err
	}
	sid, err := userSID()
	if err != nil {
		return nil, err
	}
	// The user owns the pipe and alone may open it ("OW", the owner's
	// rights, would give an elevated window's pipe to the Administrators
	// group, its default owner).
	sd, err := windows.SecurityDescriptorFromString("O:" + sid.String() + "D:P(A;;GA;;;" + sid.String() + ")")
	if err != nil {
		return nil, fmt.Errorf("listening for the command line on %s: %w", name, err)
	}
	l := &pipeListener{name: name, done: make(chan struct{}), sa: &windows.SecurityAttributes{
		Length:             uint32(unsafe.Sizeof(windows.SecurityAttributes{})),
		SecurityDescriptor: sd,
	}}
	if l.name16, err = windows.UTF16PtrFromString(name); err != nil {
		return nil, err
	}
	if l.ev, err = windows.CreateEvent(nil, 1, 0, nil); err != nil {
		return nil, err
	}
	if l.quit, err = windows.CreateEvent(nil, 1, 0, nil); err != nil {
		windows.CloseHandle(l.ev)
		return nil, err
	}
	// FILE_FLAG_FIRST_PIPE_INSTANCE refuses a pipe that exists; so does
	// this look first, where a system does not honour the flag (Wine).
	ph, err := windows.CreateFile(l.name16, 0, 0, nil, windows.OPEN_EXISTING, 0, 0)
	switch {
	case err == nil:
		windows.CloseHandle(ph)
		err = windows.ERROR_ACCESS_DENIED
	case !errors.Is(err, windows.ERROR_FILE_NOT_FOUND):
		err = windows.ERROR_ACCESS_DENIED // there, but busy or not ours
	default:
		l.next, err = l.create(true)
	}
	if err != nil {
		windows.CloseHandle(l.ev)
		windows.CloseHandle(l.quit)
		if errors.Is(err, windows.ERROR_ACCESS_DENIED) {
			return nil, fmt.Errorf("listening for the command line: the named pipe %s exists already, made by another process, so the command line cannot reach this window", name)
		}
		return nil, err
	}
	return newServer(l, name, h), nil
}

// create makes an instance of the pipe; first refuses a pipe that exists.
func (l *pipeListener) create(first bool) (windows.Handle, error) {
	flags := uint32(windows.PIPE_ACCESS_DUPLEX | windows.FILE_FLAG_OVERLAPPED)
	if first {
		flags |= windows.FILE_FLAG_FIRST_PIPE_INSTANCE
	}
	h, err := windows.CreateNamedPipe(l.name16, flags, pipeMode, windows.PIPE_UNLIMITED_INSTANCES, pipeBuffer, pipeBuffer, 0, l.sa)
	if err != nil {
		return windows.InvalidHandle, fmt.Errorf("listening for the command line on %s: %w", l.name, err)
	}
	return h, nil
}

func (l *pipeListener) accept() (io.ReadWriteCloser, error) {
	if l.closed.Load() {
		return nil, l.shut()
	}
	if l.next == windows.InvalidHandle {
		h, err := l.create(false)
		if err != nil {
			return nil, err
		}
		l.next = h
	}
	h := l.next
	windows.ResetEvent(l.ev)
	l.ov = windows.Overlapped{HEvent: l.ev}
	err := windows.ConnectNamedPipe(h, &l.ov)
	if errors.Is(err, windows.ERROR_IO_PENDING) {
		ev, werr := windows.WaitForMultipleObjects([]windows.Handle{l.ev, l.quit}, false, windows.INFINITE)
		if werr != nil || ev != windows.WAIT_OBJECT_0 {
			windows.CancelIoEx(h, &l.ov)
			var n uint32
			windows.GetOverlappedResult(h, &l.ov, &n, true) // the connect is over before its handle goes
			return nil, l.shut()
		}
		var n uint32
		err = windows.GetOverlappedResult(h, &l.ov, &n, false)
	}
	if err != nil && !errors.Is(err, windows.ERROR_PIPE_CONNECTED) {
		// A client that came and went (ERROR_NO_DATA): the instance is
		// made ready for the next one.
		windows.DisconnectNamedPipe(h)
		return nil, fmt.Errorf("accepting on %s: %w", l.name, err)
	}
	// The next instance before this one is served, so that a client never
	// finds no pipe (and so no window) while the window listens.
	l.next, err = l.create(false)
	if err != nil {
		l.next = windows.InvalidHandle // made on the next accept
	}
	return os.NewFile(uintptr(h), l.name), nil
}

// shut lets go of the waiting instance and the connect event, once.
func (l *pipeListener) shut() error {
	select {
	case <-l.done:
	default:
		if l.next != windows.InvalidHandle {
			windows.CloseHandle(l.next)
			l.next = windows.InvalidHandle
		}
		windows.CloseHandle(l.ev)
		close(l.done)
	}
	return net.ErrClosed
}

// close stops accept and waits for it to let go of its handles.
func (l *pipeListener) close() error {
	if l.closed.Swap(true) {
		return nil
	}
	err := windows.SetEvent(l.quit)
	<-l.done
	windows.CloseHandle(l.quit)
	return err
}

// refusal is "": the pipe's security descriptor lets only the user open it.
func (l *pipeListener) refusal(io.ReadWriteCloser) string { return "" }

// Call hands req to the window serving the store in storeDir and copies
// what the command prints to stdout and stderr; it returns the command's
// exit status. It returns ErrNoWindow when no window listens (no pipe);
// the caller then opens the store as usual.
func Call(storeDir string, req Request, stdout, stderr io.Writer) (int, error) {
	name, err := PipeName(storeDir)
	if err != nil {
		return 0, ErrNoWindow
	}
	f, err := dialPipe(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return exchange(f, req, stdout, stderr)
}

// dialPipe opens the pipe name, waiting for a free instance, and checks
// that the user made it before anything is sent on it.
func dialPipe(name string) (*os.File, error) {
	name16, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(busyWait)
	for {
		// SECURITY_IDENTIFICATION: the window may learn who asks, not
		// act as the caller.
		h, err := windows.CreateFile(name16, windows.GENERIC_READ|windows.GENERIC_WRITE, 0, nil, windows.OPEN_EXISTING,
			windows.FILE_FLAG_OVERLAPPED|windows.SECURITY_SQOS_PRESENT|windows.SECURITY_IDENTIFICATION, 0)
		switch {
		case err == nil:
			if err := checkOwner(h, name); err != nil {
				windows.CloseHandle(h)
				return nil, err
			}
			return os.NewFile(uintptr(h), name), nil
		case errors.Is(err, windows.ERROR_FILE_NOT_FOUND):
			return nil, ErrNoWindow
		case errors.Is(err, windows.ERROR_PIPE_BUSY) && time.Now().Before(deadline):
			time.Sleep(10 * time.Millisecond)
		case errors.Is(err, windows.ERROR_ACCESS_DENIED):
			return nil, fmt.Errorf("the named pipe %s belongs to another user: not sending it the command", name)
		default:
			return nil, fmt.Errorf("reaching the window on %s: %w", name, err)
		}
	}
}

// checkOwner refuses a pipe that another user made (one waiting for this
// user's commands under a store's pipe name).
func checkOwner(h windows.Handle, name string) error {
	sd, err := windows.GetSecurityInfo(h, windows.SE_KERNEL_OBJECT, windows.OWNER_SECURITY_INFORMATION)
	if err != nil {
		return fmt.Errorf("reading who made the named pipe %s: %w", name, err)
	}
	owner, _, err := sd.Owner()
	if err != nil {
		return fmt.Errorf("reading who made the named pipe %s: %w", name, err)
	}
	me, err := userSID()
	if err != nil {
		return err
	}
	if owner == nil || !owner.Equals(me) {
		return fmt.Errorf("the named pipe %s was made by another user (%v): not sending it the command", name, owner)
	}
	return nil
}

// RemoveStale does nothing on Windows: a named pipe goes with the process
// that made it, so a killed window leaves none.
func RemoveStale(storeDir string) error { return nil }

// Umask is -1: Windows has no file-mode creation mask.
func Umask() int { return -1 }
