package dev.x402j.server;

import java.util.Map;
import java.util.Optional;

/**
 * Where the server reads the environment variables of its configuration ({@code EVM_PRIVATE_KEY}, {@code PORT}, …).
 * The application uses {@link #system()}; tests pass a map with {@link #of(Map)}, so the real environment of the
 * machine that runs them cannot change their outcome.
 */
@FunctionalInterface
public interface EnvironmentVariables {

    /** The raw value of a variable, or {@code null} when it is not set. */
    String raw(String name);

    /** The value of a variable with surrounding blanks removed; empty when unset or blank. */
    default Optional<String> get(String name) {
        String value = raw(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** The process environment. */
    static EnvironmentVariables system() {
        return System::getenv;
    }

    /** A fixed set of variables. */
    static EnvironmentVariables of(Map<String, String> variables) {
        return new Fixed(Map.copyOf(variables));
    }

    /** A fixed set of variables; {@link #toString()} shows their names only. */
    record Fixed(Map<String, String> variables) implements EnvironmentVariables {
        @Override
        public String raw(String name) {
            return variables.get(name);
        }

        @Override
        public String toString() {
            return "EnvironmentVariables" + new java.util.TreeSet<>(variables.keySet());
        }
    }
}
