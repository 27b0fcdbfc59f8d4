package server

import "net/http"

// lang is the language of a page: "zh" (the default) or "en".
type lang string

// langCookie remembers the language chosen with ?lang=.
const langCookie = "placement_lang"

// langOf is the request's language: ?lang= (remembered in a cookie), the
// cookie, or Chinese.
func langOf(w http.ResponseWriter, r *http.Request) lang {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", SameSite: http.SameSiteLaxMode, HttpOnly: true})
		return lang(l)
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

// T is the text of key in the page's language; the key itself when it has
// no translation (ids, file names).
func (l lang) T(key string) string {
	if m, ok := texts[key]; ok {
		if l == "en" {
			return m[1]
		}
		return m[0]
	}
	return key
}

// Other is the language the switch offers.
func (l lang) Other() string {
	if l == "en" {
		return "zh"
	}
	return "en"
}

// texts are the pages' words: {Chinese, English}.
var texts = map[string][2]string{
	"app":                {"实习安置工作台", "Placement workspace"},
	"switch":             {"English", "中文"},
	"home":               {"全部方案", "All runs"},
	"upload":             {"上传学期数据", "Upload a semester"},
	"runs":               {"方案列表", "Runs"},
	"no runs":            {"还没有方案。请先上传学期数据，或从示例城市开始。", "No runs yet. Upload a semester, or start from the demo city."},
	"scenario":           {"情景", "Scenario"},
	"term":               {"学期", "Term"},
	"when":               {"创建时间", "Created"},
	"rate":               {"安置率", "Placement rate"},
	"status":             {"状态", "Status"},
	"kind":               {"类型", "Kind"},
	"delete":             {"删除", "Delete"},
	"open":               {"打开", "Open"},
	"queued":             {"排队中", "queued"},
	"running":            {"计算中", "running"},
	"done":               {"已完成", "done"},
	"failed":             {"失败", "failed"},
	"invalid":            {"数据有误", "invalid"},
	"upload-kind":        {"上传", "upload"},
	"demo-kind":          {"示例", "demo"},
	"whatif-kind":        {"假设分析", "what-if"},
	"upload zip":         {"上传情景压缩包（.zip）", "Upload a scenario (.zip)"},
	"upload zip help":    {"压缩包根目录（或唯一的顶层文件夹）中须有 scenario.yaml 及其列出的 CSV 文件。", "The zip's root (or its single top folder) must hold scenario.yaml and the CSV files it names."},
	"upload files":       {"逐个上传文件", "Upload the files one by one"},
	"upload files help":  {"选择 scenario.yaml 和它列出的全部 CSV 文件（可多选）。", "Choose scenario.yaml and every CSV file it names (several at once)."},
	"demo":               {"从示例城市开始", "Start from the demo city"},
	"demo help":          {"淄博示例：4,000 名学生、126 家企业。", "The Zibo demo: 4,000 students, 126 enterprises."},
	"demo zip":           {"下载示例压缩包", "Download the demo as a zip"},
	"send":               {"上传并计算", "Upload and solve"},
	"progress":           {"计算进度", "Progress"},
	"load":               {"读取与校验", "Load and check"},
	"assignment":         {"实习分配", "Internship assignment"},
	"training":           {"实训基地排期", "Training schedule"},
	"mentors":            {"双导师", "Dual mentors"},
	"whatif":             {"假设分析", "What-if"},
	"write":              {"写出方案", "Write the plan"},
	"waiting":            {"等待", "waiting"},
	"problems":           {"数据问题", "Problems in the data"},
	"problems help":      {"以下问题需要修改后重新上传。行号、列号对应表格中的位置。", "Fix these and upload again. Row and column are as a spreadsheet shows them."},
	"file":               {"文件", "File"},
	"line":               {"行", "Row"},
	"column":             {"列", "Column"},
	"severity":           {"级别", "Severity"},
	"message":            {"说明", "Message"},
	"error":              {"错误", "error"},
	"warning":            {"提示", "warning"},
	"warnings":           {"提示", "Warnings"},
	"failed help":        {"计算失败：", "The run failed: "},
	"plan":               {"方案", "Plan"},
	"placed":             {"已安置", "Placed"},
	"students":           {"学生", "Students"},
	"quota compliance":   {"配额达标企业", "Quota-compliant enterprises"},
	"shortfall":          {"配额缺口", "Quota shortfall"},
	"subsidies":          {"补贴（元）", "Subsidies (yuan)"},
	"internship subsidy": {"实习补贴", "Internship"},
	"training subsidy":   {"实训补贴", "Training"},
	"order subsidy":      {"订单班补贴", "Order class"},
	"total subsidy":      {"合计", "Total"},
	"by school":          {"各学校安置人数", "Placements by school"},
	"by enterprise":      {"各企业安置人数（前 20）", "Placements by enterprise (top 20)"},
	"compliance chart":   {"各企业配额完成情况（缺口最大的 20 家）", "Quota compliance by enterprise (20 largest shortfalls)"},
	"assignments":        {"分配明细", "Assignments"},
	"search":             {"搜索（学号、姓名、学校、企业）", "Search (id, name, school, enterprise)"},
	"all schools":        {"全部学校", "All schools"},
	"all enterprises":    {"全部企业", "All enterprises"},
	"all outcomes":       {"全部结果", "All outcomes"},
	"filter":             {"筛选", "Filter"},
	"student":            {"学生", "Student"},
	"name":               {"姓名", "Name"},
	"school":             {"学校", "School"},
	"enterprise":         {"企业", "Enterprise"},
	"post":               {"岗位", "Post"},
	"match":              {"专业匹配", "Specialty match"},
	"pref":               {"志愿", "Preference"},
	"km":                 {"公里", "km"},
	"value":              {"分值", "Value"},
	"outcome":            {"结果", "Outcome"},
	"rows":               {"共 %d 条，第 %d / %d 页", "%d rows, page %d of %d"},
	"prev":               {"上一页", "Previous"},
	"next":               {"下一页", "Next"},
	"downloads":          {"下载", "Downloads"},
	"download zip":       {"下载整个方案（.zip）", "Download the whole plan (.zip)"},
	"why":                {"为什么？", "Why?"},
	"explain":            {"分配说明", "Explanation"},
	"explain note":       {"该生志愿企业（及所安排企业）的每个岗位：是否符合条件、哪条规则排除了它、岗位已满情况。", "Each post of the enterprises the student ranked (and of the one it was placed at): whether it is eligible, which rule excludes it, and how full it is."},
	"ranked posts":       {"志愿企业的岗位与规则", "The ranked enterprises' posts and the rules"},
	"value terms":        {"分值构成", "The value, term by term"},
	"term-placement":     {"安置基础分", "placement"},
	"term-award":         {"获奖加分", "award"},
	"term-specialty":     {"专业匹配加分", "specialty match"},
	"term-preference":    {"志愿加分", "preference"},
	"term-km":            {"通勤距离扣分", "distance (km)"},
	"term-order":         {"订单班加分", "order class"},
	"threshold":          {"分值门槛", "Threshold"},
	"threshold before":   {"该生在各岗位的分值若都提高超过", "Adding more than"},
	"threshold after":    {"，即可被安置", " to the student's value at every post places it"},
	"threshold where":    {"，首先安置到岗位", ", first at post"},
	"threshold end":      {"；提高不超过此数则仍未安置。", "; adding this much or less leaves it unplaced."},
	"no threshold":       {"没有任何岗位可以安置该生，无论分值多高。", "No post can take the student at any value."},
	"no prices":          {"此方案没有经过认证的对偶价格（例如带保留加分的调整重排或手工修改的方案），门槛和对方案的代价从略。", "This plan has no certified prices (a re-plan with a keep bonus, or a plan edited by hand): the threshold and the costs to the plan are left out."},
	"eligible help":      {"该生符合条件的岗位（不计名额），按该生在此的分值从高到低：是否已满、由谁占用、为何不是该生的岗位，以及把该生调到此处会使方案总分减少多少。", "The posts the student passes the rules for (capacity ignored), best value first: whether full, held by whom, why it is not the student's, and what moving the student there would cost the plan's total."},
	"full":               {"已满", "Full"},
	"held by":            {"占用者（分值）", "Held by (value)"},
	"why not":            {"原因", "Why not"},
	"cost to plan":       {"对方案的代价", "Cost to plan"},
	"more eligible":      {"其余符合条件的岗位（见 JSON）", "More eligible posts (in the JSON)"},
	"gap":                {"再多一名所需的分值提高", "Extra value one more intern needs"},
	"eligible":           {"符合条件", "Eligible"},
	"yes":                {"是", "yes"},
	"no":                 {"否", "no"},
	"rule":               {"排除规则", "Excluded by"},
	"capacity":           {"名额", "Places"},
	"filled":             {"已占用", "Filled"},
	"eligible posts":     {"全市符合条件的岗位数", "Eligible posts in the city"},
	"rejected by":        {"被各规则排除的岗位数", "Posts excluded, by rule"},
	"placed at":          {"安置在", "Placed at"},
	"unassigned":         {"未安置", "Unassigned"},
	"quota":              {"配额", "Quota"},
	"offered":            {"提供名额", "Places offered"},
	"compliant":          {"配额达标", "Meets the quota"},
	"subsidy":            {"补贴（元）", "Subsidy (yuan)"},
	"posts":              {"岗位", "Posts"},
	"shortfall why":      {"缺口原因", "Why the shortfall"},
	"specialty":          {"专业", "Specialty"},
	"eligible students":  {"符合该企业任一岗位条件的学生", "Students eligible for one of its posts"},
	"placed here":        {"安置在本企业", "placed here"},
	"placed elsewhere":   {"安置在其他企业（分值更高）", "placed elsewhere (worth more there)"},
	"left unassigned":    {"未安置", "left unassigned"},
	"calendar":           {"实训日历（基地 × 周，场次数）", "Training calendar (bases × weeks, sessions)"},
	"utilization":        {"基地使用率", "Base utilization"},
	"week":               {"周", "Week"},
	"base":               {"基地", "Base"},
	"mentor loads":       {"导师负荷", "Mentor loads"},
	"mentor":             {"导师", "Mentor"},
	"role":               {"角色", "Role"},
	"mentees":            {"指导学生数", "Mentees"},
	"visits":             {"走访企业数", "Enterprises visited"},
	"missing mentors":    {"缺少导师的学生", "Interns without a mentor"},
	"whatif help":        {"选择要变化的参数及其取值（逗号分隔），每种组合计算一次。", "Choose the keys to vary and their values (comma-separated); every combination is solved."},
	"key":                {"参数", "Key"},
	"values":             {"取值", "Values"},
	"run whatif":         {"开始假设分析", "Run the what-if"},
	"variant":            {"方案变体", "Variant"},
	"open as run":        {"作为方案打开", "Open as a run"},
	"replan":             {"调整重排", "Re-plan"},
	"replan placeholder": {"调整重排（上传修改后的文件，得到带变更表的新方案）尚未接入本工作台：它依赖命令行的 replan 功能。", "Re-planning (upload changed files against this run and get a new run with its changes table) is not wired into the workspace yet: it depends on the replan command."},
	"token":              {"访问令牌", "Access token"},
	"token help":         {"此工作台需要访问令牌。", "This workspace requires an access token."},
	"sign in":            {"登录", "Sign in"},
	"back":               {"返回", "Back"},
	"error page":         {"出错了", "Something went wrong"},
	"from":               {"基于方案", "Based on run"},
	"sets":               {"参数调整", "Overrides"},
	"confirm delete":     {"确定删除此方案？", "Delete this run?"},
	"no_eligible_post":   {"无符合条件的岗位", "no eligible post"},
	"order_sponsor_full": {"订单企业岗位已满", "order sponsor full"},
	"not_worthwhile":     {"安置分值不为正", "not worthwhile"},
	"capacity-reason":    {"符合条件的岗位已满", "eligible posts full"},
	"exact":              {"完全对口", "exact"},
	"related":            {"相关", "related"},
	"pinned":             {"指定", "pinned"},
	"specialty-filter":   {"专业不符", "specialty"},
	"level-filter":       {"层次不足", "level"},
	"commute-filter":     {"通勤过远", "commute"},
	"distance-filter":    {"无距离数据", "no distance"},
	"order_class-filter": {"订单班限定", "order class"},
	"stage1 only":        {"（第一阶段）", "(stage 1)"},
}
