// Command serveload is the load test of `placement serve`: it uploads the
// demo city (4,000 students, every stage) N times at once to a running
// workspace, probes page latency while the runs solve, waits for every run
// and checks that each plan is the same as the first (summary.json lists
// every file's SHA-256, so equal summaries mean equal files).
//
// It talks to loopback only and stops by itself (-timeout). run.sh starts
// the server under /usr/bin/time -v, runs this, and stops the server.
//
//	go run ./bench/serveload -url http://127.0.0.1:18080 -uploads 20
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"

	"placement/server"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:18080", "the workspace's URL (loopback only)")
	uploads := flag.Int("uploads", 20, "uploads sent at once")
	timeout := flag.Duration("timeout", 10*time.Minute, "give up after this long")
	flag.Parse()
	if err := run(*base, *uploads, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

func run(base string, n int, timeout time.Duration) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(u.Host)
	if ip, err := netip.ParseAddr(host); err != nil || !ip.IsLoopback() {
		return fmt.Errorf("%s is not a loopback address: this load test only targets this machine", u.Host)
	}
	if n < 1 || n > 100 {
		return fmt.Errorf("-uploads %d: want 1 to 100", n)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	// Keep a connection per poller rather than opening one a request.
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * n}}

	var zipped bytes.Buffer
	if err := server.DemoZip(&zipped); err != nil {
		return err
	}

	// Probe the pages every 100 ms until the runs are done.
	probeCtx, stopProbe := context.WithCancel(ctx)
	var lat []time.Duration
	var probeErr error
	var probes sync.WaitGroup
	probes.Go(func() {
		for probeCtx.Err() == nil {
			for _, p := range []string{"/", "/api/runs", "/upload"} {
				t := time.Now()
				res, err := client.Get(base + p)
				if err != nil {
					probeErr = err
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					probeErr = fmt.Errorf("GET %s: %d", p, res.StatusCode)
					return
				}
				lat = append(lat, time.Since(t))
			}
			time.Sleep(100 * time.Millisecond)
		}
	})

	start := time.Now()
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { ids[i], errs[i] = upload(ctx, client, base, zipped.Bytes()) })
	}
	wg.Wait()
	uploaded := time.Since(start)
	for _, err := range errs {
		if err != nil {
			stopProbe()
			return err
		}
	}
	summaries := make([][]byte, n)
	finished := make([]time.Duration, n)
	for i := range n {
		wg.Go(func() { summaries[i], finished[i], errs[i] = wait(ctx, client, base, ids[i], start) })
	}
	wg.Wait()
	total := time.Since(start)
	stopProbe()
	probes.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if probeErr != nil {
		return fmt.Errorf("a page request failed during the load: %w", probeErr)
	}
	for i := 1; i < n; i++ {
		if !bytes.Equal(summaries[i], summaries[0]) {
			return fmt.Errorf("run %d's summary.json differs from run 1's", i+1)
		}
	}
	var sum struct {
		Stages struct {
			Assignment struct{ Placed int } `json:"assignment"`
		} `json:"stages"`
		PlacementRate float64 `json:"placement_rate"`
	}
	json.Unmarshal(summaries[0], &sum)
	slices.Sort(lat)
	slices.Sort(finished)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("uploads: %d at once, all accepted in %v\n", n, uploaded.Round(time.Millisecond))
	fmt.Printf("runs: all %d done and identical (placed %d, rate %.4f); first done after %v, last after %v\n",
		n, sum.Stages.Assignment.Placed, sum.PlacementRate, finished[0].Round(time.Millisecond), total.Round(time.Millisecond))
	fmt.Printf("page latency while solving (%d requests to /, /api/runs, /upload): median %v, p95 %v, max %v\n",
		len(lat), pct(0.5).Round(time.Microsecond), pct(0.95).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	return nil
}

func upload(ctx context.Context, client *http.Client, base string, zipped []byte) (string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("scenario", "zibo-demo.zip")
	fw.Write(zipped)
	mw.Close()
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/runs", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var out struct{ ID, Error string }
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("upload: %d %s", res.StatusCode, out.Error)
	}
	return out.ID, nil
}

func wait(ctx context.Context, client *http.Client, base, id string, start time.Time) ([]byte, time.Duration, error) {
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/runs/"+id, nil)
		res, err := client.Do(req)
		if err != nil {
			return nil, 0, err
		}
		var st server.RunStatus
		err = json.NewDecoder(res.Body).Decode(&st)
		res.Body.Close()
		if err != nil {
			return nil, 0, err
		}
		switch st.Status {
		case server.StatusDone:
			return st.Summary, time.Since(start), nil
		case server.StatusQueued, server.StatusRunning:
		default:
			return nil, 0, fmt.Errorf("run %s ended %s: %s %v", id, st.Status, st.Error, st.Problems)
		}
		select {
		case <-ctx.Done():
			return nil, 0, fmt.Errorf("run %s: %w", id, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
