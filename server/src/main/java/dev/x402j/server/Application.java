package dev.x402j.server;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the facilitator server. Configuration: environment variables, then {@code application.yml} (see
 * {@link ServerSettings}). Without a private key of any chain family it runs in dev mode on each family's local chain.
 *
 * <p>A start-up failure prints one line on standard error — for a bad setting, the sentence that names it — and exits
 * with status 2, without a stack trace.
 */
public final class Application {
    private static final Logger log = LoggerFactory.getLogger(Application.class);

    /**
     * The environment variables of the general settings that Micronaut would also map onto {@code x402j.*} keys (every
     * {@code X402J_*} one): the server reads them itself, with their precedence over the configuration file.
     */
    static final String[] EXPLICITLY_MAPPED = GeneralSettings.all().stream()
            .flatMap(setting -> setting.env().stream())
            .filter(variable -> variable.startsWith("X402J_"))
            .toArray(String[]::new);

    private Application() {}

    public static void main(String[] args) {
        EnvironmentVariables env = EnvironmentVariables.system();
        Map<String, Object> properties = new HashMap<>();
        try {
            // PORT is mapped here, before the server binds; x402j.port is mapped in application.yml.
            String portVariable = GeneralSettings.variable(GeneralSettings.PORT);
            env.get(portVariable).ifPresent(port ->
                    properties.put("micronaut.server.port", ServerSettings.parsePort(portVariable, port)));
        } catch (SettingsException e) {
            fail(e.getMessage());
        }
        new Launcher().mainClass(Application.class).args(args).properties(properties)
                // Read by the server itself (which names a bad value in its sentence); Micronaut's own mapping of
                // X402J_* onto x402j.* keys would make them look like configuration-file keys too.
                .environmentVariableExcludes(EXPLICITLY_MAPPED)
                .banner(false)
                .start();
    }

    private static void fail(String sentence) {
        System.err.println("x402j server cannot start: " + sentence);
        System.exit(2);
    }

    /** The one line that explains a start-up failure: a bad setting's sentence, else the causes' messages. */
    static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SettingsException settings) {
                return settings.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = failure.getMessage() == null ? failure.getClass().getSimpleName() : firstLine(failure.getMessage());
        if (root == failure || root.getMessage() == null) {
            return top;
        }
        return top + " (" + firstLine(root.getMessage()) + ")";
    }

    private static String firstLine(String s) {
        int cut = s.indexOf('\n');
        return cut > 0 ? s.substring(0, cut) : s;
    }

    /** Micronaut, with start-up failures reported as one line instead of a stack trace. */
    private static final class Launcher extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            log.debug("start-up failed", exception);
            fail(explain(exception));
        }
    }
}
