package model

import "strings"

// Header and value aliases: what a school's registry or an enterprise's
// spreadsheet calls a column or an enum value, in Chinese, mapped onto the
// names of SPEC.md. Every table read through openTable gets them, by the
// canonical column name, so a loader added later needs nothing to accept
// them. docs/chinese-headers.md lists both tables (TestDocAliases keeps it
// current).
//
// Only headers and enum values are translated. Ids, names and every other
// text pass through unchanged, so Chinese names reach the outputs as they
// were written.

// headerAlias is one other spelling of a header. It may stand for several
// canonical columns; the first one the file's table knows is used, so one
// alias can serve several files ("区县" is district in students.csv and
// district_id in districts.csv). A canonical name always wins over an
// alias.
type headerAlias struct {
	alias string
	names []string
}

var headerAliasList = []headerAlias{
	{"学号", []string{"student_id"}},
	{"姓名", []string{"name"}},
	{"名称", []string{"name"}},
	{"学校名称", []string{"name", "school_name"}},
	{"企业名称", []string{"name", "enterprise_name"}},
	{"专业名称", []string{"name", "specialty_name"}},
	{"区县名称", []string{"name"}},
	{"基地名称", []string{"name"}},
	{"导师姓名", []string{"name"}},
	{"学校代码", []string{"school_id"}},
	{"学校编号", []string{"school_id"}},
	{"类型", []string{"kind"}},
	{"学校类型", []string{"kind"}},
	{"办学类型", []string{"kind"}},
	{"培训对象", []string{"kind"}},
	{"区县", []string{"district", "district_id"}},
	{"所在区县", []string{"district", "district_id"}},
	{"区县代码", []string{"district_id", "district"}},
	{"专业", []string{"specialty", "specialties"}},
	{"专业代码", []string{"specialty", "specialties"}},
	{"等级", []string{"level"}},
	{"技能等级", []string{"level"}},
	{"成绩", []string{"score"}},
	{"分数", []string{"score"}},
	{"获奖", []string{"award"}},
	{"奖项", []string{"award"}},
	{"竞赛获奖", []string{"award"}},
	{"订单企业", []string{"order_enterprise_id"}},
	{"订单企业代码", []string{"order_enterprise_id"}},
	{"志愿", []string{"preferences"}},
	{"意向企业", []string{"preferences"}},
	{"企业代码", []string{"enterprise_id"}},
	{"企业编号", []string{"enterprise_id"}},
	{"行业", []string{"industry"}},
	{"职工总数", []string{"employees"}},
	{"职工人数", []string{"employees"}},
	{"规模以上", []string{"above_scale"}},
	{"是否规模以上", []string{"above_scale"}},
	{"岗位代码", []string{"post_id"}},
	{"岗位编号", []string{"post_id"}},
	{"名额", []string{"capacity"}},
	{"容量", []string{"capacity"}},
	{"最低等级", []string{"min_level"}},
	{"接受相近专业", []string{"accepts_related"}},
	{"专业大类", []string{"group"}},
	{"专业群", []string{"group"}},
	{"起点", []string{"from"}},
	{"终点", []string{"to"}},
	{"距离", []string{"km"}},
	{"公里", []string{"km"}},
	{"公里数", []string{"km"}},
	{"距离（公里）", []string{"km"}},
	{"基地代码", []string{"base_id"}},
	{"设备", []string{"equipment"}},
	{"设备类别", []string{"equipment"}},
	{"工位", []string{"stations"}},
	{"工位数", []string{"stations"}},
	{"开放时段", []string{"open_periods"}},
	{"班组代码", []string{"cohort_id"}},
	{"培训班代码", []string{"cohort_id"}},
	{"所属单位代码", []string{"owner_id", "org_id"}},
	{"所属单位", []string{"owner_id", "org_id"}},
	{"单位代码", []string{"org_id", "owner_id"}},
	{"人数", []string{"headcount"}},
	{"课次", []string{"sessions"}},
	{"培训次数", []string{"sessions"}},
	{"最早周", []string{"earliest_week"}},
	{"最早周次", []string{"earliest_week"}},
	{"最晚周", []string{"latest_week"}},
	{"最晚周次", []string{"latest_week"}},
	{"培训日", []string{"days"}},
	{"星期", []string{"days", "day"}},
	{"时段", []string{"periods", "period"}},
	{"周次", []string{"week"}},
	{"第几次", []string{"session"}},
	{"教师代码", []string{"teacher_id"}},
	{"专家代码", []string{"expert_id"}},
	{"导师代码", []string{"mentor_id"}},
	{"导师编号", []string{"mentor_id"}},
	{"角色", []string{"role"}},
	{"导师类型", []string{"role"}},
	{"可指导专业", []string{"specialties"}},
	// The columns of assignments.csv as placement writes it with --lang zh.
	{"学生姓名", []string{"student_name"}},
	{"专业匹配", []string{"specialty_match"}},
	{"志愿序号", []string{"preference_rank"}},
	{"分值", []string{"value"}},
}

