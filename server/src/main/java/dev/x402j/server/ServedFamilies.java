package dev.x402j.server;

import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.family.ServedNetwork;
import java.util.List;

/** The families this server settles on, as configured (live mode) or on dev mode's local chains. */
public record ServedFamilies(List<ServedFamily> all) {
    public ServedFamilies {
        all = List.copyOf(all);
    }

    /** Every network served, family by family. */
    public List<ServedNetwork> networks() {
        return all.stream().flatMap(f -> f.networks().stream()).toList();
    }
}
