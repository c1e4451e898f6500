package dev.x402j.core;

class InMemorySettlementStoreTest extends SettlementStoreContract {
    private final InMemorySettlementStore store = new InMemorySettlementStore();

    @Override
    protected SettlementStore store() {
        return store;
    }
}
