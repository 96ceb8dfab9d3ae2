package org.sparkharness.data.text.corpus;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.sparkharness.data.dataset.DatasetDir;

/**
 * The files of one input, in the order ids follow: sorted by their path relative to the input (Unicode code point
 * order, as Python's {@code sorted} does), which is also how locations name them.
 */
final class InputFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checksum files written by scripts/fetch-data sit next to the data; never part of a corpus. */
    static final String CHECKSUMS = "SHA256SUMS";

    /** Code point order; differs from {@link String#compareTo} only around surrogate pairs. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    /** Qualified URI of the directory names are relative to. */
    private final String base;
    private final List<String> names;
    private final List<Long> sizes;

    private InputFiles(String base, List<String> names, List<Long> sizes) {
        this.base = base;
        this.names = List.copyOf(names);
        this.sizes = List.copyOf(sizes);
    }

    /**
     * Lists the files of {@code path}: the file itself, every file under a directory, or every match of a glob
     * (directories among the matches are listed in turn). Names starting with {@code .} or {@code _} (anywhere in the
     * relative path) and {@link #CHECKSUMS} are skipped, then {@code accept} filters relative paths.
     *
     * @throws FileNotFoundException (unchecked) when the path or glob matches nothing
     */
    static InputFiles list(String path, Configuration conf, Predicate<String> accept) {
        Path qualified = new Path(DatasetDir.open(path, conf).uri());
        try {
            FileSystem fs = qualified.getFileSystem(conf);
            List<FileStatus> roots = new ArrayList<>();
            Path base;
            if (isGlob(qualified.toUri().getPath())) {
                FileStatus[] matches = fs.globStatus(qualified);
                if (matches != null) {
                    Collections.addAll(roots, matches);
                }
                base = globFreeAncestor(qualified);
            } else {
                FileStatus status = fs.getFileStatus(qualified); // FileNotFoundException when absent
                roots.add(status);
                base = status.isDirectory() ? status.getPath() : status.getPath().getParent();
            }
            if (roots.isEmpty()) {
                throw new FileNotFoundException("no file matches " + qualified);
            }
            String basePath = fs.makeQualified(base).toUri().getPath();
            String prefix = basePath.endsWith("/") ? basePath : basePath + "/";
            List<String[]> found = new ArrayList<>();
            for (FileStatus root : roots) {
                if (root.isFile()) {
                    add(found, prefix, root);
                    continue;
                }
                listRecursively(fs, root.getPath(), status -> add(found, prefix, status));
            }
            found.removeIf(f -> !keep(f[0]) || !accept.test(f[0]));
            found.sort((x, y) -> CODE_POINT_ORDER.compare(x[0], y[0]));
            List<String> names = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            String last = null;
            for (String[] f : found) {
                if (!f[0].equals(last)) { // a glob can match a file and its directory
                    names.add(f[0]);
                    sizes.add(Long.parseLong(f[1]));
                }
                last = f[0];
            }
            return new InputFiles(fs.makeQualified(base).toString(), names, sizes);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + qualified + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every file under {@code dir}. On the local file system this walks {@code listStatus} itself:
     * {@code listFiles} builds a {@code LocatedFileStatus} per file, whose permissions Hadoop reads by running
     * {@code stat} in a subprocess when its native library is absent (20 s for the 6,046 SpamAssassin files instead of
     * 0.2 s). Elsewhere {@code listFiles} is the efficient call (a flat listing on object stores).
     */
    private static void listRecursively(FileSystem fs, Path dir, Consumer<FileStatus> sink) throws IOException {
        if (!(fs instanceof LocalFileSystem)) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                sink.accept(it.next());
            }
            return;
        }
        Deque<Path> pending = new ArrayDeque<>(List.of(dir));
        while (!pending.isEmpty()) {
            for (FileStatus status : fs.listStatus(pending.pop())) {
                if (status.isDirectory()) {
                    pending.push(status.getPath());
                } else {
                    sink.accept(status);
                }
            }
        }
    }

    private static void add(List<String[]> found, String prefix, FileStatus status) {
        String p = status.getPath().toUri().getPath();
        if (!p.startsWith(prefix)) {
            throw new IllegalStateException(p + " is not under " + prefix);
        }
        found.add(new String[] {p.substring(prefix.length()), Long.toString(status.getLen())});
    }

    private static boolean keep(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return false;
            }
        }
        return !relative.equals(CHECKSUMS) && !relative.endsWith("/" + CHECKSUMS);
    }

    static boolean isGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static Path globFreeAncestor(Path p) {
        Path base = p.getParent();
        while (base != null && isGlob(base.toUri().getPath())) {
            base = base.getParent();
        }
        if (base == null) {
            throw new IllegalArgumentException("glob " + p + " has no directory without wildcards above it");
        }
        return base;
    }

    String base() {
        return base;
    }

    int size() {
        return names.size();
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** Relative path of file {@code i}: its name in locations. */
    String name(int i) {
        return names.get(i);
    }

    List<String> names() {
        return names;
    }

    /** File {@code i}, qualified. */
    Path path(int i) {
        return WholeFiles.child(base, names.get(i));
    }

    long size(int i) {
        return sizes.get(i);
    }

    long totalBytes() {
        return sizes.stream().mapToLong(Long::longValue).sum();
    }

    /** Files {@code [from, to)}. */
    InputFiles slice(int from, int to) {
        return new InputFiles(base, names.subList(from, to), sizes.subList(from, to));
    }
}
