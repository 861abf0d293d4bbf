package vn.pulse.api.report;

import static java.util.Map.entry;

import java.util.Map;

/**
 * The situation report's wording in Vietnamese and English (format strings take the figures already
 * written; {@code province}, {@code provinces} and {@code country} take the names of the data set's
 * provinces, or of its country when it has none, as {@link ReportDocument#commandCenter} writes them).
 */
final class ReportLabels {

    private ReportLabels() {
    }

    static final Map<String, String> VI = Map.ofEntries(
            entry("title", "BÁO CÁO TÌNH HÌNH PHÒNG, CHỐNG DỊCH COVID-19 VÀ HOẠT ĐỘNG CỬA KHẨU"),
            entry("province", "Trung tâm Chỉ huy phòng, chống dịch COVID-19 %s"),
            entry("provinces", "Trung tâm Chỉ huy phòng, chống dịch COVID-19 %s"),
            entry("country", "Trung tâm Chỉ huy phòng, chống dịch COVID-19 %s"),
            entry("period", "Từ ngày %s đến ngày %s"),
            entry("asOf", "Số liệu tiêm chủng đến %s; số liệu cửa khẩu đến %s (giờ Việt Nam)."),
            entry("source", "Số liệu do hệ thống Pulse tổng hợp từ báo cáo của các điểm tiêm, cơ quan hải quan và bãi"
                    + " xe tại cửa khẩu; cùng số liệu với API (/api/v1/reports/situation?format=json)."),
            entry("vaccination", "I. TIÊM VẮC XIN PHÒNG COVID-19"),
            entry("vaccinationLead", "Lũy kế đến ngày %s đã tiêm: %s liều/%s liều vắc xin được cấp (đạt %s); tiêm mũi nhắc lại"
                    + " cộng dồn đã tiêm %s mũi. Tỷ lệ dân số từ 18 tuổi trở lên được tiêm mũi 1 đạt %s; được tiêm đủ 2 mũi đạt %s."
                    + " Tỷ lệ tiêm vắc xin mũi 1 cho trẻ em từ 12-17 tuổi đạt %s; mũi 2 đạt %s."),
            entry("vaccinationLeadNoAllocation", "Lũy kế đến ngày %s đã tiêm: %s liều; tiêm mũi nhắc lại"
                    + " cộng dồn đã tiêm %s mũi. Tỷ lệ dân số từ 18 tuổi trở lên được tiêm mũi 1 đạt %s; được tiêm đủ 2 mũi đạt %s."
                    + " Tỷ lệ tiêm vắc xin mũi 1 cho trẻ em từ 12-17 tuổi đạt %s; mũi 2 đạt %s."
                    + " Số liều được cấp đến ngày này không xác định được (số liệu cấp phát chỉ lưu tổng hiện tại)."),
            entry("dosesInPeriod", "Trong kỳ báo cáo đã tiêm %s liều."),
            entry("coverageByAgeGroup", "Tỷ lệ bao phủ theo nhóm tuổi"),
            entry("ageGroup", "Nhóm tuổi"),
            entry("population", "Dân số"),
            entry("atLeastOneDose", "Đã tiêm mũi 1"),
            entry("twoDoses", "Đủ 2 mũi"),
            entry("boosters", "Mũi nhắc lại"),
            entry("adults", "Từ 18 tuổi trở lên"),
            entry("adolescents", "Từ 12-17 tuổi"),
            entry("byDistrict", "Theo huyện, thành phố"),
            entry("district", "Huyện, thành phố"),
            entry("byCommune", "Theo xã, phường"),
            entry("commune", "Xã, phường"),
            entry("byUnit", "Theo huyện, thành phố và xã, phường"),
            entry("unit", "Đơn vị hành chính"),
            entry("doses", "Số liều đã tiêm"),
            entry("dosesInPeriodShort", "Trong kỳ"),
            entry("allocated", "Số liều được cấp"),
            entry("used", "Tỷ lệ sử dụng"),
            entry("adultsFirst", "18+ mũi 1"),
            entry("adultsSecond", "18+ đủ 2 mũi"),
            entry("adolescentsFirst", "12-17 mũi 1"),
            entry("adolescentsSecond", "12-17 mũi 2"),
            entry("vaccinationNote", "Số liều lũy kế đến hết ngày cuối kỳ, đã trừ các báo cáo điều chỉnh; số liều được cấp là"
                    + " tổng số đã giao đến hết ngày cuối kỳ (kể cả vắc xin tỉnh giữ lại). Tỷ lệ lấy 2 chữ số thập phân, không làm tròn lên."),
            entry("border", "II. HOẠT ĐỘNG XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU"),
            entry("borderLead", "Năm %d, kim ngạch xuất nhập khẩu qua địa bàn tỉnh đạt %s, bằng %s kế hoạch, %s %s so với năm %d."),
            entry("rose", "tăng"),
            entry("fell", "giảm"),
            entry("periodTrade", "Trong kỳ báo cáo, kim ngạch xuất nhập khẩu đạt %s (xuất khẩu %s, nhập khẩu %s); %s lượt phương tiện"
                    + " qua cửa khẩu, trong đó %s lượt qua luồng xanh."),
            entry("years", "Kim ngạch cả năm so với kế hoạch và năm trước"),
            entry("year", "Năm"),
            entry("trade", "Kim ngạch"),
            entry("plan", "Kế hoạch"),
            entry("ofPlan", "So với kế hoạch"),
            entry("previousYear", "Năm trước"),
            entry("growth", "Tăng so với năm trước"),
            entry("byGate", "Theo cửa khẩu (trong kỳ)"),
            entry("gate", "Cửa khẩu"),
            entry("share", "Tỷ trọng"),
            entry("exports", "Xuất khẩu"),
            entry("imports", "Nhập khẩu"),
            entry("vehicles", "Phương tiện"),
            entry("greenLane", "Luồng xanh"),
            entry("total", "Tổng"),
            entry("congestion", "Các đợt ùn tắc phương tiện trong kỳ"),
            entry("noCongestion", "Không có đợt ùn tắc nào trong kỳ."),
            entry("kind", "Loại"),
            entry("kind.BACKLOG", "Tồn bãi"),
            entry("kind.WAIT_P90", "Thời gian chờ"),
            entry("raised", "Bắt đầu"),
            entry("cleared", "Kết thúc"),
            entry("stillOpen", "Đang diễn ra"),
            entry("peak", "Đỉnh"),
            entry("threshold", "Ngưỡng"),
            entry("unit.vehicles", "xe"),
            entry("unit.minutes", "phút"),
            entry("screenings", "III. KIỂM DỊCH Y TẾ TẠI CÁC CHỐT CỬA KHẨU"),
            entry("screeningsLead", "Trong kỳ, các chốt kiểm dịch y tế liên ngành gửi %s báo cáo; đã kiểm tra, khai báo y tế %s người,"
                    + " xét nghiệm %s người, phát hiện %s trường hợp dương tính (tỷ lệ %s)."),
            entry("reports", "Báo cáo"),
            entry("screened", "Người được kiểm tra"),
            entry("tested", "Xét nghiệm"),
            entry("positive", "Dương tính"),
            entry("positivity", "Tỷ lệ dương tính"),
            entry("alerts", "IV. CẢNH BÁO ÙN TẮC"),
            entry("alertsLead", "Trong kỳ đã phát %s cảnh báo ùn tắc và kết thúc %s cảnh báo; %s cảnh báo còn hiệu lực đến hết kỳ."));

