package org.sparkharness.data.text.filter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes {@code testdata/text-filters/docs.jsonl}: a few hundred short synthetic documents (id, source, location,
 * text), deterministic for a fixed seed, that trip every filter family (and most rules) plus clean prose that
 * passes, in shuffled order so that file order and id order differ. Prints the default chain's outcome per
 * category so a change in the generator or the filters shows. Test-scope main, not run by surefire:
 * <pre>
 * mvn -o -q -pl data-pipeline -am test-compile
 * java -cp data-pipeline/target/test-classes:data-pipeline/target/classes:$(cat /tmp/cp.txt) \
 *     org.sparkharness.data.text.filter.FilterFixtureGenerator testdata/text-filters/docs.jsonl
 * </pre>
 */
public final class FilterFixtureGenerator {
    private static final String[] NOUNS = {"river", "garden", "engine", "market", "village", "teacher", "window",
            "letter", "harvest", "bridge", "library", "mountain", "kitchen", "station", "forest", "council", "doctor",
            "museum", "island", "theatre", "painter", "farmer", "harbour", "journal", "orchard", "factory", "student",
            "festival", "valley", "lantern"};
    private static final String[] VERBS = {"carried", "painted", "visited", "described", "repaired", "opened",
            "followed", "measured", "collected", "watched", "covered", "supported", "crossed", "reached", "welcomed",
            "finished", "noticed", "planted", "recorded", "explored"};
    private static final String[] ADJECTIVES = {"quiet", "ancient", "bright", "narrow", "famous", "careful", "golden",
            "distant", "busy", "gentle", "modern", "empty", "wooden", "crowded", "patient", "northern", "simple",
            "heavy", "local", "early"};
    private static final String[] LINKS = {"with", "of", "to", "near", "behind", "beyond", "under", "across"};
    private static final String[] FOREIGN = {"kirjasto", "talossa", "sillan", "joella", "puutarha", "kauppias",
            "opettaja", "ikkuna", "vuoren", "kylässä", "asemalla", "metsän", "neuvosto", "lääkäri", "saaren",
            "maalari", "satama", "tehdas", "laakso", "lyhty", "kantoi", "maalasi", "avasi", "seurasi", "ylitti"};

    private static final String[] TINY = {"to", "be", "or", "go", "by", "me", "up", "so", "no", "we", "it", "is", "at",
            "an", "as", "do", "if", "my"};
    private static final String[] LONG = {"extraordinary", "circumstances", "neighbourhood", "understanding",
            "communication", "refrigerator", "architecture", "photographer", "independence", "mathematician",
            "encyclopedia", "thunderstorm", "kindergarten", "headquarters"};

    private final Random rnd;

    private FilterFixtureGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    private String pick(String[] words) {
        return words[rnd.nextInt(words.length)];
    }

    /** One English sentence with stop words, a capital and a full stop. */
    private String sentence() {
        String s = "the " + pick(ADJECTIVES) + " " + pick(NOUNS) + " " + pick(VERBS) + " the " + pick(NOUNS) + " "
                + pick(LINKS) + " a " + pick(ADJECTIVES) + " " + pick(NOUNS);
        if (rnd.nextBoolean()) s += " and " + pick(VERBS) + " that " + pick(NOUNS);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
    }

