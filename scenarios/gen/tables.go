package gen

import (
	"fmt"
	"slices"

	"placement/model"
)

// The fixed geography, industry and school tables of the synthetic city.
// They are hand-written from the public shape of Zibo (districts, road
// distances, the industries of the alliance's 126 key enterprises, the 7
// technician colleges and 8 vocational schools); the generator only draws
// the people and enterprises that populate them.

// district is one of Zibo's eight districts and counties.
type district struct {
	id, name, short string
	pop             float64 // residents, ten-thousands (relative weight for where students live)
}

// Indices into districts.
const (
	dZD  = iota // Zhangdian: the centre
	dZC         // Zichuan: south
	dBS         // Boshan: far south
	dZCN        // Zhoucun: west
	dLZ         // Linzi: east
	dHT         // Huantai: north
	dGQ         // Gaoqing: far north
	dYY         // Yiyuan: far south, in the hills
	numDistricts
)

var districts = [numDistricts]district{
	dZD:  {"ZD", "张店区", "张店", 98},
	dZC:  {"ZC", "淄川区", "淄川", 63},
	dBS:  {"BS", "博山区", "博山", 40},
	dZCN: {"ZCN", "周村区", "周村", 46},
	dLZ:  {"LZ", "临淄区", "临淄", 64},
	dHT:  {"HT", "桓台县", "桓台", 50},
	dGQ:  {"GQ", "高青县", "高青", 36},
	dYY:  {"YY", "沂源县", "沂源", 53},
}

// roadKm is the road distance between district seats in km. It is symmetric,
// 0 on the diagonal, and a metric: every entry is a shortest path (checked
// by TestDistancesAreAMetric), so no detour through a third district is
// shorter than the direct road.
var roadKm = [numDistricts][numDistricts]int{
	//     ZD   ZC   BS  ZCN   LZ   HT   GQ   YY
	dZD:  {0, 20, 40, 20, 20, 30, 60, 100},
	dZC:  {20, 0, 22, 32, 30, 50, 80, 80},
	dBS:  {40, 22, 0, 50, 50, 70, 100, 60},
	dZCN: {20, 32, 50, 0, 40, 30, 55, 110},
	dLZ:  {20, 30, 50, 40, 0, 35, 65, 100},
	dHT:  {30, 50, 70, 30, 35, 0, 32, 125},
	dGQ:  {60, 80, 100, 55, 65, 32, 0, 155},
	dYY:  {100, 80, 60, 110, 100, 125, 155, 0},
}

// specialtyDef is one specialty: its code, English name and group, with two
// relative weights that make supply and demand deliberately mismatched.
type specialtyDef struct {
	code, name, group string
	supply            float64 // how popular it is with students (weight inside a school)
	demand            float64 // how often an enterprise of its group offers posts in it
}

// Specialty groups; an enterprise's industry is one of them.
const (
	gMachinery   = "machinery"
	gChemicals   = "chemicals"
	gPharma      = "pharmaceuticals"
	gElectronics = "electronics"
	gAutomotive  = "automotive"
	gCeramics    = "ceramics"
	gLogistics   = "logistics"
)

// specialtyDefs are in specialties.csv order. Students like automotive
// repair, electronics and e-commerce; enterprises mostly need chemical
// operators, machinists and parts-manufacturing workers — the shape of the
// real complaint ("人才培养与企业匹配度不高") that the alliance was set up to fix.
var specialtyDefs = []specialtyDef{
	{"cnc_machining", "数控加工", gMachinery, 9, 8},
	{"mechanical_assembly", "机械装配与钳工", gMachinery, 5, 7},
	{"welding", "焊接技术", gMachinery, 4, 6},
	{"mold_making", "模具制造", gMachinery, 3, 3},
	{"equipment_maintenance", "机械设备维修", gMachinery, 4, 5},

	{"chemical_operation", "化工工艺操作", gChemicals, 7, 10},
	{"chemical_analysis", "工业分析与检验", gChemicals, 5, 3},
	{"chemical_equipment", "化工设备维修", gChemicals, 3, 4},
	{"polymer_materials", "高分子材料加工", gChemicals, 3, 4},

	{"pharma_production", "药物制剂生产", gPharma, 6, 6},
	{"drug_quality_control", "药品质量检验", gPharma, 5, 3},
	{"bio_fermentation", "生物发酵", gPharma, 2, 3},

	{"industrial_robotics", "工业机器人应用", gElectronics, 5, 4},
	{"electrical_automation", "电气自动化", gElectronics, 6, 6},
	{"electronic_assembly", "电子装配与检测", gElectronics, 4, 7},

	{"auto_repair", "汽车维修", gAutomotive, 6, 4},
	{"nev_maintenance", "新能源汽车维修", gAutomotive, 5, 4},
	{"auto_body_painting", "汽车钣金与涂装", gAutomotive, 3, 2},
	{"auto_parts_manufacturing", "汽车零部件制造", gAutomotive, 2, 7},

	{"ceramic_craft", "陶瓷工艺与设计", gCeramics, 3, 4},
	{"glaze_technology", "釉料技术", gCeramics, 1, 2},
	{"refractory_materials", "耐火材料生产", gCeramics, 2, 5},

	{"logistics_management", "物流管理", gLogistics, 3, 4},
	{"warehouse_operation", "仓储与配送", gLogistics, 2, 4},
	{"ecommerce_operation", "电子商务运营", gLogistics, 2, 2},
}

