package org.sparkharness.data.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class Sha256SumsTest {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesLikeSha256sum() {
        assertEquals(ABC, Sha256Sums.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void parsesTextAndBinaryModeLinesSkippingBlanksAndComments() {
        String text = "# made by sha256sum\n" + ABC.toUpperCase() + "  b.gz\r\n\n" + ABC + " *a file.gz\n";

        Map<String, String> sums = Sha256Sums.parse(text, "SHA256SUMS");

        assertEquals(Map.of("a file.gz", ABC, "b.gz", ABC), sums);
        assertEquals(ABC + "  a file.gz\n" + ABC + "  b.gz\n", Sha256Sums.format(sums));
        assertEquals(sums, Sha256Sums.parse(Sha256Sums.format(sums), "round trip"));
    }

    @Test
    void malformedLineIsNamedWithItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sha256Sums.parse(ABC + "  ok\nabc123  short.gz\n", "dir/SHA256SUMS"));
        assertTrue(e.getMessage().startsWith("dir/SHA256SUMS line 2: expected"), e.getMessage());
    }
}
