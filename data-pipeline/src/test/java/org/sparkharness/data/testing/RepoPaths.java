package org.sparkharness.data.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the multi-module repository root, where {@code testdata/} and {@code data/} live. */
public final class RepoPaths {

    private RepoPaths() {
    }

    /**
     * The system property {@code harness.root} (surefire sets it to the multi-module root), else the nearest
     * ancestor of {@code user.dir} that contains {@code testdata/}.
     */
    public static Path root() {
        String configured = System.getProperty("harness.root");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured, "testdata"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("testdata")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.normalize();
            }
        }
        throw new IllegalStateException("cannot find the repository root: harness.root is " + configured
                + " and no ancestor of " + System.getProperty("user.dir") + " has testdata/ and pom.xml");
    }

    /** {@code <root>/testdata/<name>}. */
    public static Path testdata(String name) {
        return root().resolve("testdata").resolve(name);
    }
}
