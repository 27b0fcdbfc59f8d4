package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
)

// Lang is the language of what people read: the workbook's sheets,
// headers and enum values, and with LangZH given explicitly the CSV
// headers and enum values too.
type Lang string

// Languages. The zero value, LangDefault, is a Chinese workbook beside
// English CSV files — the CSV contract batch jobs rely on stays as it is
// unless Chinese CSV files are asked for.
const (
	LangDefault Lang = ""
	LangZH      Lang = "zh"
	LangEN      Lang = "en"
)

// ParseLang reads a --lang flag or output.lang value: "zh", "en" or "".
func ParseLang(s string) (Lang, error) {
	switch l := Lang(strings.ToLower(strings.TrimSpace(s))); l {
	case LangDefault, LangZH, LangEN:
		return l, nil
	}
	return "", fmt.Errorf("output: language %q is not zh or en", s)
}

// workbookZH reports whether the workbook is in Chinese.
func (l Lang) workbookZH() bool { return l != LangEN }

// zhHeaders are the Chinese headers of the CSV columns. Every column a
// reader knows (assignments.csv, read back by placement mentors) uses a
// header alias of package model, so a Chinese file reads as the English
// one (TestChineseCSVHeadersAreReaderAliases).
var zhHeaders = map[string]string{
	"student_id":           "学号",
	"post_id":              "岗位代码",
	"enterprise_id":        "企业代码",
	"school_id":            "学校代码",
	"specialty_match":      "专业匹配",
	"preference_rank":      "志愿序号",
	"km":                   "公里",
	"value":                "分值",
	"student_name":         "学生姓名",
	"school_name":          "学校名称",
	"enterprise_name":      "企业名称",
	"specialty":            "专业",
	"specialty_name":       "专业名称",
	"reason":               "原因",
	"name":                 "企业名称", // enterprises.csv's only name column
	"above_scale":          "规模以上",
	"employees":            "职工人数",
	"quota":                "配额",
	"offered":              "提供岗位",
	"filled":               "已安排",
	"shortfall":            "缺口",
	"compliant":            "达标",
	"subsidy_yuan":         "补贴（元）",
	"cohort_id":            "班组代码",
	"session":              "第几次",
	"base_id":              "基地代码",
	"week":                 "周次",
	"day":                  "星期",
	"period":               "时段",
	"headcount":            "人数",
	"sessions_missing":     "未排课次",
	"stations":             "工位数",
	"station_periods_open": "开放工位时段",
	"station_periods_used": "已用工位时段",
	"utilization":          "利用率",
	"teacher_id":           "教师代码",
	"expert_id":            "专家代码",
	"teacher_name":         "教师姓名",
	"expert_name":          "专家姓名",
	"mentor_id":            "导师代码",
	"role":                 "角色",
	"capacity":             "可带人数",
	"mentees":              "带教人数",
	"enterprises_visited":  "走访企业数",
	"threshold":            "分值门槛",
	"best_post_id":         "门槛岗位代码",
	hintColumn:             "建议", // workbook only
	"status":               "状态", // workbook only (school sheets)
}

// zhValues translate enum values, by file and column; a value not listed
// is kept (ids, names, numbers). Each translation is a value alias the
// readers accept where the column is read.
var zhValues = map[string]map[string]map[string]string{
	AssignmentsFile: {
		"specialty_match": {"exact": "精确", "related": "相近", "pinned": "指定"},
	},
	UnassignedFile: {
		"reason": {
			"no_eligible_post":   "无符合条件的岗位",
			"capacity":           "岗位已满",
			"order_sponsor_full": "订单企业已满",
			"not_worthwhile":     "无正分值的岗位",
		},
	},
	EnterprisesFile: {
		"above_scale": yesNo,
		"compliant":   yesNo,
	},
	TrainingScheduleFile: {
		"day": {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日"},
		// Periods are the calendar's own names; only the defaults are
		// translated.
		"period": {"am": "上午", "pm": "下午", "eve": "晚上"},
	},
	TrainingUnscheduledFile: {
		"reason": {
			"no_base":   "无合适的实训基地",
			"too_large": "班组人数超过工位数",
			"no_slot":   "无可用时段",
			"capacity":  "基地已排满",
		},
	},
	MentorLoadFile: {
		"role": {"teacher": "教师", "expert": "专家"},
	},
	MentorMissingFile: {
		"role": {"teacher": "教师", "expert": "专家"},
		"reason": {
			"no_mentor_for_specialty": "无对口专业的导师",
			"mentors_full":            "导师名额已满",
		},
	},
}

var yesNo = map[string]string{"true": "是", "false": "否"}

// zhHints say what would help an unassigned student, by reason.
var zhHints = map[string]string{
	"no_eligible_post":   "增加该专业（或相近专业）的岗位，或放宽等级、通勤距离要求",
	"capacity":           "增加该专业岗位的名额",
	"order_sponsor_full": "请订单企业增加岗位名额",
	"not_worthwhile":     "检查权重设置（如每公里扣分）",
}

var enHints = map[string]string{
	"no_eligible_post":   "add posts of this specialty (or a related one), or relax the level or commute limits",
	"capacity":           "add places to posts of this specialty",
	"order_sponsor_full": "ask the sponsor to add places",
	"not_worthwhile":     "check the weights (per_km)",
}

// header is a column's header in lang (the CSV name in English).
func header(col string, zh bool) string {
	if zh {
		if h, ok := zhHeaders[col]; ok {
			return h
		}
	}
	return col
}

// Header is a CSV column's Chinese header (the column's name when it has
// none).
func Header(col string) string { return header(col, true) }

// EnumValue is a CSV cell's value in Chinese: the translation of an enum
// value of the file's column, else the value itself.
func EnumValue(file, col, v string) string { return enumValue(file, col, v, true) }

// enumValue is a cell's value in lang.
func enumValue(file, col, v string, zh bool) string {
	if !zh {
		return v
	}
	if t, ok := zhValues[file][col][v]; ok {
		return t
	}
	return v
}

// ForLang returns the files in lang: with LangZH every CSV file has
// Chinese headers and enum values (ids, names and numbers unchanged), and
// summary.json is encoded again with the new SHA-256; otherwise the files
// are returned as they are. files and sum are not modified.
func ForLang(files []File, sum *Summary, lang Lang) ([]File, *Summary, error) {
	if lang != LangZH {
		return files, sum, nil
	}
	out := make([]File, len(files))
	copy(out, files)
	for i, f := range out {
		if !strings.HasSuffix(f.Name, ".csv") {
			continue
		}
		data, err := translateCSV(f.Name, f.Data)
		if err != nil {
			return nil, nil, err
		}
		out[i].Data = data
	}
	return Reseal(out, sum)
}

// translateCSV rewrites one CSV file's header and enum values in Chinese.
func translateCSV(name string, data []byte) ([]byte, error) {
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("output: %s: %w", name, err)
	}
	if len(recs) == 0 {
		return data, nil
	}
	cols := recs[0]
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	zh := make([]string, len(cols))
	for j, c := range cols {
		zh[j] = header(c, true)
	}
	w.Write(zh)
	for _, rec := range recs[1:] {
		for j, v := range rec {
			rec[j] = enumValue(name, cols[j], v, true)
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
