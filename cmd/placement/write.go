package main

import (
	"github.com/spf13/pflag"

	"placement/cmd/placement/internal/output"
)

// outputFlags choose the form of the files a command writes; solve and
// schedule share them.
type outputFlags struct {
	excel bool
}

func (f *outputFlags) add(fs *pflag.FlagSet) {
	fs.BoolVar(&f.excel, "excel", false,
		"write the CSV files as UTF-8 with a byte-order mark, so that Excel and WPS show Chinese text correctly")
}

// write writes the files of Build or BuildTraining into dir: with a
// byte-order mark on each CSV file when --excel is set, all or nothing,
// and not at all once the run is interrupted (see signals.go).
func (f *outputFlags) write(dir string, files []output.File, sum *output.Summary) error {
	if f.excel {
		var err error
		if files, err = output.ForExcel(files, sum); err != nil {
			return err
		}
	}
	return output.WriteDir(dir, files)
}
