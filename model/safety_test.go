package model

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// allFiles is trainingFiles plus mentors.csv; allPaths names them all.
func allFiles() map[string]string {
	f := trainingFiles()
	f["mentors.csv"] = "mentor_id,name,role,org_id,specialties,capacity\nM1,Teacher Sun,teacher,SC1,WELD;CNC,5\n"
	return f
}

var allPaths = func() DataPaths {
	p := trainingPaths
	p.Mentors = "mentors.csv"
	return p
}()

func loadAll(files map[string]string) Problems {
	_, ps := LoadData(memOpener(files), allPaths, DefaultPolicy(), testCalendar)
	return ps
}

func TestLoadDataReadsAValidScenario(t *testing.T) {
	d, ps := LoadData(memOpener(allFiles()), allPaths, DefaultPolicy(), testCalendar)
	if len(ps) > 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	if len(d.Roster.Students) != 3 || len(d.Mentors) != 1 || len(d.Bases) != 2 || len(d.Cohorts) != 2 {
		t.Errorf("got %d students, %d mentors, %d bases, %d cohorts", len(d.Roster.Students), len(d.Mentors), len(d.Bases), len(d.Cohorts))
	}
}

// A stage-1 error does not hide the errors of stage 2 and 3.
func TestLoadDataReportsEveryStageAtOnce(t *testing.T) {
	f := allFiles()
	f["students.csv"] = strings.Replace(f["students.csv"], "S1,Li Wei,SC1,WELD,senior", "S1,Li Wei,SC1,WELD,master", 1)
	f["bases.csv"] = strings.Replace(f["bases.csv"], "metal,30", "metal,0", 1)
	f["mentors.csv"] = strings.Replace(f["mentors.csv"], "teacher,SC1", "principal,SC1", 1)
	checkProblems(t, loadAll(f), []wantProblem{
		{"bases.csv", 2, 5, `stations "0" must be at least 1`},
		{"mentors.csv", 2, 3, `role "principal" is not one of teacher, expert`},
		{"students.csv", 2, 5, `level "master" is not one of`},
	})
}

// A stage-1 file that cannot be read leaves the references into it
// unchecked in the later stages too: one problem, not one a row.
func TestLoadDataDoesNotCascadeFromAnUnreadableFile(t *testing.T) {
	f := allFiles()
	delete(f, "schools.csv")
	delete(f, "distances.csv")
	checkProblems(t, loadAll(f), []wantProblem{
		{"distances.csv", 0, 0, "file not found"},
		{"schools.csv", 0, 0, "file not found"},
	})
}

func TestFilesWithoutRowsAreErrors(t *testing.T) {
	tests := []struct {
		file, header, msg string
	}{
		{"posts.csv", "post_id,enterprise_id,specialty,capacity", "a plan needs at least one post"},
		{"students.csv", "student_id,school_id,specialty,level,district", "a plan needs at least one student"},
		{"enterprises.csv", "enterprise_id,employees,above_scale,district", "at least one enterprise with a post"},
		{"bases.csv", basesHeader, "stage 2 needs at least one base"},
		{"cohorts.csv", cohortsHeader, "stage 2 needs at least one cohort"},
		{"mentors.csv", "mentor_id,role,org_id,specialties,capacity", "stage 3 needs at least one mentor"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := allFiles()
			f[tt.file] = tt.header + "\n\n,,\n" // blank lines are no rows either
			ps := loadAll(f)
			found := false
			for _, p := range ps.Errors() {
				if p.File == tt.file && p.Line == 0 && strings.Contains(p.Msg, "the file has a header but no rows; ") && strings.Contains(p.Msg, tt.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error for %s without rows:\n%v", tt.file, ps.Error())
			}
		})
	}
	t.Run("an empty pins file is no pins", func(t *testing.T) {
		f := allFiles()
		f["pins.csv"] = "student_id,post_id\n"
		if ps := loadAll(f); len(ps) > 0 {
			t.Errorf("problems:\n%v", ps.Error())
		}
	})
}

