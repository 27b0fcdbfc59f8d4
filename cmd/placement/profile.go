package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/spf13/pflag"
)

// profileFlags are hidden flags for developers: write a CPU profile of the
// whole command, and a heap profile when it ends, for go tool pprof. They
// change nothing the command writes.
type profileFlags struct {
	cpu, mem string
}

func (p *profileFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the run to `file` (for go tool pprof)")
	fs.StringVar(&p.mem, "memprofile", "", "write a heap profile (allocations since the start, and what is live) to `file` when the run ends")
	_ = fs.MarkHidden("cpuprofile")
	_ = fs.MarkHidden("memprofile")
}

// start starts the CPU profile, if asked; stop ends it and writes the heap
// profile, if asked. Errors are printed: a profile is never worth failing
// the run for.
func (p *profileFlags) start(log *logger) (stop func()) {
	var cpu *os.File
	if p.cpu != "" {
		f, err := os.Create(p.cpu)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			log.Warn().Err(err).Msg("no CPU profile")
		} else {
			cpu = f
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if p.mem != "" {
			runtime.GC()
			if err := writeHeap(p.mem); err != nil {
				log.Warn().Err(err).Msg("no heap profile")
			}
		}
	}
}

func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("heap profile: %w", err)
	}
	return f.Close()
}
