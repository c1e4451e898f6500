package dev.x402j.core;

class InMemoryTrackingStoreTest extends TrackingStoreContract {
    private final InMemoryTrackingStore store = new InMemoryTrackingStore();

    @Override
    protected TrackingStore store() {
        return store;
    }
}
