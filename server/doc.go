// Package server is the officer's workspace in the browser behind `placement
// serve`: upload a semester's files, read what is wrong with them, solve,
// read the plan, ask why (package explain's answers), try what-ifs,
// re-plan after changes and download the files — in Chinese by default, in
// English on request.
//
// It is a front end like the CLI: every run goes through the public
// pipeline (plan.Load with the upload as its file system, plan.Solve or,
// for a re-plan, plan.Replan against a done run's plan, plan.Write;
// whatif.Run and whatif.Write for a what-if), so the files a run
// serves are byte for byte those `placement solve` writes for the same
// scenario.
//
// # Runs
//
// Each upload is a run kept under the data directory (Config.Data):
//
//	runs/<id>/run.json   status, timestamps, problems (written atomically)
//	runs/<id>/upload.zip the upload as received (zip uploads)
//	runs/<id>/input/     the scenario files, extracted and checked
//	runs/<id>/previous/  a re-plan's base plan (copied at upload)
//	runs/<id>/plan/      the plan directory (plan.Write: all or nothing)
//	runs/<id>/log.jsonl  the run's log, one JSON record a line
//	tmp/                 uploads being received; emptied at start
//
// An id is 128 random bits (crypto/rand) in hex, and every request path
// that names a run or a file is checked against that form and the run's
// listing before anything is opened. Runs survive a restart: a run that was
// queued or running when the server stopped is queued again.
//
// # Jobs
//
// Solves run on a fixed number of workers (Config.Jobs, default the number
// of cores); other runs wait in a first-in, first-out queue on disk, so ten
// uploads at once queue instead of exhausting memory. Each solve has its
// own context: deleting a run cancels it; Serve, when its context ends,
// stops accepting requests, lets running solves finish for a grace period
// and then cancels them (they are queued again at the next start). A run's
// plan is written with plan.Write, so a directory never holds half a plan.
//
// # Safety
//
// Request bodies are limited (Config.MaxUpload, http.MaxBytesReader) and
// read as a stream; zip entries are checked before and while they are
// extracted (names, symlinks, count, declared and actual sizes; see
// Limits); a scenario can only read its own files (scenarios.LoadFS over an
// os.Root); pages are html/template, so every text is escaped; form posts
// are protected against cross-site requests (http.CrossOriginProtection);
// with a token (Config.Token) every request must carry it.
package server
