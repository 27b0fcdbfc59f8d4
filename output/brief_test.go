package output

import "testing"

func TestBrief(t *testing.T) {
	sum := &Summary{
		Inputs:        Inputs{Students: 4000},
		Stages:        Stages{Assignment: AssignmentStage{Placed: 3486, Status: "optimal"}},
		PlacementRate: 0.8715, QuotaEnterprises: 79, CompliantEnterprises: 72,
		Subsidies: Subsidies{InternshipYuan: 870000, TrainingYuan: 674050, OrderClassYuan: 1090000, TotalYuan: 2634050},
	}
	cases := map[Lang]string{
		LangEN: "placed 3,486 of 4,000 students (87 %)\n72 of 79 enterprises meet their quota\n" +
			"subsidies 2,634,050 yuan (internship 870,000, training 674,050, order class 1,090,000)\nfiles written to out/\n",
		LangDefault: "已安排 3,486 / 4,000 名学生（87%）\n72 / 79 家企业达到配额\n" +
			"补贴合计 2,634,050 元（实习 870,000，实训 674,050，订单班 1,090,000）\n文件已写入 out/\n",
	}
	for lang, want := range cases {
		if got := Brief(sum, lang, "out"); got != want {
			t.Errorf("Brief(%q) =\n%s\nwant\n%s", lang, got, want)
		}
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
