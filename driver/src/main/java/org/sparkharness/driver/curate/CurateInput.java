package org.sparkharness.driver.curate;

import java.io.Serializable;
import java.util.List;
import org.sparkharness.data.text.corpus.CorpusConfig;
import org.sparkharness.data.text.corpus.CorpusInput;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * What a pipeline reads: text corpora ({@code text}, a list of inputs read in order with ids continuing across
 * them; {@code limit} previews the first N documents) for filter and dedup stages, or an image training set
 * ({@code images}) for score, prune and noise stages. Exactly one of the two.
 */
public record CurateInput(List<CorpusInput> text, Long limit, ImagesInput images) implements Serializable {
    public CurateInput {
        if ((text == null || text.isEmpty()) == (images == null)) {
            throw new ConfigException("input", text == null ? images : text,
                    "give exactly one of input.text (a list of corpora: formats " + CorpusInput.FORMATS
                            + ") or input.images");
        }
        text = text == null ? null : List.copyOf(text);
        if (limit != null && text == null) throw new ConfigException("limit", limit, "applies to input.text only; "
                + "use input.images.limit");
    }

    /** The text inputs as the corpus reader's config (validates the limit). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public CorpusConfig corpus() {
        return new CorpusConfig(text, limit);
    }

    /** Whether this is a text pipeline (not an accessor: config.yaml must not gain a field). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean textual() { return text != null; }
}