func TestCountsAndDistancesHaveUpperBounds(t *testing.T) {
	tests := []struct {
		name, file, from, to string
		want                 wantProblem
	}{
		{"employees", "enterprises.csv", "E1,Qilu Steel,metal,1200,", "E1,Qilu Steel,metal,1000000000000000000,",
			wantProblem{"enterprises.csv", 2, 4, `employees "1000000000000000000" is more than 10000000, the most allowed`}},
		{"capacity", "posts.csv", "P1,E1,WELD,3,", "P1,E1,WELD,4294967296,",
			wantProblem{"posts.csv", 2, 4, `capacity "4294967296" is more than 1000000, the most allowed`}},
		{"km", "distances.csv", "ZD,ZC,12", "ZD,ZC,4294967296",
			wantProblem{"distances.csv", 2, 3, `km "4294967296" is more than 100000, the most allowed`}},
		{"stations", "bases.csv", "metal,30,", "metal,100001,",
			wantProblem{"bases.csv", 2, 5, `stations "100001" is more than 100000`}},
		{"headcount", "cohorts.csv", "C1,students,SC1,metal,25,", "C1,students,SC1,metal,2147483648,",
			wantProblem{"cohorts.csv", 2, 5, `headcount "2147483648" is more than 100000`}},
		{"sessions", "cohorts.csv", "metal,25,4,", "metal,25,1001,",
			wantProblem{"cohorts.csv", 2, 6, `sessions "1001" is more than 1000`}},
		{"mentor capacity", "mentors.csv", "WELD;CNC,5", "WELD;CNC,10001",
			wantProblem{"mentors.csv", 2, 6, `capacity "10001" is more than 10000`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := allFiles()
			if !strings.Contains(f[tt.file], tt.from) {
				t.Fatalf("%s lacks %q", tt.file, tt.from)
			}
			f[tt.file] = strings.Replace(f[tt.file], tt.from, tt.to, 1)
			ps := loadAll(f)
			if len(ps.Errors()) == 0 {
				t.Fatalf("no error")
			}
			checkProblems(t, ps.Errors()[:1], []wantProblem{tt.want})
		})
	}
	t.Run("the sessions of all cohorts together", func(t *testing.T) {
		f := allFiles()
		var b strings.Builder
		b.WriteString(cohortsHeader + "\n")
		n := MaxTotalSessions/MaxSessions + 1
		for i := range n {
			fmt.Fprintf(&b, "C%d,students,SC1,metal,25,%d,1,8,ZC,,\n", i, MaxSessions)
		}
		f["cohorts.csv"] = b.String()
		checkProblems(t, loadAll(f), []wantProblem{
			{"cohorts.csv", n + 1, 6, fmt.Sprintf("the cohorts so far ask for %d sessions in all, more than %d", n*MaxSessions, MaxTotalSessions)},
		})
	})
	t.Run("districts", func(t *testing.T) {
		f := validFiles()
		var b strings.Builder
		b.WriteString(f["districts.csv"])
		for i := range MaxDistricts {
			fmt.Fprintf(&b, "X%d,\n", i)
		}
		f["districts.csv"] = b.String()
		_, ps := LoadRoster(memOpener(f), testPaths, DefaultPolicy())
		checkProblems(t, ps, []wantProblem{{"districts.csv", MaxDistricts + 2, 0, "more than 4096 districts, the most allowed"}})
	})
}

func TestQuotaCannotOverflow(t *testing.T) {
	for _, tt := range []struct {
		employees, bp, want int
	}{
		{1200, 200, 24},
		{1201, 200, 25},
		{MaxEmployees, 10000, MaxEmployees},
		{math.MaxInt, 200, (math.MaxInt/10000)*200 + (math.MaxInt%10000*200+9999)/10000},
		{1_000_000_000_000_000_000, 200, 20_000_000_000_000_000},
		{99, 10001, 99}, // a rate above 1 counts as 1
	} {
		e := Enterprise{Employees: tt.employees, AboveScale: true}
		if got := Quota(&e, tt.bp); got != tt.want || got < 0 {
			t.Errorf("Quota(%d employees, %d bp) = %d, want %d", tt.employees, tt.bp, got, tt.want)
		}
	}
}

func TestDistanceTableIgnoresKmBeyondTheBound(t *testing.T) {
	r := &Roster{
		Districts: []District{{ID: "a"}, {ID: "b"}},
		Distances: []Distance{{From: "a", To: "b", Km: 4_294_967_296}},
	}
	if km, ok := NewDistanceTable(r).Km("a", "b"); ok {
		t.Errorf("km %d: a km that does not fit int32 was stored", km)
	}
}

