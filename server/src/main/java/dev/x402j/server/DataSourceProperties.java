package dev.x402j.server;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Micronaut's conventional {@code datasources.default.*} keys, read by the server itself (it builds its own HikariCP
 * pool; no Micronaut SQL module is involved). The environment variable {@code DATABASE_URL} takes precedence over
 * {@code datasources.default.url}; see {@link StoreSettings}.
 */
@ConfigurationProperties("datasources.default")
public class DataSourceProperties {
    private String url;
    private String username;
    private String password;
    private Integer maximumPoolSize;

    /**
     * The PostgreSQL that holds the settlement ledger, the upto sessions and the payment tracking of this server (and
     * of every instance sharing it): {@code jdbc:postgresql://host:5432/database} or
     * {@code postgres://user:password@host:5432/database}. The environment variable {@code DATABASE_URL} takes
     * precedence. Unset (and no {@code DATABASE_URL}): the stores are in memory, or in Redis with {@code REDIS_URL}.
     *
     * @param url a PostgreSQL URL
     */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    /**
     * The PostgreSQL user, when the URL names none.
     *
     * @param username a user name
     */
    public void setUsername(String username) {
        this.username = username;
    }

    public String getUsername() {
        return username;
    }

    /**
     * The PostgreSQL password, when the URL holds none; prefer the environment variable
     * {@code DATASOURCES_DEFAULT_PASSWORD} (or a {@code ${...}} placeholder) to writing it in a file. It never reaches
     * a log or a message.
     *
     * @param password a password
     */
    public void setPassword(String password) {
        this.password = password;
    }

    public String getPassword() {
        return password;
    }

    /**
     * The largest number of connections this instance's pool opens to PostgreSQL. Default 10.
     *
     * @param maximumPoolSize at least 1
     */
    public void setMaximumPoolSize(Integer maximumPoolSize) {
        this.maximumPoolSize = maximumPoolSize;
    }

    public Integer getMaximumPoolSize() {
        return maximumPoolSize;
    }

    @Override
    public String toString() {
        return "DataSourceProperties[url " + (url == null ? "unset" : "set") + ", username=" + username
                + ", password " + (password == null ? "unset" : "set") + ", maximumPoolSize=" + maximumPoolSize + "]";
    }
}
