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
	s := *sum
	s.Files = append([]FileEntry(nil), sum.Files...)
	hasSummary := false
	for i, f := range out {
		switch {
		case strings.HasSuffix(f.Name, ".csv"):
			f.Data = append([]byte(UTF8BOM), f.Data...)
			out[i] = f
			h := sha256.Sum256(f.Data)
			for j := range s.Files {
				if s.Files[j].Name == f.Name {
					s.Files[j].SHA256 = hex.EncodeToString(h[:])
				}
			}
		case f.Name == SummaryFile:
			if i != len(out)-1 {
				return nil, fmt.Errorf("output: %s is not the last file", SummaryFile)
			}
			hasSummary = true
		}
	}
	if !hasSummary {
		return out, nil
	}
	data, err := json.MarshalIndent(&s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("output: %s: %w", SummaryFile, err)
	}
	out[len(out)-1] = File{Name: SummaryFile, Data: append(data, '\n')}
	return out, nil
}
