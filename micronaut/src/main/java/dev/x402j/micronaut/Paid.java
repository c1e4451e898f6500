package dev.x402j.micronaut;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a controller method cost money under x402: a request without a valid payment is answered 402 with this
 * offer; a paid one runs the method and is settled after it succeeded.
 *
 * <pre>{@code
 * @Get("/weather")
 * @Paid(price = "$0.01", network = "base", payTo = "0xYourAddress")
 * Weather weather() { ... }
 * }</pre>
 *
 * <p>Repeat the annotation to let the client choose among several offers (networks, assets); the first one is the
 * preferred. Give either a dollar {@link #price()} (paid in the network's USDC) or an atomic {@link #amount()} of an
 * {@link #asset()}. {@link #network()} and {@link #payTo()} default to {@code x402j.gate.network} and
 * {@code x402j.gate.pay-to}. Every text may be a {@code ${property}} placeholder. A bad offer stops start-up with a
 * message naming the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Paid.List.class)
public @interface Paid {
    /** Same as {@link #price()}: {@code @Paid("$0.01")}. */
    String value() default "";

    /** A dollar price such as {@code "$0.01"}, paid in the USDC of {@link #network()}. */
    String price() default "";

    /** An exact amount in the asset's atomic units (e.g. {@code "10000"}), instead of a price; needs {@link #asset()}. */
    String amount() default "";

    /** The token of an atomic {@link #amount()} (EVM: its contract address). */
    String asset() default "";

    /** A network name ({@code base}, {@code base-sepolia}) or CAIP-2 id; default {@code x402j.gate.network}. */
    String network() default "";

    /** The recipient of the payment; default {@code x402j.gate.pay-to}. */
    String payTo() default "";

    /** The payment scheme. */
    String scheme() default "exact";

    /** Scheme-specific {@code extra} entries as {@code key=value}, e.g. {@code {"name=USD Coin", "version=2"}}. */
    String[] extra() default {};

    /** How long the client's payment stays valid, in seconds. */
    int maxTimeoutSeconds() default 60;

    /** What the client pays for, shown in the 402 and the paywall page (the first non-empty one of the route wins). */
    String description() default "";

    /** The media type of the paid content, announced in the 402 (the first non-empty one of the route wins). */
    String mimeType() default "";

    /** Several {@link Paid} offers on one method. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        Paid[] value();
    }
}
