package org.sparkharness.driver.ps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.sparkharness.driver.config.BackupConfig;

class BackupPolicyTest {
    private final RoundHistory empty = new RoundHistory(10);

    @Test
    void noBackupWaitsForEveryWorker() {
        assertEquals(16, BackupPolicy.from(new BackupConfig.None()).awaitCount(16, empty));
    }

    @Test
    void staticBackupWaitsForTheFastestNMinusB() {
        assertEquals(14, BackupPolicy.from(new BackupConfig.Static(2)).awaitCount(16, empty));
    }

    @Test
    void staticBackupNeverWaitsForFewerThanOne() {
        for (int n = 1; n <= 8; n++) {
            for (int b = 0; b <= 10; b++) {
                int k = new BackupPolicy.StaticBackup(b).awaitCount(n, empty);
                assertEquals(Math.max(1, n - b), k, "n=" + n + " b=" + b);
            }
        }
    }

    @Test
    void negativeBackupCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BackupPolicy.StaticBackup(-1));
    }
}
