package dev.x402j.server;

/**
 * A setting that stops the server from starting. The message is one sentence that names the setting (the environment
 * variable or the {@code application.yml} key it came from) and what is wrong with it; it never contains a secret.
 */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String sentence) {
        super(sentence, null, false, false);
    }
}
