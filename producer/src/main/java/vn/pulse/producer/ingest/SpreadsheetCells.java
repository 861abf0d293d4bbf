package vn.pulse.producer.ingest;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import vn.pulse.core.contract.DomainRules;

/**
 * The forms a spreadsheet program writes where the ingest API expects its own, turned into the API's
 * before validation; anything else is left for the validator to judge.
 * <ul>
 *   <li>A date-time without an offset ({@code 2021-12-24 08:00:00}, {@code 2021-12-24T08:00}): a
 *       spreadsheet cell holds no time zone, so it is the province's wall-clock time
 *       ({@link DomainRules#ZONE}).</li>
 *   <li>In a {@code ;}-separated file (a locale whose decimal separator is the comma, Vietnamese
 *       among them): a decimal comma ({@code 24,5}) in a decimal field.</li>
 *   <li>Booleans in Vietnamese, as LibreOffice writes them ({@code ĐÚNG}, {@code SAI}).</li>
 * </ul>
 */
final class SpreadsheetCells {

    /** The fields holding an instant (ISO-8601 with offset in the API). */
    static final Set<String> DATE_TIME_FIELDS = Set.of("occurredAt", "administeredAt", "reportedAt", "correctedAt");
    /** The fields holding a decimal number. */
    static final Set<String> DECIMAL_FIELDS = Set.of("tons", "declaredValueUsd");
    /** The fields holding a boolean. */
    static final Set<String> BOOLEAN_FIELDS = Set.of("greenLane");

    private static final Pattern LOCAL_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("-?\\d+,\\d+");

    private SpreadsheetCells() {
    }

    /**
     * The API's form of one (trimmed) cell of {@code field}.
     *
     * @param decimalComma whether the file writes decimals with a comma ({@code ;}-separated CSV)
     */
    static String apiForm(String field, String cell, boolean decimalComma) {
        if (DATE_TIME_FIELDS.contains(field) && LOCAL_DATE_TIME.matcher(cell).matches()) {
            try {
                return LocalDateTime.parse(cell.replace(' ', 'T')).atZone(DomainRules.ZONE).toOffsetDateTime()
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                return cell;
            }
        }
        if (decimalComma && DECIMAL_FIELDS.contains(field) && DECIMAL_COMMA.matcher(cell).matches()) {
            return cell.replace(',', '.');
        }
        if (BOOLEAN_FIELDS.contains(field)) {
            String upper = cell.toUpperCase(Locale.ROOT);
            if (upper.equals("ĐÚNG")) {
                return "true";
            }
            if (upper.equals("SAI")) {
                return "false";
            }
        }
        return cell;
    }
}
