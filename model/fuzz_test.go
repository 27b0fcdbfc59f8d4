package model

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets of the loaders. Each must report problems, never panic
// or hang, and locate every problem in a file it was given. Run one with
//
//	go test ./model -run XXX -fuzz FuzzLoadRosterFile -fuzztime 1m
//
// Plain `go test` runs the seeds: those in f.Add and testdata/fuzz/.

// rosterFiles are the files LoadRoster reads, by fuzz selector.
var rosterFiles = []string{"districts.csv", "specialties.csv", "schools.csv", "enterprises.csv",
	"posts.csv", "distances.csv", "students.csv", "pins.csv"}

// checkLocated fails on a problem that names no file given, or has a
// negative position or no message.
func checkLocated(t *testing.T, ps Problems, files map[string]string, also ...string) {
	t.Helper()
	for _, p := range ps {
		_, ok := files[p.File]
		for _, a := range also {
			ok = ok || p.File == a
		}
		if !ok || p.Line < 0 || p.Col < 0 || p.Msg == "" {
			t.Errorf("badly located problem %+v", p)
		}
	}
}

// FuzzLoadRosterFile replaces one of the eight roster files (picked by
// which) with arbitrary bytes — any encoding, any structure.
func FuzzLoadRosterFile(f *testing.F) {
	valid := validFiles()
	for i, name := range rosterFiles {
		f.Add(uint8(i), []byte(valid[name]))
		f.Add(uint8(i), []byte(gbk(f, ChineseFile(f, fileCols[name], valid[name]))))
	}
	f.Add(uint8(6), []byte("\uFEFF"+studentsHeader+"\n\"S1\n,x"))
	f.Add(uint8(6), []byte(studentsHeader+"\nS1,\xff\xfe,SC1"))
	f.Add(uint8(0), []byte("\xff\xfed\x00i\x00"))
	f.Add(uint8(5), []byte("from,to,km\nZD,ZC,-1\nZD,ZC,1e99\n,,\n"))
	f.Add(uint8(4), []byte("post_id,enterprise_id,specialty,capacity\n'=P1,E1,WELD,3\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		files := validFiles()
		files[rosterFiles[int(which)%len(rosterFiles)]] = string(data)
		_, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
		checkLocated(t, ps, files, "scenario")
	})
}

// FuzzLoadTraining feeds arbitrary bases and cohorts files to
// LoadTraining on a valid roster.
func FuzzLoadTraining(f *testing.F) {
	valid := trainingFiles()
	f.Add([]byte(valid["bases.csv"]), []byte(valid["cohorts.csv"]))
	f.Add([]byte(gbk(f, ChineseFile(f, baseCols, valid["bases.csv"]))), []byte(gbk(f, ChineseFile(f, cohortCols, valid["cohorts.csv"]))))
	f.Add([]byte(basesHeader+"\nB1,x,ZD,metal,0,am;am;zz\n"), []byte(cohortsHeader+"\nC1,students,E1,metal,1,1,9,2,ZD,mon;mon,\n"))
	f.Add([]byte(""), []byte("cohort_id\n\"\n"))
	f.Fuzz(func(t *testing.T, bases, cohorts []byte) {
		files := trainingFiles()
		files["bases.csv"], files["cohorts.csv"] = string(bases), string(cohorts)
		open := memOpener(files)
		r, ps := LoadRoster(open, trainingPaths, DefaultPolicy())
		if ps.Err() != nil {
			t.Fatalf("roster: %v", ps.Err())
		}
		_, _, tps := LoadTraining(open, trainingPaths, r, testCalendar)
		checkLocated(t, tps, files, "scenario")
	})
}

// FuzzLoadMentors feeds an arbitrary mentors file to LoadMentors.
func FuzzLoadMentors(f *testing.F) {
	f.Add([]byte(validMentorsCSV))
	f.Add([]byte(gbk(f, ChineseFile(f, mentorCols, validMentorsCSV))))
	f.Add([]byte(mentorsHeader + "\nT1,x,专家,SC1,WELD;WELD;;,0\nT1,,,,,\n"))
	f.Fuzz(func(t *testing.T, mentors []byte) {
		files := validFiles()
		r, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
		if ps.Err() != nil {
			t.Fatalf("roster: %v", ps.Err())
		}
		m := map[string]string{"mentors.csv": string(mentors)}
		_, mps := LoadMentors(memOpener(m), "mentors.csv", r)
		checkLocated(t, mps, m)
	})
}

