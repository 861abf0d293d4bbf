package vn.pulse.streams.border;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import vn.pulse.schemas.border.GateTrade;

/**
 * Sums of money and weight that fit the gate trade schema's decimals, or a clear error. Avro would
 * refuse an oversized total only when the store or the output topic serializes it; checking here
 * fails the event before anything changed and names the field.
 */
final class TradeTotals {

    private static final Map<String, LogicalTypes.Decimal> DECIMALS = Map.of(
            "exportValueUsd", decimal("exportValueUsd"), "importValueUsd", decimal("importValueUsd"),
            "exportTons", decimal("exportTons"), "importTons", decimal("importTons"));

    private TradeTotals() {
    }

    private static LogicalTypes.Decimal decimal(String field) {
        return (LogicalTypes.Decimal) GateTrade.getClassSchema().getField(field).schema().getLogicalType();
    }

    /**
     * {@code total + amount}, which must fit {@code field}'s {@code decimal(precision, scale)} in
     * {@link GateTrade}; otherwise an {@link ArithmeticException} naming the field and the total.
     */
    static BigDecimal add(String field, String totalName, BigDecimal total, BigDecimal amount) {
        BigDecimal sum = total.add(amount);
        LogicalTypes.Decimal decimal = DECIMALS.get(field);
        if (sum.scale() > decimal.getScale() || sum.precision() - sum.scale() > decimal.getPrecision() - decimal.getScale()) {
            throw new ArithmeticException(field + ": " + totalName + " would be " + sum.toPlainString() + ", more than decimal("
                    + decimal.getPrecision() + "," + decimal.getScale() + ") holds (largest " + largest(decimal) + ")");
        }
        return sum;
    }

    private static String largest(LogicalTypes.Decimal decimal) {
        return BigDecimal.TEN.pow(decimal.getPrecision() - decimal.getScale()).subtract(BigDecimal.ONE.movePointLeft(decimal.getScale()))
                .setScale(decimal.getScale()).toPlainString();
    }
}
