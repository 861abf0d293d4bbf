package vn.pulse.core.reference;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The border gates of Lạng Sơn province that Pulse knows. The Streams app validates gate events
 * against this list (an unknown code is a dead letter); {@code reference.gates.v1} carries the same
 * data to other consumers. In 2021 clearance ran mainly through four gates (Hữu Nghị, Tân Thanh,
 * Chi Ma, Đồng Đăng rail); Cốc Nam carried little; the smaller bilateral crossings were closed.
 */
public final class Gates {

    public static final Gate HUU_NGHI = new Gate("HUU_NGHI", "Cửa khẩu quốc tế Hữu Nghị", "Cua khau quoc te Huu Nghi",
            Gate.Kind.INTERNATIONAL_ROAD, "183", true);
    public static final Gate DONG_DANG = new Gate("DONG_DANG", "Cửa khẩu quốc tế ga đường sắt Đồng Đăng",
            "Cua khau quoc te ga duong sat Dong Dang", Gate.Kind.INTERNATIONAL_RAIL, "183", true);
    public static final Gate TAN_THANH = new Gate("TAN_THANH", "Cửa khẩu Tân Thanh", "Cua khau Tan Thanh",
            Gate.Kind.MAIN, "182", true);
    public static final Gate CHI_MA = new Gate("CHI_MA", "Cửa khẩu Chi Ma", "Cua khau Chi Ma",
            Gate.Kind.BILATERAL, "188", true);
    public static final Gate COC_NAM = new Gate("COC_NAM", "Cửa khẩu Cốc Nam", "Cua khau Coc Nam",
            Gate.Kind.MAIN, "182", true);
    public static final Gate NA_HINH = new Gate("NA_HINH", "Cửa khẩu Na Hình", "Cua khau Na Hinh",
            Gate.Kind.BILATERAL, "182", false);
    public static final Gate BINH_NGHI = new Gate("BINH_NGHI", "Cửa khẩu Bình Nghi", "Cua khau Binh Nghi",
            Gate.Kind.BILATERAL, "180", false);
    public static final Gate NA_NUA = new Gate("NA_NUA", "Cửa khẩu Nà Nưa", "Cua khau Na Nua",
            Gate.Kind.BILATERAL, "180", false);

    public static final List<Gate> ALL = List.of(HUU_NGHI, DONG_DANG, TAN_THANH, CHI_MA, COC_NAM, NA_HINH, BINH_NGHI, NA_NUA);

    private static final Map<String, Gate> BY_CODE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Gate::code, Function.identity()));

    private Gates() {
    }

    public static Optional<Gate> byCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    public static boolean isKnown(String code) {
        return code != null && BY_CODE.containsKey(code);
    }
}
