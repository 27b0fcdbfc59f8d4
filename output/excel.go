package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// UTF8BOM is the byte-order mark that makes Excel read a CSV file as
// UTF-8; without it Excel assumes the system code page (GBK on a Chinese
// Windows) and shows Chinese text as mojibake.
const UTF8BOM = "\uFEFF"

// ForExcel returns the files of Build or BuildTraining as Excel wants them
// (placement solve --excel): every CSV file starts with a UTF-8 byte-order
// mark, and summary.json, the last file, is encoded again so that the
// SHA-256 it lists are those of the bytes written. The bytes after the
// mark are the same as without --excel. files and sum are not modified.
func ForExcel(files []File, sum *Summary) ([]File, error) {
	out := make([]File, len(files))
	copy(out, files)
	for i, f := range out {
		if strings.HasSuffix(f.Name, ".csv") {
			out[i].Data = append([]byte(UTF8BOM), f.Data...)
		}
	}
	out, _, err := Reseal(out, sum)
	return out, err
}

// Reseal lists files in a copy of sum — name, rows and the SHA-256 of the
// bytes now in files, in files' order — and encodes summary.json again,
// when it is the last file (as Build makes it): a form of the files (a
// byte-order mark, Chinese headers, the workbook added) must not leave
// summary.json describing other bytes. Without summary.json the files are
// returned as they are. files and sum are not modified.
func Reseal(files []File, sum *Summary) ([]File, *Summary, error) {
	n := len(files)
	if n == 0 || files[n-1].Name != SummaryFile {
		for _, f := range files {
			if f.Name == SummaryFile {
				return nil, nil, fmt.Errorf("output: %s is not the last file", SummaryFile)
			}
		}
		return files, sum, nil
	}
	s := *sum
	s.Files = make([]FileEntry, 0, n-1)
	for _, f := range files[:n-1] {
		h := sha256.Sum256(f.Data)
		s.Files = append(s.Files, FileEntry{Name: f.Name, Rows: f.Rows, SHA256: hex.EncodeToString(h[:])})
	}
	data, err := json.MarshalIndent(&s, "", "  ")
	if err != nil {
		return nil, nil, fmt.Errorf("output: %s: %w", SummaryFile, err)
	}
	out := make([]File, n)
	copy(out, files)
	out[n-1] = File{Name: SummaryFile, Data: append(data, '\n')}
	return out, &s, nil
}
