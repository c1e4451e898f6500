package dev.x402j.evm;

import dev.x402j.core.Asset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tokens a network serves besides its USDC, as the setting writes them: {@code ADDRESS:SYMBOL:DECIMALS:NAME:VERSION}
 * (the last two the token's EIP-712 domain), several comma separated, e.g.
 * {@code 0x5FbDB2315678afecb367f032d93F642f64180aa3:TUSD:6:Test USD:1}. Neither part may hold {@code :} or {@code ,}.
 */
final class EvmAssetsSetting {
    private EvmAssetsSetting() {}

    static final String FORMAT = "0xADDRESS:SYMBOL:DECIMALS:EIP712NAME:EIP712VERSION, several comma separated";
    private static final Pattern ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");
    private static final Pattern DECIMALS = Pattern.compile("\\d{1,2}");

    /** A parsed list, or the problem: a phrase without a period. */
    record Result(List<Asset> assets, Optional<String> problem) {
        static Result problem(String phrase) {
            return new Result(List.of(), Optional.of(phrase));
        }
    }

    static Result parse(String setting, String text) {
        List<Asset> assets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String entry : text.split(",", -1)) {
            String e = entry.strip();
            if (e.isEmpty()) {
                if (text.isBlank()) {
                    return new Result(List.of(), Optional.empty());
                }
                return Result.problem(setting + " has an empty entry (expected " + FORMAT + ")");
            }
            String[] part = e.split(":", -1);
            if (part.length != 5) {
                return Result.problem(setting + " entry '" + e + "' must have 5 parts, " + FORMAT);
            }
            String address = part[0].strip();
            String symbol = part[1].strip();
            String decimals = part[2].strip();
            String name = part[3].strip();
            String version = part[4].strip();
            if (!ADDRESS.matcher(address).matches()) {
                return Result.problem(setting + " entry '" + e + "': '" + address
                        + "' is not a token contract address (0x + 40 hex digits)");
            }
            if (symbol.isEmpty() || name.isEmpty() || version.isEmpty()) {
                return Result.problem(setting + " entry '" + e + "' needs a symbol, an EIP-712 name and version, "
                        + FORMAT);
            }
            if (!DECIMALS.matcher(decimals).matches() || Integer.parseInt(decimals) > Asset.MAX_DECIMALS) {
                return Result.problem(setting + " entry '" + e + "': decimals must be 0 to " + Asset.MAX_DECIMALS
                        + ", not '" + decimals + "'");
            }
            if (!seen.add(address.toLowerCase(Locale.ROOT))) {
                return Result.problem(setting + " lists " + address + " twice");
            }
            assets.add(Asset.eip712(address, symbol, Integer.parseInt(decimals), name, version));
        }
        return new Result(List.copyOf(assets), Optional.empty());
    }
}
