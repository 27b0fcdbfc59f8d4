package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"placement/explain"
)

// Config sets up a Server; the zero value of a field means its default.
type Config struct {
	// Data is the directory runs are kept in: default "placement-data".
	Data string
	// Jobs is the number of runs solved at once: default the number of
	// cores. Other runs wait in the queue.
	Jobs int
	// Token, when set, must come with every request: an
	// "Authorization: Bearer" header, an X-Placement-Token header, or the
	// cookie the token page sets.
	Token string
	// Limits bound uploads.
	Limits Limits
	// Explain answers the explain endpoint; nil: explain's answer
	// (explain.StudentAnswer), the one the student page shows.
	Explain ExplainFunc
	// Log receives the server's records (requests refused, runs started and
	// ended); nil logs nothing.
	Log *zerolog.Logger
	// Grace is how long Serve lets running solves finish after its context
	// ends before cancelling them: default 10 s.
	Grace time.Duration
}

// DefaultData is the data directory when Config.Data is empty.
const DefaultData = "placement-data"

// Server is the workspace: the runs, the queue and the handlers.
type Server struct {
	cfg     Config
	limits  Limits
	store   *store
	queue   *queue
	cache   *cache
	answers *explain.Cache // the runs' plans prepared for explain's questions
	handler http.Handler
	log     zerolog.Logger

	jobsCtx    context.Context // cancelled to stop every solve
	cancelJobs context.CancelFunc
	workers    sync.WaitGroup
	stopping   chan struct{} // closed when the server shuts down: ends event streams
	stopOnce   sync.Once
}

// New opens (or creates) the data directory, loads the runs kept there,
// queues again the runs that were queued or running when the server last
// stopped, and starts the workers.
func New(cfg Config) (*Server, error) {
	if cfg.Data == "" {
		cfg.Data = DefaultData
	}
	if cfg.Jobs <= 0 {
		cfg.Jobs = runtime.NumCPU()
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 10 * time.Second
	}
	st, err := openStore(cfg.Data)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, limits: cfg.Limits.withDefaults(), store: st, queue: newQueue(), cache: newCache(8),
		answers:  explain.NewCache(4),
		stopping: make(chan struct{})}
	s.log = zerolog.Nop()
	if cfg.Log != nil {
		s.log = *cfg.Log
	}
	s.jobsCtx, s.cancelJobs = context.WithCancel(context.Background())
	s.handler = s.routes()
	runs := st.list()
	for i := len(runs) - 1; i >= 0; i-- { // oldest first
		if r := runs[i]; r.Status == StatusQueued || r.Status == StatusRunning {
			if rs, ok := st.get(r.ID); ok {
				st.update(rs, func(r *Run) { r.Status, r.Stages = StatusQueued, nil })
				s.queue.push(rs)
			}
		}
	}
	for range cfg.Jobs {
		s.workers.Add(1)
		go s.worker()
	}
	return s, nil
}

// Handler is the server's http.Handler: every page and the API.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops the server's work: no run starts any more; running solves
// get until ctx is done to finish, then are cancelled (and queued again
// for the next start). It returns once every worker has stopped.
func (s *Server) Close(ctx context.Context) error {
	s.stopOnce.Do(func() { close(s.stopping) })
	s.queue.close()
	done := make(chan struct{})
	go func() { s.workers.Wait(); close(done) }()
	select {
	case <-done:
		s.cancelJobs()
		return nil
	case <-ctx.Done():
		s.cancelJobs()
		<-done
		return nil
	}
}

