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

    /** Environment variables ServerSettings maps itself that Micronaut would also map onto {@code x402j.*} keys. */
    static final String[] EXPLICITLY_MAPPED = {
        ServerSettings.X402J_RECONCILE_INTERVAL,
        ServerSettings.X402J_RECONCILE_STALE_AFTER,
        ServerSettings.X402J_RECONCILE_REPLACE_AFTER,
        ServerSettings.X402J_RPC_TIMEOUT,
        ServerSettings.X402J_RPC_CALL_DEADLINE,
        StoreSettings.X402J_REDIS_KEY_PREFIX,
        RateLimitSettings.X402J_RATE_LIMIT,
        RateLimitSettings.X402J_RATE_LIMIT_SETTLE,
        RateLimitSettings.X402J_RATE_LIMIT_WINDOW,
        RateLimitSettings.X402J_RATE_LIMIT_TRUSTED_PROXIES
    };

    private Application() {}

    public static void main(String[] args) {
        EnvironmentVariables env = EnvironmentVariables.system();
        Map<String, Object> properties = new HashMap<>();
        try {
            // PORT is mapped here, before the server binds; x402j.port is mapped in application.yml.
            env.get(ServerSettings.PORT).ifPresent(port ->
                    properties.put("micronaut.server.port", ServerSettings.parsePort(ServerSettings.PORT, port)));
        } catch (SettingsException e) {
            fail(e.getMessage());
        }
        new Launcher().mainClass(Application.class).args(args).properties(properties)
                // Read by ServerSettings itself (which names a bad value in its sentence); Micronaut's own mapping of
                // X402J_* onto x402j.* would otherwise fail first, converting them, with an opaque message.
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
