package dev.x402j.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check an endpoint must pass before it serves its first call (e.g. {@code eth_chainId}): one that fails it serves
 * another chain and is never used; one that cannot answer it (an error answer) serves unchecked. Thread-safe.
 */
final class EndpointCheck {
    // The client's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(JsonRpcClient.class);

    /** What checking an endpoint before a call found. */
    sealed interface Verdict {
        /** It may serve: it passed, cannot answer the check, was checked before, or there is no check. */
        record Serves() implements Verdict {}

        /** It answered the check with a transient error: the attempt fails like one answered so. */
        record Busy(Answer answer) implements Verdict {}

        /** It serves another chain: out of service for good, and said so in the log. */
        record WrongChain() implements Verdict {}
    }

    private final String network;
    private final Call call;
    private final Function<JsonNode, Optional<String>> problem;
    private final JsonRpcExchange exchange;
    private final Predicate<JsonRpcException> isTransient;

    /**
     * @param call sent once to each endpoint, or null for no check
     * @param problem reads the answer: a problem (e.g. {@code "serves chain id 1, not 8453"}), or empty
     */
    EndpointCheck(String network, Call call, Function<JsonNode, Optional<String>> problem, JsonRpcExchange exchange,
            Predicate<JsonRpcException> isTransient) {
        this.network = network;
        this.call = call;
        this.problem = problem;
        this.exchange = exchange;
        this.isTransient = isTransient;
    }

    /** Checks {@code endpoint} unless it was checked before; a WrongChain endpoint is marked misconfigured. */
    Verdict before(Endpoint endpoint, Duration timeout) throws TransportFailure {
        if (call == null || endpoint.checked) {
            return new Verdict.Serves();
        }
        Answer checked = exchange.exchange(endpoint, List.of(call), timeout, call.method()).get(0);
        if (checked.failed() && isTransient.test(checked.error())) {
            return new Verdict.Busy(checked);
        }
        Optional<String> found = judge(endpoint, checked);
        if (found.isEmpty()) {
            return new Verdict.Serves();
        }
        endpoint.misconfigured = "the RPC endpoint " + endpoint.loggable + " " + found.get() + ": check its URL";
        endpoint.health.success(); // it answered: only its chain is wrong
        log.error("{}: {}; it is not used", network, endpoint.misconfigured);
        return new Verdict.WrongChain();
    }

    /** Reads the endpoint check's answer: a problem, or empty when the endpoint may serve (and is checked). */
    private Optional<String> judge(Endpoint endpoint, Answer checked) {
        if (checked.failed()) {
            log.debug("{}: {} cannot answer the endpoint check ({}); using it unchecked", network, endpoint.loggable,
                    checked.error().rpcMessage());
            endpoint.checked = true;
            return Optional.empty();
        }
        Optional<String> found = problem.apply(checked.result());
        if (found.isEmpty()) {
            endpoint.checked = true;
        }
        return found;
    }
}