    /** {@code lines} lines of two sentences each, paragraphs every three lines. */
    private String prose(int lines) {
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines; l++) {
            if (l > 0) out.append(l % 3 == 0 ? "\n\n" : "\n");
            out.append(sentence()).append(' ').append(sentence());
        }
        return out.toString();
    }

    private String foreign(int words) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < words; i++) {
            out.append(i == 0 ? "" : i % 9 == 0 ? ".\n" : " ").append(pick(FOREIGN));
        }
        return out.append('.').toString();
    }

    private record Category(String name, String source, int count, Function<Integer, String> text) {}

    private List<Category> categories() {
        List<Category> c = new ArrayList<>();
        c.add(new Category("clean prose", "prose", 80, i -> prose(4 + rnd.nextInt(5))));
        c.add(new Category("prose with javascript / cookie lines", "web", 15, i -> prose(3) + "\n"
                + (i % 2 == 0 ? "Please enable JavaScript to view the comments." : "This site uses cookies to improve it.")
                + "\n" + prose(3)));
        c.add(new Category("short", "forum", 15, i -> sentence() + " " + sentence() + (i % 3 == 0 ? "" : " " + sentence())));
        c.add(new Category("non-English", "foreign", 25, i -> foreign(60 + rnd.nextInt(60))));
        c.add(new Category("numbers", "tables", 15, i -> {
            StringBuilder t = new StringBuilder(prose(2));
            for (int k = 0; k < 60; k++) t.append(k % 6 == 0 ? "\n" : " ").append(rnd.nextInt(100000));
            return t.toString();
        }));
        c.add(new Category("hashtags", "web", 10, i -> {
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < 8; k++) t.append(sentence()).append(" #").append(pick(NOUNS)).append(" #")
                    .append(pick(ADJECTIVES)).append('\n');
            return t.toString();
        }));
        c.add(new Category("ellipsis", "forum", 8, i -> prose(3).replace(".", "...").replace("the ", "the ... ")));
        c.add(new Category("bullets", "web", 10, i -> {
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < 12; k++) t.append(k % 2 == 0 ? "- " : "  • ").append(sentence()).append('\n');
            return t.toString();
        }));
        c.add(new Category("trailing ellipsis", "forum", 8, i -> {
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < 8; k++) t.append(sentence(), 0, 40).append(k % 2 == 0 ? "...\n" : " …  \n");
            return t.toString() + prose(2);
        }));
        c.add(new Category("long words", "science", 8, i -> prose(3).replaceAll("\\b(\\w{4,})\\b", "$1$1$1")));
        c.add(new Category("short words", "chat", 6, i -> {
            StringBuilder t = new StringBuilder("The cat and the dog of it.\n");
            for (int k = 0; k < 70; k++) t.append(k % 10 == 9 ? "ok.\n" : pick(TINY) + " ");
            return t.toString();
        }));
        c.add(new Category("duplicate paragraphs", "web", 8, i -> {
            String p = sentence();
            return prose(2) + "\n\n" + p + "\n\n" + p + "\n\n" + p + "\n\n" + p + "\n\n" + prose(1);
        }));
        c.add(new Category("a long paragraph twice", "web", 5, i -> {
            String p = prose(3).replace("\n\n", " ").replace("\n", " ");
            return sentence() + "\n\n" + p + "\n\n" + sentence() + "\n\n" + p;
        }));
        c.add(new Category("a long line twice", "web", 5, i -> {
            String p = prose(3).replace("\n\n", " ").replace("\n", " ");
            return sentence() + "\n" + p + "\n" + sentence() + "\n" + p;
        }));
        c.add(new Category("duplicate lines", "web", 8, i -> {
            String menu = "Home";
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < 6; k++) t.append(sentence()).append('\n').append(menu).append('\n');
            return t.toString();
        }));
        c.add(new Category("repeated phrase", "spam", 8, i -> {
            String phrase = "buy " + pick(NOUNS) + " now";
            StringBuilder t = new StringBuilder(sentence());
            for (int k = 0; k < 15; k++) t.append(' ').append(phrase).append(k % 3 == 0 ? ". " : " ").append(pick(NOUNS));
            return t + "\n" + prose(2);
        }));
        c.add(new Category("repeated sentence blocks", "spam", 10, i -> {
            String block = sentence() + " " + sentence();
            return prose(2) + "\n" + block + "\n" + prose(1) + "\n" + block + "\n" + prose(1);
        }));
        c.add(new Category("lorem ipsum", "web", 6, i -> prose(3) + "\nLorem ipsum dolor sit amet, consectetur.\n"
                + prose(2)));
        c.add(new Category("code", "code", 8, i -> prose(4) + "\nfunction show() { return the value of it; }\n"));
        c.add(new Category("few sentences", "forum", 8, i -> {
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < 3; k++) {
                t.append(sentence().replace(".", ",")).append(' ').append(sentence().replace(".", ",")).append(' ')
                        .append(sentence()).append('\n');
            }
            return t.toString();
        }));
        c.add(new Category("no terminal punctuation", "web", 10, i -> prose(6).replace(".", "")));
        c.add(new Category("short lines", "chat", 6, i -> {
            StringBuilder t = new StringBuilder(sentence()).append('\n');
            for (int k = 0; k < 12; k++) {
                t.append("the ").append(pick(NOUNS)).append(" of ").append(pick(NOUNS)).append(k % 3 == 0 ? ".\n" : "\n");
            }
            return t + sentence();
        }));
        c.add(new Category("a repeated line", "web", 6, i -> {
            String line = sentence();
            return prose(4) + "\n" + line + "\n" + prose(4) + "\n" + line + "\n" + prose(4);
        }));
        c.add(new Category("list", "web", 6, i -> {
            StringBuilder t = new StringBuilder();
            for (int k = 0; k < 20; k++) {
                if (k % 3 == 1) {
                    t.append(pick(LONG)).append(' ').append(pick(LONG)).append(' ').append(pick(LONG));
                } else {
                    t.append(k % 2 == 0 ? "that " : "with ").append(pick(ADJECTIVES)).append(' ').append(pick(NOUNS));
                }
                t.append(k % 7 == 0 ? "!" : "").append(k < 19 ? "\n" : "");
            }
            return t.toString();
        }));
        return c;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "testdata/text-filters/docs.jsonl");
        FilterFixtureGenerator g = new FilterFixtureGenerator(20240601L);
        FilterChain chain = FilterChain.of(FilterSettings.defaults());
        ObjectMapper json = new ObjectMapper();
        List<ObjectNode> docs = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        long id = 1000;
        for (Category c : g.categories()) {
            Map<String, Integer> mine = new TreeMap<>();
            for (int i = 0; i < c.count; i++) {
                String text = c.text.apply(i);
                ObjectNode d = json.createObjectNode();
                d.put("id", id);
                d.put("source", c.source);
                d.put("text", text);
                docs.add(d);
                id += 1 + g.rnd.nextInt(3);
                FilterChain.Outcome o = chain.apply(text);
                mine.merge(o.kept() ? "kept" : o.reason(), 1, Integer::sum);
                reasons.merge(o.kept() ? "kept" : o.reason(), 1, Integer::sum);
            }
            System.out.printf("%-38s %s%n", c.name, mine);
        }
        Collections.shuffle(docs, g.rnd);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            int line = 1;
            for (ObjectNode d : docs) {
                ObjectNode ordered = json.createObjectNode();
                ordered.set("id", d.get("id"));
                ordered.set("source", d.get("source"));
                ordered.put("location", out.getFileName() + ":" + line++);
                ordered.set("text", d.get("text"));
                w.write(json.writeValueAsString(ordered));
                w.write('\n');
            }
        }
        System.out.printf("%d docs -> %s%n%s%n", docs.size(), out, reasons);
    }
}
