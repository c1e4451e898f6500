package dev.x402j.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Who ends a paid request when its stages race: the filter's completion, or the end of the response (the client went
 * away). Exactly one of them does.
 */
class PaidExchangeTest {
    private final String payment = "an admitted payment";

    @Test
    void aCompletedRequestIsNotFinishedAgainWhenItsResponseEnds() {
        PaidExchange<String> exchange = new PaidExchange<>();
        assertThat(exchange.admitted(payment)).isTrue();
        assertThat(exchange.startCompleting()).isTrue();
        assertThat(exchange.startCompleting()).isFalse(); // filters run again while an error is rendered

        assertThat(exchange.ended()).isEmpty();
    }

    @Test
    void aResponseThatEndsBeforeCompletionHandsThePaymentToBeFinishedAndCompletionNeverStarts() {
        PaidExchange<String> exchange = new PaidExchange<>();
        exchange.admitted(payment);

        assertThat(exchange.ended()).containsSame(payment);
        assertThat(exchange.startCompleting()).isFalse();
    }

    @Test
    void aPaymentAdmittedAfterItsResponseEndedIsFinishedByTheAdmitter() {
        PaidExchange<String> exchange = new PaidExchange<>();
        assertThat(exchange.ended()).isEmpty(); // the client left while the payment was being verified

        assertThat(exchange.admitted(payment)).isFalse();
        assertThat(exchange.startCompleting()).isFalse();
    }

    @Test
    void aRequestNeverAdmittedHasNothingToComplete() {
        assertThat(new PaidExchange<String>().startCompleting()).isFalse();
    }
}