// headerAliases maps an alias (trimmed; Chinese has no case) to the
// canonical column names it may stand for, in order of preference.
var headerAliases = func() map[string][]string {
	m := make(map[string][]string, len(headerAliasList))
	for _, a := range headerAliasList {
		if _, dup := m[a.alias]; dup {
			panic("model: header alias listed twice: " + a.alias)
		}
		m[a.alias] = a.names
	}
	return m
}()

// valueAlias is the values of enum columns that mean a canonical value.
type valueAlias struct {
	columns []string    // canonical column names
	values  [][2]string // alias → canonical value
}

// valueAliasList lists the enum values accepted in Chinese. Period names
// are deliberately absent: they are the calendar's own names, which a
// scenario may write in Chinese itself; day names are fixed (mon..sun).
var valueAliasList = []valueAlias{
	{[]string{"level", "min_level"}, [][2]string{
		{"中级工", "intermediate"}, {"中级", "intermediate"},
		{"高级工", "senior"}, {"高级", "senior"},
		{"预备技师", "technician"}, {"技师", "technician"},
	}},
	{[]string{"award"}, [][2]string{
		{"无", "none"}, {"市级", "city"}, {"省级", "province"}, {"国家级", "national"},
	}},
	{[]string{"above_scale", "accepts_related"}, [][2]string{
		{"是", "true"}, {"否", "false"},
	}},
	{[]string{"kind"}, [][2]string{
		{"技师学院", "technician_college"}, {"技工院校", "technician_college"}, {"技工学校", "technician_college"},
		{"职业学校", "vocational_school"}, {"中职学校", "vocational_school"},
		{"学生", "students"}, {"职工", "employees"}, {"员工", "employees"},
	}},
	{[]string{"role"}, [][2]string{
		{"教师", "teacher"}, {"学校教师", "teacher"},
		{"专家", "expert"}, {"企业专家", "expert"},
	}},
	{[]string{"days", "day"}, [][2]string{
		{"周一", "mon"}, {"周二", "tue"}, {"周三", "wed"}, {"周四", "thu"}, {"周五", "fri"}, {"周六", "sat"}, {"周日", "sun"},
		{"星期一", "mon"}, {"星期二", "tue"}, {"星期三", "wed"}, {"星期四", "thu"}, {"星期五", "fri"}, {"星期六", "sat"}, {"星期日", "sun"},
	}},
	{[]string{"periods", "period"}, [][2]string{
		{"上午", "am"}, {"下午", "pm"}, {"晚上", "eve"},
	}},
}

// valueAliases maps a canonical column name to its value aliases.
var valueAliases = func() map[string]map[string]string {
	m := map[string]map[string]string{}
	for _, va := range valueAliasList {
		for _, c := range va.columns {
			if m[c] == nil {
				m[c] = map[string]string{}
			}
			for _, v := range va.values {
				m[c][v[0]] = v[1]
			}
		}
	}
	return m
}()

// valueAliases looks up the value aliases of each column of t.
func (t *table) valueAliases() {
	t.aliases = make([]map[string]string, len(t.cols))
	for k, c := range t.cols {
		t.aliases[k] = valueAliases[c.name]
	}
}

// aliasValue is v with its alias replaced by the canonical value; in a
// ';'-separated list each item is replaced.
func aliasValue(m map[string]string, v string) string {
	if c, ok := m[v]; ok {
		return c
	}
	if !strings.Contains(v, ";") {
		return v
	}
	items := strings.Split(v, ";")
	for i, it := range items {
		if c, ok := m[strings.TrimSpace(it)]; ok {
			items[i] = c
		}
	}
	return strings.Join(items, ";")
}
