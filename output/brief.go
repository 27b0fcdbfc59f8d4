package output

import (
	"fmt"
	"strconv"
	"strings"
)

// Brief is the plan in a few plain lines for a person at a terminal, in
// lang (Chinese unless LangEN): students placed, enterprises meeting their
// quota, the subsidies, what stages 2 and 3 left undone, and where the
// files are. The log keeps every figure; this is what to read first.
func Brief(sum *Summary, lang Lang, dir string) string {
	zh := lang.workbookZH()
	var b strings.Builder
	line := func(z, e string, args ...any) {
		if zh {
			fmt.Fprintf(&b, z+"\n", args...)
		} else {
			fmt.Fprintf(&b, e+"\n", args...)
		}
	}
	a := sum.Stages.Assignment
	if a.Status != "not_run" {
		pct := int(sum.PlacementRate*100 + 0.5)
		line("已安排 %s / %s 名学生（%d%%）", "placed %s of %s students (%d %%)",
			Thousands(int64(a.Placed)), Thousands(int64(sum.Inputs.Students)), pct)
		line("%s / %s 家企业达到配额", "%s of %s enterprises meet their quota",
			Thousands(int64(sum.CompliantEnterprises)), Thousands(int64(sum.QuotaEnterprises)))
	}
	s := sum.Subsidies
	line("补贴合计 %s 元（实习 %s，实训 %s，订单班 %s）", "subsidies %s yuan (internship %s, training %s, order class %s)",
		Thousands(s.TotalYuan), Thousands(s.InternshipYuan), Thousands(s.TrainingYuan), Thousands(s.OrderClassYuan))
	if t := sum.Stages.Training; t != nil {
		line("实训：%s / %s 个班组排完全部课次", "training: %s of %s cohorts have every session",
			Thousands(int64(t.CohortsComplete)), Thousands(int64(t.Cohorts)))
	}
	if m := sum.Stages.Mentors; m != nil {
		line("双导师：%s 名学生缺校内教师，%s 名缺企业专家", "mentors: %s interns without a teacher, %s without an expert",
			Thousands(int64(m.TeacherMissing)), Thousands(int64(m.ExpertMissing)))
	}
	line("文件已写入 %s", "files written to %s", strings.TrimSuffix(dir, "/")+"/")
	return b.String()
}

// Thousands writes n with comma thousands separators: 2634050 →
// "2,634,050" (the terminal summary, the what-if table and the web pages
// share it).
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
