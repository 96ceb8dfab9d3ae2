package org.sparkharness.data.dataset;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.executors.io.HadoopConf;

/**
 * A dataset directory on any Hadoop file system.
 *
 * <p>{@code dirUri} is either a URI with a scheme ({@code file:///data/fm}, {@code hdfs://nn:8020/data/fm},
 * {@code s3a://bucket/fm}) or a plain path, which always means the local file system (relative paths resolve
 * against the working directory), whatever {@code fs.defaultFS} says. The {@link FileSystem} comes from Hadoop's
 * cache and is not closed here.
 */
public final class DatasetDir {

    /** {@code scheme:} as in RFC 3986, at least two characters so that {@code C:\x} is not mistaken for one. */

    private final FileSystem fs;
    private final Path dir;

    private DatasetDir(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
    }

    /** Resolves {@code dirUri} with a default Hadoop {@link Configuration} (core-site.xml from the classpath). */
    public static DatasetDir open(String dirUri) {
        return open(dirUri, HadoopConf.get());
    }

    /**
     * Resolves {@code dirUri} on its file system.
     *
     * @param hadoopConf e.g. {@code spark.sparkContext().hadoopConfiguration()} for cluster credentials
     */
    public static DatasetDir open(String dirUri, Configuration hadoopConf) {
        Objects.requireNonNull(dirUri, "dirUri");
        Objects.requireNonNull(hadoopConf, "hadoopConf");
        if (dirUri.isBlank()) {
            throw new IllegalArgumentException("dataset directory is blank; set the data.dir config field");
        }
        // A path without a scheme belongs to fs.defaultFS (the local disk unless the cluster says otherwise).
        Path path = new Path(dirUri);
        try {
            FileSystem fs = path.getFileSystem(hadoopConf);
            return new DatasetDir(fs, fs.makeQualified(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of dataset directory " + dirUri + ": "
                    + e.getMessage(), e);
        }
    }

    /** The qualified directory URI, e.g. {@code file:/work/data/fashion-mnist}. */
    public String uri() {
        return dir.toString();
    }

    /** The qualified URI of {@code name} inside this directory. */
    public String uri(String name) {
        return new Path(dir, name).toString();
    }

    /** For messages: the plain path of a local directory ({@code /work/data/fm}), else the URI. */
    public String display() {
        return isLocal() ? localPath() : uri();
    }

    /** For messages: the plain local path of {@code name}, else its URI. */
    public String display(String name) {
        return isLocal() ? new Path(dir, name).toUri().getPath() : uri(name);
    }

    /** True for the local file system, where {@link #localPath()} is meaningful. */
    public boolean isLocal() {
        return "file".equals(dir.toUri().getScheme());
    }

    /** The local path of this directory; only meaningful when {@link #isLocal()}. */
    public String localPath() {
        return dir.toUri().getPath();
    }

    /** Whether the directory exists. */
    public boolean exists() {
        try {
            return fs.getFileStatus(dir).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + uri() + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code name} exists in this directory as a regular file. */
    public boolean hasFile(String name) {
        try {
            return fs.getFileStatus(new Path(dir, name)).isFile();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + uri(name) + ": " + e.getMessage(), e);
        }
    }

    /** All bytes of {@code name}; dataset files are read whole so that they can be hashed before parsing. */
    public byte[] readAll(String name) {
        Path file = new Path(dir, name);
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return display();
    }
}
