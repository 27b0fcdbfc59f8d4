package scenarios

import (
	"errors"
	"io"
	"io/fs"
	"path"

	"placement/model"
)

// ErrOutside is the error for a file a scenario read through LoadFS names
// outside its file system: an absolute path or one that climbs out with
// "..". A front end that receives scenarios from others (the web
// workspace) loads them this way, so that a scenario can only read its own
// files.
var ErrOutside = errors.New("the path leaves the scenario's folder (only files inside it can be read)")

// LoadFS is Load over a file system: name and every path the scenario
// names (data files, extends) are slash-separated paths inside fsys,
// relative paths resolved against the directory of the YAML file that
// names them. A path that is absolute or climbs out of fsys is refused with
// a problem naming it, never opened. Messages name files by their path
// inside fsys ("students.csv:3:4").
func LoadFS(fsys fs.FS, name string, opts Options) (*Scenario, model.Problems) {
	return load(fsFiles(fsys), fsOpen(fsys), name, opts)
}

// DemoFS is the embedded demo city: scenario.yaml and the CSV files it
// names, at the root.
func DemoFS() fs.FS {
	sub, err := fs.Sub(demoFS, "demo")
	if err != nil {
		panic(err) // the embedded directory exists: a build mistake
	}
	return sub
}

func fsFiles(fsys fs.FS) files {
	return files{
		read: func(name string) ([]byte, error) {
			if !fs.ValidPath(name) {
				return nil, &fs.PathError{Op: "read", Path: name, Err: ErrOutside}
			}
			return fs.ReadFile(fsys, name)
		},
		join:  path.Join,
		dir:   path.Dir,
		isAbs: path.IsAbs, // kept as given, then refused by ValidPath
	}
}

func fsOpen(fsys fs.FS) model.Opener {
	return func(name string) (io.ReadCloser, error) {
		if !fs.ValidPath(name) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrOutside}
		}
		return fsys.Open(name)
	}
}