// crossSpecialties are the trades every kind of plant hires outside its own
// industry: fitters, electricians, welders, lab analysts, storekeepers.
var crossSpecialties = []string{
	"equipment_maintenance", "electrical_automation", "welding",
	"chemical_analysis", "warehouse_operation",
}

// industryDef describes the enterprises of one industry (= specialty group).
type industryDef struct {
	group          string
	share          float64 // share of the alliance's enterprises
	medianEmployee float64 // median workforce (lognormal)
	district       [numDistricts]float64
	nouns          []string // the trade word in a company name
}

var industryDefs = []industryDef{
	{gMachinery, 26, 420,
		[numDistricts]float64{dZD: 4, dZC: 2, dBS: 3, dZCN: 5, dLZ: 2, dHT: 2, dGQ: 1, dYY: 1},
		[]string{"机械", "重工", "精密机械", "泵业", "轴承", "机床"}},
	{gChemicals, 22, 750,
		[numDistricts]float64{dZD: 3, dZC: 1, dBS: 1, dZCN: 1, dLZ: 7, dHT: 4, dGQ: 2, dYY: 0.5},
		[]string{"化工", "石化", "新材料", "精细化工", "氯碱"}},
	{gPharma, 10, 600,
		[numDistricts]float64{dZD: 5, dZC: 1, dBS: 0.5, dZCN: 1, dLZ: 1, dHT: 3, dGQ: 1, dYY: 2},
		[]string{"制药", "生物医药", "生物科技", "医用材料"}},
	{gElectronics, 14, 420,
		[numDistricts]float64{dZD: 6, dZC: 1, dBS: 1, dZCN: 3, dLZ: 1, dHT: 1, dGQ: 0.5, dYY: 0.5},
		[]string{"电子", "电气", "自动化", "智能装备", "微电子"}},
	{gAutomotive, 14, 600,
		[numDistricts]float64{dZD: 3, dZC: 1, dBS: 1, dZCN: 3, dLZ: 2, dHT: 3, dGQ: 1, dYY: 0.5},
		[]string{"汽车零部件", "汽车", "新能源汽车", "制动系统", "动力电池"}},
	{gCeramics, 11, 300,
		[numDistricts]float64{dZD: 1, dZC: 5, dBS: 5, dZCN: 0.5, dLZ: 0.5, dHT: 0.2, dGQ: 0.2, dYY: 0.5},
		[]string{"陶瓷", "耐火材料", "玻璃", "瓷业", "艺术陶瓷"}},
	{gLogistics, 4, 220,
		[numDistricts]float64{dZD: 4, dZC: 1, dBS: 0.5, dZCN: 3, dLZ: 1, dHT: 1, dGQ: 1, dYY: 0.5},
		[]string{"物流", "供应链", "仓储", "货运"}},
}

// schoolList is a city's n schools: the alliance's 15 (the first n of
// them when n < 15), then, for larger cities, further campuses of the same
// schools in turn — "S16 Zibo Technician College, campus 2" and so on —
// with their kind, district, relative size and specialties, so that a
// province-sized city has many schools of realistic shapes rather than 15
// huge ones.
func schoolList(n int) []schoolDef {
	out := slices.Clone(schoolDefs[:min(n, len(schoolDefs))])
	for i := len(schoolDefs); i < n; i++ {
		s := schoolDefs[i%len(schoolDefs)]
		s.id = fmt.Sprintf("S%02d", i+1)
		s.name = fmt.Sprintf("%s, campus %d", s.name, i/len(schoolDefs)+1)
		out = append(out, s)
	}
	return out
}

// schoolDef is one of the alliance's 15 schools.
type schoolDef struct {
	id, name string
	kind     model.SchoolKind
	district int
	size     float64  // relative enrolment
	teaches  []string // specialty codes; flagship ones first
}

