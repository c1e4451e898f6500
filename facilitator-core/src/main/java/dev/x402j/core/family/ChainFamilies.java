package dev.x402j.core.family;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The chain families on the class path: every module that registers a {@link ChainFamily} in
 * {@code META-INF/services/dev.x402j.core.family.ChainFamily}, ordered by namespace ({@code eip155} before
 * {@code solana}), so that the order does not depend on the class path's.
 *
 * <p>Why {@link ServiceLoader} rather than an explicit list: a family is a module, and adding the module to an
 * application (the reference server's dependencies) is then the one edit that serves it; nothing else in the
 * application names it. Only applications that wire families (the server) and {@code NetworkRegistry.defaults()} look
 * here; a library user may instead register schemes and networks explicitly.
 */
public final class ChainFamilies {
    private ChainFamilies() {}

    /**
     * The families found by the context class loader (else this class's), ordered by namespace.
     *
     * @throws IllegalStateException if two families claim one namespace
     */
    public static List<ChainFamily> onClassPath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ChainFamilies.class.getClassLoader();
        }
        List<ChainFamily> found = new ArrayList<>();
        ServiceLoader.load(ChainFamily.class, loader).forEach(found::add);
        return ordered(found);
    }

    /** These families ordered by namespace; two with one namespace are refused. */
    public static List<ChainFamily> ordered(List<ChainFamily> families) {
        Map<String, ChainFamily> byNamespace = new HashMap<>();
        for (ChainFamily f : families) {
            ChainFamily other = byNamespace.putIfAbsent(f.namespace(), f);
            if (other != null && other.getClass() != f.getClass()) {
                throw new IllegalStateException("chain families " + other.getClass().getName() + " and "
                        + f.getClass().getName() + " both claim the namespace " + f.namespace());
            }
        }
        List<ChainFamily> out = new ArrayList<>(byNamespace.values());
        out.sort(Comparator.comparing(ChainFamily::namespace));
        return List.copyOf(out);
    }
}
