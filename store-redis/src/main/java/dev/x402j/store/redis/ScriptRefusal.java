package dev.x402j.store.redis;

/**
 * A script refused a change with an {@code X402J_…} error reply (checked before it wrote anything). Internal: the
 * stores turn it into the port's exception ({@code InvalidTransitionException}, {@code IllegalArgumentException}).
 */
final class ScriptRefusal extends RuntimeException {
    static final String PREFIX = "X402J_";

    private final String code;
    private final String detail;

    ScriptRefusal(String reply) {
        super(reply, null, false, false);
        String body = reply.substring(PREFIX.length());
        int space = body.indexOf(' ');
        this.code = space < 0 ? body : body.substring(0, space);
        this.detail = space < 0 ? "" : body.substring(space + 1);
    }

    /** The code after {@code X402J_}, e.g. {@code BAD_STATE}. */
    String code() {
        return code;
    }

    /** What follows the code, e.g. the current state; empty if nothing. */
    String detail() {
        return detail;
    }
}
