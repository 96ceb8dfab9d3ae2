package org.sparkharness.driver.rounds;

/**
 * Jackson's value filter for metrics lines ({@code @JsonInclude(value = CUSTOM, valueFilter = Absent.class)}): a
 * null or a non-finite number is left out of the line rather than written as {@code null} or a bare {@code NaN},
 * which is not JSON.
 */
public final class Absent {
    @Override
    public boolean equals(Object value) {
        return value == null || value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f);
    }

    @Override
    public int hashCode() { return 0; }
}
