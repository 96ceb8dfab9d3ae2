package org.sparkharness.driver.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/** Checkpoints are checksummed: a file cut short or damaged is reported and skipped for the next older one. */
class CheckpointStoreTest {
    @TempDir
    Path dir;

    private CheckpointStore store() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        fs.setWriteChecksum(false);
        return new CheckpointStore(fs, new org.apache.hadoop.fs.Path(dir.toUri()), 3);
    }

    private static Checkpoint checkpoint(long round) {
        ParamTable params = ParamTable.of(Map.of("w", Nd4j.createFromArray(new float[] {round, round + 0.5f, -1f})));
        return new Checkpoint(round, 7, params, OptimizerState.initial(Map.of("m", params.zerosLike())),
                Map.of("memory", new byte[] {1, 2, (byte) round}));
    }

    private Path file(long round) {
        return dir.resolve(String.format("ckpt-%09d.bin", round));
    }

    @Test
    void whatIsSavedReadsBackWithItsState() throws Exception {
        CheckpointStore s = store();
        s.save(checkpoint(10));
        Checkpoint back = s.latest().orElseThrow();
        assertEquals(10, back.round());
        assertEquals(7, back.seed());
        assertArrayEquals(new float[] {10, 10.5f, -1}, back.params().get("w").toFloatVector());
        assertArrayEquals(new byte[] {1, 2, 10}, back.sections().get("memory"));
    }

    @Test
    void aTruncatedNewestCheckpointIsSkippedForTheNextOlder() throws Exception {
        CheckpointStore s = store();
        for (long r : new long[] {10, 20, 30}) s.save(checkpoint(r));
        try (RandomAccessFile f = new RandomAccessFile(file(30).toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        List<String> warnings = new ArrayList<>();
        assertEquals(20, s.latest(warnings::add).orElseThrow().round());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("ckpt-000000030.bin") && warnings.get(0).contains("ends early")
                        && warnings.get(0).contains("next older"),
                warnings.get(0));
    }

    @Test
    void aDamagedByteFailsTheChecksum() throws Exception {
        CheckpointStore s = store();
        for (long r : new long[] {10, 20}) s.save(checkpoint(r));
        byte[] bytes = Files.readAllBytes(file(20));
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file(20), bytes);
        List<String> warnings = new ArrayList<>();
        assertEquals(10, s.latest(warnings::add).orElseThrow().round());
        assertTrue(warnings.get(0).contains("ckpt-000000020.bin"), warnings.toString());
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> s.read(new org.apache.hadoop.fs.Path(file(20).toUri())));
        assertTrue(e.getMessage().startsWith("cannot read checkpoint"), e.getMessage());
    }

    @Test
    void withEveryCheckpointDamagedThereIsNoneToResumeFrom() throws Exception {
        CheckpointStore s = store();
        s.save(checkpoint(5));
        Files.write(file(5), new byte[] {0, 1, 2});
        List<String> warnings = new ArrayList<>();
        assertTrue(s.latest(warnings::add).isEmpty());
        assertEquals(1, warnings.size());
    }

    @Test
    void anAtomicWriteReplacesAnExistingFileWithoutATempLeft() throws Exception {
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("manifest.json").toUri());
        RunFiles.writeString(fs, target, "old");
        RunFiles.writeString(fs, target, "new");
        assertEquals("new", Files.readString(dir.resolve("manifest.json")));
        try (var in = fs.open(target)) {
            assertEquals("new", new String(in.readAllBytes()), "the checksum side file moved with its data");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(".manifest.json.crc", "manifest.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp file is left");
        }
    }
}
