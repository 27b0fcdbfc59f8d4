package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// --excel: each CSV file is the same bytes after a byte-order mark, and
// summary.json lists the hashes of the bytes written; the rest of the
// summary is unchanged.
func TestForExcelAddsABOMAndRehashes(t *testing.T) {
	sc, res := handMade()
	files, sum, err := Build(sc, res)
	if err != nil {
		t.Fatal(err)
	}
	xl, err := ForExcel(files, sum)
	if err != nil {
		t.Fatal(err)
	}
	if len(xl) != len(files) {
		t.Fatalf("%d files, want %d", len(xl), len(files))
	}
	var back Summary
	if err := json.Unmarshal(xl[len(xl)-1].Data, &back); err != nil {
		t.Fatal(err)
	}
	for i, f := range xl[:len(xl)-1] {
		if !bytes.Equal(f.Data, append([]byte(UTF8BOM), files[i].Data...)) {
			t.Errorf("%s = %q, want the BOM and %q", f.Name, f.Data, files[i].Data)
		}
		h := sha256.Sum256(f.Data)
		if back.Files[i].SHA256 != hex.EncodeToString(h[:]) {
			t.Errorf("summary lists %s for %s, want the hash of the bytes written", back.Files[i].SHA256, f.Name)
		}
		back.Files[i].SHA256 = sum.Files[i].SHA256
	}
	if diff := cmp.Diff(*sum, back); diff != "" {
		t.Errorf("summary apart from the hashes (-plain +excel):\n%s", diff)
	}
	if bytes.HasPrefix(files[0].Data, []byte(UTF8BOM)) {
		t.Error("ForExcel modified its input")
	}
}

// Cells from the input that a spreadsheet would run as formulas get a
// leading quote; numbers (a negative value included) do not.
func TestOutputCellsAreNeutralized(t *testing.T) {
	sc, res := handMade()
	r := sc.Roster
	r.Students[0].ID = "=1+1"
	r.Students[0].SchoolID = "@sch"
	r.Students[2].ID = "-5" // a number: left alone
	r.Students[2].Specialty = "\tcnc"
	r.Enterprises[0].Name = "+cmd|' /C calc'!A0"
	r.Enterprises[1].ID = "-e2"
	res.Assignments[1].Value = -40
	files, _, err := Build(sc, res)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		AssignmentsFile: "student_id,post_id,enterprise_id,school_id,specialty_match,preference_rank,km,value,student_name,school_name,enterprise_name,specialty,specialty_name\n" +
			"'=1+1,p1,e1,'@sch,exact,1,3,500,,,'+cmd|' /C calc'!A0,cnc,\n" +
			"s2,p2,'-e2,sch,pinned,0,7,-40,,,Two,weld,\n",
		UnassignedFile: "student_id,school_id,specialty,reason,student_name,school_name,specialty_name,threshold,best_post_id\n" +
			"-5,sch,'\tcnc,capacity,,,,,\n",
		EnterprisesFile: "enterprise_id,name,above_scale,employees,quota,offered,filled,shortfall,compliant,subsidy_yuan\n" +
			"e1,'+cmd|' /C calc'!A0,true,100,2,1,1,1,false,0\n" +
			"'-e2,Two,false,10,0,1,1,0,true,300\n",
	}
	for _, f := range files[:3] {
		if diff := cmp.Diff(want[f.Name], string(f.Data)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f.Name, diff)
		}
	}
}

// An interrupted write (ctx cancelled after the first file) leaves the
// directory exactly as it was and removes its temporary directory.
func TestWriteDirContextGivesUpCleanlyWhenInterrupted(t *testing.T) {
	for _, after := range []string{"", "a.csv", "summary.json"} {
		t.Run("cancelled after "+after, func(t *testing.T) {
			dir := t.TempDir()
			writeAll(t, dir, previous)
			before := snapshot(t, dir)
			ctx, cancel := context.WithCancel(context.Background())
			if after == "" {
				cancel()
			}
			afterWrite = func(name string) error {
				if name == after {
					cancel()
				}
				return nil
			}
			t.Cleanup(func() { afterWrite = nil; cancel() })
			err := WriteDirContext(ctx, dir, plan)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("dir changed (-before +after):\n%s", diff)
			}
			if m, _ := filepath.Glob(filepath.Join(dir, TempPrefix+"*")); len(m) > 0 {
				t.Errorf("temporary files left: %v", m)
			}
		})
	}
}

func TestWriteDirContextNotCancelledWrites(t *testing.T) {
	dir := t.TempDir()
	if err := WriteDirContext(context.Background(), dir, plan); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "summary.json")); err != nil {
		t.Fatal(err)
	}
}
