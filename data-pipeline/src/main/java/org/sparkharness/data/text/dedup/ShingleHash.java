package org.sparkharness.data.text.dedup;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * The 64-bit hash of one shingle (its words joined by single spaces, UTF-8). Both are datatrove's
 * ({@code utils/hashes}): {@link #SHA1} is {@code sha1_hash64}, the first 8 bytes of the SHA-1 digest read
 * little-endian, the project default (docs/algorithms/data-pipeline.md §3.2); {@link #XXHASH64} is
 * {@code xxh64_intdigest} with seed 0, which datatrove's {@code HashConfig} has defaulted to since its "Migrate dedup
 * to xxhash" change (#179).
 */
public enum ShingleHash {
    SHA1("sha1"),
    XXHASH64("xxhash64");

    private final String key;

    ShingleHash(String key) {
        this.key = key;
    }

    /** The name in config files. */
    @JsonValue
    public String key() {
        return key;
    }

    /** Case-insensitive; the error lists the accepted names. */
    @JsonCreator
    public static ShingleHash of(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (ShingleHash h : values()) {
                if (h.key.equals(n)) {
                    return h;
                }
            }
        }
        throw new ConfigException("shingleHash", name, "must be one of sha1, xxhash64");
    }

    /** A hasher for one thread (SHA-1 keeps a digest and a buffer). */
    public Hasher newHasher() {
        if (this == XXHASH64) {
            return (buf, off, len) -> XXH64.hashUnsafeBytes(buf, Platform.BYTE_ARRAY_OFFSET + off, len, 0L);
        }
        return new Sha1Hasher();
    }

    /** Hashes a byte range; not thread-safe. */
    @FunctionalInterface
    public interface Hasher {
        long hash(byte[] buf, int off, int len);
    }

    private static final class Sha1Hasher implements Hasher {
        private final MessageDigest sha1;
        private final byte[] digest = new byte[20];

        Sha1Hasher() {
            try {
                sha1 = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required of every Java platform", e);
            }
        }

        @Override
        public long hash(byte[] buf, int off, int len) {
            sha1.update(buf, off, len);
            try {
                sha1.digest(digest, 0, 20);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (digest[i] & 0xFFL);
            }
            return v;
        }
    }
}
