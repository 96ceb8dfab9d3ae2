package org.sparkharness.data.text.filter;

import java.io.Serializable;
import java.util.List;

/**
 * One family of text quality rules (Gopher quality, Gopher repetition, C4, FineWeb). Rules run in a fixed order
 * and the first failing one names the drop; implementations are immutable and thread-safe, all per-document state
 * lives in the {@link Doc}.
 */
public interface QualityFilter extends Serializable {

    /** The family's config name, e.g. {@code gopher_quality}. */
    String family();

    /** Every reason {@link #check} can return, in rule order. */
    List<String> reasons();

    Verdict check(Doc doc);
}
