package dev.x402j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link JavaProcess} runs: the command line ({@code java.home}'s {@code bin/java}, JVM options, {@code -D}
 * system properties, {@code -cp} class path, main class, arguments), the working directory and the environment, which
 * is only {@link #BASIC_ENVIRONMENT} and {@code env} unless inherited. Immutable; the maps keep their order.
 *
 * @param workingDirectory {@code null}: this JVM's
 */
record JavaCommand(
        String mainClass,
        List<String> jvmArgs,
        Map<String, String> systemProperties,
        String classPath,
        List<String> args,
        Path workingDirectory,
        Map<String, String> env,
        boolean inheritEnvironment) {
    /** The variables of this JVM's environment a process gets when it does not inherit the whole environment. */
    static final List<String> BASIC_ENVIRONMENT = List.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL");

    JavaCommand {
        jvmArgs = List.copyOf(jvmArgs);
        systemProperties = Collections.unmodifiableMap(new LinkedHashMap<>(systemProperties));
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** The command line. */
    List<String> line() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** The main class's simple name. */
    String simpleName() {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    /**
     * Starts the process, its standard error merged into its standard output.
     *
     * @param label the process's name in the message if it cannot start
     */
    Process start(String label) {
        List<String> command = line();
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        Map<String, String> environment = pb.environment();
        if (!inheritEnvironment) {
            Map<String, String> basic = new LinkedHashMap<>();
            for (String variable : BASIC_ENVIRONMENT) {
                String value = environment.get(variable);
                if (value != null) {
                    basic.put(variable, value);
                }
            }
            environment.clear();
            environment.putAll(basic);
        }
        environment.putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start " + label + " (" + command.get(0) + " … " + mainClass + ")", e);
        }
    }
}
