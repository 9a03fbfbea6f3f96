//go:build unix

package transfer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"syscall"
	"time"

	"github.com/skein-news/skein/annotate/formats"
)

// readWhole reads a regular file of at most limit bytes whole, into a
// buffer with room bytes free in front of it (the file is b[room:]). It goes
// around os.File: for each file os.Open asks the runtime's poller to take
// it, two fcntl calls and an epoll_ctl that a regular file always refuses,
// a third of the time of reading 20,000 small articles. The file is opened
// without blocking, so a named pipe put in its place since it was checked
// is refused, not waited on.
func readWhole(path string, limit int64, what string, room int) ([]byte, error) {
	f, err := openRegular(path, limit, what)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fd, st := f.fd, f.info // a value, not kept: nothing allocated a file
	b := make([]byte, int64(room)+st.size)
	for n := room; n < len(b); {
		m, err := syscall.Read(fd, b[n:])
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return nil, fmt.Errorf("cannot read: %v", err)
		case m == 0:
			return nil, fmt.Errorf("cannot read: %v (the file shrank while being read)", io.ErrUnexpectedEOF)
		}
		n += m
	}
	return b, nil
}

// regularFile is a regular file opened by openRegular, read without
// os.File; Stat gives its size as it was opened (annotate.ReadJSONL sizes
// its buffer by it).
type regularFile struct {
	fd   int
	info fileSize
}

// openRegular opens a regular file of at most limit bytes (0: any) for
// reading, as readWhole does: without os.File, and without blocking, so a
// named pipe put in its place since it was listed is refused, not waited
// on, with the message formats.CheckFile gives; one open and one fstat
// where a check first, os.Open and os.File's Stat took seven calls.
func openRegular(path string, limit int64, what string) (regularFile, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		return regularFile{}, fmt.Errorf("cannot read: %v", err)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return regularFile{}, fmt.Errorf("cannot read: %v", err)
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || (limit > 0 && st.Size > limit) {
		syscall.Close(fd)
		if err := formats.CheckFile(path, limit, what); err != nil {
			return regularFile{}, err
		}
		return regularFile{}, fmt.Errorf("cannot read: %w", formats.ErrNotRegular) // changed since
	}
	return regularFile{fd: fd, info: fileSize{size: st.Size}}, nil
}

// openReader opens a regular file to read as a stream (openRegular).
func openReader(path string) (fileReader, error) {
	f, err := openRegular(path, 0, "")
	if err != nil {
		return nil, err
	}
	return &f, nil
}

func (f *regularFile) Read(b []byte) (int, error) {
	for {
		n, err := syscall.Read(f.fd, b)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *regularFile) Stat() (fs.FileInfo, error) { return f.info, nil }

func (f *regularFile) Close() error { return syscall.Close(f.fd) }

// fileSize is the fs.FileInfo of a regular file known by its size alone.
type fileSize struct{ size int64 }

func (i fileSize) Name() string       { return "" }
func (i fileSize) Size() int64        { return i.size }
func (i fileSize) Mode() fs.FileMode  { return 0 }
func (i fileSize) ModTime() time.Time { return time.Time{} }
func (i fileSize) IsDir() bool        { return false }
func (i fileSize) Sys() any           { return nil }
