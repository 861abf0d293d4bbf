package vn.pulse.core.reference;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The 11 district-level units of Lạng Sơn province with their official codes (GSO, province 20). */
public final class Districts {

    public static final List<District> ALL = List.of(
            new District("178", "Thành phố Lạng Sơn", "Thanh pho Lang Son"),
            new District("180", "Huyện Tràng Định", "Huyen Trang Dinh"),
            new District("181", "Huyện Bình Gia", "Huyen Binh Gia"),
            new District("182", "Huyện Văn Lãng", "Huyen Van Lang"),
            new District("183", "Huyện Cao Lộc", "Huyen Cao Loc"),
            new District("184", "Huyện Văn Quan", "Huyen Van Quan"),
            new District("185", "Huyện Bắc Sơn", "Huyen Bac Son"),
            new District("186", "Huyện Hữu Lũng", "Huyen Huu Lung"),
            new District("187", "Huyện Chi Lăng", "Huyen Chi Lang"),
            new District("188", "Huyện Lộc Bình", "Huyen Loc Binh"),
            new District("189", "Huyện Đình Lập", "Huyen Dinh Lap"));

    private static final Map<String, District> BY_CODE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(District::code, Function.identity()));

    private Districts() {
    }

    public static Optional<District> byCode(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    public static boolean isKnown(String code) {
        return code != null && BY_CODE.containsKey(code);
    }
}