// FuzzDecodeText checks the decoder's promises: valid UTF-8 comes back as
// it is; whatever it accepts comes back as valid UTF-8; a refusal names a
// byte of the input at its offset and line.
func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("a,b\n"))
	f.Add([]byte("\uFEFF学号\n"))
	f.Add([]byte(gbk(f, "学号,姓名\nS1,李伟€😀\n")))
	f.Add([]byte("ab\ncd\xff\n"))
	f.Add([]byte("\x81\x30\x81"))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, enc, err := decodeText(data)
		if err != nil {
			e, ok := err.(*EncodingError)
			if !ok {
				t.Fatalf("error %T %v", err, err)
			}
			if !e.UTF16 && (e.Offset < 0 || e.Offset >= len(data) || data[e.Offset] != e.Byte ||
				e.Line != bytes.Count(data[:e.Offset], []byte{'\n'})+1) {
				t.Fatalf("error %+v does not locate a byte of %q", e, data)
			}
			return
		}
		if !utf8.Valid(out) {
			t.Fatalf("%s output is not UTF-8: %q", enc, out)
		}
		switch enc {
		case EncodingUTF8:
			if !bytes.Equal(out, data) {
				t.Fatalf("UTF-8 input changed")
			}
		case EncodingUTF8BOM:
			if !bytes.Equal(out, data[3:]) {
				t.Fatalf("UTF-8 input after the BOM changed")
			}
		case EncodingGB18030:
			if utf8.Valid(data) {
				t.Fatalf("valid UTF-8 read as GB18030")
			}
			if strings.Count(string(out), "\n") != bytes.Count(data, []byte{'\n'}) {
				t.Fatalf("GB18030 decoding changed the lines")
			}
		default:
			t.Fatalf("encoding %q", enc)
		}
	})
}

// FuzzLoadAssignments feeds an arbitrary (officer-edited) assignments file
// to LoadAssignments.
func FuzzLoadAssignments(f *testing.F) {
	f.Add([]byte(assignmentsHeader + "\nS1,P1,E1,SC1,exact,1,0,430\nS3,P3,E2,SC2,pinned,1,0,500\n"))
	f.Add([]byte(gbk(f, "学号,岗位代码\nS1,P1\nS1,P9\n")))
	f.Add([]byte(UTF8BOMString + assignmentsHeader + "\n'=S1,P1,E9,,,,-3,-40\n\"S2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, ps := LoadRoster(memOpener(validFiles()), testPaths, DefaultPolicy())
		if ps.Err() != nil {
			t.Fatalf("roster: %v", ps.Err())
		}
		m := map[string]string{"assignments.csv": string(data)}
		_, aps := LoadAssignments(memOpener(m), "assignments.csv", r)
		checkLocated(t, aps, m)
	})
}

// UTF8BOMString is the byte-order mark, for seeds.
const UTF8BOMString = "\uFEFF"

// FuzzPrecheck checks that precheck never lets through what csv.Reader
// would then parse into a record of more than maxFields fields or a cell
// of more than maxCell bytes: the scan is what bounds the parser's memory.
func FuzzPrecheck(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), uint8(2), uint8(3))
	f.Add([]byte("a,\"b,\nc\"\"d\",e\r\nx\n"), uint8(3), uint8(6))
	f.Add([]byte("\"\"\"\",\"x\"y,\n,,,\n"), uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, maxFields, maxCell uint8) {
		fields, cell := int(maxFields%8)+1, int(maxCell%16)+1
		if _, _, msg := precheck(data, fields, cell); msg != "" {
			return
		}
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		for {
			rec, err := cr.Read()
			if err != nil {
				return // the end, or a parse error csv.Reader reports itself
			}
			if len(rec) > fields {
				t.Fatalf("precheck passed a record of %d fields (max %d): %q", len(rec), fields, rec)
			}
			for _, c := range rec {
				if len(c) > cell {
					t.Fatalf("precheck passed a cell of %d bytes (max %d): %q", len(c), cell, c)
				}
			}
		}
	})
}
