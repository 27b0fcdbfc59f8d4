package model

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Encodings a data file can be read in. Chinese Excel and WPS save "CSV"
// in the system code page, GBK (cp936), of which GB18030 is the superset;
// "CSV UTF-8" adds a byte-order mark.
const (
	EncodingUTF8    = "UTF-8"
	EncodingUTF8BOM = "UTF-8 with BOM"
	EncodingGB18030 = "GB18030"
	EncodingXLSX    = "xlsx" // a sheet of a workbook (xlsxread.go)
)

// gb18030FFFD is the GB18030 encoding of U+FFFD itself: the one sequence
// that legitimately decodes to the replacement character.
var gb18030FFFD = []byte{0x84, 0x31, 0xA4, 0x37}

// EncodingError says that a file is in no encoding the reader knows.
type EncodingError struct {
	Offset int  // 0-based byte offset of the first byte that cannot be decoded
	Line   int  // 1-based line of that byte
	Byte   byte // the byte
	UTF16  bool // the file starts with a UTF-16 byte-order mark
}

func (e *EncodingError) Error() string {
	if e.UTF16 {
		return `the file is UTF-16 (Excel "Unicode Text"); save it as "CSV UTF-8" or "CSV"`
	}
	return fmt.Sprintf(`the file is neither UTF-8 nor GB18030/GBK: byte 0x%02X at offset %d (line %d) cannot be decoded; save it as "CSV UTF-8"`,
		e.Byte, e.Offset, e.Line)
}

// decodeText returns data as UTF-8 and the encoding it was read in:
//
//   - a UTF-8 byte-order mark is dropped and the rest must be UTF-8;
//   - text that is valid UTF-8 is UTF-8 (ASCII included);
//   - otherwise the text is decoded as GB18030 (which contains GBK and
//     GB2312) when every byte sequence in it is a GB18030 character;
//   - otherwise it is an *EncodingError at the first byte neither decoding
//     gets past (the further of the two, which is the likelier encoding's
//     mistake).
//
// Valid UTF-8 is tried first because the converse mistake is the likely
// one: Chinese UTF-8 text is almost never valid GBK pairs throughout, while
// short GBK text can happen to be valid UTF-8 only by rare accident.
func decodeText(data []byte) ([]byte, string, error) {
	if bytes.HasPrefix(data, utf8BOM) {
		rest := data[len(utf8BOM):]
		if !utf8.Valid(rest) {
			return nil, "", badByte(data, firstBadUTF8(rest)+len(utf8BOM))
		}
		return rest, EncodingUTF8BOM, nil
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, "", &EncodingError{UTF16: true, Line: 1, Byte: data[0]}
	}
	if utf8.Valid(data) { // the common case, checked fast
		return data, EncodingUTF8, nil
	}
	u := firstBadUTF8(data)
	out, g := decodeGB18030(data)
	if g < 0 {
		return out, EncodingGB18030, nil
	}
	return nil, "", badByte(data, max(u, g))
}

func badByte(data []byte, off int) *EncodingError {
	return &EncodingError{Offset: off, Line: bytes.Count(data[:off], []byte{'\n'}) + 1, Byte: data[off]}
}

// firstBadUTF8 is the offset of the first byte that does not start a valid
// UTF-8 sequence, or -1.
func firstBadUTF8(data []byte) int {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// decodeGB18030 decodes data as GB18030, character by character so that a
// byte that is not part of a GB18030 character is found (golang.org/x/text
// would replace it with U+FFFD). It returns the UTF-8 text and -1, or the
// offset of the first bad byte.
func decodeGB18030(data []byte) ([]byte, int) {
	dec := simplifiedchinese.GB18030.NewDecoder()
	out := make([]byte, 0, len(data)+len(data)/2)
	var buf [8]byte
	for i := 0; i < len(data); {
		c := data[i]
		if c < 0x80 {
			out = append(out, c)
			i++
			continue
		}
		if c == 0x80 { // cp936's euro sign, which GBK decoders accept
			out = append(out, "€"...)
			i++
			continue
		}
		n := gb18030Len(data[i:])
		if n == 0 {
			return nil, i
		}
		nDst, _, err := dec.Transform(buf[:], data[i:i+n], true)
		if err != nil {
			return nil, i
		}
		if r, _ := utf8.DecodeRune(buf[:nDst]); r == utf8.RuneError && !bytes.Equal(data[i:i+n], gb18030FFFD) {
			return nil, i
		}
		out = append(out, buf[:nDst]...)
		i += n
	}
	return out, -1
}

// gb18030Len is the length of the multi-byte GB18030 sequence that starts
// p (p[0] ≥ 0x80), or 0 when p does not start one: a lead byte 0x81–0xFE
// followed by a trail byte 0x40–0x7E or 0x80–0xFE (two bytes), or by a
// digit, a byte 0x81–0xFE and a digit (four bytes).
func gb18030Len(p []byte) int {
	if p[0] < 0x81 || p[0] > 0xFE || len(p) < 2 {
		return 0
	}
	switch c1 := p[1]; {
	case 0x40 <= c1 && c1 <= 0x7E, 0x80 <= c1 && c1 <= 0xFE:
		return 2
	case 0x30 <= c1 && c1 <= 0x39:
		if len(p) >= 4 && 0x81 <= p[2] && p[2] <= 0xFE && 0x30 <= p[3] && p[3] <= 0x39 {
			return 4
		}
	}
	return 0
}
