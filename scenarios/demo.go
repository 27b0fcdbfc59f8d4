package scenarios

import (
	"embed"
	"io"
	"io/fs"
	"path"

	"placement/model"
)

// demoFS holds the demo city — 4,000 students, 15 schools, 126 enterprises,
// made by `placement gen --name zibo-demo` — scenario.yaml and the CSV files
// it names. TestDemoIsTheGeneratedCity keeps it equal to the generator's
// output.
//
//go:embed demo
var demoFS embed.FS

// DemoPath is the embedded demo's scenario file; messages name its data
// files as "demo/students.csv" and so on.
const DemoPath = "demo/scenario.yaml"

// Demo loads the embedded demo scenario, like Load. Data paths that opts
// set are read from the embedded files too.
func Demo(opts Options) (*Scenario, model.Problems) {
	open := func(name string) (io.ReadCloser, error) { return demoFS.Open(name) }
	return load(demoFiles, open, DemoPath, opts)
}

var demoFiles = files{
	read:  func(name string) ([]byte, error) { return fs.ReadFile(demoFS, name) },
	join:  path.Join,
	dir:   path.Dir,
	isAbs: path.IsAbs,
}
