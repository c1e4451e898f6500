package dev.x402j.core;

/** Lets tests in other packages use the package-private {@link FakeChainScheme}. */
public final class FakeChainSchemeAccess {
    public Scheme scheme() {
        return new FakeChainScheme();
    }
}
