package model

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// NotRegularError says that a file to be read is not a regular file: a
// directory, a named pipe, a device, a socket. Reading one could block
// forever (a FIFO with no writer) or never end (/dev/zero).
type NotRegularError struct {
	Name string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("the file is %s, not a regular file", modeName(e.Mode))
}

func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a plain file"
}

// OpenRegular opens name for reading and fails with a *NotRegularError
// unless it is a regular file (a symbolic link to one is fine). The open
// itself does not block on a named pipe: it is made non-blocking, so a
// FIFO is refused at once instead of hanging the run.
func OpenRegular(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Name: name, Mode: fi.Mode()}
	}
	return f, nil
}

// OpenFile is an Opener of the operating system's files: OpenRegular.
func OpenFile(name string) (io.ReadCloser, error) {
	f, err := OpenRegular(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ReadFileLimit reads a regular file of at most limit bytes (OpenRegular,
// then readAll): a larger file is an error after reading no more than
// limit+1 bytes of it. ErrTooLarge is the error then.
func ReadFileLimit(name string, limit int64) ([]byte, error) {
	f, err := OpenRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, limit)
}

// ErrTooLarge is the error of ReadFileLimit for a file over its limit.
var ErrTooLarge = errTooLarge
