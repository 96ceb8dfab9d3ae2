package org.sparkharness.driver;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starting other JVMs from a test: this JVM's java binary and the flags Spark and ND4J need (the --add-opens list). */
public final class TestJvm {
    private TestJvm() {}

    /** {@code java} followed by this JVM's --add-opens, -D and native-access flags (not its heap size). */
    public static List<String> javaWithFlags() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("-D") || flag.startsWith("-XX:+Ignore")
                    || flag.startsWith("--enable-native-access") || flag.startsWith("--sun-misc")) {
                command.add(flag);
            }
        }
        return command;
    }
}
