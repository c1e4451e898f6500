package dev.x402j.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exchange of calls with one endpoint: a single request, or a batch whose answers are matched to the calls by id.
 * An endpoint that refuses batches is asked call by call from then on. An answer that does not fit the request
 * (unknown, repeated or missing ids) is a {@link TransportFailure}. Thread-safe.
 */
final class JsonRpcExchange {
    // The client's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(JsonRpcClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String network;
    private final HttpTransport transport;
    private final Predicate<JsonRpcException> isTransient;
    private final AtomicLong ids = new AtomicLong();

    JsonRpcExchange(String network, HttpTransport transport, Predicate<JsonRpcException> isTransient) {
        this.network = network;
        this.transport = transport;
        this.isTransient = isTransient;
    }

    /** The answers to {@code calls}, in their order; {@code what} names them in messages. */
    List<Answer> exchange(Endpoint endpoint, List<Call> calls, Duration timeout, String what) throws TransportFailure {
        if (calls.size() > 1 && endpoint.refusesBatches) {
            return oneByOne(endpoint, calls, timeout);
        }
        Map<Long, Integer> indexById = new HashMap<>();
        ArrayNode body = JSON.createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            long id = ids.incrementAndGet();
            indexById.put(id, i);
            body.add(request(id, calls.get(i)));
        }
        boolean single = calls.size() == 1;
        JsonNode answer = transport.post(endpoint, single ? body.get(0) : body, what, timeout);
        if (single && answer.isObject()) {
            return List.of(answerOf(endpoint, calls.get(0).method(), answer));
        }
        if (!answer.isArray()) {
            if (answer.isObject() && answer.hasNonNull("error") && !single) {
                JsonRpcException refusal = errorOf(what, answer.get("error"));
                if (isTransient.test(refusal)) {
                    return calls.stream().map(c -> new Answer(null, errorOf(c.method(), answer.get("error")))).toList();
                }
                log.debug("{}: {} refused a batch ({}); asking it call by call", network, endpoint.loggable,
                        refusal.rpcMessage());
                endpoint.refusesBatches = true;
                return oneByOne(endpoint, calls, timeout);
            }
            throw garbage(endpoint, "not a JSON-RPC batch answer");
        }
        Answer[] answers = new Answer[calls.size()];
        for (JsonNode item : answer) {
            JsonNode idNode = item.get("id");
            Integer index = idNode != null && idNode.canConvertToLong() ? indexById.get(idNode.asLong()) : null;
            if (index == null || answers[index] != null) {
                throw garbage(endpoint, "an answer with an unknown or repeated id");
            }
            answers[index] = answerOf(endpoint, calls.get(index).method(), item);
        }
        for (int i = 0; i < answers.length; i++) {
            if (answers[i] == null) {
                throw garbage(endpoint, "no answer to " + calls.get(i).method());
            }
        }
        return List.of(answers);
    }

    private List<Answer> oneByOne(Endpoint endpoint, List<Call> calls, Duration timeout) throws TransportFailure {
        List<Answer> answers = new ArrayList<>(calls.size());
        for (Call c : calls) {
            answers.add(exchange(endpoint, List.of(c), timeout, c.method()).get(0));
        }
        return answers;
    }

    private static ObjectNode request(long id, Call call) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.put("id", id);
        o.put("method", call.method());
        o.set("params", JSON.valueToTree(call.params()));
        return o;
    }

    private static Answer answerOf(Endpoint endpoint, String method, JsonNode item) throws TransportFailure {
        JsonNode error = item.get("error");
        if (error != null && !error.isNull()) {
            return new Answer(null, errorOf(method, error));
        }
        if (!item.has("result")) {
            throw garbage(endpoint, "an answer to " + method + " with neither result nor error");
        }
        JsonNode result = item.get("result");
        return new Answer(result == null ? NullNode.getInstance() : result, null);
    }

    private static JsonRpcException errorOf(String method, JsonNode error) {
        return new JsonRpcException(method, error.path("code").asInt(0), error.path("message").asText(""),
                error.get("data"));
    }

    private static TransportFailure garbage(Endpoint endpoint, String problem) {
        return new TransportFailure(endpoint.loggable + ": the node answered " + problem, null, null);
    }
}
