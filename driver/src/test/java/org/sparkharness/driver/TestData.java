package org.sparkharness.driver;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the committed test fixtures. */
public final class TestData {
    private TestData() {}

    public static Path root() {
        String prop = System.getProperty("harness.root");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("testdata"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repository's testdata/ folder");
        return p;
    }

    /** The committed 1,000 / 500 example cut of Fashion-MNIST. */
    public static String miniFashionMnist() {
        return root().resolve("testdata/fashion-mnist-mini").toString();
    }
}