var schoolDefs = []schoolDef{
	{"S01", "淄博技师学院", model.TechnicianCollege, dZD, 14, []string{
		"equipment_maintenance", "electrical_automation", "industrial_robotics", "cnc_machining",
		"mechanical_assembly", "welding", "mold_making", "nev_maintenance", "chemical_operation",
		"logistics_management"}},
	{"S02", "山东齐鲁化工技师学院", model.TechnicianCollege, dLZ, 13, []string{
		"chemical_operation", "chemical_analysis", "chemical_equipment", "polymer_materials",
		"electrical_automation", "equipment_maintenance"}},
	{"S03", "淄博机电技师学院", model.TechnicianCollege, dZCN, 9, []string{
		"cnc_machining", "mechanical_assembly", "welding", "mold_making", "equipment_maintenance",
		"electrical_automation", "industrial_robotics"}},
	{"S04", "淄博轻工技师学院", model.TechnicianCollege, dZC, 7, []string{
		"ceramic_craft", "glaze_technology", "refractory_materials", "polymer_materials",
		"electronic_assembly", "ecommerce_operation"}},
	{"S05", "博山技师学院", model.TechnicianCollege, dBS, 6, []string{
		"cnc_machining", "welding", "equipment_maintenance", "refractory_materials",
		"ceramic_craft", "auto_parts_manufacturing"}},
	{"S06", "桓台技师学院", model.TechnicianCollege, dHT, 8, []string{
		"chemical_operation", "polymer_materials", "pharma_production", "bio_fermentation",
		"chemical_analysis", "cnc_machining", "warehouse_operation"}},
	{"S07", "淄博汽车技师学院", model.TechnicianCollege, dZD, 8, []string{
		"auto_repair", "nev_maintenance", "auto_body_painting", "auto_parts_manufacturing",
		"industrial_robotics", "electronic_assembly"}},

	{"S08", "淄博工业职业学校", model.VocationalSchool, dZD, 7, []string{
		"cnc_machining", "electronic_assembly", "electrical_automation", "auto_repair",
		"drug_quality_control", "logistics_management", "ecommerce_operation"}},
	{"S09", "周村职业学校", model.VocationalSchool, dZCN, 5, []string{
		"mechanical_assembly", "welding", "electronic_assembly", "auto_repair",
		"logistics_management", "warehouse_operation", "ecommerce_operation"}},
	{"S10", "临淄职业学校", model.VocationalSchool, dLZ, 6, []string{
		"chemical_operation", "chemical_analysis", "cnc_machining", "auto_repair",
		"nev_maintenance", "ecommerce_operation"}},
	{"S11", "淄川职业学校", model.VocationalSchool, dZC, 5, []string{
		"ceramic_craft", "glaze_technology", "welding", "electrical_automation",
		"refractory_materials", "ecommerce_operation"}},
	{"S12", "博山职业学校", model.VocationalSchool, dBS, 4, []string{
		"refractory_materials", "ceramic_craft", "mold_making", "cnc_machining",
		"auto_body_painting"}},
	{"S13", "桓台职业学校", model.VocationalSchool, dHT, 5, []string{
		"pharma_production", "drug_quality_control", "chemical_analysis", "chemical_operation",
		"warehouse_operation", "ecommerce_operation"}},
	{"S14", "高青职业学校", model.VocationalSchool, dGQ, 3, []string{
		"auto_repair", "nev_maintenance", "electronic_assembly", "bio_fermentation",
		"logistics_management", "warehouse_operation"}},
	{"S15", "沂源职业学校", model.VocationalSchool, dYY, 4, []string{
		"pharma_production", "drug_quality_control", "mechanical_assembly", "electronic_assembly",
		"auto_repair", "ecommerce_operation"}},
}

// Name parts, in Chinese as a roster holds them. Family names are the
// common ones of Shandong, most frequent first; given names are one or two
// characters.
var familyNames = []string{
	"王", "张", "李", "刘", "孙", "赵", "高", "马", "徐", "陈", "杨", "宋", "韩", "吴", "于", "周", "郭", "吕", "杜",
	"崔", "田", "姜", "侯", "齐", "石", "冯", "董", "孟", "毕", "贾", "曹", "尹", "朱", "黄", "孔", "庞", "邢", "任",
	"唐", "闫", "范", "胡", "丁", "林", "潘", "薛", "白", "秦", "邵", "魏",
}

var givenSyllables = []string{
	"浩", "宇", "欣", "杰", "俊", "涛", "磊", "鹏", "伟", "强", "明", "博", "晨", "阳", "慧", "静", "丽", "娜", "婷",
	"雪", "燕", "颖", "芳", "琳", "睿", "凯", "航", "哲", "怡", "涵", "轩", "梓", "佳", "琪", "甜", "龙", "峰", "硕",
	"超", "然", "泽", "文", "斌", "萌", "珊", "悦", "翔", "飞", "云", "红",
}

// Words of enterprise names: auspicious or local, none a real company's.
var companyWords = []string{
	"恒泰", "瑞丰", "鼎盛", "华宇", "金禾", "鲁通", "博远", "众兴", "天润", "海达", "东岳", "宏昌", "金鑫", "盛源", "寰宇", "远祥",
	"丰源", "明山", "康泰", "隆盛", "鑫源", "嘉禾", "华美", "广润", "昌兴", "瑞泰", "齐成", "永安", "泰和", "金鼎", "宝利", "创亿",
	"鸿运", "亿达", "万鑫", "联发", "中泰", "恒立", "祥云", "顺达", "福源", "金桥", "通达", "华泰", "开元", "立信", "聚成", "明达",
	"安达", "盛泰", "华兴", "裕华", "齐润", "信达", "正源", "大华", "金泰", "鲁博", "汇源", "荣盛", "淄禾", "盘龙", "鲁山", "嘉信",
}
