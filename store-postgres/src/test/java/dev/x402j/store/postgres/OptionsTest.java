package dev.x402j.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptionsTest {
    @Test
    void defaults() {
        var options = PostgresStores.Options.defaults();
        assertThat(options.schema()).isEqualTo("x402j");
        assertThat(options.queryTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.withSchema("billing").schema()).isEqualTo("billing");
        assertThat(options.withQueryTimeout(Duration.ZERO).queryTimeout()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X402J", "1abc", "a-b", "a;drop table x", "pg_temp", "a\"b",
            "a_very_long_schema_name_that_postgres_would_silently_truncate_to_63"})
    void aSchemaThatIsNotAPlainLowerCaseIdentifierIsRefused(String schema) {
        assertThatThrownBy(() -> PostgresStores.Options.defaults().withSchema(schema))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
    }

    @Test
    void aNegativeTimeoutIsRefused() {
        assertThatThrownBy(() -> PostgresStores.Options.defaults().withQueryTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queryTimeout");
    }
}
