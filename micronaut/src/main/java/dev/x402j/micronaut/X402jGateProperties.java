package dev.x402j.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code x402j.gate.*}: how the payment gate behaves, and the defaults of {@link Paid} offers. */
@ConfigurationProperties("x402j.gate")
public class X402jGateProperties {
    private boolean enabled = true;
    private String network;
    private String payTo;
    private boolean settleBeforeHandler;
    private Duration acceptsTtl;
    private List<String> paymentHeaderAliases = new ArrayList<>();

    /**
     * Whether the payment filter runs. Default true; false leaves every route free.
     *
     * @param enabled true to charge for paid routes
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /**
     * The network of a {@link Paid} offer or configured offer that names none (a name such as {@code base} or a
     * CAIP-2 id).
     *
     * @param network a network name or CAIP-2 id
     */
    public void setNetwork(String network) {
        this.network = network;
    }

    public String getNetwork() {
        return network;
    }

    /**
     * The recipient of a {@link Paid} offer or configured offer that names none.
     *
     * @param payTo an address on the offer's network
     */
    public void setPayTo(String payTo) {
        this.payTo = payTo;
    }

    public String getPayTo() {
        return payTo;
    }

    /**
     * Settle before running the handler instead of after a successful one (default false: a failed handler is not
     * charged). Before-settlement suits handlers with effects that cannot be undone.
     *
     * @param settleBeforeHandler true to settle first
     */
    public void setSettleBeforeHandler(boolean settleBeforeHandler) {
        this.settleBeforeHandler = settleBeforeHandler;
    }

    public boolean isSettleBeforeHandler() {
        return settleBeforeHandler;
    }

    /**
     * When set, offers are completed by the facilitator's {@code POST /accepts} (fee payer, token details) and cached
     * this long. Unset by default: offers are sent as configured.
     *
     * @param acceptsTtl a positive duration such as {@code 5m}
     */
    public void setAcceptsTtl(Duration acceptsTtl) {
        this.acceptsTtl = acceptsTtl;
    }

    public Duration getAcceptsTtl() {
        return acceptsTtl;
    }

    /**
     * Further request headers that may carry the payment, besides {@code PAYMENT-SIGNATURE} and {@code X-PAYMENT},
     * for clients that use another name.
     *
     * @param paymentHeaderAliases header names
     */
    public void setPaymentHeaderAliases(List<String> paymentHeaderAliases) {
        this.paymentHeaderAliases = paymentHeaderAliases == null ? new ArrayList<>() : new ArrayList<>(paymentHeaderAliases);
    }

    public List<String> getPaymentHeaderAliases() {
        return paymentHeaderAliases;
    }
}
