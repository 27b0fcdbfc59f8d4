package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// zhHeader is the Chinese header a registry would export for each column
// (written here independently of model's alias table, which it checks).
var zhHeader = map[string]string{
	"student_id": "学号", "name": "名称", "school_id": "学校代码", "specialty": "专业", "level": "等级",
	"district": "区县", "score": "成绩", "award": "获奖", "order_enterprise_id": "订单企业", "preferences": "志愿",
	"enterprise_id": "企业代码", "industry": "行业", "employees": "职工总数", "above_scale": "规模以上",
	"post_id": "岗位代码", "capacity": "名额", "min_level": "最低等级", "accepts_related": "接受相近专业",
	"group": "专业大类", "district_id": "区县代码", "from": "起点", "to": "终点", "km": "公里",
	"kind": "类型", "base_id": "基地代码", "equipment": "设备", "stations": "工位", "open_periods": "开放时段",
	"cohort_id": "班组代码", "owner_id": "所属单位代码", "headcount": "人数", "sessions": "课次",
	"earliest_week": "最早周次", "latest_week": "最晚周次", "days": "培训日", "periods": "时段",
	"mentor_id": "导师代码", "role": "角色", "org_id": "单位代码", "specialties": "可指导专业",
}

// zhValue is the Chinese spelling of enum values, by column.
var zhValue = map[string]map[string]string{
	"level":           {"intermediate": "中级工", "senior": "高级工", "technician": "预备技师"},
	"min_level":       {"intermediate": "中级工", "senior": "高级工", "technician": "预备技师"},
	"award":           {"none": "无", "city": "市级", "province": "省级", "national": "国家级"},
	"above_scale":     {"true": "是", "false": "否"},
	"accepts_related": {"true": "是", "false": "否"},
	"kind": {"technician_college": "技师学院", "vocational_school": "职业学校",
		"students": "学生", "employees": "职工"},
	"role": {"teacher": "教师", "expert": "专家"},
	"days": {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日"},
}

// toChineseGBK rewrites one CSV file as Chinese Excel saves it: Chinese
// headers and enum values, GB18030 bytes. Every other cell is unchanged.
func toChineseGBK(t *testing.T, data []byte) []byte {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols := rows[0]
	for i, c := range cols {
		zh, ok := zhHeader[c]
		if !ok {
			t.Fatalf("no Chinese header for %q", c)
		}
		rows[0][i] = zh
	}
	for _, row := range rows[1:] {
		for i, v := range row {
			if m := zhValue[cols[i]]; m != nil {
				items := strings.Split(v, ";")
				for j, it := range items {
					if zh, ok := m[it]; ok {
						items[j] = zh
					}
				}
				row[i] = strings.Join(items, ";")
			}
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true // as Excel writes
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A generated city, given Chinese names, and the same city re-saved as
// Chinese Excel would (every CSV in GBK, Chinese headers and enum values)
// solve to byte-identical outputs: the assignments, and every other file,
// Chinese names included.
func TestChineseGBKScenarioSolvesToTheSameBytes(t *testing.T) {
	t.Parallel()
	utf := filepath.Join(t.TempDir(), "utf8")
	if code, _, stderr := placement(t, nil, "gen", "--students", "600", "--enterprises", "25", "--out", utf); code != exitOK {
		t.Fatalf("gen: exit %d\n%s", code, stderr)
	}
	// Chinese enterprise names, so that pass-through shows in enterprises.csv.
	ents := filepath.Join(utf, "enterprises.csv")
	data, err := os.ReadFile(ents)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows[1:] {
		row[1] = fmt.Sprintf("淄博第%d机械有限公司", i+1)
	}
	var b bytes.Buffer
	if err := csv.NewWriter(&b).WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ents, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	zh := filepath.Join(t.TempDir(), "zh")
	if err := os.Mkdir(zh, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(utf)
	if err != nil {
		t.Fatal(err)
	}
	csvs := 0
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(utf, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(e.Name(), ".csv") {
			data = toChineseGBK(t, data)
			csvs++
		}
		if err := os.WriteFile(filepath.Join(zh, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if csvs < 11 {
		t.Fatalf("gen wrote %d CSV files; the test means to convert all eleven", csvs)
	}

	// Without plan.xlsx: its summary sheet lists the load's warnings, and
	// the GBK files are each reported as such.
	outUTF, outZH := t.TempDir(), t.TempDir()
	solveOK(t, nil, "--scenario", filepath.Join(utf, "scenario.yaml"), "--out", outUTF, "--xlsx=false")
	code, _, stderr := placement(t, nil, "solve", "--scenario", filepath.Join(zh, "scenario.yaml"), "--out", outZH, "--log-format", "text", "--xlsx=false")
	if code != exitOK {
		t.Fatalf("solve the GBK scenario: exit %d\n%s", code, stderr)
	}
	if n := strings.Count(stderr, "read as GB18030/GBK"); n != csvs {
		t.Errorf("%d files reported as GB18030, want %d:\n%s", n, csvs, stderr)
	}
	a, z := readDir(t, outUTF), readDir(t, outZH)
	if len(a) < 4 {
		t.Fatalf("solve wrote %d files", len(a))
	}
	if diff := cmp.Diff(a, z); diff != "" {
		t.Errorf("outputs (-UTF-8 +GBK Chinese):\n%s", diff)
	}
	if !strings.Contains(z["enterprises.csv"], "淄博第1机械有限公司") {
		t.Errorf("enterprises.csv lacks the Chinese names:\n%.300s", z["enterprises.csv"])
	}
}
