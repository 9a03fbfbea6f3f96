package serve

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// TestPipeSecurity: the pipe is the user's and only the user may open it.
func TestPipeSecurity(t *testing.T) {
	dir := t.TempDir()
	s := listen(t, dir, echo)
	if want, _ := PipeName(dir); s.Path() != want {
		t.Errorf("the window listens on %s, want %s", s.Path(), want)
	}
	c := dial(t, s) // which checks the owner
	defer c.Close()
	f := c.(interface{ Fd() uintptr })
	sd, err := windows.GetSecurityInfo(windows.Handle(f.Fd()), windows.SE_KERNEL_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	me, _ := userSID()
	// GA as given, FA as the pipe maps it.
	want := []string{"O:" + me.String() + "D:P(A;;FA;;;" + me.String() + ")", "O:" + me.String() + "D:P(A;;GA;;;" + me.String() + ")"}
	if got := sd.String(); got != want[0] && got != want[1] {
		t.Errorf("the pipe's security descriptor is %s, want %s: owned by the user, who alone has access", got, want[0])
	}
}

// TestPipeTaken: a second listener on the store's pipe (a process that
// made it first) is refused with a message, not joined.
func TestPipeTaken(t *testing.T) {
	dir := t.TempDir()
	listen(t, dir, echo)
	_, err := Listen(dir, echo)
	if err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("a second Listen: got %v, want an error saying the pipe exists already", err)
	}
}

// TestPipeBusy: many clients at once all get through, waiting for an
// instance where they must.
func TestPipeBusy(t *testing.T) {
	dir := t.TempDir()
	listen(t, dir, echo)
	errs := make(chan error, 20)
	for i := range cap(errs) {
		go func() {
			var out strings.Builder
			code, err := Call(dir, Request{Args: []string{"0", "n", string(rune('a' + i))}}, &out, &strings.Builder{})
			if err == nil && (code != 0 || out.String() != "0 n "+string(rune('a'+i))+"\n") {
				err = errors.New("got " + out.String())
			}
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
