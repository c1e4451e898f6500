package dev.x402j.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Facilitator;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.family.RpcSource;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.wire.FacilitatorRequests;
import dev.x402j.core.wire.MalformedPaymentException;
import dev.x402j.core.wire.V1;
import dev.x402j.core.wire.X402Json;
import io.micronaut.http.HttpResponse;
import jakarta.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The facilitator's HTTP API, as the x402 v2 specification words it (v1 requests accepted):
 * {@code POST /verify}, {@code POST /settle}, {@code GET /supported}, {@code POST /accepts}, {@code GET /health}.
 *
 * <p>A payment, valid or not, is answered 200 with the x402 body; a body that cannot be read as x402 is answered 400
 * {@code {"error": reason, "message": …}}. Chain I/O blocks, so every call runs on a virtual thread.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class FacilitatorController {
    private final Facilitator facilitator;
    private final NetworkRegistry networks;
    private final ServerSettings settings;
    private final ServedFamilies served;

    FacilitatorController(Facilitator facilitator, ServerSettings settings, ServedFamilies served) {
        this.facilitator = facilitator;
        this.networks = facilitator.networks();
        this.settings = settings;
        this.served = served;
    }

    @Post(uri = "/verify", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> verify(@Nullable @Body String body) {
        FacilitatorRequest request = FacilitatorRequests.parse(bytes(body), networks);
        return json(facilitator.verify(request));
    }

    @Post(uri = "/settle", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> settle(@Nullable @Body String body) {
        FacilitatorRequest request = FacilitatorRequests.parse(bytes(body), networks);
        var response = facilitator.settle(request);
        return request.x402Version() == 1 ? json(V1.settleResponseToV1(response, networks)) : json(response);
    }

    /** The kinds served (v2, and v1 for networks with an x402 v1 name) and the facilitator's signer addresses. */
    @Get(uri = "/supported", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> supported() {
        return json(facilitator.supported());
    }

    /**
     * Keeps the offers of a PaymentRequired this facilitator can settle and fills in what clients need (each family's
     * scheme says what: a token's EIP-712 domain, a fee payer, a recent blockhash…). A v1 body ({@code x402Version: 1}) is answered in v1 form.
     */
    /** The most offers one {@code /accepts} request may carry. */
    static final int MAX_OFFERS = 32;

    @Post(uri = "/accepts", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> accepts(@Nullable @Body String body) {
        ObjectNode root = readObject(bytes(body));
        int offers = root.path("accepts").size();
        if (offers > MAX_OFFERS) {
            // each offer may cost a scheme's enrich work; a caller gets a bounded amount of it per request
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                    "accepts has " + offers + " offers, more than the " + MAX_OFFERS + " one request may ask about");
        }
        int version = root.path("x402Version").asInt(0);
        return switch (version) {
            case 2 -> json(facilitator.accepts(readPaymentRequired(root)));
            case 1 -> json(acceptsV1(root));
            default -> throw new MalformedPaymentException(
                    ErrorReason.INVALID_X402_VERSION, "unsupported x402Version " + root.path("x402Version"));
        };
    }

    @Get(uri = "/health", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> health() {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("status", "ok");
        o.put("mode", settings.mode().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode list = o.putArray("networks");
        for (ServedNetwork n : served.networks()) {
            network(list, n.network(), n.rpcSource());
        }
        return json(o);
    }

    /** One served network: its name, CAIP-2 id and where its RPC endpoint came from (never the URL). */
    private static void network(ArrayNode list, dev.x402j.core.Network network, RpcSource rpc) {
        ObjectNode entry = list.addObject();
        entry.put("name", network.name());
        entry.put("network", network.chainId().toString());
        entry.put("rpc", rpc.label());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private ObjectNode acceptsV1(ObjectNode root) {
        if (!(root.get("accepts") instanceof ArrayNode offers)) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "accepts must be an array");
        }
        List<PaymentRequirements> requirements = new ArrayList<>();
        ResourceInfo resource = null;
        for (JsonNode offer : offers) {
            requirements.add(V1.requirementsFromV1(offer, networks));
            if (resource == null) {
                resource = V1.resourceFromV1(offer);
            }
        }
        String error = root.path("error").isTextual() ? root.get("error").asText() : null;
        PaymentRequired served = facilitator.accepts(new PaymentRequired(2, error, resource, requirements, null));
        ObjectNode out = X402Json.mapper().createObjectNode();
        out.put("x402Version", 1);
        if (error != null) {
            out.put("error", error);
        }
        ArrayNode accepts = out.putArray("accepts");
        for (PaymentRequirements r : served.accepts()) {
            accepts.add(V1.requirementsToV1(r, resource, networks));
        }
        return out;
    }

    private static PaymentRequired readPaymentRequired(ObjectNode root) {
        try {
            return X402Json.mapper().treeToValue(root, PaymentRequired.class);
        } catch (ValueInstantiationException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : "a field is missing or invalid";
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "PaymentRequired is malformed: " + why);
        } catch (JsonProcessingException e) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "PaymentRequired is malformed: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "request body is empty");
        }
        if (body.length > FacilitatorRequests.MAX_BODY_BYTES) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                    "request body is " + body.length + " bytes, more than the " + FacilitatorRequests.MAX_BODY_BYTES + " allowed");
        }
        JsonNode tree;
        try {
            tree = X402Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "request body is not JSON");
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "request body must be a JSON object");
        }
        return root;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int cut = message.indexOf('\n');
        String s = cut > 0 ? message.substring(0, cut) : message;
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /**
     * The body's bytes. It is bound as text because Micronaut binds a raw {@code byte[]} body only when present (an
     * absent body must reach the x402 parser, which names the problem); JSON is UTF-8, so nothing is lost.
     */
    private static byte[] bytes(String body) {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }

    static HttpResponse<byte[]> json(Object value) {
        return HttpResponse.ok(X402Json.write(value)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
