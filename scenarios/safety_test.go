package scenarios

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"placement/model"
)

func TestEnumValuesAreCaseInsensitiveLikeInCSV(t *testing.T) {
	t.Chdir(filepath.Dir(writeScenario(t, dataYAML+"policy:\n  order_class: PREFER\ncalendar:\n  days: [MON, Wed]\n")))
	cfg := mustLoad(t, "scenario.yaml", Options{})
	if cfg.Policy.OrderClass != model.OrderPrefer {
		t.Errorf("order_class %q", cfg.Policy.OrderClass)
	}
	if diff := cmp.Diff([]string{"mon", "wed"}, cfg.Calendar.Days); diff != "" {
		t.Errorf("days (-want +got):\n%s", diff)
	}
}

// loadQuickly loads path and fails the test if that takes long or
// allocates much: a hostile scenario file is refused at once.
func loadQuickly(t *testing.T, path string) model.Problems {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan model.Problems, 1)
	go func() { _, ps := LoadConfig(path, Options{}); done <- ps }()
	select {
	case ps := <-done:
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
			t.Errorf("loading %s allocated %d MiB", path, grew>>20)
		}
		return ps
	case <-time.After(10 * time.Second):
		t.Fatalf("loading %s hangs", path)
	}
	return nil
}

func TestHostileScenarioPathsAreRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("name: x\n#"+strings.Repeat("x", MaxScenarioBytes)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want string
	}{
		{"/dev/zero", "/dev/zero: cannot read the scenario: the file is a character device, not a regular file"},
		{fifo, fifo + ": cannot read the scenario: the file is a named pipe (FIFO), not a regular file"},
		{dir, dir + ": cannot read the scenario: the file is a directory, not a regular file"},
		{big, big + ": cannot read the scenario: the file is larger than 1048576 bytes, the most a scenario file may be"},
	} {
		ps := loadQuickly(t, tt.path)
		if diff := cmp.Diff([]string{tt.want}, texts(ps)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.path, diff)
		}
	}
	for _, target := range []string{"/dev/zero", fifo} {
		s := writeScenario(t, dataYAML+"extends: "+target+"\n")
		ps := loadQuickly(t, s)
		if len(ps) != 1 || !strings.Contains(ps[0].Msg, "not a regular file") || ps[0].Line != 9 {
			t.Errorf("extends %s: %v", target, ps)
		}
	}
}

// A file that is not a scenario at all (extends: /etc/shadow) is never
// echoed beyond a short excerpt.
func TestAFileThatIsNotAScenarioIsNotEchoed(t *testing.T) {
	secret := "root:$6$Zx8Jk2" + strings.Repeat("s3cr3t", 20) + ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
	root := writeFiles(t, map[string]string{
		"shadow":        secret,
		"scenario.yaml": dataYAML + "extends: shadow\n",
		"keys.yaml":     strings.Repeat("root"+strings.Repeat("s3cr3t", 30)+": 1\n", 3),
	})
	t.Chdir(root)
	for _, name := range []string{"scenario.yaml", "keys.yaml"} {
		_, ps := LoadConfig(name, Options{})
		if ps.Err() == nil {
			t.Errorf("%s: no error", name)
		}
		for _, p := range ps {
			if strings.Count(p.Msg, "s3cr3t") > 12 || strings.Contains(p.Msg, "daemon") {
				t.Errorf("%s: the message echoes the file: %s", name, p)
			}
		}
	}
}

func TestInputFilesAreEveryFileRead(t *testing.T) {
	root := writeFiles(t, map[string]string{
		"base/scenario.yaml": dataYAML,
		"city/scenario.yaml": "extends: ../base/scenario.yaml\ndata:\n  mentors: mentors.csv\n",
	})
	t.Chdir(root)
	cfg := mustLoad(t, "city/scenario.yaml", Options{})
	sc := &Scenario{Config: cfg, onDisk: true}
	want := []string{filepath.Join("base", "scenario.yaml"), "city/scenario.yaml"}
	for _, p := range requiredDataList("base") {
		want = append(want, p)
	}
	want = append(want, filepath.Join("city", "mentors.csv"))
	if diff := cmp.Diff(want, sc.InputFiles()); diff != "" {
		t.Errorf("InputFiles (-want +got):\n%s", diff)
	}
	demo, ps := Demo(Options{})
	if ps.Err() != nil || demo.InputFiles() != nil {
		t.Errorf("the demo: %v, %v", demo.InputFiles(), ps.Err())
	}
}

func requiredDataList(dir string) []string {
	d := requiredData(dir)
	return []string{d.Schools, d.Students, d.Enterprises, d.Posts, d.Specialties, d.Districts, d.Distances}
}