// Serve answers requests on ln until ctx is done, then shuts down
// gracefully: it stops accepting connections, ends event streams, lets
// requests in flight and running solves finish within the grace period,
// cancels what is left and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	hs.RegisterOnShutdown(func() { s.stopOnce.Do(func() { close(s.stopping) }) })
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.Close(context.Background())
		return err
	case <-ctx.Done():
	}
	grace, cancel := context.WithTimeout(context.Background(), s.cfg.Grace)
	defer cancel()
	s.log.Info().Dur("grace", s.cfg.Grace).Msg("shutting down: finishing requests and running solves")
	err := hs.Shutdown(grace)
	s.Close(grace)
	if errors.Is(err, context.DeadlineExceeded) {
		hs.Close()
		err = nil
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// CheckBind refuses to serve on an address other computers can reach
// without a token: loopback needs none, anything else does.
func CheckBind(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("server: address %q: %w", addr, err)
	}
	if token != "" {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("server: %s can be reached from other computers: give a --token (or PLACEMENT_TOKEN) that every request must carry, or bind to 127.0.0.1", addr)
}

// tokenCookie carries the token after the token page.
const tokenCookie = "placement_token"

// authorized reports whether a request carries the token.
func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.Token == "" {
		return true
	}
	var given string
	if h := r.Header.Get("Authorization"); len(h) > 7 && h[:7] == "Bearer " {
		given = h[7:]
	} else if h := r.Header.Get("X-Placement-Token"); h != "" {
		given = h
	} else if c, err := r.Cookie(tokenCookie); err == nil {
		given = c.Value
	}
	return subtle.ConstantTimeCompare([]byte(given), []byte(s.cfg.Token)) == 1
}

// routes is every handler, behind the token check and cross-origin
// protection.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	// API
	mux.HandleFunc("POST /api/runs", s.apiCreate)
	mux.HandleFunc("GET /api/runs", s.apiList)
	mux.HandleFunc("GET /api/runs/{id}", s.apiRun)
	mux.HandleFunc("DELETE /api/runs/{id}", s.apiDelete)
	mux.HandleFunc("GET /api/runs/{id}/files/{name}", s.apiFile)
	mux.HandleFunc("GET /api/runs/{id}/plan.zip", s.apiZip)
	mux.HandleFunc("GET /api/runs/{id}/explain", s.apiExplain)
	mux.HandleFunc("GET /api/runs/{id}/assignments", s.apiAssignments)
	mux.HandleFunc("GET /api/runs/{id}/events", s.apiEvents)
	mux.HandleFunc("POST /api/runs/{id}/whatif", s.apiWhatif)
	mux.HandleFunc("GET /api/demo.zip", s.apiDemoZip)
	// Pages
	mux.HandleFunc("GET /{$}", s.pageHome)
	mux.HandleFunc("GET /upload", s.pageUpload)
	mux.HandleFunc("POST /upload", s.formUpload)
	mux.HandleFunc("GET /runs/{id}", s.pageRun)
	mux.HandleFunc("GET /runs/{id}/students/{student}", s.pageStudent)
	mux.HandleFunc("GET /runs/{id}/enterprises/{enterprise}", s.pageEnterprise)
	mux.HandleFunc("GET /runs/{id}/training", s.pageTraining)
	mux.HandleFunc("GET /runs/{id}/mentors", s.pageMentors)
	mux.HandleFunc("GET /runs/{id}/whatif", s.pageWhatif)
	mux.HandleFunc("POST /runs/{id}/whatif", s.formWhatif)
	mux.HandleFunc("POST /runs/{id}/variants/{n}", s.formVariant)
	mux.HandleFunc("GET /runs/{id}/replan", s.pageReplan)
	mux.HandleFunc("POST /runs/{id}/delete", s.formDelete)
	mux.HandleFunc("GET /login", s.pageLogin)
	mux.HandleFunc("POST /login", s.formLogin)
	mux.Handle("GET /static/", http.FileServerFS(staticFS))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, http.StatusForbidden, "cross-site request refused (CSRF protection): send forms from this site's own pages")
	}))
	protected := cop.Handler(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
		if !s.authorized(r) && r.URL.Path != "/login" && r.URL.Path != "/static/style.css" {
			if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
				// A browser: the token page, still with 401.
				s.render(w, r, http.StatusUnauthorized, "login", view{Title: "sign in"})
				return
			}
			s.refuse(w, r, http.StatusUnauthorized, "a valid token is required: send it as \"Authorization: Bearer TOKEN\" or sign in at /login")
			return
		}
		protected.ServeHTTP(w, r)
	})
}
