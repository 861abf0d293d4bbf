package vn.pulse.core.geography;

import java.math.BigDecimal;

/**
 * A year's plan for the value of imports and exports through the data set's gates.
 *
 * @param year                 the year planned
 * @param planValueUsd         the plan, in US dollars
 * @param previousYearValueUsd the value actually cleared the year before, in US dollars
 */
public record PlannedTrade(int year, BigDecimal planValueUsd, BigDecimal previousYearValueUsd) {
}
