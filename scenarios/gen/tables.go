package gen

import "placement/model"

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
	dZD:  {"ZD", "Zhangdian District", "Zhangdian", 98},
	dZC:  {"ZC", "Zichuan District", "Zichuan", 63},
	dBS:  {"BS", "Boshan District", "Boshan", 40},
	dZCN: {"ZCN", "Zhoucun District", "Zhoucun", 46},
	dLZ:  {"LZ", "Linzi District", "Linzi", 64},
	dHT:  {"HT", "Huantai County", "Huantai", 50},
	dGQ:  {"GQ", "Gaoqing County", "Gaoqing", 36},
	dYY:  {"YY", "Yiyuan County", "Yiyuan", 53},
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
	{"cnc_machining", "CNC Machining", gMachinery, 9, 8},
	{"mechanical_assembly", "Mechanical Assembly and Fitting", gMachinery, 5, 7},
	{"welding", "Welding Technology", gMachinery, 4, 6},
	{"mold_making", "Mold and Die Making", gMachinery, 3, 3},
	{"equipment_maintenance", "Mechanical Equipment Maintenance", gMachinery, 4, 5},

	{"chemical_operation", "Chemical Process Operation", gChemicals, 7, 10},
	{"chemical_analysis", "Industrial Analysis and Testing", gChemicals, 5, 3},
	{"chemical_equipment", "Chemical Equipment Maintenance", gChemicals, 3, 4},
	{"polymer_materials", "Polymer Materials Processing", gChemicals, 3, 4},

	{"pharma_production", "Pharmaceutical Production", gPharma, 6, 6},
	{"drug_quality_control", "Drug Quality Control", gPharma, 5, 3},
	{"bio_fermentation", "Biological Fermentation", gPharma, 2, 3},

	{"industrial_robotics", "Industrial Robot Application", gElectronics, 5, 4},
	{"electrical_automation", "Electrical Automation", gElectronics, 6, 6},
	{"electronic_assembly", "Electronic Assembly and Testing", gElectronics, 4, 7},

	{"auto_repair", "Automobile Repair", gAutomotive, 6, 4},
	{"nev_maintenance", "New-Energy Vehicle Maintenance", gAutomotive, 5, 4},
	{"auto_body_painting", "Auto Body and Painting", gAutomotive, 3, 2},
	{"auto_parts_manufacturing", "Auto Parts Manufacturing", gAutomotive, 2, 7},

	{"ceramic_craft", "Ceramic Craft and Design", gCeramics, 3, 4},
	{"glaze_technology", "Glaze Technology", gCeramics, 1, 2},
	{"refractory_materials", "Refractory Materials Production", gCeramics, 2, 5},

	{"logistics_management", "Logistics Management", gLogistics, 3, 4},
	{"warehouse_operation", "Warehousing and Distribution", gLogistics, 2, 4},
	{"ecommerce_operation", "E-commerce Operation", gLogistics, 2, 2},
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
		[]string{"Machinery", "Heavy Industry", "Precision Machinery", "Pump", "Bearing", "Machine Tool"}},
	{gChemicals, 22, 750,
		[numDistricts]float64{dZD: 3, dZC: 1, dBS: 1, dZCN: 1, dLZ: 7, dHT: 4, dGQ: 2, dYY: 0.5},
		[]string{"Chemical", "Petrochemical", "New Materials", "Fine Chemical", "Chlor-Alkali"}},
	{gPharma, 10, 600,
		[numDistricts]float64{dZD: 5, dZC: 1, dBS: 0.5, dZCN: 1, dLZ: 1, dHT: 3, dGQ: 1, dYY: 2},
		[]string{"Pharmaceutical", "Biopharma", "Biotechnology", "Medical Materials"}},
	{gElectronics, 14, 420,
		[numDistricts]float64{dZD: 6, dZC: 1, dBS: 1, dZCN: 3, dLZ: 1, dHT: 1, dGQ: 0.5, dYY: 0.5},
		[]string{"Electronics", "Electric", "Automation", "Intelligent Equipment", "Microelectronics"}},
	{gAutomotive, 14, 600,
		[numDistricts]float64{dZD: 3, dZC: 1, dBS: 1, dZCN: 3, dLZ: 2, dHT: 3, dGQ: 1, dYY: 0.5},
		[]string{"Auto Parts", "Automobile", "New Energy Vehicle", "Brake Systems", "Power Battery"}},
	{gCeramics, 11, 300,
		[numDistricts]float64{dZD: 1, dZC: 5, dBS: 5, dZCN: 0.5, dLZ: 0.5, dHT: 0.2, dGQ: 0.2, dYY: 0.5},
		[]string{"Ceramics", "Refractories", "Glass", "Porcelain", "Art Ceramics"}},
	{gLogistics, 4, 220,
		[numDistricts]float64{dZD: 4, dZC: 1, dBS: 0.5, dZCN: 3, dLZ: 1, dHT: 1, dGQ: 1, dYY: 0.5},
		[]string{"Logistics", "Supply Chain", "Warehousing", "Freight"}},
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
	{"S01", "Zibo Technician College", model.TechnicianCollege, dZD, 14, []string{
		"equipment_maintenance", "electrical_automation", "industrial_robotics", "cnc_machining",
		"mechanical_assembly", "welding", "mold_making", "nev_maintenance", "chemical_operation",
		"logistics_management"}},
	{"S02", "Shandong Qilu Chemical Technician College", model.TechnicianCollege, dLZ, 13, []string{
		"chemical_operation", "chemical_analysis", "chemical_equipment", "polymer_materials",
		"electrical_automation", "equipment_maintenance"}},
	{"S03", "Zibo Mechanical and Electrical Technician College", model.TechnicianCollege, dZCN, 9, []string{
		"cnc_machining", "mechanical_assembly", "welding", "mold_making", "equipment_maintenance",
		"electrical_automation", "industrial_robotics"}},
	{"S04", "Zibo Light Industry Technician College", model.TechnicianCollege, dZC, 7, []string{
		"ceramic_craft", "glaze_technology", "refractory_materials", "polymer_materials",
		"electronic_assembly", "ecommerce_operation"}},
	{"S05", "Boshan Technician College", model.TechnicianCollege, dBS, 6, []string{
		"cnc_machining", "welding", "equipment_maintenance", "refractory_materials",
		"ceramic_craft", "auto_parts_manufacturing"}},
	{"S06", "Huantai Technician College", model.TechnicianCollege, dHT, 8, []string{
		"chemical_operation", "polymer_materials", "pharma_production", "bio_fermentation",
		"chemical_analysis", "cnc_machining", "warehouse_operation"}},
	{"S07", "Zibo Automotive Technician College", model.TechnicianCollege, dZD, 8, []string{
		"auto_repair", "nev_maintenance", "auto_body_painting", "auto_parts_manufacturing",
		"industrial_robotics", "electronic_assembly"}},

	{"S08", "Zibo Industrial Vocational School", model.VocationalSchool, dZD, 7, []string{
		"cnc_machining", "electronic_assembly", "electrical_automation", "auto_repair",
		"drug_quality_control", "logistics_management", "ecommerce_operation"}},
	{"S09", "Zhoucun Vocational School", model.VocationalSchool, dZCN, 5, []string{
		"mechanical_assembly", "welding", "electronic_assembly", "auto_repair",
		"logistics_management", "warehouse_operation", "ecommerce_operation"}},
	{"S10", "Linzi Vocational School", model.VocationalSchool, dLZ, 6, []string{
		"chemical_operation", "chemical_analysis", "cnc_machining", "auto_repair",
		"nev_maintenance", "ecommerce_operation"}},
	{"S11", "Zichuan Vocational School", model.VocationalSchool, dZC, 5, []string{
		"ceramic_craft", "glaze_technology", "welding", "electrical_automation",
		"refractory_materials", "ecommerce_operation"}},
	{"S12", "Boshan Vocational School", model.VocationalSchool, dBS, 4, []string{
		"refractory_materials", "ceramic_craft", "mold_making", "cnc_machining",
		"auto_body_painting"}},
	{"S13", "Huantai Vocational School", model.VocationalSchool, dHT, 5, []string{
		"pharma_production", "drug_quality_control", "chemical_analysis", "chemical_operation",
		"warehouse_operation", "ecommerce_operation"}},
	{"S14", "Gaoqing Vocational School", model.VocationalSchool, dGQ, 3, []string{
		"auto_repair", "nev_maintenance", "electronic_assembly", "bio_fermentation",
		"logistics_management", "warehouse_operation"}},
	{"S15", "Yiyuan Vocational School", model.VocationalSchool, dYY, 4, []string{
		"pharma_production", "drug_quality_control", "mechanical_assembly", "electronic_assembly",
		"auto_repair", "ecommerce_operation"}},
}

