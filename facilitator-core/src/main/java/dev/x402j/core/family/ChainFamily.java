package dev.x402j.core.family;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.Network;
import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingsReader;
import java.util.List;
import java.util.Optional;

/**
 * A chain family, the unit of extension of x402j: one chain module (chain-evm, chain-solana…) implements this port
 * once, and an application that wires families (the reference server) serves the family without naming it. A family
 * is named by its CAIP-2 namespace ({@code eip155}, {@code solana}, {@code sui}…) and owns:
 *
 * <ul>
 *   <li>its well-known networks and their assets ({@link #networks()});
 *   <li>its wire reason codes, spelled as the official SDK spells them ({@link #reasons()});
 *   <li>its settings: keys, networks, RPC URLs and providers, defaults, aliases of the seed facilitator's environment
 *       variables, the one-sentence errors ({@link #settings()}, {@link #configure});
 *   <li>building its schemes ({@link ServedFamily#schemes});
 *   <li>its dev-mode local chain ({@link #devChain}).
 * </ul>
 *
 * <p>Modules register their family for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.x402j.core.family.ChainFamily}; a library user may equally call a module's factories
 * (e.g. {@code EvmSchemes}) directly. Implementations are stateless, cheap to construct and thread-safe. See
 * {@code docs/how-to-add-a-chain-family.md}.
 */
public interface ChainFamily {

    /** The CAIP-2 namespace, e.g. {@code eip155}: the family's one name in ids, settings and {@code /dev/balances}. */
    String namespace();

    /** The family as messages and the documentation name it, e.g. {@code EVM}, {@code Solana}. */
    String displayName();

    /** The well-known networks of the family and their USDC (or other well-known assets). */
    List<Network> networks();

    /** The family's own reason codes (core's shared ones excluded). */
    List<ErrorReason> reasons();

    /** Every setting the family reads, each documented once. */
    List<Setting> settings();

    /** The family's key settings (e.g. {@code EVM_PRIVATE_KEY}): live mode serves the family when one is set. */
    List<Setting> keySettings();

    /**
     * Whether a facilitator key of this family is configured: in live mode the families with a key are served, and
     * {@code auto} mode is live as soon as one is. By default: whether any of {@link #keySettings()} is set.
     */
    default boolean hasKey(SettingsReader settings) {
        return keySettings().stream().anyMatch(s -> settings.value(s).isPresent());
    }

    /**
     * The family as configured for live mode: its networks, endpoints and keys. Every bad setting is reported to
     * {@code settings} as a problem (naming the setting, never quoting a secret); the result is then empty.
     */
    Optional<ServedFamily> configure(SettingsReader settings, FamilyContext context);

    /**
     * The family's local chain for dev mode, not started yet: the settings that apply to it (a fee cap…) are read and
     * checked now, with the problems reported to {@code settings}; {@link DevChain.Launcher#start()} starts it later.
     * Empty when the family has none.
     */
    default Optional<DevChain.Launcher> devChain(SettingsReader settings, FamilyContext context) {
        return Optional.empty();
    }
}
