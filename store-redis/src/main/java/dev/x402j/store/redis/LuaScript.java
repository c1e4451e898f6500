package dev.x402j.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} when Redis does not know it yet (first use,
 * restart, {@code SCRIPT FLUSH}). Sources are resources beside this class.
 */
final class LuaScript {
    private final String name;
    private final String source;
    private final String sha1;

    LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        try {
            this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** Loads {@code <name>.lua}, preceded by the decimal arithmetic library when {@code withDecimals}. */
    static LuaScript load(String name, boolean withDecimals) {
        String body = resource(name + ".lua");
        return new LuaScript(name, withDecimals ? resource("decimal.lua") + "\n" + body : body);
    }

    private static String resource(String file) {
        try (InputStream in = LuaScript.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script resource " + file, e);
        }
    }

    String name() {
        return name;
    }

    String source() {
        return source;
    }

    String sha1() {
        return sha1;
    }
}
