package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws IOException {
        for (String name : List.of("b.txt", "a.txt", "B.txt", "sub/z.txt", "sub/deeper/y.txt", ".hidden",
                "_SUCCESS", "SHA256SUMS", ".cache/x.txt", "_tmp/x.txt", "sub/SHA256SUMS", "é.txt", "😀.txt",
                "\uFF5E.txt")) {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, name);
        }
    }

    private InputFiles list(String path) {
        return InputFiles.list(path, new Configuration(), name -> true);
    }

    @Test
    void listsADirectoryRecursivelyInCodePointOrderSkippingHiddenAndChecksums() {
        InputFiles files = list(dir.toString());
        assertEquals(List.of("B.txt", "a.txt", "b.txt", "sub/deeper/y.txt", "sub/z.txt", "é.txt", "\uFF5E.txt",
                "😀.txt"), files.names(), "U+1F600 sorts after U+FF5E by code point, before it in UTF-16");
        assertEquals("file:" + dir.toAbsolutePath(), files.base());
        assertEquals(dir.resolve("sub/z.txt").toUri().getPath(), files.path(4).toUri().getPath());
        assertEquals("sub/z.txt".length(), files.size(4));
        assertEquals(files.names().stream().mapToLong(String::length).sum()
                + "é".getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 1
                + "😀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 2
                + "\uFF5E".getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 1, files.totalBytes());
    }

    @Test
    void aFileIsNamedRelativeToItsFolder() {
        InputFiles one = list(dir.resolve("sub/z.txt").toString());
        assertEquals(List.of("z.txt"), one.names());
        assertEquals("file:" + dir.resolve("sub").toAbsolutePath(), one.base());
    }

    @Test
    void globsMatchFilesAndFolders() {
        assertEquals(List.of("a.txt", "b.txt"), list(dir.resolve("[ab].txt").toString()).names());
        assertEquals(List.of("sub/deeper/y.txt", "sub/z.txt"), list(dir.resolve("s*").toString()).names(),
                "a matched folder is listed recursively");
    }

    @Test
    void theFilterSeesRelativePaths() {
        List<String> seen = new ArrayList<>();
        InputFiles files = InputFiles.list(dir.toString(), new Configuration(), name -> {
            seen.add(name);
            return name.startsWith("sub/");
        });
        assertEquals(List.of("sub/deeper/y.txt", "sub/z.txt"), files.names());
        assertTrue(seen.contains("a.txt"));
        assertEquals(List.of("sub/z.txt"), files.slice(1, 2).names());
    }

    @Test
    void nothingThereIsFileNotFound() {
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> list(dir.resolve("absent").toString()));
        assertInstanceOf(FileNotFoundException.class, missing.getCause());
        UncheckedIOException noMatch = assertThrows(UncheckedIOException.class,
                () -> list(dir.resolve("*.csv").toString()));
        assertInstanceOf(FileNotFoundException.class, noMatch.getCause());
    }
}
