package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"placement/server"
)

type serveOptions struct {
	addr      string
	data      string
	jobs      int
	token     string
	maxUpload int64 // MiB
	log       logFlags
}

func serveCommand() (*pflag.FlagSet, runFunc) {
	o := &serveOptions{}
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`host:port` to listen on; anything but loopback needs --token")
	fs.StringVar(&o.data, "data", server.DefaultData, "`dir`ectory the runs are kept in (inputs, plans, logs)")
	fs.IntVar(&o.jobs, "jobs", 0, "runs solved at once, the others queue; 0: the number of cores")
	fs.StringVar(&o.token, "token", "", "token every request must carry (default $PLACEMENT_TOKEN); required off loopback")
	fs.Int64Var(&o.maxUpload, "max-upload", server.DefaultMaxBody>>20, "largest upload accepted, in `MiB`")
	o.log.add(fs)
	return fs, o.run
}

// run starts the workspace and serves until SIGINT or SIGTERM, then shuts
// down gracefully (server.Serve).
func (o *serveOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	log, err := o.log.newLogger(zerolog.SyncWriter(stderr))
	if err != nil {
		fmt.Fprintf(stderr, "placement serve: %v\n", err)
		return exitInput
	}
	if o.token == "" {
		o.token = lookupEnv(env, "PLACEMENT_TOKEN")
	}
	if o.jobs < 0 || o.maxUpload <= 0 {
		fmt.Fprintln(stderr, "placement serve: --jobs must be at least 0 and --max-upload at least 1")
		return exitInput
	}
	if err := server.CheckBind(o.addr, o.token); err != nil {
		fmt.Fprintf(stderr, "placement serve: %v\n", err)
		return exitInput
	}
	srv, err := server.New(server.Config{Data: o.data, Jobs: o.jobs, Token: o.token,
		Limits: server.Limits{Body: o.maxUpload << 20}, Log: &log.Logger})
	if err != nil {
		fmt.Fprintf(stderr, "placement serve: %v\n", err)
		return exitFailure
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		srv.Close(context.Background())
		fmt.Fprintf(stderr, "placement serve: %v\n", err)
		return exitInput
	}
	fmt.Fprintf(stdout, "placement serve: http://%s/ (data in %s; Ctrl-C stops)\n", ln.Addr(), o.data)
	if err := srv.Serve(ctx, ln); err != nil {
		log.Error().Err(err).Msg("serving failed")
		return exitFailure
	}
	log.Info().Msg("stopped")
	return exitOK
}

func lookupEnv(env []string, name string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v
		}
	}
	return ""
}
