package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sparkharness.optimizers.config.ConfigException;

class CorpusInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsDependOnTheFormat() {
        CorpusInput jargon = CorpusInput.of("jargon", "data/jargon");
        assertEquals("jargon", jargon.name());
        assertEquals(40, jargon.linesPerDoc());
        assertNull(jargon.textField());

        CorpusInput jsonl = CorpusInput.of("jsonl", "in/");
        assertEquals("text", jsonl.textField());
        assertNull(jsonl.idField());
        assertNull(jsonl.sourceField());
        assertNull(jsonl.linesPerDoc());

        CorpusInput parquet = CorpusInput.of("parquet", "in/");
        assertEquals("id", parquet.idField());
        assertEquals("source", parquet.sourceField());
    }

    @Test
    void bindsFromJsonByComponentName() throws Exception {
        CorpusInput in = JSON.readValue("{\"format\":\"jsonl\",\"path\":\"s3a://b/crawl/\",\"textField\":\"content\","
                + "\"limit\":1000,\"partitions\":8}", CorpusInput.class);
        assertEquals(new CorpusInput("jsonl", "s3a://b/crawl/", "jsonl", 1000L, 8, "content", null, null, null), in);
        assertEquals(in, JSON.readValue(JSON.writeValueAsString(in), CorpusInput.class));
    }

    @Test
    void rejectsWhatCannotBeRead() {
        assertEquals("format", assertThrows(ConfigException.class, () -> CorpusInput.of("csv", "x")).path());
        assertEquals("format", assertThrows(ConfigException.class, () -> CorpusInput.of(null, "x")).path());
        assertEquals("path", assertThrows(ConfigException.class, () -> CorpusInput.of("text", " ")).path());
        assertEquals("limit", assertThrows(ConfigException.class,
                () -> CorpusInput.of("text", "x").withLimit(0L)).path());
        assertEquals("partitions", assertThrows(ConfigException.class,
                () -> CorpusInput.of("text", "x").withPartitions(0)).path());
        assertEquals("linesPerDoc", assertThrows(ConfigException.class,
                () -> CorpusInput.of("jargon", "x").withLinesPerDoc(0)).path());
        assertEquals("name", assertThrows(ConfigException.class, () -> CorpusInput.of("text", "x").withName(""))
                .path());
    }

    @Test
    void rejectsOptionsOfOtherFormats() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CorpusInput.of("europarl", "x").withTextField("body"));
        assertEquals("textField", e.path());
        assertEquals("textField = body: applies to jsonl and parquet only", e.getMessage());
        assertEquals("linesPerDoc", assertThrows(ConfigException.class,
                () -> CorpusInput.of("jsonl", "x").withLinesPerDoc(40)).path());
        assertEquals("idField", assertThrows(ConfigException.class,
                () -> CorpusInput.of("jsonl", "x").withTextField("text").withIdField("text")).path());
    }

    @Test
    void jacksonReportsTheFailedRule() {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> JSON.readValue("{\"format\":\"europarl\",\"path\":\"x\",\"limit\":-1}", CorpusInput.class));
        assertEquals("limit", ((ConfigException) e.getCause()).path());
    }

    @Test
    void theStandardCorpusIsEuroparlThenSpamAssassinThenJargon() {
        CorpusConfig standard = CorpusConfig.standard("/data");
        assertEquals(List.of("europarl", "spam-assassin", "jargon"),
                standard.inputs().stream().map(CorpusInput::format).collect(Collectors.toList()));
        assertEquals(List.of("/data/europarl", "/data/spam-assassin", "/data/jargon"),
                standard.inputs().stream().map(CorpusInput::path).collect(Collectors.toList()));
        assertEquals(CorpusConfig.standard("data"), CorpusConfig.defaults());
        assertEquals("inputs", assertThrows(ConfigException.class, () -> new CorpusConfig(List.of(), null)).path());
        assertEquals("limit", assertThrows(ConfigException.class, () -> standard.withLimit(0L)).path());
    }

    @Test
    void corpusConfigBindsFromJson() throws Exception {
        CorpusConfig c = JSON.readValue("{\"inputs\":[{\"format\":\"text\",\"path\":\"docs/\"}],\"limit\":5}",
                CorpusConfig.class);
        assertEquals(new CorpusConfig(List.of(CorpusInput.of("text", "docs/")), 5L), c);
        assertEquals(3, JSON.readValue("{}", CorpusConfig.class).inputs().size(), "no inputs: the §4 corpus");
    }
}
