package org.sparkharness.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDirTest {

    @Test
    void plainPathsAndFileUrisResolveToTheSameLocalDirectory(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("x.bin"), new byte[] {1, 2, 3});
        String relative = Path.of(System.getProperty("user.dir")).toAbsolutePath().relativize(tmp).toString();

        for (String form : new String[] {tmp.toString(), tmp + "/", relative, tmp.toUri().toString(),
                "file://" + tmp, "file:" + tmp}) {
            DatasetDir dir = DatasetDir.open(form);
            assertTrue(dir.isLocal(), form);
            assertEquals(tmp.toString(), dir.display(), form);
            assertEquals("file:" + tmp, dir.uri(), form);
            assertEquals(tmp.resolve("x.bin").toString(), dir.display("x.bin"), form);
            assertTrue(dir.exists() && dir.hasFile("x.bin") && !dir.hasFile("y.bin"), form);
            assertArrayEquals(new byte[] {1, 2, 3}, dir.readAll("x.bin"), form);
        }
    }

    @Test
    void missingDirectoryIsReportedNotThrown(@TempDir Path tmp) {
        DatasetDir dir = DatasetDir.open(tmp.resolve("absent").toString());
        assertFalse(dir.exists());
        assertFalse(dir.hasFile("x"));
    }

    @Test
    void blankDirectoryPointsAtTheConfigField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetDir.open(" "));
        assertTrue(e.getMessage().contains("data.dir"), e.getMessage());
    }
}
