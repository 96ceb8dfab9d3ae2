package org.sparkharness.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.table.RowProblem;

/** Where a file sits decides its class or its problem; paths compare without scheme and authority. */
class ImageFoldersTest {
    private static final List<String> CLASSES = List.of("Ankle boot", "Bag", "Coat");
    private static final ImageSize SIZE = new ImageSize(1, 1, 1);

    static Row example(String file, byte[] content) {
        return ImageFolders.example("/data/shoes/train", CLASSES, SIZE, file, content);
    }

    @Test
    void theRelativePathIgnoresSchemeAndAuthority() {
        assertEquals("Bag/1.png", ImageFolders.relative("/data/shoes/train", "hdfs://nn:8020/data/shoes/train/Bag/1.png"));
        assertEquals("Bag/1.png", ImageFolders.relative("/data/shoes/train/", "file:/data/shoes/train/Bag/1.png"));
        assertEquals("Ankle boot/x y.png", ImageFolders.relative("/data/shoes/train", "file:/data/shoes/train/Ankle boot/x y.png"));
    }

    @Test
    void theFirstFolderIsTheClassEvenForFilesDeeperDown() throws Exception {
        byte[] png = ImagePixelsTest.png(ImagePixelsTest.grey(new int[][] {{51}}));
        Row r = example("file:/data/shoes/train/Coat/winter/1.png", png);
        assertEquals("Coat/winter/1.png", r.getString(0));
        assertEquals(0.2, ((Vector) r.get(1)).apply(0), 1e-12);
        assertEquals(2.0, r.getDouble(2));
        assertEquals(RowProblem.NONE.code(), r.getInt(4));
        assertEquals(1, r.getInt(5));
    }

    @Test
    void aFileOutsideAClassFolderOrInAnUnknownOneIsABadRowWithoutDecoding() {
        Row stray = example("file:/data/shoes/train/1.png", new byte[] {1});
        assertEquals(RowProblem.MISPLACED_FILE.code(), stray.getInt(4));
        assertNull(stray.get(1));
        assertNull(stray.get(2));
        assertEquals(-1, stray.getInt(5));
        assertEquals(RowProblem.UNKNOWN_CLASS.code(), example("file:/data/shoes/train/Hat/1.png", new byte[0]).getInt(4));
        Row empty = example("file:/data/shoes/train/Bag/1.png", new byte[0]);
        assertEquals(RowProblem.EMPTY_FILE.code(), empty.getInt(4));
        assertEquals(1.0, empty.getDouble(2), "a bad file in a class folder keeps its class for the examples shown");
    }
}
