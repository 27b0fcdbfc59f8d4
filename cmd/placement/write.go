package main

import (
	"time"

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

// writeLogged writes the files into dir and logs the write stage as
// "wrote <what>"; on failure it logs the error and returns exit code 1.
func (f *outputFlags) writeLogged(log *logger, dir string, files []output.File, sum *output.Summary, what string) (time.Duration, int) {
	t := time.Now()
	if err := f.write(dir, files, sum); err != nil {
		log.Error().Err(err).Str("dir", dir).Msgf("writing the %s failed", what)
		return 0, exitFailure
	}
	elapsed := time.Since(t)
	names := make([]string, len(files))
	for i, file := range files {
		names[i] = file.Name
	}
	log.Info().Str("stage", "write").Str("dir", dir).Strs("files", names).Float64("ms", ms(elapsed)).
		Msgf("wrote %s", what)
	return elapsed, exitOK
}