func TestTextThatIsNotAnIDIsAnError(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		from, to string
		want     []wantProblem
	}{
		{"a NUL byte", "districts.csv", "ZC,Zichuan", "Z\x00C,Zichuan",
			[]wantProblem{{"districts.csv", 3, 1, `district_id "Z\x00C" contains a NUL byte (0x00)`}}},
		{"a control character", "schools.csv", "SC2,Zichuan", "SC2\x07,Zichuan",
			[]wantProblem{{"schools.csv", 3, 1, `school_id "SC2\a" contains the control character U+0007`}}},
		{"a zero-width space in an id", "districts.csv", "BS,Boshan", "B\u200bS,Boshan",
			[]wantProblem{{"districts.csv", 4, 1, `district_id "B\u200bS" contains the invisible character U+200B (zero-width space)`}}},
		{"a direction mark in a reference", "posts.csv", "P3,E2,ELEC", "P3,E2\u200e,ELEC",
			[]wantProblem{{"posts.csv", 4, 2, `enterprise_id "E2\u200e" contains the invisible character U+200E (direction mark)`}}},
		{"a byte-order mark in the middle of the file", "specialties.csv", "ELEC,Electrical", "\uFEFFELEC,Electrical",
			[]wantProblem{{"specialties.csv", 4, 1, `specialty "\ufeffELEC" contains a byte-order mark (U+FEFF)`}}},
		{"a tab inside an id", "students.csv", "S2,Wang Fang", "S\t2,Wang Fang",
			[]wantProblem{{"students.csv", 3, 1, `student_id "S\t2" contains a tab inside a value`}}},
		{"a repeated header row", "districts.csv", "ZC,Zichuan\n", "district_id,name\nZC,Zichuan\n",
			[]wantProblem{{"districts.csv", 3, 1, `district_id "district_id" repeats the header: is a header row pasted twice`}}},
		{"a repeated header row in another case", "pins.csv", "S3,P3", "Student_ID,Post_ID\nS3,P3",
			[]wantProblem{{"pins.csv", 2, 1, `student_id "Student_ID" repeats the header`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := validFiles()
			if !strings.Contains(f[tt.file], tt.from) {
				t.Fatalf("%s lacks %q", tt.file, tt.from)
			}
			f[tt.file] = strings.Replace(f[tt.file], tt.from, tt.to, 1)
			_, ps := LoadRoster(memOpener(f), testPaths, DefaultPolicy())
			var got Problems
			for _, p := range ps.Errors() {
				if p.File == tt.file { // references to the bad id may follow elsewhere
					got = append(got, p)
				}
			}
			checkProblems(t, got, tt.want)
		})
	}
	t.Run("a name may hold line breaks, tabs and joiners", func(t *testing.T) {
		f := validFiles()
		f["districts.csv"] = strings.Replace(f["districts.csv"], "ZC,Zichuan", "ZC,\"Zi\tchuan\n👩\u200d🔧\"", 1)
		if _, ps := LoadRoster(memOpener(f), testPaths, DefaultPolicy()); len(ps) > 0 {
			t.Errorf("problems:\n%v", ps.Error())
		}
	})
	t.Run("a name may not hold a NUL byte", func(t *testing.T) {
		f := validFiles()
		f["districts.csv"] = strings.Replace(f["districts.csv"], "ZC,Zichuan", "ZC,Zi\x00chuan", 1)
		_, ps := LoadRoster(memOpener(f), testPaths, DefaultPolicy())
		checkProblems(t, ps, []wantProblem{{"districts.csv", 3, 2, `name "Zi\x00chuan" contains a NUL byte`}})
	})
}

func TestMessagesEchoOnlyAShortExcerpt(t *testing.T) {
	if got, want := Excerpt("abc"), `"abc"`; got != want {
		t.Errorf("Excerpt = %s, want %s", got, want)
	}
	long := strings.Repeat("密", 100) // 300 bytes
	got := Excerpt(long)
	if want := `"` + strings.Repeat("密", 21) + `"…`; got != want {
		t.Errorf("Excerpt(300 bytes) = %s, want %s", got, want)
	}
	f := validFiles()
	f["students.csv"] = strings.Replace(f["students.csv"], "senior,ZD,88.5,city", "senior,ZD,88.5,"+strings.Repeat("x", 60000), 1)
	_, ps := LoadRoster(memOpener(f), testPaths, DefaultPolicy())
	if len(ps) != 1 || len(ps[0].Msg) > 400 {
		t.Errorf("problems %d, the first %d bytes long:\n%.600s", len(ps), len(ps[0].Msg), ps.Error())
	}
}

func TestOpenRegularRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, tt := range []struct{ name, want string }{
		{fifo, "the file is a named pipe (FIFO), not a regular file"},
		{dir, "the file is a directory, not a regular file"},
		{"/dev/zero", "the file is a character device, not a regular file"},
	} {
		done := make(chan error, 1)
		go func() { _, err := OpenRegular(tt.name); done <- err }()
		select {
		case err := <-done:
			var nr *NotRegularError
			if !errors.As(err, &nr) || err.Error() != tt.want {
				t.Errorf("OpenRegular(%s) = %v, want %q", tt.name, err, tt.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("OpenRegular(%s) hangs", tt.name)
		}
	}
	regular := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(regular, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFileLimit(regular, 1); err != nil || string(data) != "x" {
		t.Errorf("ReadFileLimit = %q, %v", data, err)
	}
	if _, err := ReadFileLimit(regular, 0); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadFileLimit over the limit: %v", err)
	}
	// A data file named by a scenario that is a FIFO is one clear problem.
	var s sink
	openTable(OpenFile, fifo, districtCols, &s)
	checkProblems(t, s.done(), []wantProblem{{fifo, 0, 0, "the file is a named pipe (FIFO), not a regular file; a data file must be a regular file"}})
}

// A district pair that stage 1 and stage 2 both need is reported once.
func TestLoadDataReportsAMissingPairOnce(t *testing.T) {
	f := allFiles()
	f["distances.csv"] = strings.Replace(f["distances.csv"], "ZD,ZC,12\n", "", 1)
	checkProblems(t, loadAll(f), []wantProblem{
		{"students.csv", 3, 6, `no distance between districts "ZC" and "ZD"`},
	})
}