    static final Map<String, String> EN = Map.ofEntries(
            entry("title", "SITUATION REPORT: COVID-19 RESPONSE AND BORDER GATES"),
            entry("province", "%s provincial COVID-19 command center"),
            entry("provinces", "Provincial COVID-19 command centers of %s"),
            entry("country", "%s COVID-19 command center"),
            entry("period", "From %s to %s"),
            entry("asOf", "Vaccination figures up to %s; border figures up to %s (Vietnam time)."),
            entry("source", "Figures compiled by Pulse from the reports of vaccination sites, customs and the gate yards; the same"
                    + " figures as the API's (/api/v1/reports/situation?format=json)."),
            entry("vaccination", "I. COVID-19 VACCINATION"),
            entry("vaccinationLead", "Cumulative to %s: %s of the %s doses allocated were administered (%s); %s booster doses."
                    + " Population aged 18 and over with at least one dose: %s; with two doses: %s."
                    + " Children aged 12-17 with a first dose: %s; with a second dose: %s."),
            entry("vaccinationLeadNoAllocation", "Cumulative to %s: %s doses administered; booster doses: %s."
                    + " Population aged 18 and over with at least one dose: %s; with two doses: %s."
                    + " Children aged 12-17 with a first dose: %s; with a second dose: %s."
                    + " The doses allocated by that day are not known (the allocation totals keep only today's)."),
            entry("dosesInPeriod", "Doses administered in the period: %s."),
            entry("coverageByAgeGroup", "Coverage by age group"),
            entry("ageGroup", "Age group"),
            entry("population", "Population"),
            entry("atLeastOneDose", "At least one dose"),
            entry("twoDoses", "Two doses"),
            entry("boosters", "Boosters"),
            entry("adults", "18 and over"),
            entry("adolescents", "12-17"),
            entry("byDistrict", "By district"),
            entry("district", "District"),
            entry("byCommune", "By commune or ward"),
            entry("commune", "Commune or ward"),
            entry("byUnit", "By district, commune or ward"),
            entry("unit", "Administrative unit"),
            entry("doses", "Doses administered"),
            entry("dosesInPeriodShort", "In the period"),
            entry("allocated", "Doses allocated"),
            entry("used", "Used"),
            entry("adultsFirst", "18+ first dose"),
            entry("adultsSecond", "18+ two doses"),
            entry("adolescentsFirst", "12-17 first dose"),
            entry("adolescentsSecond", "12-17 second dose"),
            entry("vaccinationNote", "Doses are cumulative to the end of the period's last day, net of corrections; doses allocated are"
                    + " all deliveries by then (the province's own stock included). Percentages keep 2 decimals, never rounded up."),
            entry("border", "II. TRADE THROUGH THE BORDER GATES"),
            entry("borderLead", "In %d, import and export value through the province reached %s, %s of the year's plan, and %s %s"
                    + " over %d."),
            entry("rose", "rose"),
            entry("fell", "fell"),
            entry("periodTrade", "In the period, trade reached %s (exports %s, imports %s); vehicles that crossed the gates: %s,"
                    + " through the green lane: %s."),
            entry("years", "The year's trade against its plan and the year before"),
            entry("year", "Year"),
            entry("trade", "Trade"),
            entry("plan", "Plan"),
            entry("ofPlan", "Of plan"),
            entry("previousYear", "Year before"),
            entry("growth", "Growth"),
            entry("byGate", "By gate (in the period)"),
            entry("gate", "Gate"),
            entry("share", "Share"),
            entry("exports", "Exports"),
            entry("imports", "Imports"),
            entry("vehicles", "Vehicles"),
            entry("greenLane", "Green lane"),
            entry("total", "Total"),
            entry("congestion", "Congestion episodes in the period"),
            entry("noCongestion", "No congestion episode in the period."),
            entry("kind", "Kind"),
            entry("kind.BACKLOG", "Yard backlog"),
            entry("kind.WAIT_P90", "Waiting time"),
            entry("raised", "Raised"),
            entry("cleared", "Cleared"),
            entry("stillOpen", "Still open"),
            entry("peak", "Peak"),
            entry("threshold", "Threshold"),
            entry("unit.vehicles", "vehicles"),
            entry("unit.minutes", "minutes"),
            entry("screenings", "III. HEALTH SCREENING AT THE GATE CHECKPOINTS"),
            entry("screeningsLead", "Reports from the medical checkpoints at the gates in the period: %s; people screened: %s; tested: %s;"
                    + " found positive: %s (positivity %s)."),
            entry("reports", "Reports"),
            entry("screened", "People screened"),
            entry("tested", "Tested"),
            entry("positive", "Positive"),
            entry("positivity", "Positivity"),
            entry("alerts", "IV. CONGESTION ALERTS"),
            entry("alertsLead", "Congestion alerts in the period: %s raised, %s cleared; %s still open at its end."));
}
