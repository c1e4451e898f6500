package dev.x402j.evm;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.evm.internal.Abi;
import dev.x402j.evm.internal.Hex;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The EIP-712 name and version of a token, for {@code enrich}: the catalogue's, when the token is the network's USDC;
 * else read from the token in one round trip, once per token. Thread-safe.
 */
final class TokenDomains {
    /** The EIP-712 name and version a token reports; either may be unknown (the token has no such function). */
    record TokenDomain(String name, String version) {}

    private final Node node;
    private final ChainId network;
    private final NetworkRegistry networks;
    private final Map<String, TokenDomain> read = new ConcurrentHashMap<>();

    TokenDomains(Node node, ChainId network, NetworkRegistry networks) {
        this.node = node;
        this.network = network;
        this.networks = networks;
    }

    /** The domain of the token at {@code asset}, a contract address. */
    TokenDomain of(String asset) {
        return known(asset).orElseGet(() -> read(asset));
    }

    /** The catalogue's USDC of this network, when the asset is that token. */
    private Optional<TokenDomain> known(String asset) {
        return networks.byChainId(network)
                .flatMap(Network::usdc)
                .filter(Asset::hasEip712Domain)
                .filter(a -> a.address().equalsIgnoreCase(asset))
                .map(a -> new TokenDomain(a.eip712Name(), a.eip712Version()));
    }

    /** name() and version() read from the token, in one round trip, cached per asset. */
    private TokenDomain read(String asset) {
        String key = Hex.lowerAddress(asset);
        TokenDomain cached = read.get(key);
        if (cached != null) {
            return cached;
        }
        node.ensureChain();
        List<Answer> answers = node.batch(List.of(
                node.ethCall(asset, Abi.call("name()")), node.ethCall(asset, Abi.call("version()"))));
        TokenDomain domain = new TokenDomain(node.decodeStringOrNull(answers.get(0), "name()"),
                node.decodeStringOrNull(answers.get(1), "version()"));
        read.put(key, domain);
        return domain;
    }
}
