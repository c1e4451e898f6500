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
    private Tracking tracking = new Tracking();

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

    /**
     * How the gate records paid requests into the application's {@code TrackingStore} bean.
     *
     * @param tracking the {@code x402j.gate.tracking.*} keys
     */
    public void setTracking(Tracking tracking) {
        this.tracking = tracking == null ? new Tracking() : tracking;
    }

    public Tracking getTracking() {
        return tracking;
    }

    /**
     * {@code x402j.gate.tracking.*}: when the application has a {@link dev.x402j.core.TrackingStore} bean, every request
     * to a paid route is recorded into it (see {@link dev.x402j.core.gate.PaymentGate}), best effort.
     */
    @ConfigurationProperties("tracking")
    public static class Tracking {
        private boolean enabled = true;
        private boolean synchronous;
        private int queueCapacity = dev.x402j.core.gate.TrackingOptions.DEFAULT_QUEUE_CAPACITY;
        private int writers = dev.x402j.core.gate.TrackingOptions.DEFAULT_WRITERS;
        private Duration closeTimeout = dev.x402j.core.gate.TrackingOptions.DEFAULT_CLOSE_TIMEOUT;

        /**
         * Whether paid requests are tracked when a {@code TrackingStore} bean exists. Default true.
         *
         * @param enabled false to track nothing even with a store
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Write each record on the request's thread (the store's latency is added to the request). Default false:
         * records are written by background virtual threads and a request never waits for the store.
         *
         * @param synchronous true to write on the request's thread
         */
        public void setSynchronous(boolean synchronous) {
            this.synchronous = synchronous;
        }

        public boolean isSynchronous() {
            return synchronous;
        }

        /**
         * How many requests may wait to be written; beyond it an update is dropped and reported, never waited for.
         * Default 10000.
         *
         * @param queueCapacity 1 or more
         */
        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        /**
         * How many background virtual threads write records concurrently. Default 2.
         *
         * @param writers 1 to 64
         */
        public void setWriters(int writers) {
            this.writers = writers;
        }

        public int getWriters() {
            return writers;
        }

        /**
         * How long the application's shutdown waits for records not yet written. Default 5s.
         *
         * @param closeTimeout a duration, zero or more
         */
        public void setCloseTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
        }

        public Duration getCloseTimeout() {
            return closeTimeout;
        }
    }
}