// Name parts. Family names are the common ones of Shandong, most frequent
// first; given names are one or two syllables.
var familyNames = []string{
	"Wang", "Zhang", "Li", "Liu", "Sun", "Zhao", "Gao", "Ma", "Xu", "Chen",
	"Yang", "Song", "Han", "Wu", "Yu", "Zhou", "Guo", "Lu", "Du", "Cui",
	"Tian", "Jiang", "Hou", "Qi", "Shi", "Feng", "Dong", "Meng", "Bi", "Jia",
	"Cao", "Yin", "Zhu", "Huang", "Kong", "Pang", "Xing", "Ren", "Tang", "Yan",
	"Fan", "Hu", "Ding", "Lin", "Pan", "Xue", "Bai", "Qin", "Shao", "Wei",
}

var givenSyllables = []string{
	"Hao", "Yu", "Xin", "Jie", "Jun", "Tao", "Lei", "Peng", "Wei", "Qiang",
	"Ming", "Bo", "Chen", "Yang", "Hui", "Jing", "Li", "Na", "Ting", "Xue",
	"Yan", "Ying", "Fang", "Lin", "Rui", "Kai", "Hang", "Zhe", "Yi", "Han",
	"Xuan", "Zi", "Jia", "Qi", "Tian", "Long", "Feng", "Shuo", "Chao", "Ran",
	"Ze", "Wen", "Bin", "Meng", "Shan", "Yue", "Xiang", "Fei", "Yun", "Hong",
}

// Words of enterprise names: auspicious or local, none a real company's.
var companyWords = []string{
	"Hengtai", "Ruifeng", "Dingsheng", "Huayu", "Jinhe", "Lutong", "Boyuan", "Zhongxing",
	"Tianrun", "Haida", "Dongyue", "Hongchang", "Jinxin", "Shengyuan", "Huanyu", "Yuanxiang",
	"Fengyuan", "Mingshan", "Kangtai", "Longsheng", "Xinyuan", "Jiahe", "Huamei", "Guangrun",
	"Changxing", "Ruitai", "Qicheng", "Yongan", "Taihe", "Jinding", "Baoli", "Chuangyi",
	"Hongyun", "Yida", "Wanxin", "Lianfa", "Zhongtai", "Hengli", "Xiangyun", "Shunda",
	"Fuyuan", "Jinqiao", "Tongda", "Huatai", "Kaiyuan", "Lixin", "Jucheng", "Mingda",
	"Anda", "Shengtai", "Huaxing", "Yuhua", "Qirun", "Xinda", "Zhengyuan", "Dahua",
	"Jintai", "Lubo", "Huiyuan", "Rongsheng", "Zihe", "Panlong", "Lushan", "Jiaxin",
}
